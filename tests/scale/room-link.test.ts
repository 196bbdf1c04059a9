// A room's link to the other instances, on its own, against a real PostgreSQL store: what it does
// when it is behind a log that has meanwhile been compacted past it, when updates arrive out of
// order, and when an instance that spoke for some people disappears.
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { FastifyBaseLogger } from 'fastify';
import { RoomLink, type LinkRelay } from '../../server/cluster/link';
import type { PeerMessage } from '../../server/cluster/wire';
import { openPostgresStore, type PostgresBoardStore } from '../../server/storage/postgres';
import type { DocumentKey } from '../../server/storage/types';
import type { PeerRoom } from '../../server/sync/peers';
import { docJson, waitUntil } from '../server/helpers';
import { boardRecord, makeUpdates } from '../server/store-contract';
import { startPostgres, type Postgres } from './services';

let postgres: Postgres;
let store: PostgresBoardStore;
beforeAll(async () => {
  postgres = await startPostgres();
  store = await openPostgresStore({ connectionString: await postgres.createDatabase() });
});
afterAll(async () => {
  await store?.close();
  await postgres?.stop();
});

const silentLog = { error() {}, warn() {}, info() {}, debug() {} } as unknown as FastifyBaseLogger;

/** A relay that records what the link publishes and delivers nothing. */
function fakeRelay(): LinkRelay & { published: PeerMessage[] } {
  const published: PeerMessage[] = [];
  return {
    instance: 'this-one',
    store,
    log: silentLog,
    published,
    subscribe: async () => {},
    unsubscribe: () => {},
    publish: (_channel, message) => void published.push(message),
  };
}

function room(key: DocumentKey, local: number[] = []): PeerRoom {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  return { key, doc, awareness, localAwarenessClients: () => local, ownsAwarenessClient: (id) => local.includes(id) };
}

test('behind a log compacted past it, a room catches up from the snapshot and holds everything once', async () => {
  const record = boardRecord();
  await store.createBoard(record);
  const key: DocumentKey = { boardId: record.id, name: 'board' };
  const { updates, doc: whole } = makeUpdates(50);
  const seqs: number[] = [];
  for (const u of updates) seqs.push(await store.appendUpdates(key, [u]));
  // Another instance folded the first forty into a snapshot.
  const first40 = new Y.Doc();
  for (const u of updates.slice(0, 40)) Y.applyUpdate(first40, u);
  await store.compact(key, Y.encodeStateAsUpdate(first40), seqs[39]!);

  // This room loaded when only ten existed.
  const behind = room(key);
  for (const u of updates.slice(0, 10)) Y.applyUpdate(behind.doc, u);
  const link = new RoomLink(fakeRelay(), behind, 'channel');
  link.loaded(seqs[9]!);
  // A head from another instance says the document is at 50: the link reads what it lacks.
  link.receive({ kind: 'head', instance: 'other', seq: seqs[49]! });
  await waitUntil(() => link.appliedSeq === seqs[49], 'the link to catch up');
  expect(docJson(behind.doc)).toEqual(docJson(whole));
  link.close();
});

test('updates announced out of order are applied and counted once; the applied number advances without gaps', async () => {
  const record = boardRecord();
  await store.createBoard(record);
  const key: DocumentKey = { boardId: record.id, name: 'board' };
  const { updates, doc: whole } = makeUpdates(6);
  const seqs: number[] = [];
  for (const u of updates) seqs.push(await store.appendUpdates(key, [u]));
  const here = room(key);
  const link = new RoomLink(fakeRelay(), here, 'channel');
  link.loaded(0);
  const announce = (i: number) => link.receive({ kind: 'update', instance: 'other', seq: seqs[i]!, update: updates[i]! });
  for (const i of [0, 2, 1, 1, 4, 3]) announce(i);
  // 1..5 are contiguous: compaction may go up to the fifth; the sixth is missing.
  expect(link.appliedSeq).toBe(seqs[4]);
  // ...until a later announcement (or the store) fills it.
  announce(5);
  expect(link.appliedSeq).toBe(seqs[5]);
  expect(docJson(here.doc)).toEqual(docJson(whole));
  link.close();
});

test('when an instance is gone, the presence of its people goes, except of someone now connected here', async () => {
  const record = boardRecord();
  const key: DocumentKey = { boardId: record.id, name: 'board' };
  const local: number[] = [];
  const here = room(key, local);
  const link = new RoomLink(fakeRelay(), here, 'channel');
  link.loaded(0);
  // Instance "gone" speaks for 101 and 202.
  const remote = new Awareness(new Y.Doc());
  for (const [clientId, name] of [[101, 'Stranded'], [202, 'Moved']] as const) {
    remote.states.set(clientId, { user: { name } });
    remote.meta.set(clientId, { clock: 1, lastUpdated: Date.now() });
  }
  link.receive({ kind: 'awareness', instance: 'gone', update: encodeAwarenessUpdate(remote, [101, 202]) });
  expect([...here.awareness.getStates().keys()].sort()).toEqual([101, 202]);
  // 202 reconnects to this instance and speaks for itself here; then "gone" is declared gone.
  local.push(202);
  link.dropInstance('gone');
  expect([...here.awareness.getStates().keys()]).toEqual([202]);
  // And from now on, the gone instance's word about 202 would be ignored.
  remote.meta.set(202, { clock: 2, lastUpdated: Date.now() });
  remote.states.set(202, { user: { name: 'Spoofed' } });
  link.receive({ kind: 'awareness', instance: 'other', update: encodeAwarenessUpdate(remote, [202]) });
  expect(here.awareness.getStates().get(202)).toEqual({ user: { name: 'Moved' } });
  link.close();
});
