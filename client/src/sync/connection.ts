// The one place that opens a board: it creates the Y.Doc, keeps a copy in this browser
// (IndexedDB, so nothing typed is lost when the network or the server is away), connects the
// websocket provider (reconnecting on our own schedule: reconnect.ts), and exposes an honest
// connection status (how many of this person's changes the server has not confirmed:
// delivery.ts), presence and undo history. Beside the board it opens the board's facilitation
// document (phase, timer, vote settings: written by the facilitator only, read by everyone), kept
// and reconnected the same way.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { LOCAL_ORIGIN, undoScope } from '../../../shared/board';
import type { BoardId } from '../../../shared/ids';
import {
  NON_RETRYABLE_CLOSE_CODES,
  WS_PREFIX,
  canWrite,
  canWriteDocument,
  roomName,
  type DocumentName,
  type Role,
} from '../../../shared/protocol';
import { DeliveryTracker } from './delivery';
import { UNSENT_KEY, deleteLocalCopy, localCopyName } from '../services/localCopy';
import { Reconnector, checkBoardAccess, type Refusal } from './reconnect';
import { unwatchBoard, watchBoard } from './useBoardValue';

export type { Refusal } from './reconnect';

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

/** Failed attempts after which the server counts as unreachable rather than just reconnecting. */
const UNREACHABLE_AFTER_FAILURES = 3;
/** Changes unconfirmed for longer than this on an open connection are mentioned. */
const SLOW_CONFIRMATION_MS = 3_000;
/** A browser whose IndexedDB does not answer opens the board without its copy after this long. */
const LOCAL_LOAD_TIMEOUT_MS = 3_000;

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
  /** The facilitation document (shared/facilitation): only the facilitator's edits are applied. */
  readonly facilitation: Y.Doc;
  readonly awareness: Awareness;
  /** Null for viewers, who cannot edit. */
  readonly undoManager: Y.UndoManager | null;
  getStatus(): ConnectionStatus;
  subscribeStatus(onChange: () => void): () => void;
  /** Resolves once this browser's saved copy of the board is loaded (or there is none, or it cannot be read). */
  readonly whenLoadedLocally: Promise<void>;
  /** Resolves the first time the server's copy has been merged in. */
  readonly whenSynced: Promise<void>;
  setPresence(user: PresenceUser): void;
  destroy(): void;
}

export interface OpenBoardOptions {
  /** Called once the board is known to be deleted and its copy is removed from this browser. */
  onDeleted?: () => void;
}

/** Websocket origin of the server that served this page. */
function websocketBase(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PREFIX}`;
}

/** A y-websocket provider for one document of a board; the Reconnector makes every attempt. */
function connectDocument(doc: Y.Doc, boardId: BoardId, document: DocumentName, token: string, writes: boolean): WebsocketProvider {
  return new WebsocketProvider(websocketBase(), roomName(boardId, document), doc, {
    // The Reconnector makes every attempt, the first one included, once the local copy is loaded.
    connect: false,
    params: { token },
    // Tabs of one browser would otherwise pass updates to each other directly; a tab that may not
    // write this document must never be a way around the server's refusal of its edits.
    disableBc: !writes,
    // Only codes the server marks as final stop the retries (y-websocket's default would also give
    // up on rate limiting and other passing conditions in the 44xx range). The Reconnector reads
    // the same set; this keeps y-websocket's own bookkeeping in line with it.
    shouldReconnect: (event: CloseEvent) => !NON_RETRYABLE_CLOSE_CODES.has(event.code),
  });
}

/** Opens a board with a token; the caller destroys it when the board is closed. */
export function openBoard(boardId: BoardId, token: string, role: Role, options: OpenBoardOptions = {}): BoardConnection {
  const doc = new Y.Doc();
  watchBoard(doc);

  const local = new IndexeddbPersistence(localCopyName(boardId), doc);
  const provider = connectDocument(doc, boardId, 'board', token, canWrite(role));
  const facilitation = new Y.Doc();
  const facilitationLocal = new IndexeddbPersistence(localCopyName(boardId, 'facilitation'), facilitation);
  const facilitationProvider = connectDocument(facilitation, boardId, 'facilitation', token, canWriteDocument(role, 'facilitation'));

  const undoManager = canWrite(role)
    ? new Y.UndoManager(undoScope(doc), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 600 })
    : null;

  let destroyed = false;
  let everOpened = false;
  let keptOnDevice = false;
  /** The copy in this browser was removed (the board was deleted): nothing more is saved to it. */
  let localGone = false;
  let status: ConnectionStatus = { state: 'connecting', unsent: 0, keptOnDevice: false };
  const listeners = new Set<() => void>();

  const recompute = () => {
    if (destroyed) return;
    const changes: ChangesState = { unsent: delivery.unsent, keptOnDevice: keptOnDevice && !localGone };
    let next: ConnectionStatus;
    if (reconnector.refusal) next = { ...changes, state: 'refused', reason: reconnector.refusal };
    else if (provider.wsconnected) {
      const since = delivery.unsentSince;
      const slow = since !== null && Date.now() - since > SLOW_CONFIRMATION_MS;
      next = { ...changes, state: 'connected', synced: provider.synced, slow };
    } else if (!navigator.onLine) next = { ...changes, state: 'offline', reason: 'browser' };
    else if (reconnector.serverUnreachable || reconnector.failures >= UNREACHABLE_AFTER_FAILURES) {
      next = { ...changes, state: 'offline', reason: 'server' };
    } else if (everOpened) next = { ...changes, state: 'reconnecting' };
    else next = { ...changes, state: 'connecting' };
    if (JSON.stringify(next) !== JSON.stringify(status)) {
      status = next;
      for (const l of [...listeners]) l();
    }
    saveUnsent();
  };

  // How many changes are unsent is kept with the local copy (written as it changes, like the
  // changes themselves), so that a page reloaded offline still says how many are waiting.
  let savedUnsent = 0;
  const saveUnsent = () => {
    const unsent = delivery.unsent;
    if (destroyed || localGone || !keptOnDevice || unsent === savedUnsent) return;
    savedUnsent = unsent;
    local.set(UNSENT_KEY, unsent).catch(() => undefined);
  };

  const delivery = new DeliveryTracker(provider, doc, {
    tracksChanges: canWrite(role),
    notLocal: new Set<unknown>([provider, local]),
    onChange: recompute,
    onStalled: () => reconnector.reconnectNow(),
  });

  // The facilitation document reconnects on its own schedule and stops when the board's does.
  const facilitationReconnector = new Reconnector({
    provider: facilitationProvider,
    checkAccess: () => checkBoardAccess(boardId, token),
    onChange: () => undefined,
    onRefused: (reason) => reconnector.refuse(reason),
  });

  const reconnector = new Reconnector({
    provider,
    checkAccess: () => checkBoardAccess(boardId, token),
    onChange: recompute,
    onRefused(reason) {
      facilitationReconnector.refuse(reason);
      if (reason !== 'deleted') return;
      // The facilitator deleted the board: its content leaves this browser too. What is on
      // screen stays until the page is left, so nobody loses sight of it mid-sentence.
      localGone = true;
      void Promise.all([local.destroy(), facilitationLocal.destroy()])
        .catch(() => undefined)
        .then(() => deleteLocalCopy(boardId))
        .then(() => options.onDeleted?.());
    },
  });

  let resolveSynced!: () => void;
  const whenSynced = new Promise<void>((r) => (resolveSynced = r));

  provider.on('status', ({ status: s }) => {
    if (s === 'connected') everOpened = true;
    recompute();
  });
  provider.on('sync', (synced: boolean) => {
    if (synced) resolveSynced();
    recompute();
  });
  window.addEventListener('online', recompute);
  window.addEventListener('offline', recompute);
  // "Slow" confirmations and the browser's network state change without an event here.
  const poll = window.setInterval(recompute, 1000);

  // The local copy first (the board shows at once, even with no server), then the network.
  const whenLoadedLocally = Promise.race([
    Promise.all([local.whenSynced, facilitationLocal.whenSynced]).then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), LOCAL_LOAD_TIMEOUT_MS)),
  ]).then(async (loaded) => {
    if (destroyed) return;
    keptOnDevice = loaded;
    if (loaded) {
      const saved: unknown = await local.get(UNSENT_KEY).catch(() => 0);
      if (typeof saved === 'number' && saved > 0 && !destroyed) {
        savedUnsent = saved;
        delivery.carryOver(saved);
      }
    }
    if (destroyed) return;
    reconnector.start();
    facilitationReconnector.start();
    recompute();
  });

  return {
    boardId,
    role,
    doc,
    facilitation,
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
      destroyed = true;
      window.clearInterval(poll);
      window.removeEventListener('online', recompute);
      window.removeEventListener('offline', recompute);
      reconnector.destroy();
      facilitationReconnector.destroy();
      delivery.destroy();
      undoManager?.destroy();
      provider.destroy();
      facilitationProvider.destroy();
      if (!localGone) {
        void local.destroy().catch(() => undefined);
        void facilitationLocal.destroy().catch(() => undefined);
      }
      unwatchBoard(doc);
      doc.destroy();
      facilitation.destroy();
    },
  };
}
