// The sync contract the server announces (PROTOCOL_VERSION) and the guarantee the client's count of
// unsent changes rests on (SYNC_GUARANTEES.stepOneAcknowledges): a client writes, then sends a sync
// step 1; when the answer arrives, the writes are durable. Checked with a bare socket speaking
// y-websocket's messages, so that the test decides exactly what is sent when.
import fs from 'node:fs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { afterEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/storage/sqlite';
import type { DocumentKey } from '../../server/storage/types';
import type { BoardId } from '../../shared/ids';
import { MessageType, PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER, SYNC_GUARANTEES } from '../../shared/protocol';
import {
  connectSynced,
  createBoard,
  docJson,
  holdingStore,
  spawnServer,
  startServer,
  tempDir,
  TEST_MAP,
  waitUntil,
  type ChildServer,
  type Client,
  type TestServer,
} from './helpers';
import { rebuild } from './store-contract';

let server: TestServer | undefined;
const children: ChildServer[] = [];
const clients: Client[] = [];
const sockets: WebSocket[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await child.exited;
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const syncFrame = (step: number, payload: Uint8Array) =>
  frame(MessageType.sync, (e) => {
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });

/** A client as bare as y-websocket's wire allows: it sends frames and sorts what comes back. */
interface BareClient {
  socket: WebSocket;
  /** Headers of the 101 response. */
  upgradeHeaders: Promise<Record<string, string | string[] | undefined>>;
  /** How many sync step 2 and awareness frames have arrived. */
  received: { step2: number; awareness: number };
  send(data: Uint8Array): void;
}

function bareClient(wsUrl: string, boardId: string, token: string): Promise<BareClient> {
  const socket = new WebSocket(`${wsUrl}/${boardId}?token=${token}`, { perMessageDeflate: false });
  sockets.push(socket);
  const received = { step2: 0, awareness: 0 };
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.awareness) received.awareness++;
    else if (type === MessageType.sync && decoding.readVarUint(decoder) === SYNC_STEP_2) received.step2++;
  });
  const upgradeHeaders = new Promise<BareClient['upgradeHeaders'] extends Promise<infer H> ? H : never>((resolve) =>
    socket.once('upgrade', (response) => resolve(response.headers)),
  );
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => resolve({ socket, upgradeHeaders, received, send: (d) => socket.send(d) }));
  });
}

/** `count` edits, each its own update message, as a client typing would send them; and its doc. */
function edits(count: number, prefix: string): { doc: Y.Doc; frames: Uint8Array[] } {
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => frames.push(syncFrame(SYNC_UPDATE, update)));
  for (let i = 0; i < count; i++) doc.getMap(TEST_MAP).set(`${prefix}${i}`, i);
  return { doc, frames };
}

test(`the server announces protocol ${PROTOCOL_VERSION} on the websocket upgrade and in /healthz; a stock provider still syncs`, async () => {
  server = await startServer();
  const board = await createBoard(server.url);
  const bare = await bareClient(server.wsUrl, board.id, board.tokens.participant);
  expect((await bare.upgradeHeaders)[PROTOCOL_VERSION_HEADER]).toBe(String(PROTOCOL_VERSION));
  const health = (await (await fetch(`${server.url}/healthz`)).json()) as { protocol: number };
  expect(health.protocol).toBe(PROTOCOL_VERSION);

  const provider = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(provider);
  provider.doc.getMap(TEST_MAP).set('stock', 'y-websocket');
  const other = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(other);
  await waitUntil(() => other.doc.getMap(TEST_MAP).get('stock') === 'y-websocket', 'the edit at another provider');
});

test(`${SYNC_GUARANTEES.stepOneAcknowledges}: not before, while the store still holds the writes`, async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const appends = holdingStore(openSqliteStore({ dataDir }));
  server = await startServer({ dataDir }, { store: appends.store });
  const board = await createBoard(server.url);
  const key: DocumentKey = { boardId: board.id as BoardId, name: 'board' };
  const client = await bareClient(server.wsUrl, board.id, board.tokens.participant);

  appends.hold();
  const { doc, frames } = edits(20, 'held');
  for (const f of frames) client.send(f);
  client.send(syncFrame(SYNC_STEP_1, Y.encodeStateVector(doc)));
  // The barrier: the answer to a later queryAwareness shows the server has handled the step 1.
  client.send(frame(MessageType.queryAwareness, () => {}));
  await waitUntil(() => client.received.awareness > 0, 'the answer to queryAwareness');
  expect(appends.held).toBeGreaterThan(0);
  expect(client.received.step2).toBe(0);

  appends.release();
  await waitUntil(() => client.received.step2 === 1, 'the answer to the step 1');
  // Answered: every edit is in the file, as a second store on it reads it.
  const reader = openSqliteStore({ dataDir });
  try {
    expect(docJson(rebuild(await reader.loadDocument(key)))).toEqual(docJson(doc));
  } finally {
    await reader.close();
  }
});

test(`${SYNC_GUARANTEES.stepOneAcknowledges}: killed with -9 the moment the answer arrives, a restarted server has every write`, async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const first = await spawnServer(dataDir);
  children.push(first);
  const board = await createBoard(first.url, { title: 'Acknowledged' });
  const client = await bareClient(first.wsUrl, board.id, board.tokens.participant);

  const { doc, frames } = edits(300, 'acked');
  for (const f of frames) client.send(f);
  client.send(syncFrame(SYNC_STEP_1, Y.encodeStateVector(doc)));
  await waitUntil(() => client.received.step2 === 1, 'the answer to the step 1');
  first.process.kill('SIGKILL');
  expect(await first.exited).toBe('SIGKILL');

  const second = await spawnServer(dataDir);
  children.push(second);
  const after = await connectSynced(second.wsUrl, board.id, board.tokens.viewer);
  clients.push(after);
  expect(docJson(after.doc).entries).toEqual(docJson(doc).entries);
});
