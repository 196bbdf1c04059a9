// A reader worker for the fan-out benchmark: a child process holding many listen-only clients.
//
// Each reader has its own Y.Doc and records, for every frame that advanced the writer's clock in
// it, the monotonic time (CLOCK_MONOTONIC via process.hrtime, which is one clock for every process
// on the machine) and the clock reached. The parent matches those against the writer's send times.
// Talks to the parent over the IPC channel only; nothing is printed while measuring.
import * as Y from 'yjs';
import { exhaustiveSwitchError } from '../shared/protocol';
import { boardDigest, clockOf, WireClient } from './lib/ywire';

export type ToReaders =
  | { type: 'connect'; url: string; count: number; writerClientId: number; handshake: boolean }
  | { type: 'expect'; clock: number }
  | { type: 'collect' }
  | { type: 'digest' }
  | { type: 'disconnect' }
  | { type: 'exit' };

export type FromReaders =
  | { type: 'connected'; count: number }
  | { type: 'reached'; clock: number }
  | { type: 'records'; readers: ReaderRecords[] }
  | { type: 'digests'; digests: string[] }
  | { type: 'disconnected' }
  | { type: 'failed'; message: string };

/** What one reader saw: parallel arrays of (time in ns, writer clock after that frame). */
export interface ReaderRecords {
  timesNs: number[];
  clocks: number[];
  /** Close code if the server dropped this reader. */
  dropped: number | null;
}

interface Reader {
  client: WireClient;
  doc: Y.Doc;
  records: ReaderRecords;
  lastClock: number;
}

let readers: Reader[] = [];
let expected = Number.POSITIVE_INFINITY;
let behind = 0; // readers whose clock is below `expected`

const send = (m: FromReaders) => process.send!(m);

function connectReader(url: string, writerClientId: number, handshake: boolean): Reader {
  const doc = new Y.Doc();
  const reader: Reader = {
    doc,
    lastClock: 0,
    records: { timesNs: [], clocks: [], dropped: null },
    client: undefined as unknown as WireClient,
  };
  reader.client = new WireClient({
    url,
    doc,
    handshake,
    answerStep1: false,
    sendLocalUpdates: false,
    onApplied: () => {
      const clock = clockOf(doc, writerClientId);
      if (clock === reader.lastClock) return;
      const now = Number(process.hrtime.bigint());
      if (reader.lastClock < expected && clock >= expected && --behind === 0) send({ type: 'reached', clock: expected });
      reader.lastClock = clock;
      reader.records.timesNs.push(now);
      reader.records.clocks.push(clock);
    },
  });
  return reader;
}

async function connect(m: Extract<ToReaders, { type: 'connect' }>): Promise<void> {
  // Connect in small waves: a real audience arrives over seconds, not in one burst.
  const WAVE = 20;
  for (let i = 0; i < m.count; i += WAVE) {
    const wave: Reader[] = [];
    for (let j = i; j < Math.min(m.count, i + WAVE); j++) wave.push(connectReader(m.url, m.writerClientId, m.handshake));
    readers.push(...wave);
    await Promise.all(wave.map((r) => r.client.ready));
  }
  send({ type: 'connected', count: readers.length });
}

process.on('message', (m: ToReaders) => {
  switch (m.type) {
    case 'connect':
      connect(m).catch((e: Error) => send({ type: 'failed', message: e.message }));
      return;
    case 'expect':
      expected = m.clock;
      behind = readers.filter((r) => r.lastClock < expected).length;
      if (behind === 0) send({ type: 'reached', clock: expected });
      return;
    case 'collect':
      send({
        type: 'records',
        readers: readers.map((r) => ({ ...r.records, dropped: r.client.closedUnexpectedly?.code ?? null })),
      });
      for (const r of readers) r.records = { timesNs: [], clocks: [], dropped: null };
      return;
    case 'digest':
      send({ type: 'digests', digests: readers.map((r) => boardDigest(r.doc)) });
      return;
    case 'disconnect':
      Promise.all(readers.map((r) => r.client.close())).then(() => {
        for (const r of readers) r.doc.destroy();
        readers = [];
        expected = Number.POSITIVE_INFINITY;
        send({ type: 'disconnected' });
      });
      return;
    case 'exit':
      process.exit(0);
      return;
    default:
      exhaustiveSwitchError(m);
  }
});
