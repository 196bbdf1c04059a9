// The open board's connection for a board page, shared through a lease (leases.ts) so that
// React's StrictMode remount in development finds the same connection instead of opening a second.
import { useEffect, useState } from 'react';
import type { BoardId } from '../../../shared/ids';
import type { Role } from '../../../shared/protocol';
import { openBoard, type BoardConnection, type OpenBoardOptions } from './connection';
import { LeaseCache } from './leases';

/** The boards open in this tab, by board, role and token (one, unless a page is being replaced). */
const openBoards = new LeaseCache<string, BoardConnection>();

/**
 * Opens the board (or joins the connection already open for it) and returns the connection once
 * this browser's copy is loaded (null until then); the board is closed when no page holds it.
 */
export function useBoardConnection(boardId: BoardId, token: string, role: Role, options: OpenBoardOptions = {}): BoardConnection | null {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  const { onDeleted } = options;
  useEffect(() => {
    const lease = openBoards.acquire(
      JSON.stringify([boardId, role, token]),
      () => openBoard(boardId, token, role, { onDeleted }),
      (opened) => opened.destroy(),
    );
    // Show the board once this browser's copy is loaded, not empty first (offline, it is all there is).
    let current = true;
    void lease.value.whenLoadedLocally.then(() => current && setConnection(lease.value));
    return () => {
      current = false;
      lease.release();
    };
    // `onDeleted` is read when the board opens; a new function each render must not reopen it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [boardId, token, role]);
  return connection;
}
