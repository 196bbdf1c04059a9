// The one place that opens a board: its synced documents (syncedDocument.ts), the board, its
// facilitation document (phase, timer, vote settings: written by the facilitator only, read by
// everyone) and, for a person, their private drafts (seen by nobody else until the reveal), loaded from this browser's copy first and then connected; the honest connection status
// derived from both (connectionStatus.ts); presence; and undo history. When the server says the
// board was deleted, its copy leaves this browser too.
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { LOCAL_ORIGIN, undoScope } from '../../../shared/board';
import { readFacilitation, subscribeFacilitation } from '../../../shared/facilitation';
import type { BoardId } from '../../../shared/ids';
import { CloseCode, canWrite, canWriteDocument, draftsDocument, parsePersonalToken, type Role } from '../../../shared/protocol';
import { markBoot } from '../services/bootMarks';
import { deleteLocalCopy } from '../services/localCopy';
import { findKnownBoard } from '../services/storage';
import { deriveConnectionStatus, sameStatus, type ConnectionStatus } from './connectionStatus';
import type { Refusal } from './reconnect';
import { SyncedDocument } from './syncedDocument';
import { unwatchBoard, watchBoard } from './useBoardValue';
import { WriterIds } from './writerIds';

export type { ChangesState, ConnectionStatus } from './connectionStatus';
export type { Refusal } from './reconnect';

/** A browser whose IndexedDB does not answer opens the board without its copy after this long. */
const LOCAL_LOAD_TIMEOUT_MS = 3_000;
/** A board with no copy in this browser whose server has not answered by then shows without it. */
const SHOW_UNSYNCED_AFTER_MS = 2_000;
/** "Slow" confirmations and the browser's network state change without an event: look this often. */
const STATUS_POLL_MS = 1_000;

/** Presence a peer advertises through awareness. */
export interface PresenceUser {
  name: string;
  color: string;
  voterId: string;
  role: Role;
  /** This page is a room screen (projector view); the server then lists it as "Room screen". */
  roomScreen?: true;
}

export interface OpenBoardOptions {
  /** Called once the board is known to be deleted and its copy is removed from this browser. */
  onDeleted?: () => void;
  /** The server says this person's role or name changed (CloseCode.identityChanged): ask who we are now. */
  onIdentityChanged?: () => void;
}

/** An open board; whoever opened it destroys it when the board is closed. */
export class BoardConnection {
  /** The board document. */
  readonly doc: Y.Doc;
  /** The facilitation document (shared/facilitation): only the facilitator's edits are applied. */
  readonly facilitation: Y.Doc;
  readonly awareness: Awareness;
  /** Null for viewers, who cannot edit. */
  readonly undoManager: Y.UndoManager | null;
  /** Resolves once this browser's saved copy of the board is loaded (or there is none, or it cannot be read). */
  readonly whenLoadedLocally: Promise<void>;
  /** Resolves the first time the server's copy of the board has been merged in. */
  readonly whenSynced: Promise<void>;
  /** Resolves once the board has something to show: the server's copy, or this browser's copy of
   * it, or with none (once that is known) the server's refusal, or SHOW_UNSYNCED_AFTER_MS without
   * an answer. */
  readonly whenReadyToShow: Promise<void>;

  /**
   * This person's private drafts ("Write privately first"; docs/protocol.md "Private drafts"):
   * only they and the server see it. Null for a bare link or a viewer, who are nobody's drafts.
   */
  readonly drafts: Y.Doc | null;

  /** The Yjs client ids this browser writes the board under (writerIds.ts): never its presence's. */
  private readonly writers: WriterIds;
  private readonly unsubscribeAuthors: () => void;
  private readonly board: SyncedDocument;
  private readonly facilitationDocument: SyncedDocument;
  private readonly draftsDocument: SyncedDocument | null;
  private status: ConnectionStatus = { state: 'connecting', unsent: 0, keptOnDevice: false };
  private readonly listeners = new Set<() => void>();
  private readonly poll: number;
  private forgetting = false;
  /** Shows the board at once (the server refused it: the page says why). */
  private showNow: () => void = () => undefined;
  private destroyed = false;

  constructor(
    readonly boardId: BoardId,
    token: string,
    readonly role: Role,
    private options: OpenBoardOptions = {},
  ) {
    const common = { boardId, token, onChange: this.recompute, onRefused: this.onRefused };
    this.board = new SyncedDocument({ ...common, document: 'board', writes: canWrite(role), countsChanges: canWrite(role) });
    // The status counts the board's changes (what people type); the facilitation document's are
    // the facilitator's clicks, shown to everyone by the phase and timer themselves.
    this.facilitationDocument = new SyncedDocument({
      ...common,
      document: 'facilitation',
      writes: canWriteDocument(role, 'facilitation'),
      countsChanges: false,
    });
    // Kept in this browser like the board (written offline, sent when the server is back); a refusal
    // of it (someone else's token, say) stops only it, never the board.
    const personal = parsePersonalToken(token);
    this.draftsDocument =
      personal && canWrite(role)
        ? new SyncedDocument({
            boardId,
            token,
            document: draftsDocument(personal.personId),
            writes: true,
            countsChanges: false,
            onChange: () => undefined,
            onRefused: (reason) => this.draftsDocument?.refuse(reason),
          })
        : null;
    this.doc = this.board.doc;
    this.facilitation = this.facilitationDocument.doc;
    this.drafts = this.draftsDocument?.doc ?? null;
    watchBoard(this.doc);
    this.awareness = this.board.provider.awareness;
    // Set up before anything can write: the local copy is applied asynchronously, after this.
    this.writers = new WriterIds(this.doc);
    // The socket reconnects by itself with the new role; the page learns it from the session.
    this.board.provider.on('connection-close', (event) => {
      if (event?.code === CloseCode.identityChanged) this.options.onIdentityChanged?.();
    });
    this.whenSynced = this.board.whenSynced;
    this.undoManager = canWrite(role)
      ? new Y.UndoManager(undoScope(this.doc), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 600 })
      : null;
    // Whether the board shows authors decides which id writes go under; when that changes, undo
    // history goes (redo would write again, under the new id, what was written under the old one).
    const followAuthors = () => {
      if (this.writers.setShowsAuthors(readFacilitation(this.facilitation).showAuthors)) this.undoManager?.clear();
    };
    followAuthors();
    this.unsubscribeAuthors = subscribeFacilitation(this.facilitation, followAuthors);

    window.addEventListener('online', this.recompute);
    window.addEventListener('offline', this.recompute);
    this.poll = window.setInterval(this.recompute, STATUS_POLL_MS);

    // The local copies first (the board shows at once, even with no server), then the network.
    // A board this browser has never opened (a first visit) has no copy here to wait for: its
    // websocket opens at once, alongside the opening of the copy (100-400 ms on a first visit,
    // whose answers wait for the page's busy thread), which then keeps what the server sends.
    const documents = [this.board, this.facilitationDocument, ...(this.draftsDocument ? [this.draftsDocument] : [])];
    if (!findKnownBoard(boardId)) void this.board.connect(false);
    this.whenLoadedLocally = Promise.race([
      Promise.all(documents.map((d) => d.whenLoadedLocally)).then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), LOCAL_LOAD_TIMEOUT_MS)),
    ]).then(async (kept) => {
      markBoot('loaded-locally');
      // The board first: a browser opens one websocket to a host at a time (Chromium queues the
      // others until it is open), and the board is what the page waits for.
      await this.board.connect(kept);
      await Promise.all(documents.slice(1).map((d) => d.connect(kept)));
      this.recompute();
    });
    void this.whenSynced.then(() => markBoot('board-synced'));
    // With no copy in this browser (a first visit), the board shows once the server's copy is in:
    // drawn empty first, it would be drawn twice, and the first drawing would hold up the
    // websocket's opening on the page's one thread. Refused or slow, it shows as it is.
    // The server's copy shows as soon as it is in, even before this browser's copy has opened (a
    // first visit, whose websocket does not wait for it: the copy's opening waits for the page's
    // thread, busy with the app's start, and would hold up the board).
    const showable = this.whenLoadedLocally.then(() => {
      if (this.doc.store.clients.size > 0) return;
      return Promise.race([
        this.whenSynced,
        new Promise<void>((resolve) => (this.showNow = resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, SHOW_UNSYNCED_AFTER_MS)),
      ]);
    });
    this.whenReadyToShow = Promise.race([showable, this.whenSynced]);
  }

  /** What the page showing the board is told (set by whoever holds it now: a connection may be
   * opened before its page, useBoardConnection). */
  setHandlers(options: OpenBoardOptions): void {
    this.options = options;
  }

  readonly getStatus = (): ConnectionStatus => this.status;

  readonly subscribeStatus = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  };

  setPresence(user: PresenceUser): void {
    this.awareness.setLocalStateField('user', user);
  }

  /**
   * Runs `write` on the board under the id kept for records that name this person (their entry
   * among the participants, their "I'm done" marks), never the one their anonymous notes go under.
   */
  writeNamed<T>(write: () => T): T {
    return this.writers.asNamed(write);
  }

  destroy(): void {
    this.destroyed = true;
    window.clearInterval(this.poll);
    window.removeEventListener('online', this.recompute);
    window.removeEventListener('offline', this.recompute);
    this.undoManager?.destroy();
    this.unsubscribeAuthors();
    this.writers.destroy();
    unwatchBoard(this.doc);
    this.board.destroy();
    this.facilitationDocument.destroy();
    this.draftsDocument?.destroy();
  }

  private readonly recompute = (): void => {
    // Called from the documents' constructors too, before both exist.
    if (this.destroyed || !this.board || !this.facilitationDocument) return;
    const next = deriveConnectionStatus(this.board.syncState(), this.facilitationDocument.syncState(), {
      online: navigator.onLine,
      now: Date.now(),
    });
    if (sameStatus(next, this.status)) return;
    this.status = next;
    for (const l of [...this.listeners]) l();
  };

  /** A refusal of either document stops both; a deleted board leaves this browser. */
  private readonly onRefused = (reason: Refusal): void => {
    this.showNow();
    this.board.refuse(reason);
    this.facilitationDocument.refuse(reason);
    if (reason !== 'deleted' || this.forgetting) return;
    // The facilitator deleted the board: its content leaves this browser too. What is on
    // screen stays until the page is left, so nobody loses sight of it mid-sentence.
    this.forgetting = true;
    this.draftsDocument?.refuse(reason);
    const copies = [this.board, this.facilitationDocument, ...(this.draftsDocument ? [this.draftsDocument] : [])];
    void Promise.all(copies.map((d) => d.forgetLocalCopy()))
      .catch(() => undefined)
      .then(() => deleteLocalCopy(this.boardId))
      .then(() => this.options.onDeleted?.());
  };
}

/** Opens a board with a token; the caller destroys it when the board is closed. */
export function openBoard(boardId: BoardId, token: string, role: Role, options: OpenBoardOptions = {}): BoardConnection {
  return new BoardConnection(boardId, token, role, options);
}
