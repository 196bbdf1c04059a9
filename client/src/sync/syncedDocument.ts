// One document of a board kept in sync: its Y.Doc, its copy in this browser (IndexedDB, so nothing
// typed is lost when the network or the server is away), its y-websocket provider, reconnected on
// our own schedule (reconnect.ts), and the count of this person's changes the server has not
// confirmed (delivery.ts), kept with the local copy so that a page reloaded offline still knows
// it. A board opens two (connection.ts): the board document and its facilitation document.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { BoardId } from '../../../shared/ids';
import { NON_RETRYABLE_CLOSE_CODES, WS_PREFIX, roomName, type DocumentName } from '../../../shared/protocol';
import { UNSENT_KEY, localCopyName } from '../services/localCopy';
import type { DocumentSyncState } from './connectionStatus';
import { DeliveryTracker } from './delivery';
import { LocalWriteBatch } from './localBatch';
import { OutgoingBatch } from './outgoingBatch';
import { Reconnector, checkBoardAccess, type Refusal } from './reconnect';

export interface SyncedDocumentOptions {
  boardId: BoardId;
  document: DocumentName;
  token: string;
  /** This browser's role may write the document (otherwise its edits never leave this tab). */
  writes: boolean;
  /** Count this person's changes until the server confirms them (shown as "unsent"). */
  countsChanges: boolean;
  /** Anything the status depends on changed. */
  onChange(): void;
  /** The server refused the document for good. */
  onRefused(reason: Refusal): void;
}

/** Websocket origin of the server that served this page. */
function websocketBase(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PREFIX}`;
}

/** A Y.Doc with its local copy, its websocket and its reconnection; `destroy()` releases all of it. */
export class SyncedDocument {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** Resolves the first time the server's copy has been merged in. */
  readonly whenSynced: Promise<void>;

  private readonly local: IndexeddbPersistence;
  /** Writes to `local`, a few keystrokes at a time (localBatch.ts). */
  private readonly localWrites: LocalWriteBatch;
  /** Sends this person's changes after the frame that shows them (outgoingBatch.ts). */
  private readonly outgoing: OutgoingBatch;
  private readonly reconnector: Reconnector;
  private readonly delivery: DeliveryTracker;
  private everOpened = false;
  private keptOnDevice = false;
  /** The copy in this browser was removed (the board was deleted): nothing more is saved to it. */
  private localGone = false;
  /** The unsent count last written to the local copy. */
  private savedUnsent = 0;
  private destroyed = false;
  /** connect() has started the network side. */
  private connecting = false;

  constructor(private readonly options: SyncedDocumentOptions) {
    const { boardId, document, token, writes } = options;
    this.local = new IndexeddbPersistence(localCopyName(boardId, document), this.doc);
    this.localWrites = new LocalWriteBatch(this.doc, this.local, () => this.unsentToKeep());
    this.provider = new WebsocketProvider(websocketBase(), roomName(boardId, document), this.doc, {
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
    this.outgoing = new OutgoingBatch(this.doc, this.provider);
    this.delivery = new DeliveryTracker(this.provider, this.doc, {
      tracksChanges: options.countsChanges,
      beforeAsk: this.outgoing.flush,
      notLocal: new Set<unknown>([this.provider, this.local]),
      onChange: this.onDeliveryChange,
      onStalled: () => this.reconnector.reconnectNow(),
    });
    this.reconnector = new Reconnector({
      provider: this.provider,
      checkAccess: () => checkBoardAccess(boardId, token),
      onChange: options.onChange,
      onRefused: options.onRefused,
    });
    let resolveSynced!: () => void;
    this.whenSynced = new Promise<void>((resolve) => (resolveSynced = resolve));
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') this.everOpened = true;
      options.onChange();
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) resolveSynced();
      options.onChange();
    });
  }

  /** Resolves once the copy in this browser is loaded into the doc (or there was none). */
  get whenLoadedLocally(): Promise<unknown> {
    return this.local.whenSynced;
  }

  /** The copy in this browser is loaded (`kept`), or could not be read in time: picks up the
   * unsent count saved with it, then connects. Called again once connected (a first visit
   * connects before its copy has opened, with `kept` false), it only records whether the copy is
   * kept now. */
  async connect(kept: boolean): Promise<void> {
    if (this.destroyed) return;
    if (this.connecting) {
      this.keptOnDevice = kept;
      this.saveUnsent();
      this.options.onChange();
      return;
    }
    this.keptOnDevice = kept;
    if (kept && this.options.countsChanges) {
      const saved: unknown = await this.local.get(UNSENT_KEY).catch(() => 0);
      if (typeof saved === 'number' && saved > 0 && !this.destroyed) {
        this.savedUnsent = saved;
        this.delivery.carryOver(saved);
      }
    }
    if (this.destroyed || this.connecting) return;
    this.connecting = true;
    this.saveUnsent();
    this.reconnector.start();
  }

  /** Stops for good (the server refused the board on the other document's socket). */
  refuse(reason: Refusal): void {
    this.reconnector.refuse(reason);
  }

  /** Removes this document's copy from this browser (the board was deleted); nothing more is saved to it. */
  async forgetLocalCopy(): Promise<void> {
    if (this.localGone) return;
    this.localGone = true;
    this.localWrites.discard();
    await this.local.destroy();
  }

  /** What the connection status needs to know of this document. */
  syncState(): DocumentSyncState {
    return {
      connected: this.provider.wsconnected,
      synced: this.provider.synced,
      everOpened: this.everOpened,
      refusal: this.reconnector.refusal,
      failures: this.reconnector.failures,
      serverUnreachable: this.reconnector.serverUnreachable,
      unsent: this.delivery.unsent,
      unsentSince: this.delivery.unsentSince,
      keptOnDevice: this.keptOnDevice && !this.localGone,
    };
  }

  destroy(): void {
    // What is waiting to be kept in this browser (the unsent count with it) is stored first.
    if (!this.localGone) this.localWrites.close();
    this.outgoing.close();
    this.destroyed = true;
    this.reconnector.destroy();
    this.delivery.destroy();
    this.provider.destroy();
    if (!this.localGone) void this.local.destroy().catch(() => undefined);
    this.doc.destroy();
  }

  private readonly onDeliveryChange = (): void => {
    this.saveUnsent();
    this.options.onChange();
  };

  // How many changes are unsent is kept with the local copy (written with the changes themselves,
  // localBatch.ts), so that a page reloaded offline still says how many are waiting.
  private saveUnsent(): void {
    if (this.destroyed || this.localGone || !this.keptOnDevice || this.delivery.unsent === this.savedUnsent) return;
    this.localWrites.soon();
  }

  /** The unsent count, if it changed since it was last kept in this browser. */
  private unsentToKeep(): Array<[string, unknown]> {
    const unsent = this.delivery.unsent;
    if (this.destroyed || this.localGone || !this.keptOnDevice || unsent === this.savedUnsent) return [];
    this.savedUnsent = unsent;
    return [[UNSENT_KEY, unsent]];
  }
}
