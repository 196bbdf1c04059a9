// A client worker for the scale benchmark: a child process holding whole boards, each with three
// raw y-websocket protocol clients (a Y.Doc and a socket each, no provider), one per instance.
//
// Why raw clients: 3,000 WebsocketProviders (awareness timers, reconnect logic, broadcast channel)
// would not fit beside three servers, PostgreSQL and Redis on two cores. These send exactly the
// frames a provider sends for sync and edits; they send no awareness.
//
// Each client types into its own timeline note (shared/board's updateEvent, one character per
// update, as a person types). All three clients of a board live in this process, so one monotonic
// clock times every delivery: from just before the writer sends its update frame to just after a
// reader on another instance has applied it. A delivery that never comes is counted as lost.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { addEvent, LOCAL_ORIGIN, readEvents, updateEvent, type TransactionOrigin, type WriteContext } from '../shared/board';
import { randomId } from '../shared/ids';
import { MessageType } from '../shared/protocol';

export type ToClients =
  | { type: 'connect'; boards: Array<{ id: string; urls: string[] }> }
  | { type: 'prepare' }
  | { type: 'run'; rate: number; seconds: number; warmupSeconds: number }
  | { type: 'verify' }
  | { type: 'exit' };

export type FromClients =
  | { type: 'connected'; clients: number }
  | { type: 'prepared' }
  | { type: 'ran'; sent: number; latenciesMs: number[]; warmupSent: number }
  | { type: 'verified'; lost: number; diverged: number; dropped: number }
  | { type: 'failed'; message: string };

const WRITES: WriteContext = { origin: LOCAL_ORIGIN, now: () => Date.now(), newId: randomId };
const SERVER: TransactionOrigin = Object.freeze({ kind: 'remote', detail: 'bench-server' });

function syncFrame(write: (e: encoding.Encoder) => void): Buffer {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  write(e);
  const bytes = encoding.toUint8Array(e);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

interface Write {
  /** The writer's Yjs clock once this update is integrated. */
  clockAfter: number;
  sentAt: number;
  measured: boolean;
}

class BoardClient {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  readonly ready: Promise<void>;
  eventId = '';
  text = '';
  dropped: number | null = null;
  private closing = false;
  /** For each other client of the board (by index): how many of its writes this one has seen. */
  readonly cursors: number[] = [0, 0, 0];

  constructor(
    readonly board: Board,
    readonly index: number,
    url: string,
  ) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    let markReady!: () => void;
    let fail!: (e: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      fail = reject;
    });
    this.ws.on('open', () => this.ws.send(syncFrame((e) => syncProtocol.writeSyncStep1(e, this.doc))));
    this.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarUint(decoder) !== MessageType.sync) return;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MessageType.sync);
      const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, SERVER);
      if (kind === syncProtocol.messageYjsSyncStep1) {
        this.ws.send(encoding.toUint8Array(reply));
        return;
      }
      if (kind === syncProtocol.messageYjsSyncStep2) markReady();
      this.board.applied(this);
    });
    this.ws.on('error', (error) => fail(error));
    this.ws.on('close', (code) => {
      if (!this.closing) this.dropped = code;
      fail(new Error(`closed: ${code}`));
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === SERVER) return;
      this.ws.send(syncFrame((e) => syncProtocol.writeUpdate(e, update)));
    });
  }

  close(): void {
    this.closing = true;
    this.ws.terminate();
  }
}

class Board {
  readonly clients: BoardClient[];
  /** Each client's writes, in order. */
  readonly writes: Write[][] = [[], [], []];
  constructor(urls: string[]) {
    this.clients = urls.map((url, i) => new BoardClient(this, i, url));
  }

  /** One person types one character into their note. */
  type(writer: number, measured: boolean): void {
    const client = this.clients[writer]!;
    client.text = client.text.length >= 200 ? '' : `${client.text}${String.fromCharCode(97 + (client.text.length % 26))}`;
    const sentAt = performance.now();
    updateEvent(client.doc, client.eventId as never, { text: client.text }, WRITES);
    this.writes[writer]!.push({ clockAfter: Y.getState(client.doc.store, client.doc.clientID), sentAt, measured });
  }

  /** A frame was applied to `reader`: times every write it now holds for the first time. */
  applied(reader: BoardClient): void {
    const now = performance.now();
    for (let w = 0; w < 3; w++) {
      if (w === reader.index) continue;
      const writes = this.writes[w]!;
      const clock = Y.getState(reader.doc.store, this.clients[w]!.doc.clientID);
      let cursor = reader.cursors[w]!;
      while (cursor < writes.length && writes[cursor]!.clockAfter <= clock) {
        const write = writes[cursor]!;
        if (write.measured) latencies.push(now - write.sentAt);
        cursor++;
      }
      reader.cursors[w] = cursor;
    }
  }
}

let boards: Board[] = [];
let latencies: number[] = [];
const send = (m: FromClients) => process.send!(m);

async function connect(list: Array<{ id: string; urls: string[] }>): Promise<void> {
  // In waves: thousands of simultaneous handshakes would measure the accept queue, not the servers.
  const WAVE = 25;
  for (let i = 0; i < list.length; i += WAVE) {
    const wave = list.slice(i, i + WAVE).map((b) => new Board(b.urls));
    boards.push(...wave);
    await Promise.all(wave.flatMap((b) => b.clients.map((c) => c.ready)));
  }
  send({ type: 'connected', clients: boards.length * 3 });
}

/** Each client adds its own note; resolves once every client holds all three. */
async function prepare(): Promise<void> {
  for (const [n, board] of boards.entries()) {
    for (const client of board.clients) {
      client.eventId = addEvent(client.doc, { time: '2026-11-02T14:0' + client.index + 'Z', text: '', kind: 'other' }, WRITES);
    }
    if (n % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (;;) {
    if (boards.every((b) => b.clients.every((c) => readEvents(c.doc).length === 3))) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  send({ type: 'prepared' });
}

/** Types at `rate` updates per second in total, round-robin over boards and their three clients. */
async function run(rate: number, seconds: number, warmupSeconds: number): Promise<void> {
  latencies = [];
  const TICK_MS = 5;
  const start = performance.now();
  const end = start + (warmupSeconds + seconds) * 1000;
  const measureFrom = start + warmupSeconds * 1000;
  let sent = 0;
  let warmupSent = 0;
  let next = 0;
  while (performance.now() < end) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    const measured = performance.now() >= measureFrom;
    while (sent + warmupSent < due) {
      // Every instance takes a third of the edits at any moment: the writer rotates per board.
      const board = boards[next % boards.length]!;
      const writer = (Math.floor(next / boards.length) + (next % boards.length)) % 3;
      board.type(writer, measured);
      if (measured) sent++;
      else warmupSent++;
      next++;
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  // Let the last deliveries land before reporting.
  await waitDelivered(30_000);
  send({ type: 'ran', sent, latenciesMs: latencies, warmupSent });
}

function undelivered(): number {
  let missing = 0;
  for (const board of boards) {
    for (const reader of board.clients) {
      for (let w = 0; w < 3; w++) if (w !== reader.index) missing += board.writes[w]!.length - reader.cursors[w]!;
    }
  }
  return missing;
}

async function waitDelivered(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (undelivered() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Lost deliveries, and boards whose three copies differ. */
function verify(): void {
  let diverged = 0;
  for (const board of boards) {
    const notes = board.clients.map((c) =>
      readEvents(c.doc)
        .map((e) => `${e.id}:${e.text}`)
        .sort()
        .join('|'),
    );
    if (notes.some((n) => n !== notes[0])) diverged++;
  }
  const dropped = boards.reduce((n, b) => n + b.clients.filter((c) => c.dropped !== null).length, 0);
  send({ type: 'verified', lost: undelivered(), diverged, dropped });
}

process.on('message', (m: ToClients) => {
  const reply = async () => {
    switch (m.type) {
      case 'connect':
        return connect(m.boards);
      case 'prepare':
        return prepare();
      case 'run':
        return run(m.rate, m.seconds, m.warmupSeconds);
      case 'verify':
        return verify();
      case 'exit':
        for (const b of boards) for (const c of b.clients) c.close();
        boards = [];
        process.exit(0);
    }
  };
  reply().catch((error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) }));
});
