// A simulated network of Y.Docs for convergence tests, after Yjs's own tests/testHelper.js.
//
// Every doc sends each update it makes to every other doc. Messages in flight are delivered in a
// random order (so they are delayed and reordered), and may be duplicated or lost. A doc can go
// offline (everything to and from it is lost) and come back, when it does what a reconnecting
// y-websocket client does: exchange state vectors with each peer and send what the other lacks.
// flush() ends the chaos: it delivers everything still in flight, then resyncs every pair, so
// every doc must end with the same state. All randomness comes from the given PRNG, so a failing
// run replays from its seed.
import * as Y from 'yjs';
import type { RemoteOrigin } from '../../shared/board';
import { int, type Random } from './prng';

export interface NetworkOptions {
  /** Chance that a delivered message is lost instead (0..1). */
  dropRate?: number;
  /** Chance that a delivered message stays in flight to arrive again later (0..1). */
  duplicateRate?: number;
}

interface Message {
  from: number;
  to: number;
  update: Uint8Array;
}

/** What the network did, so a test can check the chaos really happened. */
export interface NetworkStats {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  reordered: number;
  resyncs: number;
}

/** The origin of updates that arrive from peer `n`. Not rebroadcast: each doc sends only its own. */
export const peerOrigin = (n: number): RemoteOrigin => Object.freeze({ kind: 'remote', detail: `peer ${n}` });
const isPeerOrigin = (origin: unknown) =>
  typeof origin === 'object' && origin !== null && (origin as RemoteOrigin).kind === 'remote' && /^peer \d+$/.test((origin as RemoteOrigin).detail);

export class SimulatedNetwork {
  readonly docs: Y.Doc[];
  readonly stats: NetworkStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0, reordered: 0, resyncs: 0 };
  private inFlight: Message[] = [];
  private readonly online: boolean[];
  private readonly dropRate: number;
  private readonly duplicateRate: number;

  constructor(
    count: number,
    private readonly random: Random,
    options: NetworkOptions = {},
  ) {
    this.dropRate = options.dropRate ?? 0.1;
    this.duplicateRate = options.duplicateRate ?? 0.1;
    this.online = Array.from({ length: count }, () => true);
    this.docs = Array.from({ length: count }, (_, i) => {
      const doc = new Y.Doc();
      // Fixed client ids: Yjs breaks concurrent-insert ties by client id, so they must replay too.
      doc.clientID = i + 1;
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (isPeerOrigin(origin)) return;
        for (let to = 0; to < count; to++) if (to !== i) this.send({ from: i, to, update });
      });
      return doc;
    });
  }

  private send(message: Message): void {
    if (!this.online[message.from] || !this.online[message.to]) {
      this.stats.dropped++;
      return;
    }
    this.stats.sent++;
    this.inFlight.push(message);
  }

  /** Messages not yet delivered. */
  get pending(): number {
    return this.inFlight.length;
  }

  /** Delivers (or loses, or duplicates) one message chosen at random. False when none is in flight. */
  deliverOne(options: { lossless?: boolean } = {}): boolean {
    if (this.inFlight.length === 0) return false;
    const index = int(this.random, this.inFlight.length);
    if (index !== 0) this.stats.reordered++;
    const message = this.inFlight[index]!;
    const duplicate = !options.lossless && this.random() < this.duplicateRate;
    if (duplicate) this.stats.duplicated++;
    else this.inFlight.splice(index, 1);
    if (!options.lossless && (this.random() < this.dropRate || !this.online[message.to])) {
      this.stats.dropped++;
      return true;
    }
    Y.applyUpdate(this.docs[message.to]!, message.update, peerOrigin(message.from));
    this.stats.delivered++;
    return true;
  }

  /** Delivers up to `n` random messages. */
  deliver(n: number): void {
    for (let i = 0; i < n && this.deliverOne(); i++);
  }

  /** Takes a doc offline: what it sends and what is sent to it is lost until it reconnects. */
  disconnect(n: number): void {
    this.online[n] = false;
  }

  /** Brings a doc back and resyncs it with every online peer by state vector. */
  reconnect(n: number): void {
    this.online[n] = true;
    for (let other = 0; other < this.docs.length; other++) {
      if (other !== n && this.online[other]) this.resync(n, other);
    }
  }

  /** The y-websocket sync handshake between two docs: each sends its state vector, the other
   * answers with exactly the updates the first lacks. Goes through the network like any message. */
  resync(a: number, b: number): void {
    this.stats.resyncs++;
    const [docA, docB] = [this.docs[a]!, this.docs[b]!];
    this.send({ from: a, to: b, update: Y.encodeStateAsUpdate(docA, Y.encodeStateVector(docB)) });
    this.send({ from: b, to: a, update: Y.encodeStateAsUpdate(docB, Y.encodeStateVector(docA)) });
  }

  /** Ends the chaos: everyone online, every message delivered, every pair resynced until no doc
   * has anything another lacks. Throws if that does not settle. */
  flush(): void {
    for (let n = 0; n < this.docs.length; n++) this.online[n] = true;
    for (let round = 0; round < 10; round++) {
      while (this.deliverOne({ lossless: true }));
      if (this.settled()) return;
      for (let a = 0; a < this.docs.length; a++) for (let b = a + 1; b < this.docs.length; b++) this.resync(a, b);
    }
    throw new Error('The simulated network did not settle after 10 rounds of resync.');
  }

  /** True when every doc holds exactly the same document and nothing waits for a missing
   * dependency. Equal state vectors are not enough: a deletion adds no clock tick, so a lost
   * message that only deleted (a map key, a run of text) leaves the vectors equal. */
  settled(): boolean {
    const pending = this.docs.some((d) => d.store.pendingStructs !== null || d.store.pendingDs !== null);
    // A snapshot is the state vector plus the delete set, merged into ranges: the same for the
    // same content however each doc happens to have split its items.
    const [first, ...rest] = this.docs.map((d) => Y.snapshot(d));
    return !pending && rest.every((s) => Y.equalSnapshots(first!, s));
  }
}
