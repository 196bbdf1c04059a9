// Hands the open board to every component below it: the connection (doc, awareness, undo), what
// this person may do, and who they are. The value is created once per board, so reading it never
// re-renders anything.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { WriteContext } from '../../../shared/board';
import type { VoterId } from '../../../shared/ids';
import type { Role } from '../../../shared/protocol';
import type { BoardConnection, ConnectionStatus } from './connection';

export interface BoardScope {
  connection: BoardConnection;
  doc: Y.Doc;
  /** The facilitation document: phase, timer, vote settings (the facilitator writes it). */
  facilitation: Y.Doc;
  /** What every write passes to a mutation: this person's origin, the clock, fresh ids. */
  ctx: WriteContext;
  role: Role;
  /** Facilitators and participants while the board is open; false for a view-only link, and for
   * everyone once the facilitator has closed the board. */
  canEdit: boolean;
  /** The board is closed: read-only for everyone, its report final. */
  closed: boolean;
  isFacilitator: boolean;
  /** This browser's identity on every board (participants list, "done with this phase"). */
  voterId: VoterId;
  /** This browser's anonymous ballot on this board: random per board, linked to no name unless
   * the board uses named voting. */
  ballotId: VoterId;
  /** The name this person gave (empty until they have given one). */
  displayName: string;
  token: string;
}

const BoardContext = createContext<BoardScope | null>(null);

export const BoardProvider = BoardContext.Provider;

/** The open board. Only valid inside a board page. */
export function useBoard(): BoardScope {
  const scope = useContext(BoardContext);
  if (!scope) throw new Error('useBoard() used outside a board');
  return scope;
}

/** The connection's state (connected, reconnecting, offline, refused). */
export function useConnectionStatus(connection: BoardConnection): ConnectionStatus {
  return useSyncExternalStore(connection.subscribeStatus, connection.getStatus, connection.getStatus);
}

/** The connection's state alone: re-renders when it changes, not when the count of unsent
 * changes does (twice a keystroke while connected). */
export function useConnectionState(connection: BoardConnection): ConnectionStatus['state'] {
  const get = () => connection.getStatus().state;
  return useSyncExternalStore(connection.subscribeStatus, get, get);
}
