// Tells whoever listens that a board's stored state changed: an update of one of its documents was
// stored by this instance, or the board was created or deleted here. The incident library's indexer
// (server/library/indexer.ts) listens, to re-read the board within seconds. Listeners run
// synchronously and must be cheap (mark something dirty); a throwing listener is not the caller's problem.
import type { BoardId } from '../shared/ids';

export type BoardChange = 'stored' | 'created' | 'deleted';

export class BoardChanges {
  private readonly listeners = new Set<(boardId: BoardId, change: BoardChange) => void>();

  /** Calls `listener` on every change; returns the function that stops it. */
  listen(listener: (boardId: BoardId, change: BoardChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(boardId: BoardId, change: BoardChange = 'stored'): void {
    for (const listener of this.listeners) {
      try {
        listener(boardId, change);
      } catch {
        // A listener's failure must not fail the write that reported it.
      }
    }
  }
}
