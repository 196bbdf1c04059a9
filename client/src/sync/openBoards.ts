// The boards open in this tab, shared through leases (leases.ts): React's StrictMode remount in
// development finds the same connection instead of opening a second, and a connection opened
// before its page was drawn (preopenBoardConnection, while the app's code loads; no React here,
// so the entry module can call it) is the one the page's useBoardConnection takes.
import type { BoardId } from '../../../shared/ids';
import type { Role } from '../../../shared/protocol';
import { openBoard, type BoardConnection } from './connection';
import { LeaseCache, type Lease } from './leases';

/** The boards open in this tab, by board, role and token (one, unless a page is being replaced). */
const openBoards = new LeaseCache<string, BoardConnection>();

const keyOf = (boardId: BoardId, token: string, role: Role) => JSON.stringify([boardId, role, token]);

/** A connection opened ahead of its page holds this lease until the page takes it or this passes. */
const PREOPEN_HOLD_MS = 30_000;
const preopened = new Map<string, { lease: Lease<BoardConnection>; timer: ReturnType<typeof setTimeout> }>();

/**
 * Opens the board's connection now, for a page about to show it (the websockets and this
 * browser's copy start loading while the page's code does). The page's lease on the same board,
 * token and role takes it over; unclaimed, it is closed after a while.
 */
export function preopenBoardConnection(boardId: BoardId, token: string, role: Role): void {
  const key = keyOf(boardId, token, role);
  if (preopened.has(key)) return;
  const lease = acquire(key, boardId, token, role);
  const timer = setTimeout(() => releasePreopened(key), PREOPEN_HOLD_MS);
  preopened.set(key, { lease, timer });
}

function acquire(key: string, boardId: BoardId, token: string, role: Role): Lease<BoardConnection> {
  return openBoards.acquire(key, () => openBoard(boardId, token, role), (opened) => opened.destroy());
}

function releasePreopened(key: string): void {
  const held = preopened.get(key);
  if (!held) return;
  preopened.delete(key);
  clearTimeout(held.timer);
  held.lease.release();
}

/** A lease on the board's connection for a page showing it (opened now, or the one opened ahead). */
export function leaseBoardConnection(boardId: BoardId, token: string, role: Role): Lease<BoardConnection> {
  const key = keyOf(boardId, token, role);
  const lease = acquire(key, boardId, token, role);
  // This page holds it now: the lease taken ahead of it is given back.
  releasePreopened(key);
  return lease;
}
