// The one place that opens a board: it creates the Y.Doc, keeps a copy in this browser
// (IndexedDB, so nothing typed is lost when the network or the server is away), connects the
// websocket provider, and exposes the connection's status, presence and undo history.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { LOCAL_ORIGIN, undoScope } from '../../../shared/board';
import type { BoardId } from '../../../shared/ids';
import { CloseCode, NON_RETRYABLE_CLOSE_CODES, WS_PREFIX, canWrite, type Role } from '../../../shared/protocol';
import { unwatchBoard, watchBoard } from './useBoardValue';

export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'connected'; synced: boolean }
  | { state: 'reconnecting' }
  | { state: 'offline'; reason: 'browser' | 'server' }
  | { state: 'refused'; code: number; message: string };

/** What a person is shown for each close code that ends a connection for good. */
export function refusalMessage(code: number): string {
  switch (code) {
    case CloseCode.unauthorized:
      return 'This link no longer opens the board. Ask the facilitator for a fresh link.';
    case CloseCode.boardDeleted:
      return 'This board has been deleted. What is on screen is a copy kept in this browser.';
    default:
      return 'The server closed the connection and asked us not to retry.';
  }
}

/** Presence a peer advertises through awareness. */
export interface PresenceUser {
  name: string;
  color: string;
  voterId: string;
  role: Role;
}

export interface BoardConnection {
  readonly boardId: BoardId;
  readonly role: Role;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Null for viewers, who cannot edit. */
  readonly undoManager: Y.UndoManager | null;
  getStatus(): ConnectionStatus;
  subscribeStatus(onChange: () => void): () => void;
  /** Resolves once this browser's saved copy of the board is loaded (or there is none). */
  readonly whenLoadedLocally: Promise<void>;
  /** Resolves the first time the server's copy has been merged in. */
  readonly whenSynced: Promise<void>;
  setPresence(user: PresenceUser): void;
  destroy(): void;
}

/** Websocket origin of the server that served this page. */
function websocketBase(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PREFIX}`;
}

/** Opens a board with a token; the caller destroys it when the board is closed. */
export function openBoard(boardId: BoardId, token: string, role: Role): BoardConnection {
  const doc = new Y.Doc();
  watchBoard(doc);

  const local = new IndexeddbPersistence(`debrief:board:${boardId}`, doc);
  const provider = new WebsocketProvider(websocketBase(), boardId, doc, {
    params: { token },
    // Tabs of one browser would otherwise pass updates to each other directly; a view-only tab
    // must never be a way around the server's refusal of its edits.
    disableBc: !canWrite(role),
    maxBackoffTime: 8000,
    // Only codes the server marks as final stop the retries (y-websocket's default would also give
    // up on rate limiting and other passing conditions in the 44xx range).
    shouldReconnect: (event: CloseEvent) => !NON_RETRYABLE_CLOSE_CODES.has(event.code),
  });

  const undoManager = canWrite(role)
    ? new Y.UndoManager(undoScope(doc), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 600 })
    : null;

  let everConnected = false;
  let refused: { code: number; message: string } | null = null;
  let status: ConnectionStatus = { state: 'connecting' };
  const listeners = new Set<() => void>();

  const recompute = () => {
    let next: ConnectionStatus;
    if (refused) next = { state: 'refused', ...refused };
    else if (!navigator.onLine) next = { state: 'offline', reason: 'browser' };
    else if (provider.wsconnected) next = { state: 'connected', synced: provider.synced };
    else if (provider.wsUnsuccessfulReconnects >= 3) next = { state: 'offline', reason: 'server' };
    else if (everConnected) next = { state: 'reconnecting' };
    else next = { state: 'connecting' };
    if (JSON.stringify(next) !== JSON.stringify(status)) {
      status = next;
      for (const l of [...listeners]) l();
    }
  };

  let resolveSynced!: () => void;
  const whenSynced = new Promise<void>((r) => (resolveSynced = r));

  provider.on('status', ({ status: s }) => {
    if (s === 'connected') everConnected = true;
    recompute();
  });
  provider.on('sync', (synced: boolean) => {
    if (synced) resolveSynced();
    recompute();
  });
  provider.on('connection-close', () => recompute());
  provider.on('closed', ({ code }) => {
    refused = { code, message: refusalMessage(code) };
    recompute();
  });
  window.addEventListener('online', recompute);
  window.addEventListener('offline', recompute);
  // Attempts keep counting while the server is away; look again now and then.
  const poll = window.setInterval(recompute, 1000);

  const whenLoadedLocally = local.whenSynced.then(
    () => undefined,
    () => undefined,
  );

  return {
    boardId,
    role,
    doc,
    awareness: provider.awareness,
    undoManager,
    getStatus: () => status,
    subscribeStatus(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    whenLoadedLocally,
    whenSynced,
    setPresence(user) {
      provider.awareness.setLocalStateField('user', user);
    },
    destroy() {
      window.clearInterval(poll);
      window.removeEventListener('online', recompute);
      window.removeEventListener('offline', recompute);
      undoManager?.destroy();
      provider.destroy();
      void local.destroy();
      unwatchBoard(doc);
      doc.destroy();
    },
  };
}
