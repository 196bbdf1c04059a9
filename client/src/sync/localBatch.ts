// Writes to this browser's copy of a document (IndexedDB, y-indexeddb), gathered for a moment and
// stored as one. y-indexeddb stores every update in its own IndexedDB transaction as it happens:
// on a 1,000-note board that cost 1.5-2.5 ms inside each keystroke (with the count of unsent
// changes written beside it twice a keystroke). Here a keystroke only queues its update; the
// queue is stored at most LOCAL_WRITE_DELAY_MS later, and at once when the page is
// hidden or left (pagehide, visibilitychange), when the document is closed, or when asked.
//
// A write is one IndexedDB transaction committed at once (`commit()`), not at the end of the
// task: a page being reloaded does not get that far, and its last words would be lost (the
// browser test "keeps words typed offline when the page is reloaded straight after the last
// keystroke" fails without it). What y-indexeddb keeps beside the updates (the unsent count)
// goes in the same transaction.
import type * as Y from 'yjs';
import { PREFERRED_TRIM_SIZE, storeState, type IndexeddbPersistence } from 'y-indexeddb';

/** y-indexeddb's object stores. */
const UPDATES_STORE = 'updates';
const CUSTOM_STORE = 'custom';

/** The longest an update waits before it is stored in this browser. Short, because a tab that
 * crashes (rather than being closed or reloaded, which store at once) loses what is waiting when
 * it was offline; long enough to gather a few keystrokes of fast typing into one write. */
export const LOCAL_WRITE_DELAY_MS = 250;

export class LocalWriteBatch {
  private pending: Uint8Array[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  /** `keptBeside` gives, at each write, the entries of y-indexeddb's `custom` store to write with
   * it (what changed since the last write: the unsent count). */
  constructor(
    private readonly doc: Y.Doc,
    private readonly local: IndexeddbPersistence,
    private readonly keptBeside: () => Array<[key: string, value: unknown]>,
  ) {
    // Replaces y-indexeddb's own handler, which writes each update at once.
    doc.off('update', local._storeUpdate);
    doc.on('update', this.onUpdate);
    window.addEventListener('pagehide', this.flush);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** Asks for a write soon (something kept beside the updates changed). */
  soon(): void {
    if (this.closed) return;
    this.timer ??= setTimeout(this.flush, LOCAL_WRITE_DELAY_MS);
  }

  /** Stores what is waiting now. */
  readonly flush = (): void => {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed) return;
    const db = this.local.db;
    if (!db) {
      // Not open yet: once open, y-indexeddb stores the whole document (these updates with it);
      // what is kept beside them waits for that.
      this.pending = [];
      this.local.whenSynced.then(() => this.soon(), () => undefined);
      return;
    }
    const beside = this.keptBeside();
    if (this.pending.length === 0 && beside.length === 0) return;
    // Each update is stored as it came, all in one transaction: merging them first (Y.mergeUpdates
    // decodes and re-encodes every one) cost about 130 ms of a first visit's first render, when
    // the queue holds the server's whole copy of the board. y-indexeddb applies every stored
    // update when the copy is opened, and compacts them (below) once there are enough.
    const updates = this.pending;
    this.pending = [];
    try {
      const tr = db.transaction(updates.length > 0 ? [UPDATES_STORE, CUSTOM_STORE] : [CUSTOM_STORE], 'readwrite');
      for (const update of updates) tr.objectStore(UPDATES_STORE).add(update);
      for (const [key, value] of beside) tr.objectStore(CUSTOM_STORE).put(value, key);
      tr.commit?.();
    } catch {
      return; // the copy is closing or gone (the board was deleted, or the storage refused)
    }
    // As y-indexeddb does after its own writes: compact the copy once enough updates are stored.
    if (updates.length > 0 && (this.local._dbsize += updates.length) >= PREFERRED_TRIM_SIZE) void storeState(this.local, false).catch(() => undefined);
  };

  /** Stores what is waiting and stops (the document is being closed). */
  close(): void {
    this.flush();
    this.stop();
  }

  /** Stops without storing what is waiting (the copy is being removed). */
  discard(): void {
    this.pending = [];
    this.stop();
  }

  private stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.closed = true;
    this.doc.off('update', this.onUpdate);
    window.removeEventListener('pagehide', this.flush);
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    // Updates read from the copy itself are in it already.
    if (origin === this.local || this.closed) return;
    this.pending.push(update);
    this.soon();
  };

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'hidden') this.flush();
  };
}
