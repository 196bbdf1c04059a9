// Limits, as a stock client and a stranger meet them: y-websocket 3's WebsocketProvider, unmodified
// (its default shouldReconnect stops for 4400-4499), is slowed down and never cut off for good by
// transient conditions; a board has a size cap that refuses the writer for good and keeps the board
// loadable; awareness states have a size cap; and strangers meet limits on board creations,
// connections per address, rooms and bytes buffered server-wide, each with a retryable answer.
import { afterEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol';
import { encodeSyncStep1 } from '../../server/sync/messages';
import {
  connect,
  connectSynced,
  createBoard,
  rawSocket,
  startServer,
  TEST_MAP,
  TEST_TEXT,
  waitUntil,
  type Client,
  type TestServer,
} from './helpers';

const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function server(overrides: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const s = await startServer(overrides);
  servers.push(s);
  return s;
}

function client(c: Client): Client {
  clients.push(c);
  return c;
}

/** The value of one metric line of a Prometheus text exposition (0 when absent). */
async function metric(s: TestServer, name: string): Promise<number> {
  const address = s.app.metricsAddress();
  if (!address) throw new Error('metrics are off');
  const text = await (await fetch(`http://127.0.0.1:${address.port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

test('a stock provider bursting 2,000 transactions is slowed down, not cut off, and every edit arrives', async () => {
  const s = await server({ maxMessagesPerSecond: 500, metricsPort: 0 });
  const board = await createBoard(s.url);
  const writer = client(await connectSynced(s.wsUrl, board.id, board.tokens.participant));
  const reader = client(await connectSynced(s.wsUrl, board.id, board.tokens.viewer));
  const entries = writer.doc.getMap(TEST_MAP);
  // One transaction each, as a script or a paste makes them: 2,000 frames, 4x the burst allowed.
  for (let i = 0; i < 2000; i++) entries.set(`k${i}`, i);
  await waitUntil(() => reader.doc.getMap(TEST_MAP).size === 2000, 'all 2,000 edits at the reader', 30_000);
  expect(writer.closeCodes).toEqual([]);
  expect(writer.provider.wsconnected).toBe(true);
  // The server did push back (stopped reading the writer's socket), rather than keep up for free.
  expect(await metric(s, 'debrief_backpressure_pauses_total')).toBeGreaterThan(0);
  // A newcomer loads every edit from the server.
  const newcomer = client(await connectSynced(s.wsUrl, board.id, board.tokens.viewer));
  expect(newcomer.doc.getMap(TEST_MAP).size).toBe(2000);
});

test('a stock provider dropped as a slow consumer reconnects by itself and converges', async () => {
  const s = await server({ maxQueuedBytes: 64 * 1024, maxBoardBytes: 1024 * 1024 * 1024 });
  const board = await createBoard(s.url);
  const writer = client(await connectSynced(s.wsUrl, board.id, board.tokens.participant));
  const slow = client(await connectSynced(s.wsUrl, board.id, board.tokens.viewer));
  // The slow reader stops reading its socket: what the server sends for it piles up.
  const socket = slow.provider.ws as unknown as { pause(): void; resume(): void };
  socket.pause();
  const text = writer.doc.getText(TEST_TEXT);
  let edits = 0;
  // The kernel's socket buffers take a few MB first; then the server's queue for it grows.
  while (!s.logs.some((l) => l.code === CloseCode.slowConsumer)) {
    text.insert(text.length, 'y'.repeat(200_000));
    edits++;
    if (edits > 600) throw new Error('the slow reader was never dropped');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  socket.resume();
  // Its provider saw the close (4008, or 1006 when the server had to cut the socket because the
  // close frame sat behind megabytes it did not read) and came back on its own, with every edit.
  await waitUntil(() => slow.closeCodes.length > 0, 'the slow reader to see its connection close');
  expect(slow.closeCodes.every((code) => code === CloseCode.slowConsumer || code === 1006)).toBe(true);
  await waitUntil(() => slow.provider.synced && slow.doc.getText(TEST_TEXT).length === text.length, 'the slow reader to converge', 20_000);
  expect(text.length).toBe(edits * 200_000);
  expect(slow.provider.shouldConnect).toBe(true);
});

test('a board has a size cap: the writer past it is refused for good, and the board stays loadable by newcomers', async () => {
  // The cap is above the queued-bytes limit: a newcomer's first sync is larger than what may wait
  // for a client, and still goes through.
  const s = await server({ maxBoardBytes: 64 * 1024, maxQueuedBytes: 16 * 1024, metricsPort: 0 });
  const board = await createBoard(s.url);
  const writer = client(await connectSynced(s.wsUrl, board.id, board.tokens.participant));
  const other = client(await connectSynced(s.wsUrl, board.id, board.tokens.participant));
  const text = writer.doc.getText(TEST_TEXT);
  for (let i = 0; i < 5; i++) text.insert(text.length, 'z'.repeat(10_000));
  await waitUntil(() => other.doc.getText(TEST_TEXT).length === 50_000, 'the first 50 KB everywhere');
  // This one would take the board past 64 KB.
  text.insert(text.length, 'over'.repeat(5_000));
  await waitUntil(() => writer.closeCodes.includes(CloseCode.boardTooLarge), 'the writer to be refused');
  // The stock provider does not come back for a 44xx: a permanent refusal, not a loop.
  await waitUntil(() => !writer.provider.shouldConnect || !writer.provider.wsconnected, 'the writer to stay away');
  expect(await metric(s, 'debrief_refusals_total{reason="board_too_large"}')).toBe(1);
  // Nobody else got the refused change, and the others stay connected.
  expect(other.doc.getText(TEST_TEXT).length).toBe(50_000);
  expect(other.closeCodes).toEqual([]);
  // Newcomers load the board (larger than MAX_QUEUED_BYTES) again and again.
  for (let i = 0; i < 3; i++) {
    const newcomer = client(await connectSynced(s.wsUrl, board.id, board.tokens.viewer));
    expect(newcomer.doc.getText(TEST_TEXT).length).toBe(50_000);
    expect(newcomer.closeCodes).toEqual([]);
  }
});

test('an awareness state over the size cap is dropped; a normal one goes through', async () => {
  const s = await server({ maxAwarenessStateBytes: 4096 });
  const board = await createBoard(s.url);
  const big = client(await connectSynced(s.wsUrl, board.id, board.tokens.participant));
  const watcher = client(await connectSynced(s.wsUrl, board.id, board.tokens.participant));
  const seen: number[] = [];
  watcher.provider.awareness.on('change', () => {
    const state = watcher.provider.awareness.getStates().get(big.doc.clientID) as { blob?: string } | undefined;
    if (state?.blob) seen.push(state.blob.length);
  });
  big.provider.awareness.setLocalStateField('blob', 'b'.repeat(1_900_000));
  // The barrier: a normal state sent after it arrives, so the large one was handled (and dropped).
  big.provider.awareness.setLocalStateField('blob', 'small');
  await waitUntil(() => seen.includes(5), 'the small state at the watcher');
  expect(seen).toEqual([5]);
  expect(big.closeCodes).toEqual([]);
});

test('board creations per address per minute answer 429 with Retry-After past the limit', async () => {
  const s = await server({ maxBoardCreationsPerMinute: 5, metricsPort: 0 });
  for (let i = 0; i < 5; i++) await createBoard(s.url);
  const refused = await fetch(`${s.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(await refused.json()).toMatchObject({ code: 'TOO_MANY_BOARDS' });
  expect(await metric(s, 'debrief_refusals_total{reason="board_creations_per_address"}')).toBe(1);
});

test('behind a trusted proxy, creations count per forwarded address; an untrusted X-Forwarded-For changes nothing', async () => {
  const create = (s: TestServer, from: string) =>
    fetch(`${s.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: '{}' });
  // The proxy (here: this loopback client) forwards two people's addresses: each has their own budget.
  const proxied = await server({ maxBoardCreationsPerMinute: 2, trustProxy: ['127.0.0.1'] });
  for (const from of ['203.0.113.7', '203.0.113.7', '198.51.100.20', '198.51.100.20']) expect((await create(proxied, from)).status).toBe(201);
  expect((await create(proxied, '203.0.113.7')).status).toBe(429);
  // Without a trusted proxy the header is somebody's claim: changing it does not buy more boards.
  const direct = await server({ maxBoardCreationsPerMinute: 2 });
  expect((await create(direct, '203.0.113.7')).status).toBe(201);
  expect((await create(direct, '198.51.100.20')).status).toBe(201);
  expect((await create(direct, '192.0.2.1')).status).toBe(429);
});

test('connections per address and rooms per server are capped before the upgrade, with retryable answers', async () => {
  const s = await server({ maxConnectionsPerAddress: 3, maxRooms: 2 });
  const first = await createBoard(s.url);
  const second = await createBoard(s.url);
  const url = (id: string, token: string) => `${s.wsUrl}/${id}?token=${token}`;
  const open = [];
  for (let i = 0; i < 3; i++) {
    const raw = rawSocket(url(first.id, first.tokens.viewer));
    await raw.opened;
    open.push(raw);
  }
  const fourth = rawSocket(url(first.id, first.tokens.viewer));
  await expect(fourth.opened).rejects.toMatchObject({ statusCode: 429 });
  open.pop()!.socket.close();
  await waitUntil(() => s.app.rooms.connectionCount === 2, 'one connection to close');
  // A board connection needs two rooms (board and facilitation): a second board does not fit.
  const otherBoard = rawSocket(url(second.id, second.tokens.viewer));
  await expect(otherBoard.opened).rejects.toMatchObject({ statusCode: 503 });
  // The first board, already loaded, still takes connections.
  const again = rawSocket(url(first.id, first.tokens.participant));
  await again.opened;
  for (const raw of [...open, again]) raw.socket.close();
});

test('bytes buffered server-wide are capped: past it the largest queues are dropped, retryably', async () => {
  // No one reader reaches its own (1 GiB) limit; together they pass the server's 1 MiB.
  const s = await server({ maxQueuedBytes: 1024 * 1024 * 1024, maxTotalQueuedBytes: 1024 * 1024, maxBoardBytes: 1024 * 1024 * 1024 });
  const board = await createBoard(s.url);
  const writer = client(await connectSynced(s.wsUrl, board.id, board.tokens.participant));
  const stalled = [0, 1, 2].map(() => client(connect(s.wsUrl, board.id, board.tokens.viewer)));
  for (const c of stalled) await waitUntil(() => c.provider.synced, 'a reader to sync');
  for (const c of stalled) (c.provider.ws as unknown as { pause(): void }).pause();
  const text = writer.doc.getText(TEST_TEXT);
  // The kernel's buffers take a few MB each first; then the server's queues grow, alike for all three.
  const swept = () => s.logs.some((l) => l.reason === 'server-wide send buffer full');
  for (let edits = 0; !swept(); edits++) {
    if (edits > 600) throw new Error('the sweep never dropped a reader');
    text.insert(text.length, 'q'.repeat(200_000));
    // Paced, so that the once-a-second sweep comes before any one queue reaches its own limit.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // The sweep, not the per-client limit, dropped them.
  expect(s.logs.some((l) => l.reason === 'slow consumer')).toBe(false);
  for (const c of stalled) (c.provider.ws as unknown as { resume(): void } | null)?.resume();
  // The dropped ones see their close once they have read what was queued before it.
  await waitUntil(() => stalled.some((c) => c.closeCodes.length > 0), 'a dropped reader to see its close');
  // Every reader ends with everything, dropped or not.
  for (const c of stalled) {
    await waitUntil(() => c.provider.synced && c.doc.getText(TEST_TEXT).length === text.length, 'every reader to converge', 20_000);
  }
  expect(stalled.some((c) => c.closeCodes.length > 0)).toBe(true);
});

test('a client asking for the whole board again and again is read more slowly, by the bytes it asks for; every answer still arrives', async () => {
  const s = await server({ maxSyncBytesPerSecond: 1024 * 1024, maxBoardBytes: 512 * 1024, metricsPort: 0 });
  const board = await createBoard(s.url);
  const writer = client(await connectSynced(s.wsUrl, board.id, board.tokens.participant));
  writer.doc.getText(TEST_TEXT).insert(0, 'x'.repeat(200_000));
  await waitUntil(() => s.app.rooms.size > 0 && writer.provider.synced, 'the board to be loaded');
  // Stored and answered to a newcomer: the board is about 200 KB.
  const newcomer = client(await connectSynced(s.wsUrl, board.id, board.tokens.viewer, { doc: new Y.Doc() }));
  await waitUntil(() => newcomer.doc.getText(TEST_TEXT).length === 200_000, 'the newcomer to have the board');

  const asker = rawSocket(`${s.wsUrl}/${board.id}?token=${board.tokens.viewer}`);
  await asker.opened;
  const received = () => asker.messages.reduce((n, m) => n + m.byteLength, 0);
  const ASKS = 30;
  const started = performance.now();
  for (let i = 0; i < ASKS; i++) asker.socket.send(encodeSyncStep1(new Uint8Array([0])));
  // Unthrottled, all 30 answers (6 MB) would be sent at once. Within the first second at most the
  // burst (2 x 512 KiB), a second's refill and the answer that went over are.
  await waitUntil(() => received() > 1_000_000, 'the first answers');
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1_000 - (performance.now() - started))));
  const inFirstSecond = received();
  expect(inFirstSecond).toBeLessThan(1024 * 1024 + 1024 * 1024 + 250_000);
  expect(await metric(s, 'debrief_backpressure_pauses_total')).toBeGreaterThan(0);
  // Slowed, not dropped: every answer arrives, and the socket stays open.
  await waitUntil(() => received() >= ASKS * 200_000, 'every answer', 20_000);
  const seconds = (performance.now() - started) / 1000;
  expect(seconds).toBeGreaterThan(3);
  expect(asker.socket.readyState).toBe(asker.socket.OPEN);
  // Meanwhile the board is as fast as ever for others: an edit reaches the newcomer.
  writer.doc.getText(TEST_TEXT).insert(0, 'y');
  await waitUntil(() => newcomer.doc.getText(TEST_TEXT).length === 200_001, 'an edit at the newcomer');
  asker.socket.close();
});

test('the full-document answer is cached per version: newcomers after a change get the change', async () => {
  const s = await server();
  const board = await createBoard(s.url);
  const writer = client(await connectSynced(s.wsUrl, board.id, board.tokens.participant));
  writer.doc.getMap(TEST_MAP).set('first', 1);
  const a = client(await connectSynced(s.wsUrl, board.id, board.tokens.viewer, { doc: new Y.Doc() }));
  await waitUntil(() => a.doc.getMap(TEST_MAP).get('first') === 1, 'first at a');
  writer.doc.getMap(TEST_MAP).set('second', 2);
  await waitUntil(() => a.doc.getMap(TEST_MAP).get('second') === 2, 'second at a');
  const b = client(await connectSynced(s.wsUrl, board.id, board.tokens.viewer));
  expect(b.doc.getMap(TEST_MAP).toJSON()).toEqual({ first: 1, second: 2 });
});
