// Sync through the real server with real y-websocket providers: many clients converge, a board is
// loaded before anyone is answered (frames sent meanwhile are kept), rooms are released.
import { afterEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/storage/sqlite';
import type { BoardStore, DocumentKey, StoredDocument } from '../../server/storage/types';
import type { BoardId } from '../../shared/ids';
import { CloseCode } from '../../shared/protocol';
import {
  connect,
  connectSynced,
  createBoard,
  holdingStore,
  docJson,
  startServer,
  tempDir,
  TEST_MAP,
  TEST_TEXT,
  waitForSync,
  waitUntil,
  type Client,
  type TestServer,
} from './helpers';
import { rebuild } from './store-contract';

let server: TestServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

/** A small deterministic PRNG so a failing run can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomEdit(doc: Y.Doc, random: () => number, who: number): void {
  const map = doc.getMap(TEST_MAP);
  const text = doc.getText(TEST_TEXT);
  const r = random();
  if (r < 0.35) map.set(`key${Math.floor(random() * 20)}`, `${who}:${Math.floor(random() * 1000)}`);
  else if (r < 0.45) map.delete(`key${Math.floor(random() * 20)}`);
  else if (r < 0.85 || text.length === 0) text.insert(Math.floor(random() * (text.length + 1)), String.fromCharCode(97 + who));
  else text.delete(Math.floor(random() * text.length), 1);
}

test('eight clients editing a map and a text at random, dropping and regaining their connection, converge', async () => {
  server = await startServer();
  const board = await createBoard(server.url, { title: 'Convergence' });
  const peers = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      connectSynced(server!.wsUrl, board.id, i === 0 ? board.tokens.facilitator : board.tokens.participant),
    ),
  );
  clients.push(...peers);
  const random = prng(20261130);

  // Rounds of edits by everyone at once, with the event loop turning between them so that
  // messages from different clients interleave at the server. Now and then a client drops its
  // connection (losing whatever was in flight), keeps editing offline, and reconnects later.
  let drops = 0;
  for (let round = 0; round < 30; round++) {
    peers.forEach((peer, who) => {
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) randomEdit(peer.doc, random, who);
      const r = random();
      if (r < 0.04 && peer.provider.shouldConnect) {
        peer.provider.disconnect();
        drops++;
      }
      else if (r < 0.2 && !peer.provider.shouldConnect) peer.provider.connect();
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const peer of peers) if (!peer.provider.shouldConnect) peer.provider.connect();
  expect(drops).toBeGreaterThan(2);

  const expected = () => JSON.stringify(docJson(peers[0]!.doc));
  await waitUntil(() => peers.every((p) => JSON.stringify(docJson(p.doc)) === expected()), 'all copies to converge');
  expect(docJson(peers[0]!.doc).notes.length).toBeGreaterThan(20);

  // The server's copy is the same: a newcomer gets exactly what everyone has.
  const newcomer = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(newcomer);
  expect(docJson(newcomer.doc)).toEqual(docJson(peers[0]!.doc));

  // Everyone leaves: the room is released.
  for (const c of clients.splice(0)) c.destroy();
  await waitUntil(() => server!.app.rooms.size === 0, 'the room to be released');
});

test('everyone leaving and coming back at once, again and again, with edits made offline: the board folded at each release still holds every edit once', async () => {
  server = await startServer();
  const board = await createBoard(server.url, { title: 'Comings and goings' });
  const key: DocumentKey = { boardId: board.id as BoardId, name: 'board' };
  const peers = await Promise.all(Array.from({ length: 5 }, () => connectSynced(server!.wsUrl, board.id, board.tokens.participant)));
  clients.push(...peers);
  const random = prng(20261208);
  const expected = () => JSON.stringify(docJson(peers[0]!.doc));
  for (let cycle = 0; cycle < 4; cycle++) {
    // A burst online: more than enough updates for the room to fold its log when left.
    for (let round = 0; round < 12; round++) {
      peers.forEach((peer, who) => randomEdit(peer.doc, random, who));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitUntil(() => peers.every((p) => JSON.stringify(docJson(p.doc)) === expected()), `cycle ${cycle}: the copies to converge`);
    // Everyone goes at once and keeps writing offline while the room is folded and released.
    for (const peer of peers) peer.provider.disconnect();
    peers.forEach((peer, who) => randomEdit(peer.doc, random, who));
    await waitUntil(() => server!.app.rooms.size === 0, `cycle ${cycle}: the room to be released`);
    expect((await server.app.storage.documentStats(key)).hasSnapshot).toBe(true);
    // Back at once: the offline edits meet the folded board.
    for (const peer of peers) peer.provider.connect();
    await Promise.all(peers.map((peer) => waitForSync(peer)));
  }
  await waitUntil(() => peers.every((p) => JSON.stringify(docJson(p.doc)) === expected()), 'all copies to converge');
  // What is stored is exactly what everyone has: each edit once, the snapshot plus what came after.
  for (const c of clients.splice(0)) c.destroy();
  await waitUntil(() => server!.app.rooms.size === 0, 'the room to be released');
  // (The last visit brought only the offline edits, fewer than a fold needs: they stay in the log.)
  const stored = await server.app.storage.loadDocument(key);
  expect(stored.snapshot).not.toBeNull();
  expect(JSON.stringify(docJson(rebuild(stored)))).toBe(expected());
});

/** A store whose loads wait until the test lets them through. */
function gatedStore(inner: BoardStore): BoardStore & { release(): void; loading: Promise<void> } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let markLoading!: () => void;
  const loading = new Promise<void>((resolve) => (markLoading = resolve));
  return Object.assign(Object.create(inner) as BoardStore, {
    async loadDocument(key: DocumentKey): Promise<StoredDocument> {
      markLoading();
      await gate;
      return inner.loadDocument(key);
    },
    release,
    loading,
  });
}

test('edits sent while the board is still loading are kept, and the client gets the stored board', async () => {
  const dataDir = tempDir();
  const store = gatedStore(openSqliteStore({ dataDir }));
  server = await startServer({ dataDir }, { store });
  const board = await createBoard(server.url, { title: 'Slow to load' });
  const key: DocumentKey = { boardId: board.id as BoardId, name: 'board' };

  // The board already holds 2,000 updates.
  const author = new Y.Doc();
  const stored: Uint8Array[] = [];
  author.on('update', (u: Uint8Array) => stored.push(u));
  for (let i = 0; i < 2000; i++) author.getMap(TEST_MAP).set(`stored${i}`, i);
  await store.appendUpdates(key, stored);

  // A client connects and edits at once, before the room has answered.
  const early = connect(server.wsUrl, board.id, board.tokens.participant);
  clients.push(early);
  early.provider.on('status', ({ status }: { status: string }) => {
    if (status !== 'connected') return;
    for (let i = 0; i < 50; i++) early.doc.getMap(TEST_MAP).set(`early${i}`, i);
    early.doc.getText(TEST_TEXT).insert(0, 'typed while loading');
  });
  await store.loading;
  const room = await waitUntil(() => server!.app.rooms.get(key), 'the room');
  await waitUntil(() => [...room.connections].some((c) => c.inbox.length >= 51), 'the early frames to be queued');
  expect(room.isReady).toBe(false);
  store.release();

  await waitForSync(early);
  await waitUntil(() => early.doc.getMap(TEST_MAP).get('stored1999') === 1999, 'the stored board');
  const other = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(other);
  await waitUntil(() => other.doc.getMap(TEST_MAP).size === 2050, 'everything at a second client');
  expect(other.doc.getText(TEST_TEXT).toString()).toBe('typed while loading');

  // And it is stored: after every client leaves and the room is reloaded, it is all there.
  for (const c of clients.splice(0)) c.destroy();
  await waitUntil(() => server!.app.rooms.size === 0, 'the room to be released');
  const reloaded = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(reloaded);
  expect(reloaded.doc.getMap(TEST_MAP).size).toBe(2050);
});

test('an update reaches other clients only once the store has made it durable', async () => {
  const dataDir = tempDir();
  const appends = holdingStore(openSqliteStore({ dataDir }));
  server = await startServer({ dataDir }, { store: appends.store });
  const board = await createBoard(server.url);
  const writer = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  const reader = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(writer, reader);

  appends.hold();
  writer.doc.getMap(TEST_MAP).set('pending', 'until stored');
  writer.provider.awareness.setLocalStateField('marker', 'after the edit');
  await waitUntil(() => appends.held === 1, 'the write to be requested');
  // Awareness sent after the edit arrives; the edit itself does not, and neither does a full
  // sync for a newcomer, until the store has it.
  await waitUntil(() => reader.provider.awareness.getStates().get(writer.doc.clientID)?.marker, 'the marker');
  const newcomer = connect(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(newcomer);
  await waitUntil(() => newcomer.provider.wsconnected, 'the newcomer to connect');
  expect(reader.doc.getMap(TEST_MAP).has('pending')).toBe(false);
  expect(newcomer.provider.synced).toBe(false);

  appends.release();
  await waitUntil(() => reader.doc.getMap(TEST_MAP).get('pending') === 'until stored', 'the edit at the reader');
  await waitForSync(newcomer);
  expect(newcomer.doc.getMap(TEST_MAP).get('pending')).toBe('until stored');
});

test('when the store fails, nobody sees the unstored edit; after reconnecting it is stored and shared', async () => {
  const dataDir = tempDir();
  const inner = openSqliteStore({ dataDir });
  let failing = false;
  const store: BoardStore = Object.assign(Object.create(inner) as BoardStore, {
    appendUpdates(key: DocumentKey, updates: Uint8Array[]): Promise<number> {
      return failing ? Promise.reject(new Error('disk full')) : inner.appendUpdates(key, updates);
    },
  });
  server = await startServer({ dataDir }, { store });
  const board = await createBoard(server.url);
  const writer = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  const reader = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(writer, reader);

  failing = true;
  writer.doc.getMap(TEST_MAP).set('written', 'during the outage');
  await waitUntil(() => writer.closeCodes.includes(CloseCode.internalError), 'the writer to be told');
  expect(reader.closeCodes).toContain(CloseCode.internalError);
  expect(reader.doc.getMap(TEST_MAP).has('written')).toBe(false);
  expect(server.logs.some((l) => l.msg === 'could not store an update')).toBe(true);

  // The providers reconnect by themselves; the writer's sync sends the edit again.
  failing = false;
  await waitUntil(() => reader.doc.getMap(TEST_MAP).get('written') === 'during the outage', 'the edit after recovery');
  const key: DocumentKey = { boardId: board.id as BoardId, name: 'board' };
  const check = rebuild(await inner.loadDocument(key));
  expect(check.getMap(TEST_MAP).get('written')).toBe('during the outage');
});
