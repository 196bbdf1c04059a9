// What the connection pill and its details tell the person (features/presence/ConnectionStatus):
// derived, by one pure function, from the state of a board's two synced documents, the browser's
// idea of its network and the time. Pure, so every state can be tested without a socket.
import type { Refusal } from './reconnect';

/** What every status says about this person's own changes. */
export interface ChangesState {
  /** Changes made in this browser that the server has not confirmed storing. */
  unsent: number;
  /** The board is kept in this browser (IndexedDB), so unsent changes survive closing the tab. */
  keptOnDevice: boolean;
}

export type ConnectionStatus = ChangesState &
  (
    | { state: 'connecting' }
    /** `slow`: some changes have waited longer than SLOW_CONFIRMATION_MS for the server. */
    | { state: 'connected'; synced: boolean; slow: boolean }
    | { state: 'reconnecting' }
    /** `browser`: the device has no network; `server`: repeated attempts found no server. */
    | { state: 'offline'; reason: 'browser' | 'server' }
    /** The server will not let us in again: the board was deleted, or the link no longer works. */
    | { state: 'refused'; reason: Refusal }
  );

/** One synced document as the status sees it (SyncedDocument.syncState()). */
export interface DocumentSyncState {
  /** The websocket is open. */
  connected: boolean;
  /** The server's copy has been merged in on this socket. */
  synced: boolean;
  /** The websocket has been open at least once during this visit. */
  everOpened: boolean;
  /** Set for good once the server refuses the document. */
  refusal: Refusal | null;
  /** Attempts since the document last synced. */
  failures: number;
  /** The last access check could not reach the server. */
  serverUnreachable: boolean;
  /** This person's changes to it that the server has not confirmed. */
  unsent: number;
  /** When the oldest of them was made (null when there is none). */
  unsentSince: number | null;
  /** Its copy in this browser is loaded and kept (not removed because the board was deleted). */
  keptOnDevice: boolean;
}

/** What the status depends on outside the documents. */
export interface StatusContext {
  /** `navigator.onLine`. */
  online: boolean;
  /** `Date.now()`. */
  now: number;
}

/** Failed attempts after which the server counts as unreachable rather than just reconnecting. */
export const UNREACHABLE_AFTER_FAILURES = 3;
/** Changes unconfirmed for longer than this on an open connection are mentioned. */
export const SLOW_CONFIRMATION_MS = 3_000;

/**
 * The status shown for a board. Changes and refusals count from both documents; whether the board
 * is connected, reconnecting or offline is the board document's socket alone: it carries what
 * people type, while the facilitation document's socket retries on its own schedule (a refusal of
 * either is passed to the other at once, so both say `refused` together).
 */
export function deriveConnectionStatus(
  board: DocumentSyncState,
  facilitation: DocumentSyncState,
  { online, now }: StatusContext,
): ConnectionStatus {
  const changes: ChangesState = {
    unsent: board.unsent + facilitation.unsent,
    keptOnDevice: board.keptOnDevice && facilitation.keptOnDevice,
  };
  const refusal = board.refusal ?? facilitation.refusal;
  if (refusal) return { ...changes, state: 'refused', reason: refusal };
  if (board.connected) {
    const since = earliest(board.unsentSince, facilitation.unsentSince);
    const slow = since !== null && now - since > SLOW_CONFIRMATION_MS;
    return { ...changes, state: 'connected', synced: board.synced, slow };
  }
  if (!online) return { ...changes, state: 'offline', reason: 'browser' };
  if (board.serverUnreachable || board.failures >= UNREACHABLE_AFTER_FAILURES) {
    return { ...changes, state: 'offline', reason: 'server' };
  }
  if (board.everOpened) return { ...changes, state: 'reconnecting' };
  return { ...changes, state: 'connecting' };
}

/** Whether two statuses would show the same thing (listeners are told only of a change). */
export function sameStatus(a: ConnectionStatus, b: ConnectionStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
