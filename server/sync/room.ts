// A Room is one loaded board document: its Y.Doc, its awareness, and the connections editing it.
//
// Invariants:
// - The document is loaded completely from storage before any client is answered; frames that
//   arrive meanwhile wait in their connection's inbox (the reference server's race, y-websocket #81).
//   A board room (and a person's drafts room) also waits for its facilitation room (below) to be loaded.
// - A room stays loaded while it has a connection or a hold (the server's own use: a board room
//   holding its facilitation room, a server-side write); it is released after the last of either
//   goes, once its writes are stored.
// - An update reaches other clients only after storage has made it durable: whatever a client has
//   seen survives a crash of the server. A sync step 2 reply, which carries the whole document,
//   likewise waits for the writes applied before it was computed.
// - Permissions are per connection: a connection whose role may not write this document has its
//   updates dropped, and every connection speaks in awareness only for client ids it claimed.
// - Presence cannot lie: the `user` of every awareness state a connection sets is replaced by the
//   server with that connection's identity (the person's name and role, presence.ts), and a client
//   id once claimed by one person (credential) can be claimed again, after its connection left,
//   only by the same person: a reconnecting person's presence cannot be taken over.
// - A closed board is read-only: a board room holds its board's facilitation room for as long as it
//   is loaded, and while that document says the phase is `closed` no client's update is applied
//   here (dropped as a viewer's are; the connection stays open). The gate is on whole connections'
//   writes, decided per update from the facilitation document; the updates' content is never
//   inspected. Server-side writes (SERVER_ORIGIN) and the facilitation document itself (written by
//   the facilitator, who reopens the board there) are not gated. When the board is reopened, every
//   connection whose updates were dropped is sent a sync step 1, so that what it kept is applied now
//   rather than at its next reconnection (its later updates would depend on it).
// - With other server instances (RoomOptions.peers), what this room stores is announced to them and
//   what they stored is applied here with INSTANCE_ORIGIN: broadcast to this room's clients, never
//   stored again. Compaction then goes only up to what the link knows is applied without a gap.
// - Bounded work: a document never grows past `maxDocumentBytes` through a client (the writer is
//   refused with CloseCode.boardTooLarge, final); the whole document's encoding, what every
//   newcomer asks for, is made once per document version and then only copied; awareness states
//   over `maxAwarenessStateBytes` are dropped.
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { FastifyBaseLogger } from 'fastify';
import { migrateBoard, schemaVersionOf } from '../../shared/board/migrations';
import { INSTANCE_ORIGIN, SERVER_ORIGIN, STORAGE_ORIGIN, type TransactionOrigin } from '../../shared/board/origins';
import { adoptBoardVoteSettings, isClosed } from '../../shared/facilitation';
import { exhaustiveSwitchError } from '../../shared/exhaustive';
import { CloseCode, MessageType } from '../../shared/protocol';
import { applyStored, type DamagedPart } from '../storage/document';
import type { BoardStore, DocumentKey } from '../storage/types';
import { BroadcastMessage } from './broadcast';
import { Connection } from './connection';
import {
  BadMessageError,
  decodeAwarenessUpdate,
  decodeMessage,
  decodeSyncStep2Payload,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from './messages';
import { NO_OBSERVER, type SyncObserver } from './observer';
import type { PeerRoom, RoomPeers } from './peers';
import { stampPresence } from './presence';

/** The board schema version that moved vote settings to the facilitation document (see load()). */
const VOTE_SETTINGS_MOVED_IN = 3;

/** Where a write to a room's document came from: one of the shared origins, a client's being its
 * Connection. Every applyUpdate and transact on a room's document passes one of these. */
type RoomOrigin = TransactionOrigin<Connection>;

/**
 * A room left by everyone folds its log into a snapshot once the log holds this many updates
 * (fewer than `compactAfterUpdates`): whoever opens the board next, often someone following the
 * review's link later, reads one snapshot instead of merging hundreds of small updates. Merging
 * 400 of them costs 30 ms on the test machine, several times that while a browser loads beside it.
 */
const COMPACT_ON_RELEASE_AFTER = 32;

/** A connection may speak in awareness for this many client ids (a client normally uses one). */
const MAX_CLAIMED_CLIENT_IDS = 4;

export interface RoomOptions {
  store: BoardStore;
  /** Fold the log into a snapshot once it holds this many updates. */
  compactAfterUpdates: number;
  /** Bytes held in one connection's inbox while the room loads before its socket is paused. */
  maxQueuedBytes: number;
  /** Largest size (bytes of its encoded state) a client's change may bring the document to. */
  maxDocumentBytes?: number;
  /** Largest awareness state (JSON bytes) accepted from a client. */
  maxAwarenessStateBytes?: number;
  /** Counts what happens here (metrics); nothing when absent. */
  observer?: SyncObserver;
  log: FastifyBaseLogger;
  /** Called once the room has released everything; the registry forgets it. */
  onReleased: (room: Room) => void;
  /** Links the room to the same document on other server instances (REDIS_URL). */
  peers?: (room: PeerRoom) => RoomPeers;
  /**
   * For a board document or a person's drafts document: its board's facilitation room. The room
   * holds it while loaded, answers no client before it has loaded, and applies no client's update
   * while it says the board is closed.
   */
  facilitation?: Room;
  /** For a board document: what the server does around it besides syncing (server/ballots.ts). */
  hooks?: () => readonly BoardRoomHooks[];
  /** Told after each update of this document is stored (the library's indexer listens). */
  onStored?: (key: DocumentKey) => void;
}

/**
 * What the server does around a board room besides syncing it: ballots kept by the server are
 * published into the board document at the reveal, and the roots it alone writes are put back
 * when a client's update touches them (server/ballots.ts).
 */
export interface BoardRoomHooks {
  /** The board room has loaded (with its facilitation room). */
  loaded(room: Room): void;
  /** The board's facilitation document changed; `origin` is where the change came from. */
  facilitationChanged(room: Room, origin: unknown): void;
  /** Roots of the board document only the server writes. */
  readonly serverRoots: readonly string[];
  /** A client's update changed one of `serverRoots` (it is stored and sent on like any update). */
  serverRootTouched(room: Room): void;
}

type RoomState = 'loading' | 'ready' | 'closed';

export class Room implements PeerRoom {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  private state: RoomState = 'loading';
  /** Which connection claimed each awareness client id. */
  private readonly awarenessOwners = new Map<number, Connection>();
  /** The credential that first claimed each awareness client id here: only it may claim the id again. */
  private readonly awarenessHolders = new Map<number, string>();
  /** Settles after the last requested write has been stored (and its update broadcast). */
  private lastWrite: Promise<void> = Promise.resolve();
  private pendingWrites = 0;
  /** Highest sequence number stored for this document that the Y.Doc contains. */
  private durableSeq = 0;
  /** Updates logged since the last snapshot. */
  private logLength = 0;
  private compacting: Promise<void> | null = null;
  /** Settles when the document is loaded (or failed to load). */
  readonly loaded: Promise<void>;
  /** The other instances with this document loaded, when there are any. */
  private readonly peers: RoomPeers | null;
  /** Server-side holds (see `hold`): the room is not released while any is taken. */
  private holds = 0;
  /** The facilitation room this board room holds (null for other documents). */
  readonly facilitation: Room | null;
  private readonly releaseFacilitation: (() => void) | null;
  /** The sync step 2 of the whole document at its current version (null: changed since). */
  private fullSync: BroadcastMessage | null = null;
  /** Bytes of the document's encoded state: exact after each full encoding, then grown by the
   * size of each update applied (an upper bound: deletions are not subtracted until the next). */
  private documentBytes = 0;
  private readonly observer: SyncObserver;

  constructor(
    readonly key: DocumentKey,
    private readonly options: RoomOptions,
  ) {
    // The server speaks for no one in awareness.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocumentUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.observer = options.observer ?? NO_OBSERVER;
    this.peers = options.peers?.(this) ?? null;
    this.facilitation = options.facilitation ?? null;
    this.releaseFacilitation = this.facilitation?.hold() ?? null;
    this.facilitation?.doc.on('update', this.onFacilitationUpdate);
    if (this.facilitation) this.doc.on('afterTransaction', this.onAfterTransaction);
    this.loaded = this.load();
  }

  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  /** Adds a connection. Its frames must be passed to `receive` from now on, in order. */
  join(conn: Connection): void {
    this.connections.add(conn);
    if (this.state === 'ready') this.welcome(conn);
  }

  /** Handles one frame from `conn` (queued while the room loads). */
  receive(conn: Connection, data: Uint8Array, isBinary: boolean): void {
    if (conn.closed || this.state === 'closed') return;
    // Over its budget, the sender is slowed down (its socket paused), and this frame still handled.
    conn.admit(data.byteLength, data[0] === MessageType.awareness);
    if (!isBinary) {
      conn.close(CloseCode.badMessage, 'text frame');
      return;
    }
    if (this.state === 'loading') {
      conn.inbox.push(data);
      conn.inboxBytes += data.byteLength;
      // Stop reading it until the room is loaded; what was read meanwhile is kept.
      if (conn.inboxBytes > this.options.maxQueuedBytes) conn.pause('loading');
      return;
    }
    this.handle(conn, data);
  }

  /**
   * Keeps the room loaded, as a connection would, until the returned function is called (only the
   * first call counts). For the server's own use of a document: nothing is sent to a hold.
   */
  hold(): () => void {
    this.holds++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.holds--;
      if (this.isIdle && this.state === 'ready') void this.releaseWhenIdle();
    };
  }

  /** Neither a connection nor a hold keeps the room loaded. */
  private get isIdle(): boolean {
    return this.connections.size === 0 && this.holds === 0;
  }

  /** Whether clients' updates are refused now: the board's facilitation document says it is closed. */
  get refusesClientWrites(): boolean {
    return this.facilitation !== null && isClosed(this.facilitation.doc);
  }

  /** Removes a connection whose socket closed; releases the room after the last one. */
  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    conn.dispose();
    if (conn.claimedClientIds.size > 0) {
      const ids = [...conn.claimedClientIds];
      for (const id of ids) this.awarenessOwners.delete(id);
      awarenessProtocol.removeAwarenessStates(this.awareness, ids, conn);
    }
    if (this.isIdle && this.state === 'ready') void this.releaseWhenIdle();
  }

  /** Awareness client ids that connections to this server speak for. */
  localAwarenessClients(): number[] {
    return [...this.awarenessOwners.keys()];
  }

  /** Whether a connection to this server speaks for `clientId` in awareness. */
  ownsAwarenessClient(clientId: number): boolean {
    return this.awarenessOwners.has(clientId);
  }

  /** Closes every connection with `code`, waits for pending writes, and releases the room. */
  async close(code: CloseCode, reason: string): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const conn of this.connections) conn.close(code, reason);
    await this.loaded;
    await this.settled();
    this.release();
  }

  /** Resolves when every write requested so far is stored, and any compaction has finished. */
  async settled(): Promise<void> {
    await this.lastWrite;
    await this.compacting;
  }

  // --- loading ---------------------------------------------------------------------------------

  private async load(): Promise<void> {
    let storedSchemaVersion: number;
    try {
      // Hear the other instances first: whatever they store after the read below reaches us.
      await this.peers?.listening();
      // A board room's facilitation room loads meanwhile (the registry created it first).
      const [stored] = await Promise.all([this.options.store.loadDocument(this.key), this.facilitation?.loaded]);
      if (this.facilitation && !this.facilitation.isReady && this.state !== 'closed') {
        // Without it the closed-board rule could not be kept.
        throw new Error('the facilitation document did not load');
      }
      applyStored(this.doc, stored, STORAGE_ORIGIN, this.logDamaged);
      // Before the migrations below change it: what the stored board said it was.
      storedSchemaVersion = schemaVersionOf(this.doc);
      this.durableSeq = stored.lastSeq;
      this.logLength = stored.updates.length;
      this.peers?.loaded(stored.lastSeq);
    } catch (error) {
      this.options.log.error({ err: error, boardId: this.key.boardId, document: this.key.name }, 'board failed to load');
      this.observer.error('load');
      this.state = 'closed';
      for (const conn of this.connections) conn.close(CloseCode.internalError, 'board failed to load');
      this.release();
      return;
    }
    // Closed while loading (deleted, or the server is stopping): close() releases it.
    if (this.state === 'closed') return;
    this.state = 'ready';
    // A board stored by an older Debrief is brought up to the current layout once, here, before
    // anyone sees it; the migration is stored and broadcast like any other update.
    if (this.key.name === 'board' && !migrateBoard(this.doc, SERVER_ORIGIN)) {
      this.options.log.warn({ boardId: this.key.boardId }, 'board was written by a newer Debrief; served unchanged');
    }
    // Vote settings an older board kept in the board document move to its facilitation document
    // (stored and broadcast there like any of the facilitator's changes). Only from a board stored
    // before version 3: until then the board document was where vote settings were written. From
    // version 3 on only the facilitation document holds them, which only the facilitator writes, so
    // whatever is in the board's old map was written by a participant, who may not set them: a
    // copy would carry it where that participant cannot write (issue 16).
    if (this.key.name === 'board' && this.facilitation?.isReady && storedSchemaVersion < VOTE_SETTINGS_MOVED_IN) {
      adoptBoardVoteSettings(this.facilitation.doc, this.doc, SERVER_ORIGIN);
    }
    if (this.facilitation) for (const hooks of this.options.hooks?.() ?? []) hooks.loaded(this);
    this.maybeCompact();
    this.fullSyncMessage(); // measures the document, and the first newcomers' answer is ready
    for (const conn of this.connections) {
      this.welcome(conn);
      // Frames that arrived while loading, in their order of arrival.
      const inbox = conn.inbox.splice(0);
      conn.inboxBytes = 0;
      for (const data of inbox) this.handle(conn, data);
      conn.resume('loading');
    }
    if (this.isIdle) void this.releaseWhenIdle();
  }

  /** A damaged row does not make the board unloadable (applyStored skips it); it is logged. */
  private readonly logDamaged: DamagedPart = (error, part) => {
    const { log } = this.options;
    const where = { err: error, boardId: this.key.boardId, document: this.key.name };
    if (part === 'merge') log.error(where, 'stored updates do not merge; applying one by one');
    else log.error({ ...where, part }, 'skipping a stored update that cannot be applied');
  };

  // --- messages --------------------------------------------------------------------------------

  private welcome(conn: Connection): void {
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  private handle(conn: Connection, data: Uint8Array): void {
    if (conn.closed) return;
    try {
      const message = decodeMessage(data);
      switch (message.type) {
        case 'syncStep1': {
          // A client with nothing (a newcomer, or anyone asking again and again) gets the cached
          // encoding of the whole document: a copy, not an encode. Others get their difference
          // (which throws on a malformed state vector).
          // The answer's size is charged to the asker's budget of sync bytes: past it, later
          // answers wait (server/sync/connection.ts). A malformed state vector throws here.
          const { stateVector } = message;
          if (!isEmptyStateVector(stateVector)) Y.decodeStateVector(stateVector);
          conn.answerSync(() => this.answerSyncStep1(conn, stateVector));
          break;
        }
        case 'syncStep2':
        case 'update':
          // A viewer's client answers our sync step 1 like any other; its content is dropped.
          if (!conn.canWrite) break;
          if (this.refusesClientWrites) {
            this.refuseWrite(conn, message.type);
            break;
          }
          if (this.wouldOutgrow(message.update)) {
            this.observer.refused('board_too_large');
            conn.log.info(
              { connection: conn.detail, boardId: this.key.boardId, bytes: this.documentBytes, limit: this.options.maxDocumentBytes },
              'update refused: the document would exceed its size limit',
            );
            conn.close(CloseCode.boardTooLarge, 'board too large');
            break;
          }
          // The update is persisted and broadcast by onDocumentUpdate. A malformed one throws here.
          Y.applyUpdate(this.doc, message.update, conn);
          break;
        case 'awareness':
          this.applyAwareness(conn, message.update);
          break;
        case 'queryAwareness':
          conn.send(
            encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])),
          );
          break;
        default: {
          const unreachable: never = message;
          throw new BadMessageError(`unhandled ${String(unreachable)}`);
        }
      }
    } catch (error) {
      conn.log.info(
        { connection: conn.detail, boardId: this.key.boardId, error: error instanceof Error ? error.message : String(error) },
        'bad message',
      );
      this.observer.refused('bad_message');
      conn.close(CloseCode.badMessage, 'bad message');
    }
  }

  /** Sends the sync step 2 answering `stateVector` (once durable); returns its size. */
  private answerSyncStep1(conn: Connection, stateVector: Uint8Array): number {
    if (isEmptyStateVector(stateVector)) {
      const full = this.fullSyncMessage();
      this.whenDurable(() => conn.sendBroadcast(full));
      return full.payload.byteLength;
    }
    const frame = encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
    this.whenDurable(() => conn.send(frame));
    return frame.byteLength;
  }

  /**
   * Drops an update because the board is closed; logs it once per connection. Every client's step 2
   * answering ours counts, even one with nothing new in it: telling would mean reading the update.
   */
  private refuseWrite(conn: Connection, type: 'syncStep2' | 'update'): void {
    conn.missedWrites = true;
    if (conn.refusalLogged) return;
    conn.refusalLogged = true;
    conn.log.info(
      { connection: conn.detail, boardId: this.key.boardId, role: conn.role, message: type },
      'update refused: the board is closed',
    );
  }

  /** The sync step 2 carrying the whole document, encoded once per version of it. */
  private fullSyncMessage(): BroadcastMessage {
    if (this.fullSync === null) {
      const update = Y.encodeStateAsUpdate(this.doc);
      this.documentBytes = update.byteLength;
      this.fullSync = new BroadcastMessage(encodeSyncStep2(update));
    }
    return this.fullSync;
  }

  /**
   * Whether applying a client's `update` could take the document past its size limit. The quick
   * bound (size now + the update's bytes) settles almost every case; near the limit the document
   * is measured exactly and only what the update adds is counted.
   */
  private wouldOutgrow(update: Uint8Array): boolean {
    const limit = this.options.maxDocumentBytes;
    if (limit === undefined || this.documentBytes + update.byteLength <= limit) return false;
    // Measured exactly once per version of the document (refused updates do not change it).
    if (this.fullSync === null) {
      this.fullSyncMessage();
      if (this.documentBytes + update.byteLength <= limit) return false;
    }
    // A reconnecting client's step 2 repeats what the document has (its delete set at least).
    const news = Y.diffUpdate(update, Y.encodeStateVector(this.doc));
    return this.documentBytes + news.byteLength > limit;
  }

  /** On any change of the facilitation document: once the board is open again, ask for what was refused. */
  private readonly onFacilitationUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (this.state !== 'ready') return;
    for (const hooks of this.options.hooks?.() ?? []) hooks.facilitationChanged(this, origin);
    if (this.refusesClientWrites) return;
    const stateVector = Y.encodeStateVector(this.doc);
    for (const conn of this.connections) {
      if (!conn.missedWrites) continue;
      conn.missedWrites = false;
      // Its provider answers with a step 2 of everything this document lacks.
      conn.send(encodeSyncStep1(stateVector));
    }
  };

  /** Applies the entries of an awareness update that this connection may speak for. */
  private applyAwareness(conn: Connection, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update);
    const maxStateBytes = this.options.maxAwarenessStateBytes ?? Infinity;
    const allowed = entries.filter((entry) => {
      // Every state is sent to everyone on the board, and to every newcomer: a large one would
      // be a cheap way to make the server send a lot. Dropped; the connection stays.
      if (entry.state.length > maxStateBytes / 3 && Buffer.byteLength(entry.state) > maxStateBytes) {
        this.observer.refused('awareness_too_large');
        if (!conn.awarenessRefusalLogged) {
          conn.awarenessRefusalLogged = true;
          conn.log.info({ connection: conn.detail, boardId: this.key.boardId, bytes: Buffer.byteLength(entry.state) }, 'awareness state too large: dropped');
        }
        return false;
      }
      const owner = this.awarenessOwners.get(entry.clientId);
      if (owner === conn) return true;
      if (owner !== undefined) return false; // someone else's id: a spoof
      // y-websocket's provider echoes every awareness update it receives, so an entry for an id
      // nobody here speaks for is often an echo (of a removal, or of another instance's client):
      // only news (a state with a newer clock) claims an id.
      const known = this.awareness.meta.get(entry.clientId)?.clock ?? -1;
      if (entry.state === 'null' || entry.clock <= known) {
        // A client back after its state was removed here repeats its old clock, which everyone
        // ignores. Told it was removed, its provider speaks up again with a newer clock.
        if (entry.state !== 'null' && !this.awareness.states.has(entry.clientId)) {
          conn.send(encodeAwareness(encodeAwarenessEntries([{ clientId: entry.clientId, clock: known, state: 'null' }])));
        }
        return false;
      }
      if (conn.claimedClientIds.size >= MAX_CLAIMED_CLIENT_IDS) return false;
      // Another person's id (they are reconnecting, say): not to be taken over.
      const credential = conn.identity?.credential ?? `connection:${conn.detail}`;
      const holder = this.awarenessHolders.get(entry.clientId);
      if (holder !== undefined && holder !== credential) return false;
      this.awarenessHolders.set(entry.clientId, credential);
      this.awarenessOwners.set(entry.clientId, conn);
      conn.claimedClientIds.add(entry.clientId);
      return true;
    });
    if (allowed.length === 0) return;
    // Throws on a state that is not JSON. Every state says who the connection is, not who it claims.
    const stamped = allowed.map((entry) => ({ ...entry, state: stampPresence(entry, conn.identity, conn.role) }));
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(stamped), conn);
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = added.concat(updated, removed);
    if (changed.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    this.broadcast(encodeAwareness(update), origin);
    if (origin !== INSTANCE_ORIGIN) this.peers?.awarenessChanged(update);
  };

  /** After a client's transaction on a board document: did it touch a root only the server writes? */
  private readonly onAfterTransaction = (tr: Y.Transaction): void => {
    if (!(tr.origin instanceof Connection) || this.state !== 'ready') return;
    const all = this.options.hooks?.() ?? [];
    if (all.length === 0) return;
    // The roots the transaction changed (walking up from each changed type).
    const touched = new Set<unknown>();
    for (const type of tr.changed.keys()) {
      let t: { _item: Y.Item | null } | null = type;
      while (t?._item) t = t._item.parent as { _item: Y.Item | null } | null;
      if (t) touched.add(t);
    }
    for (const hooks of all) {
      if (hooks.serverRoots.some((name) => touched.has(this.doc.get(name)))) hooks.serverRootTouched(this);
    }
  };

  // --- persistence and broadcast ---------------------------------------------------------------

  /** Stores each change of the document, then sends it on, by where it came from. `null` (a write
   * that named no origin: a bug) is stored and sent to everyone, like the server's own. */
  private readonly onDocumentUpdate = (update: Uint8Array, origin: RoomOrigin | null): void => {
    // Any change: the cached whole-document answer is stale, and the document has grown.
    this.fullSync = null;
    this.documentBytes += update.byteLength;
    if (origin === null) {
      this.options.log.error({ boardId: this.key.boardId }, 'a document update without an origin');
      this.storeAndBroadcast(update, null);
      return;
    }
    switch (origin.kind) {
      case 'storage':
        return; // replayed from storage: already stored
      case 'instance':
        // Stored by the instance that received it (or read back from storage): only broadcast.
        this.logLength++;
        if (this.state === 'ready') this.broadcast(encodeUpdate(update), null);
        return;
      case 'remote':
        // A client's edit: everyone but its sender gets it.
        this.storeAndBroadcast(update, origin);
        return;
      case 'server':
      case 'local':
        this.storeAndBroadcast(update, null);
        return;
      default:
        exhaustiveSwitchError(origin);
    }
  };

  /** Stores an update, then (once durable) sends it to every connection but `from`. */
  private storeAndBroadcast(update: Uint8Array, from: Connection | null): void {
    const frame = encodeUpdate(update);
    this.pendingWrites++;
    const started = performance.now();
    const write = this.options.store.appendUpdates(this.key, [update]).then(
      (seq) => {
        this.observer.storeWrite((performance.now() - started) / 1000);
        this.pendingWrites--;
        if (seq > this.durableSeq) this.durableSeq = seq;
        this.logLength++;
        if (seq > 0) this.peers?.stored(seq, update);
        if (seq > 0) this.options.onStored?.(this.key);
        this.broadcast(frame, from);
        this.maybeCompact();
      },
      (error: unknown) => {
        this.pendingWrites--;
        this.options.log.error({ err: error, boardId: this.key.boardId }, 'could not store an update');
        this.observer.error('store');
        // Clients still hold the update; reconnecting makes them send it again.
        void this.close(CloseCode.internalError, 'storage failure');
      },
    );
    this.lastWrite = write;
  }

  /** Sends `frame` to every connection but `except` (its sender), framed once for all of them. */
  private broadcast(frame: Buffer, except: unknown): void {
    const message = new BroadcastMessage(frame);
    for (const conn of this.connections) if (conn !== except) conn.sendBroadcast(message);
  }

  /** Runs `send` once every write requested so far is durable (at once when none is pending). */
  private whenDurable(send: () => void): void {
    if (this.pendingWrites === 0) send();
    else void this.lastWrite.then(send);
  }

  /** Folds the log into a snapshot once it holds `atLeast` updates. */
  private maybeCompact(atLeast = this.options.compactAfterUpdates): void {
    if (this.state !== 'ready' || this.compacting) return;
    // Every update with seq <= durableSeq was applied to the doc before it was stored, so the
    // snapshot contains them all; later appends get higher numbers and stay in the log. With other
    // instances appending too, only the link knows up to where nothing is missing.
    const upToSeq = this.peers ? this.peers.appliedSeq : this.durableSeq;
    if (this.logLength < atLeast || upToSeq === 0) return;
    const folded = this.logLength;
    // The same encoding newcomers are sent: made once for both.
    const snapshot = decodeSyncStep2Payload(this.fullSyncMessage().payload);
    this.compacting = this.options.store.compact(this.key, snapshot, upToSeq).then(
      () => {
        this.logLength -= folded;
        this.compacting = null;
      },
      (error: unknown) => {
        this.compacting = null;
        this.options.log.error({ err: error, boardId: this.key.boardId }, 'compaction failed; the log is kept');
      },
    );
  }

  // --- release ---------------------------------------------------------------------------------

  private async releaseWhenIdle(): Promise<void> {
    await this.settled();
    // Someone may have joined (or held it) while the writes were being stored.
    if (!this.isIdle || this.state !== 'ready') return;
    // Whoever opens it next reads one snapshot rather than merging this log.
    this.maybeCompact(Math.min(COMPACT_ON_RELEASE_AFTER, this.options.compactAfterUpdates));
    await this.compacting;
    if (this.isIdle && this.state === 'ready') {
      this.state = 'closed';
      this.release();
    }
  }

  private released = false;
  private release(): void {
    if (this.released) return;
    this.released = true;
    this.peers?.close();
    this.facilitation?.doc.off('update', this.onFacilitationUpdate);
    this.doc.off('afterTransaction', this.onAfterTransaction);
    this.releaseFacilitation?.();
    this.doc.off('update', this.onDocumentUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    this.options.onReleased(this);
  }
}

/** Whether a state vector says "I have nothing" (a fresh client; 0 entries encode as one byte). */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 1 && stateVector[0] === 0;
}
