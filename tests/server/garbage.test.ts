// Hostile input on the websocket: garbage frames, corrupt updates, a 64 MiB frame, a flood, a
// client that does not read. Each offender is closed with its named code; a participant editing
// meanwhile loses nothing, and the server stays healthy.
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { CloseCode, MessageType } from '../../shared/protocol';
import { Connection } from '../../server/sync/connection';
import {
  connectSynced,
  createBoard,
  rawSocket,
  startServer,
  TEST_MAP,
  waitUntil,
  type Client,
  type CreatedBoard,
  type TestServer,
} from './helpers';

let server: TestServer;
let board: CreatedBoard;
beforeAll(async () => {
  server = await startServer();
  board = await createBoard(server.url, { title: 'Under attack' });
});
afterAll(async () => {
  await server.close();
});

function frame(...parts: Array<number | Uint8Array>): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const part of parts) {
    if (typeof part === 'number') encoding.writeVarUint(encoder, part);
    else encoding.writeVarUint8Array(encoder, part);
  }
  return encoding.toUint8Array(encoder);
}

function seededBytes(seed: number, length: number): Uint8Array {
  let s = seed;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/** A real update cut short in the middle of its structs. */
function truncatedUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('garbage').set('text', 'x'.repeat(500));
  const update = Y.encodeStateAsUpdate(doc);
  return update.slice(0, Math.floor(update.length / 2));
}

const SYNC_UPDATE = 2;
const garbage: Array<[string, Uint8Array | string]> = [
  ['a truncated varint', new Uint8Array([0xff, 0xff, 0xff])],
  ['an unknown message type', frame(7)],
  ['an auth message from a client', frame(MessageType.auth, 0)],
  ['an unknown sync step', frame(MessageType.sync, 9, new Uint8Array([1]))],
  ['a length prefix past the end', new Uint8Array([MessageType.sync, SYNC_UPDATE, 100, 1, 2, 3])],
  ['trailing bytes after a message', new Uint8Array([MessageType.queryAwareness, 0])],
  ['a sync header with a truncated update', frame(MessageType.sync, SYNC_UPDATE, truncatedUpdate())],
  ['a sync header with random bytes as update', frame(MessageType.sync, SYNC_UPDATE, seededBytes(7, 64))],
  ['a sync step 1 with a corrupt state vector', frame(MessageType.sync, 0, new Uint8Array([5, 0xff]))],
  ['awareness that is not JSON', frame(MessageType.awareness, frame(1, 123, 1, new TextEncoder().encode('{nope')))],
  ['awareness with a truncated entry', frame(MessageType.awareness, new Uint8Array([3, 1]))],
  ['random bytes', seededBytes(42, 256)],
  ['a text frame', 'hello'],
];

test('garbage closes only the sender, with its named code, while a participant keeps working', async () => {
  const participant: Client = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  let written = 0;
  const writer = setInterval(() => participant.doc.getMap(TEST_MAP).set(`p${written++}`, written), 5);
  const socketUrl = `${server.wsUrl}/${board.id}?token=${board.tokens.participant}`;

  try {
    for (const [what, data] of garbage) {
      const raw = rawSocket(socketUrl);
      await raw.opened;
      raw.socket.send(data);
      expect(await raw.closed, what).toBe(CloseCode.badMessage);
    }

    // A frame far over the limit is refused from its header, not buffered.
    const big = rawSocket(socketUrl);
    await big.opened;
    big.socket.send(new Uint8Array(64 * 1024 * 1024));
    expect(await big.closed).toBe(CloseCode.frameTooLarge);

    // A flood of well-formed messages is slowed down (its socket is not read while its budget is
    // spent), never cut off: every one is answered, on a connection that stays open.
    const flood = rawSocket(socketUrl);
    await flood.opened;
    const before = flood.messages.length;
    for (let i = 0; i < 600; i++) flood.socket.send(frame(MessageType.queryAwareness));
    await waitUntil(() => flood.messages.length >= before + 600, 'every query answered', 20_000);
    expect(flood.socket.readyState).toBe(flood.socket.OPEN);
    flood.socket.close();

    expect(participant.closeCodes).toEqual([]);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  } finally {
    clearInterval(writer);
  }

  // Nothing the participant wrote was lost: a newcomer has every key, and the board is well formed.
  await waitUntil(() => participant.provider.synced, 'the participant to be in sync');
  const newcomer = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  await waitUntil(() => {
    const map = newcomer.doc.getMap(TEST_MAP);
    return Array.from({ length: written }, (_, i) => map.has(`p${i}`)).every(Boolean);
  }, 'every edit at the newcomer');
  expect(written).toBeGreaterThan(10);
  participant.destroy();
  newcomer.destroy();
  await waitUntil(() => server.app.rooms.size === 0 && server.app.rooms.connectionCount === 0, 'everything released');
  // The server said why, in its log, without crashing.
  expect(server.logs.some((l) => l.msg === 'bad message')).toBe(true);
  expect(server.logs.some((l) => (l.level as number) >= 50)).toBe(false);
});

test('a client that does not read is dropped as a slow consumer instead of being buffered for', () => {
  const closes: number[] = [];
  const sent: Uint8Array[] = [];
  const socket = {
    bufferedAmount: 0,
    pause: () => undefined,
    resume: () => undefined,
    send: (data: Uint8Array) => sent.push(data),
    close: (code: number) => closes.push(code),
    once: () => undefined,
    terminate: () => undefined,
  };
  const silentLog = { info: () => undefined } as unknown as FastifyBaseLogger;
  const conn = new Connection(socket as unknown as WebSocket, 'participant', true, { maxMessagesPerSecond: 10, maxQueuedBytes: 1000 }, silentLog);
  // One message larger than the limit still goes to a client with nothing waiting (a first sync).
  conn.send(new Uint8Array(1600));
  expect(sent).toHaveLength(1);
  socket.bufferedAmount = 900;
  conn.send(new Uint8Array(600));
  expect(sent).toHaveLength(2);
  socket.bufferedAmount = 1500;
  conn.send(new Uint8Array(600));
  expect(sent).toHaveLength(2);
  expect(closes).toEqual([CloseCode.slowConsumer]);
  conn.send(new Uint8Array(1));
  expect(sent).toHaveLength(2);
});

test('a client that vanished without closing (answers no ping) is dropped, and its room released', async () => {
  const quick = await startServer({}, { heartbeatMs: 50 });
  try {
    const target = await createBoard(quick.url);
    const url = `${quick.wsUrl}/${target.id}?token=${target.tokens.participant}`;
    const { default: WebSocketClient } = await import('ws');
    const silent = new WebSocketClient(url, { autoPong: false });
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => silent.once('open', () => resolve()));
    // A live client on the same board, answering pings, stays.
    const live = await connectSynced(quick.wsUrl, target.id, target.tokens.participant);
    expect(await closed).toBe(1006);
    await waitUntil(() => quick.app.rooms.connectionCount === 1, 'only the live client to remain');
    expect(live.closeCodes).toEqual([]);
    live.destroy();
    await waitUntil(() => quick.app.rooms.size === 0, 'the room to be released');
  } finally {
    await quick.close();
  }
});
