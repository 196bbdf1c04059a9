// Which Yjs client id this browser writes the board under, so that anonymous means anonymous
// (docs/facilitation.md, "What this does not protect").
//
// Every Yjs item carries its writer's client id, and every reader of the board document sees it.
// Presence (awareness) is keyed by a client id too, and the server stamps each presence with the
// person's name. If one id did both, any participant could tie an anonymous note to a name. So:
// - the document's own `clientID`, which y-websocket publishes in awareness, never writes: every
//   local transaction is written under another id, switched in just before it runs and back after;
// - records that name the person (their entry in the participants list, their "I'm done" marks)
//   are written under a `named` id used for nothing else but what is named anyway;
// - while the board shows authors, everything is written under that named id too (notes then carry
//   the name in the clear); the moment the board stops showing them, later writes go under a fresh
//   anonymous id that was never used with a name, nor published anywhere.
// All ids are fresh for each page load (y-indexeddb's copy replays old ids, never reuses them as
// ours), and one that someone else's update turns out to use is replaced, as Yjs does for its own.
//
// (y-websocket's `awareness` option, an Awareness on a separate Y.Doc, would be the other way
// round; y-websocket 3.1 keys the awareness state it sends on connecting, and over
// BroadcastChannel, by `doc.clientID`, so it would throw there and publish the wrong id.)
import type * as Y from 'yjs';

/** A random uint32, as Yjs draws its client ids (never the presence id, never one in use). */
function freshClientId(doc: Y.Doc, avoid: ReadonlySet<number>): number {
  for (;;) {
    const id = crypto.getRandomValues(new Uint32Array(1))[0]!;
    if (!avoid.has(id) && !doc.store.clients.has(id)) return id;
  }
}

export class WriterIds {
  /** The id presence (awareness) is published under: it never writes. */
  readonly presenceId: number;
  private named: number;
  private anonymous: number;
  private showsAuthors = false;
  /** Depth of `asNamed` calls in progress. */
  private namedDepth = 0;

  constructor(private readonly doc: Y.Doc) {
    this.presenceId = doc.clientID;
    this.named = freshClientId(doc, new Set([this.presenceId]));
    this.anonymous = freshClientId(doc, new Set([this.presenceId, this.named]));
    doc.on('beforeTransaction', this.beforeTransaction);
    doc.on('afterTransactionCleanup', this.afterTransactionCleanup);
  }

  /** The id this browser's next write goes under. */
  get current(): number {
    return this.namedDepth > 0 || this.showsAuthors ? this.named : this.anonymous;
  }

  /**
   * Whether the board shows authors now. Turning it off starts a fresh anonymous id. Returns whether
   * the id writes go under changed (undo history must then be dropped: redoing something written
   * under the other id would write it again under this one).
   */
  setShowsAuthors(show: boolean): boolean {
    if (show === this.showsAuthors) return false;
    this.showsAuthors = show;
    if (!show) this.anonymous = freshClientId(this.doc, new Set([this.presenceId, this.named]));
    return true;
  }

  /** Runs `write` (one or more transactions) under the named id: for records that name this person. */
  asNamed<T>(write: () => T): T {
    this.namedDepth++;
    try {
      return write();
    } finally {
      this.namedDepth--;
    }
  }

  destroy(): void {
    this.doc.off('beforeTransaction', this.beforeTransaction);
    this.doc.off('afterTransactionCleanup', this.afterTransactionCleanup);
  }

  // Items are given `doc.clientID` as they are made, inside the transaction's function: switching
  // it for the transaction's span is enough. Remote transactions (updates applied from the server,
  // another tab or the local copy) make no items of ours and are left alone.
  private readonly beforeTransaction = (tr: Y.Transaction): void => {
    if (!tr.local) return;
    this.doc.clientID = this.current;
  };

  private readonly afterTransactionCleanup = (tr: Y.Transaction): void => {
    if (!tr.local) {
      // Someone else's update wrote under one of our writing ids: continuing under it would make
      // two different items with one id. (Yjs does the same check for `doc.clientID` alone.)
      const touched = (id: number) => tr.afterState.get(id) !== tr.beforeState.get(id);
      if (touched(this.named)) this.named = freshClientId(this.doc, new Set([this.presenceId, this.anonymous]));
      if (touched(this.anonymous)) this.anonymous = freshClientId(this.doc, new Set([this.presenceId, this.named]));
    }
    // Yjs itself moves `doc.clientID` when a remote update wrote under it; the presence id is ours
    // to keep (the awareness is keyed by it), and since it never writes, nothing can clash with it.
    this.doc.clientID = this.presenceId;
  };
}
