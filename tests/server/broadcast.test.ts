// Pre-framed broadcasts (server/sync/broadcast.ts): real providers receive them intact at every
// websocket length encoding, ws is only bypassed when that is safe, and a client that does not read
// is still dropped when direct writes pile up for it.
import { afterEach, expect, test, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { BroadcastMessage, directWriterFor, frameBinary, preframingUnavailable } from '../../server/sync/broadcast';
import type { Connection } from '../../server/sync/connection';
import type { BoardId } from '../../shared/ids';
import { CloseCode } from '../../shared/protocol';
import { connectSynced, createBoard, rawSocket, startServer, TEST_TEXT, waitUntil, type Client, type TestServer } from './helpers';

let server: TestServer | undefined;
const clients: Client[] = [];
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of clients.splice(0)) c.destroy();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server?.close();
  server = undefined;
});

/** The server side of a board's connections with `role`. */
function connectionsOf(s: TestServer, boardId: string, role: Connection['role']): Connection[] {
  const room = s.app.rooms.get({ boardId: boardId as BoardId, name: 'board' });
  return [...(room?.connections ?? [])].filter((c) => c.role === role);
}

test('the installed ws passes the pre-framing self-check (frames byte for byte as ws writes them)', () => {
  expect(preframingUnavailable()).toBeNull();
  expect([...frameBinary(Buffer.from([1, 2, 3]))]).toEqual([0x82, 3, 1, 2, 3]);
  expect([...frameBinary(Buffer.alloc(300)).subarray(0, 4)]).toEqual([0x82, 126, 0x01, 0x2c]);
  expect([...frameBinary(Buffer.alloc(70_000)).subarray(0, 10)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70]);
});

test('a viewer receives small, medium and large edits (a 200 KB paste) written to its socket pre-framed', async () => {
  server = await startServer();
  const board = await createBoard(server.url);
  const writer = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  const viewer = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(writer, viewer);
  const [viewerConn] = connectionsOf(server, board.id, 'viewer');
  // Everything broadcast to the viewer from here on must bypass ws.send.
  const wsSend = vi.spyOn(viewerConn!.socket, 'send');
  const sizes: number[] = [];
  writer.doc.on('update', (update: Uint8Array) => sizes.push(update.byteLength));

  const text = writer.doc.getText(TEST_TEXT);
  const paste = Array.from({ length: 200_000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
  const edits = [
    () => text.insert(0, 'hi'), // a 7-bit length
    () => text.insert(text.length, 'm'.repeat(2_000)), // a 16-bit length
    () => text.insert(text.length, paste), // a 64-bit length
    () => writer.doc.getMap('entries').set('after', 'the paste'), // small again, after a large one
  ];
  for (const edit of edits) {
    edit();
    const expected = text.toString();
    await waitUntil(() => viewer.doc.getText(TEST_TEXT).toString() === expected, 'the viewer to have the edit');
  }
  await waitUntil(() => viewer.doc.getMap('entries').get('after') === 'the paste', 'the last edit at the viewer');

  // The frames' payloads (the update plus 3-5 bytes of message header) span the three encodings.
  expect(sizes[0]).toBeLessThan(120);
  expect(sizes[1]).toBeGreaterThan(130);
  expect(sizes[1]).toBeLessThan(65_000);
  expect(sizes[2]).toBeGreaterThan(200_000);
  expect(wsSend).not.toHaveBeenCalled();
  expect(viewer.provider.wsconnected).toBe(true);
  expect(viewer.closeCodes).toEqual([]);
});

test('a viewer that does not read is dropped as a slow consumer when direct writes pile up for it', async () => {
  // 512 KiB: a reader that keeps up never has more than one 100 KB edit waiting for it.
  server = await startServer({ maxQueuedBytes: 512 * 1024, maxBoardBytes: 1024 * 1024 * 1024 });
  const board = await createBoard(server.url);
  const writer = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  const reader = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(writer, reader);
  const stalled = rawSocket(`${server.wsUrl}/${board.id}?token=${board.tokens.viewer}`);
  cleanups.push(() => stalled.socket.terminate());
  await stalled.opened;
  await waitUntil(() => connectionsOf(server!, board.id, 'viewer').length === 2, 'both viewers to join');
  const stalledConn = connectionsOf(server, board.id, 'viewer').at(-1)!; // the later of the two
  // It stops reading: the kernel's buffers fill, then the server socket's own buffer grows.
  stalled.socket.pause();
  const wsSend = vi.spyOn(stalledConn.socket, 'send');

  const text = writer.doc.getText(TEST_TEXT);
  const chunk = 'x'.repeat(100_000);
  let edits = 0;
  while (!stalledConn.closed && edits < 500) {
    text.insert(text.length, chunk);
    edits++;
    const expected = text.length;
    await waitUntil(() => reader.doc.getText(TEST_TEXT).length === expected, 'the reading viewer to keep up');
  }

  expect(stalledConn.closed).toBe(true);
  expect(server.logs.some((l) => l.connection === stalledConn.detail && l.code === CloseCode.slowConsumer)).toBe(true);
  // The bytes it was dropped for were all written directly: ws.send was never used for it, so
  // bufferedAmount counts what is written to the socket past ws.
  expect(wsSend).not.toHaveBeenCalled();
  // The viewer that reads was never dropped and has everything.
  expect(reader.provider.wsconnected).toBe(true);
  expect(reader.closeCodes).toEqual([]);
  expect(reader.doc.getText(TEST_TEXT).length).toBe(edits * chunk.length);
});

/** A plain ws server on port 0 and one client connected to it. */
async function socketPair(serverOptions: ConstructorParameters<typeof WebSocketServer>[0] = {}) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...serverOptions });
  cleanups.push(() => new Promise((resolve) => wss.close(resolve)));
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: true });
  cleanups.push(() => client.terminate());
  const received: string[] = [];
  client.on('message', (data: Buffer) => received.push(data.toString()));
  await new Promise((resolve) => client.once('open', resolve));
  return { ws: await accepted, client, received };
}

test('a frame is written directly only while ws has nothing of its own queued, and the order holds', async () => {
  const { ws, received } = await socketPair({ perMessageDeflate: false });
  const write = directWriterFor(ws);
  expect(write).not.toBeNull();
  const message = (text: string) => new BroadcastMessage(Buffer.from(text));
  const send = (text: string) => {
    const m = message(text);
    if (!write!(m)) ws.send(m.payload);
  };

  send('one');
  // ws reads a Blob asynchronously and queues whatever is sent meanwhile behind it.
  ws.send(new Blob([Buffer.from('two (a Blob)')]));
  expect(write!(message('three'))).toBe(false);
  send('three');
  await waitUntil(() => received.length === 3, 'three messages');
  send('four');
  await waitUntil(() => received.length === 4, 'four messages');
  expect(received).toEqual(['one', 'two (a Blob)', 'three', 'four']);

  // Once ws has sent its close frame nothing may follow it.
  ws.close(1000);
  expect(write!(message('five'))).toBe(false);
});

test('a connection with permessage-deflate negotiated is never written to directly', async () => {
  const { ws } = await socketPair({ perMessageDeflate: true });
  expect(ws.extensions).toContain('permessage-deflate');
  expect(directWriterFor(ws)).toBeNull();
});
