// The open board's connection for a board page (openBoards.ts keeps it, shared through leases).
import { useEffect, useState } from 'react';
import type { BoardId } from '../../../shared/ids';
import type { Role } from '../../../shared/protocol';
import type { BoardConnection, OpenBoardOptions } from './connection';
import { leaseBoardConnection } from './openBoards';

/**
 * Opens the board (or joins the connection already open for it) and returns the connection once
 * this browser's copy is loaded (null until then); the board is closed when no page holds it.
 */
export function useBoardConnection(boardId: BoardId, token: string, role: Role, options: OpenBoardOptions = {}): BoardConnection | null {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  const { onDeleted, onIdentityChanged } = options;
  useEffect(() => {
    const lease = leaseBoardConnection(boardId, token, role);
    lease.value.setHandlers({ onDeleted, onIdentityChanged });
    // Show the board once it has something to show (connection.ts, whenReadyToShow).
    let current = true;
    void lease.value.whenReadyToShow.then(() => current && setConnection(lease.value));
    return () => {
      current = false;
      lease.release();
    };
    // `onDeleted` is read when the board opens; a new function each render must not reopen it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [boardId, token, role]);
  return connection;
}
