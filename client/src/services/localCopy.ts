// This browser's copy of a board: an IndexedDB database per board (y-indexeddb), named here once,
// and removed when the board is deleted. The facilitation document is kept beside it.
import { DOCUMENT_NAMES, type DocumentName } from '../../../shared/protocol';

/** The IndexedDB database that keeps a board in this browser. */
export function localCopyName(boardId: string, document: DocumentName = 'board'): string {
  return document === 'board' ? `debrief:board:${boardId}` : `debrief:board:${boardId}:${document}`;
}

/** Key (in the copy's own `custom` store) of the count of changes not yet confirmed by the server. */
export const UNSENT_KEY = 'unsent';

/**
 * Removes a board's copy from this browser. Resolves once it is gone, or once it is clear that
 * it cannot be removed now (another tab still has it open: the browser removes it when that tab
 * lets go).
 */
export async function deleteLocalCopy(boardId: string): Promise<void> {
  await Promise.all(DOCUMENT_NAMES.map((name) => deleteDatabase(localCopyName(boardId, name))));
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.deleteDatabase(name);
    } catch {
      resolve(); // no IndexedDB here (some private modes): nothing was kept
      return;
    }
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}
