// The append batching both stores share: `appendUpdates` calls are queued and written together,
// one batch at a time. A batch starts on the event-loop turn after its first request, so every
// append that turn requests shares it; while a batch is being written the next one gathers. A
// burst of edits from many rooms thus costs one commit. How a batch is written (one SQLite
// transaction, one PostgreSQL statement) is the store's.
import type { DocumentKey } from './types';

/** One `appendUpdates` call: a document's updates, in order. */
export interface AppendRequest {
  key: DocumentKey;
  updates: Uint8Array[];
}

/**
 * Writes one batch durably (one transaction); answers each request's last sequence number, in the
 * batch's order (0 for a board that no longer exists). A throw or rejection fails the whole batch.
 */
export type WriteBatch = (batch: readonly AppendRequest[]) => number[] | Promise<number[]>;

interface Pending extends AppendRequest {
  resolve: (lastSeq: number) => void;
  reject: (error: unknown) => void;
}

export class AppendQueue {
  private pending: Pending[] = [];
  /** The batch being written, if any; the next one starts when it has committed. */
  private writing: Promise<void> | null = null;
  private scheduled = false;

  constructor(private readonly writeBatch: WriteBatch) {}

  /** Queues updates; resolves with the last one's sequence number once its batch is durable. */
  append(key: DocumentKey, updates: Uint8Array[]): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ key, updates, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when every append requested so far has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.writing || this.pending.length > 0 || this.scheduled) {
      if (this.writing) await this.writing;
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    // Wait out the current event-loop turn so that every append it requests shares the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.writeNext();
    });
  }

  private writeNext(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    // The executor runs the write at once (SQLite's is synchronous); a throw becomes a rejection.
    this.writing = new Promise<number[]>((resolve) => resolve(this.writeBatch(batch)))
      .then(
        (seqs) => batch.forEach((p, i) => p.resolve(seqs[i]!)),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.writing = null;
        // What gathered while this batch was written goes next.
        if (this.pending.length > 0) this.schedule();
      });
  }
}
