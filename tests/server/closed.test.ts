// A closed board is read-only, and the server is what makes it so: while the facilitation document
// says the phase is `closed`, no client's update to the board document is applied (not stored, not
// relayed, not there after a restart), whoever sends it; the facilitator still writes the
// facilitation document, and reopening it there makes the board writable again.
import fs from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { readFacilitation, readPhase, setGroundRules, setPhase } from '../../shared/facilitation';
import type { BoardId } from '../../shared/ids';
import {
  connect,
  connectSynced,
  createBoard,
  docJson,
  startServer,
  tempDir,
  TEST_MAP,
  waitUntil,
  type Client,
  type TestServer,
} from './helpers';
import { rebuild } from './store-contract';
import { LIVE_WRITES } from '../helpers/context';

let server: TestServer | undefined;
const clients: Client[] = [];
/** Data directories a test made itself (the server removes only the one it made). */
const dataDirs: string[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function track(client: Client): Client {
  clients.push(client);
  return client;
}

/** Waits until `observer` has the awareness marker `value` from `sender`: every frame `sender` sent before it was handled. */
async function handledBefore(sender: Client, observer: Client, value: string): Promise<void> {
  sender.provider.awareness.setLocalStateField('marker', value);
  await waitUntil(() => observer.provider.awareness.getStates().get(sender.doc.clientID)?.marker === value, `marker ${value}`);
}

test('while closed, no client edit is applied, stored or relayed, also after a restart; reopened, edits apply again', async () => {
  // A data directory of our own, to restart on: the server removes the one it made when it stops.
  const dataDir = tempDir();
  dataDirs.push(dataDir);
  server = await startServer({ dataDir });
  const board = await createBoard(server.url, { title: 'Closing time' });
  const boardId = board.id as BoardId;
  const facilitation = track(await connectSynced(server.wsUrl, board.id, board.tokens.facilitator, { document: 'facilitation' }));
  const facilitatorBoard = track(await connectSynced(server.wsUrl, board.id, board.tokens.facilitator));
  const alice = track(await connectSynced(server.wsUrl, board.id, board.tokens.participant));
  const bob = track(await connectSynced(server.wsUrl, board.id, board.tokens.participant));
  const bobFacilitation = track(await connectSynced(server.wsUrl, board.id, board.tokens.participant, { document: 'facilitation' }));

  // Open: an edit reaches the others.
  alice.doc.getMap(TEST_MAP).set('open', 'applied');
  await waitUntil(() => bob.doc.getMap(TEST_MAP).get('open') === 'applied', 'the open edit at Bob');

  // The facilitator closes the board (in the facilitation document, as the app does).
  setPhase(facilitation.doc, 'closed', Date.now(), LIVE_WRITES);
  await waitUntil(() => readPhase(bobFacilitation.doc) === 'closed', 'the phase at Bob');

  // Everyone's edits are refused now, the facilitator's on the board document too.
  alice.doc.getMap(TEST_MAP).set('closed', 'alice');
  alice.doc.getMap(TEST_MAP).delete('open');
  alice.doc.getMap(TEST_MAP).set('closed-again', 'alice');
  facilitatorBoard.doc.getMap(TEST_MAP).set('closed-facilitator', 'facilitator');
  await handledBefore(alice, bob, 'alice edited');
  await handledBefore(facilitatorBoard, bob, 'facilitator edited');
  expect(docJson(bob.doc).entries).toEqual({ open: 'applied' });
  expect(alice.closeCodes).toEqual([]); // the connection stays open
  const newcomer = track(await connectSynced(server.wsUrl, board.id, board.tokens.viewer));
  expect(docJson(newcomer.doc).entries).toEqual({ open: 'applied' });
  const stored = rebuild(await server.app.storage.loadDocument({ boardId, name: 'board' }));
  expect(docJson(stored).entries).toEqual({ open: 'applied' });
  // Said once per connection in the log, however many updates were refused.
  const refusals = server.logs.filter((l) => l.msg === 'update refused: the board is closed');
  expect(refusals.map((l) => l.role).sort()).toEqual(['facilitator', 'participant']);

  // The facilitator still writes the facilitation document.
  setGroundRules(facilitation.doc, ['Curiosity over judgement.'], LIVE_WRITES);
  await waitUntil(() => readFacilitation(bobFacilitation.doc).groundRules[0] === 'Curiosity over judgement.', 'the ground rules at Bob');

  // Restart: what was refused was never stored, and is refused again when Alice's copy resyncs.
  const aliceDoc = new Y.Doc();
  Y.applyUpdate(aliceDoc, Y.encodeStateAsUpdate(alice.doc));
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
  server = await startServer({ dataDir });
  const again = track(connect(server.wsUrl, board.id, board.tokens.participant, { doc: aliceDoc }));
  const watcher = track(await connectSynced(server.wsUrl, board.id, board.tokens.participant));
  await waitUntil(() => again.provider.synced, 'Alice back in sync');
  await handledBefore(again, watcher, 'alice resynced');
  expect(docJson(watcher.doc).entries).toEqual({ open: 'applied' });
  expect(docJson(rebuild(await server.app.storage.loadDocument({ boardId, name: 'board' }))).entries).toEqual({ open: 'applied' });

  // Reopened: new edits apply, and what Alice's copy kept from the closed time is asked for and
  // applied too (as it would be at her next reconnection anyway).
  const facilitator = track(await connectSynced(server.wsUrl, board.id, board.tokens.facilitator, { document: 'facilitation' }));
  setPhase(facilitator.doc, 'learnings', Date.now(), LIVE_WRITES);
  await waitUntil(() => watcher.doc.getMap(TEST_MAP).get('closed') === 'alice', "Alice's kept edit after reopening");
  aliceDoc.getMap(TEST_MAP).set('reopened', 'applied');
  await waitUntil(() => watcher.doc.getMap(TEST_MAP).get('reopened') === 'applied', 'the edit after reopening');
  expect(docJson(watcher.doc).entries).toEqual({ closed: 'alice', 'closed-again': 'alice', reopened: 'applied' });
  await waitUntil(
    async () => docJson(rebuild(await server!.app.storage.loadDocument({ boardId, name: 'board' }))).entries.reopened === 'applied',
    'the edit after reopening to be stored',
  );

  // The board room held its facilitation room; both go when everyone has left.
  for (const c of clients.splice(0)) c.destroy();
  await waitUntil(() => server!.app.rooms.size === 0, 'both rooms to be released');
});

test('a participant whose edits were refused while closed gets them applied as soon as the board reopens, without reconnecting', async () => {
  server = await startServer();
  const board = await createBoard(server.url);
  const facilitator = track(await connectSynced(server.wsUrl, board.id, board.tokens.facilitator, { document: 'facilitation' }));
  const alice = track(await connectSynced(server.wsUrl, board.id, board.tokens.participant));
  const bob = track(await connectSynced(server.wsUrl, board.id, board.tokens.participant));
  setPhase(facilitator.doc, 'closed', Date.now(), LIVE_WRITES);
  // The server's board room sees the phase through the facilitation room it holds.
  await waitUntil(() => server!.app.rooms.get({ boardId: board.id as BoardId, name: 'board' })?.refusesClientWrites, 'the board to be closed');

  alice.doc.getMap(TEST_MAP).set('raced', 'the close');
  await handledBefore(alice, bob, 'sent');
  expect(bob.doc.getMap(TEST_MAP).has('raced')).toBe(false);

  // Reopened: her next edit depends on the refused one; both arrive, on the same connection.
  setPhase(facilitator.doc, 'actions', Date.now(), LIVE_WRITES);
  await waitUntil(() => bob.doc.getMap(TEST_MAP).get('raced') === 'the close', 'the refused edit after reopening');
  alice.doc.getMap(TEST_MAP).set('next', 1);
  await waitUntil(() => bob.doc.getMap(TEST_MAP).get('next') === 1, 'the next edit');
  expect(alice.closeCodes).toEqual([]);
});

test('the export of a closed board is final, and a draft while it is open', async () => {
  server = await startServer();
  const board = await createBoard(server.url, { title: 'Final answer' });
  const exportStatus = async () => {
    const res = await fetch(`${server!.url}/api/boards/${board.id}/export.md?token=${board.tokens.viewer}`);
    expect(res.status).toBe(200);
    return /\*\*Status:\*\* ([^\n]*)/.exec(await res.text())?.[1];
  };
  expect(await exportStatus()).toBe('Draft');
  const facilitator = track(await connectSynced(server.wsUrl, board.id, board.tokens.facilitator, { document: 'facilitation' }));
  setPhase(facilitator.doc, 'closed', Date.parse('2026-05-04T10:30:00Z'), LIVE_WRITES);
  // From the live document...
  await waitUntil(async () => (await exportStatus())?.startsWith('Final'), 'a final report');
  for (const c of clients.splice(0)) c.destroy();
  await waitUntil(() => server!.app.rooms.size === 0, 'the rooms to be released');
  // ...and from storage.
  expect(await exportStatus()).toMatch(/^Final — closed 2026-05-04 10:30 UTC/);
});
