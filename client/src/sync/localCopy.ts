// This browser's copy of a board: an IndexedDB database per board (y-indexeddb), named here once,
// and removed when the board is deleted.

/** The IndexedDB database that keeps a board in this browser. */
export function localCopyName(boardId: string): string {
  return `debrief:board:${boardId}`;
}

/** Key (in the copy's own `custom` store) of the count of changes not yet confirmed by the server. */
export const UNSENT_KEY = 'unsent';

/**
 * Removes a board's copy from this browser. Resolves once it is gone, or once it is clear that
 * it cannot be removed now (another tab still has it open: the browser removes it when that tab
 * lets go).
 */
export function deleteLocalCopy(boardId: string): Promise<void> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.deleteDatabase(localCopyName(boardId));
    } catch {
      resolve(); // no IndexedDB here (some private modes): nothing was kept
      return;
    }
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}
