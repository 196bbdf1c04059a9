// The rooms of this server: one per loaded board document, created on the first connection (or
// server-side read or write) and forgotten after the last one leaves. A board room holds its board's
// facilitation room, which decides whether clients may write (room.ts). Also reads and writes
// documents for the HTTP API, closes a board's rooms when it is deleted (here and, with other
// instances, there too), and every room when the server stops.
import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import * as Y from 'yjs';
import { STORAGE_ORIGIN } from '../../shared/board/origins';
import type { BoardId } from '../../shared/ids';
import { CloseCode, canWriteDocument, isDraftsDocument, type Role } from '../../shared/protocol';
import { documentFromStored } from '../storage/document';
import type { BoardStore, DocumentKey } from '../storage/types';
import { Connection, type ConnectionIdentity, type ConnectionLimits } from './connection';
import { NO_OBSERVER, type SyncObserver } from './observer';
import type { PeerNetwork } from './peers';
import { Room, type BoardRoomHooks } from './room';

export interface RoomRegistryOptions extends ConnectionLimits {
  store: BoardStore;
  compactAfterUpdates: number;
  log: FastifyBaseLogger;
  /** How often idle sockets are pinged; one that has not answered the previous ping is dropped. */
  heartbeatMs?: number;
  /** The other server instances sharing the store (REDIS_URL), if any. */
  peers?: PeerNetwork | null;
  /** Largest size a client's change may bring a document to (bytes of its encoded state). */
  maxDocumentBytes?: number;
  /** Largest awareness state accepted from a client (JSON bytes). */
  maxAwarenessStateBytes?: number;
  /** Bytes queued for all clients together before the largest queues are dropped. */
  maxTotalQueuedBytes?: number;
  /** Counts what happens (metrics). */
  observer?: SyncObserver;
  /** Told after each update a room stores (server/board-changes.ts). */
  onStored?: (key: DocumentKey) => void;
}

/** A server-side write could not be made: the server is stopping, or the document is gone or failed. */
export class DocumentUnavailableError extends Error {
  override readonly name = 'DocumentUnavailableError';
}

/** How often the bytes queued for all clients together are added up. */
const QUEUE_SWEEP_MS = 1_000;

/** How long shutdown waits for clients to complete the close handshake. */
const SHUTDOWN_GRACE_MS = 3_000;

const roomKey = (key: DocumentKey) => `${key.boardId}/${key.name}`;

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly sockets = new Set<WebSocket>();
  private readonly alive = new WeakSet<WebSocket>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly queueSweep: NodeJS.Timeout | null;
  private readonly connections = new Map<WebSocket, Connection>();
  /** Open connections per client address. */
  private readonly perAddress = new Map<string, number>();
  private readonly observer: SyncObserver;
  private stopping = false;
  /** What the server does around board rooms (added by the ballots and trackers plugins). */
  readonly boardHooks: BoardRoomHooks[] = [];

  constructor(private readonly options: RoomRegistryOptions) {
    // Without pings a client that vanished (no FIN) would hold its room and awareness forever.
    this.heartbeat = setInterval(() => this.ping(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
    this.observer = options.observer ?? NO_OBSERVER;
    this.queueSweep = options.maxTotalQueuedBytes ? setInterval(() => this.sweepQueues(options.maxTotalQueuedBytes!), QUEUE_SWEEP_MS) : null;
    this.queueSweep?.unref();
    // A board deleted through another instance: its connections here close the same way.
    options.peers?.onBoardClosed((boardId, code, reason, credential) =>
      credential === undefined
        ? void this.closeRooms(boardId, code as CloseCode, reason)
        : this.closeLocalConnections(boardId, credential, code as CloseCode, reason),
    );
  }

  /** Number of loaded rooms. */
  get size(): number {
    return this.rooms.size;
  }

  /** Whether the server is stopping (no connection is accepted, no write made). */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** Number of open client connections. */
  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Open connections from one client address. */
  connectionsFrom(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }

  /** The live room of a document, if it is loaded. */
  get(key: DocumentKey): Room | undefined {
    const room = this.rooms.get(roomKey(key));
    return room?.isOpen ? room : undefined;
  }

  /**
   * Puts an authorised socket into its document's room. Must be called synchronously when the
   * socket opens, so that no frame is missed while the room loads.
   */
  connect(
    socket: WebSocket,
    key: DocumentKey,
    role: Role,
    log: FastifyBaseLogger,
    identity?: ConnectionIdentity,
    address = '',
  ): Connection {
    const conn = new Connection(socket, role, canWriteDocument(role, key.name), this.options, log, this.observer, address);
    conn.identity = identity ?? { credential: `link:${role}`, personId: null, name: '', role };
    if (this.stopping) {
      conn.close(CloseCode.serviceRestart, 'server is restarting');
      return conn;
    }
    const room = this.roomFor(key);
    this.sockets.add(socket);
    this.connections.set(socket, conn);
    this.perAddress.set(address, this.connectionsFrom(address) + 1);
    this.alive.add(socket);
    socket.on('pong', () => this.alive.add(socket));
    socket.on('message', (data: Buffer, isBinary: boolean) => room.receive(conn, data, isBinary));
    socket.on('close', (code: number) => {
      this.sockets.delete(socket);
      this.connections.delete(socket);
      const left = this.connectionsFrom(address) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
      conn.dispose();
      room.leave(conn);
      log.info({ boardId: key.boardId, document: key.name, role, connection: conn.detail, code }, 'connection closed');
    });
    room.join(conn);
    log.info({ boardId: key.boardId, document: key.name, role, connection: conn.detail }, 'connection opened');
    return conn;
  }

  /** Runs `read` on a document: the live one when its room is loaded, else a copy from storage. */
  async read<T>(key: DocumentKey, read: (doc: Y.Doc) => T): Promise<T> {
    const live = this.get(key);
    if (live?.isReady) return read(live.doc);
    const stored = await this.options.store.loadDocument(key);
    // A damaged row is skipped here as when a room loads the document, not fatal to the read.
    const doc = documentFromStored(stored, STORAGE_ORIGIN, (error, part) =>
      this.options.log.error({ err: error, boardId: key.boardId, document: key.name, part }, 'skipping stored updates that cannot be applied'),
    );
    try {
      return read(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Loads a document's room if it is not loaded, and keeps it loaded `keepMs` longer: for a page
   * about to connect to it (a board's first screen, server/plugins/first-screen.ts), whose websocket
   * then finds the document loaded rather than loading it a second time. `read` then reads the live
   * document. Does nothing when the server is stopping; a room that cannot load is let go.
   */
  async keepLoaded(key: DocumentKey, keepMs: number): Promise<void> {
    if (this.stopping) return;
    const room = this.roomFor(key);
    const release = room.hold();
    setTimeout(release, keepMs).unref();
    await room.loaded;
    if (!room.isReady) release();
  }

  /**
   * Changes a document as the server: holds its room (loading it if needed), runs `write` on the
   * live document (which must transact with SERVER_ORIGIN), and resolves once the change is stored
   * and sent to the document's clients, here and on the other instances. Throws
   * DocumentUnavailableError when the server is stopping or the document could not be loaded or
   * the change stored. Closed boards do not stop it: the closed rule is about clients.
   */
  async write<T>(key: DocumentKey, write: (doc: Y.Doc) => T): Promise<T> {
    if (this.stopping) throw new DocumentUnavailableError('the server is stopping');
    const room = this.roomFor(key);
    const release = room.hold();
    try {
      await room.loaded;
      if (!room.isReady) throw new DocumentUnavailableError('the document is not available');
      const result = write(room.doc);
      await room.settled();
      // A failed append closes the room (its clients resend on reconnecting): not stored.
      if (!room.isOpen) throw new DocumentUnavailableError('the change could not be stored');
      return result;
    } finally {
      release();
    }
  }

  /** Closes every room of a board, on every instance, with `code`; waits until this one's writes are stored. */
  async closeBoard(boardId: BoardId, code: CloseCode, reason: string): Promise<void> {
    this.options.peers?.announceBoardClosed(boardId, code, reason);
    await this.closeRooms(boardId, code, reason);
  }

  /**
   * Closes, on every instance, the connections to a board that were let in with `credential`
   * (server/auth.ts credentialKey): the holders of a revoked link, or a person whose role changed.
   */
  closeConnections(boardId: BoardId, credential: string, code: CloseCode, reason: string): void {
    this.options.peers?.announceBoardClosed(boardId, code, reason, credential);
    this.closeLocalConnections(boardId, credential, code, reason);
  }

  private closeLocalConnections(boardId: BoardId, credential: string, code: CloseCode, reason: string): void {
    for (const room of this.rooms.values()) {
      if (room.key.boardId !== boardId) continue;
      for (const conn of room.connections) if (conn.identity?.credential === credential) conn.close(code, reason);
    }
  }

  /** The people of a board with a connection to this instance (by person id). */
  connectedPeople(boardId: BoardId): Set<string> {
    const people = new Set<string>();
    const room = this.get({ boardId, name: 'board' });
    for (const conn of room?.connections ?? []) if (conn.identity?.personId) people.add(conn.identity.personId);
    return people;
  }

  private async closeRooms(boardId: BoardId, code: CloseCode, reason: string): Promise<void> {
    const rooms = [...this.rooms.values()].filter((room) => room.key.boardId === boardId);
    await Promise.all(rooms.map((room) => room.close(code, reason)));
  }

  /** Stops accepting connections, closes all with `code`, and waits for every write to be stored. */
  async shutdown(code: CloseCode = CloseCode.serviceRestart): Promise<void> {
    this.stopping = true;
    clearInterval(this.heartbeat);
    if (this.queueSweep) clearInterval(this.queueSweep);
    await Promise.all([...this.rooms.values()].map((room) => room.close(code, 'server is restarting')));
    await this.options.store.flush();
    await this.socketsClosed(SHUTDOWN_GRACE_MS);
  }

  private roomFor(key: DocumentKey): Room {
    const existing = this.get(key);
    if (existing) return existing;
    // Created first, so that it loads alongside; the board room holds it until released. A person's
    // drafts room holds it too: a closed board takes no drafts either.
    const facilitation =
      key.name === 'board' || isDraftsDocument(key.name) ? this.roomFor({ boardId: key.boardId, name: 'facilitation' }) : null;
    const room = new Room(key, {
      store: this.options.store,
      compactAfterUpdates: this.options.compactAfterUpdates,
      maxQueuedBytes: this.options.maxQueuedBytes,
      ...(this.options.maxDocumentBytes ? { maxDocumentBytes: this.options.maxDocumentBytes } : {}),
      ...(this.options.maxAwarenessStateBytes ? { maxAwarenessStateBytes: this.options.maxAwarenessStateBytes } : {}),
      observer: this.observer,
      log: this.options.log,
      ...(this.options.peers ? { peers: (room) => this.options.peers!.link(room) } : {}),
      ...(facilitation ? { facilitation } : {}),
      ...(key.name === 'board' ? { hooks: () => this.boardHooks } : {}),
      ...(this.options.onStored ? { onStored: this.options.onStored } : {}),
      onReleased: (released) => {
        if (this.rooms.get(roomKey(key)) === released) this.rooms.delete(roomKey(key));
        // Released while a board room still holds it: it was closed (it failed to load or to store
        // a change). The board room cannot keep the closed-board rule without it, so it closes too;
        // its clients reconnect to a fresh pair.
        if (key.name === 'facilitation') {
          for (const room of [...this.rooms.values()]) {
            if (room.key.boardId === key.boardId && room.facilitation === released && room.isOpen) {
              void room.close(CloseCode.internalError, 'facilitation document unavailable');
            }
          }
        }
      },
    });
    this.rooms.set(roomKey(key), room);
    return room;
  }

  /**
   * Keeps the bytes queued for all clients together under `limit`: past it, the clients with the
   * most waiting are dropped (retryable: they resync when they reconnect) until it is met. A
   * queue is bounded per client too; this bounds many clients that each stay under theirs.
   */
  private sweepQueues(limit: number): void {
    let total = 0;
    for (const conn of this.connections.values()) total += conn.queuedBytes;
    if (total <= limit) return;
    const largest = [...this.connections.values()].filter((c) => !c.closed).sort((a, b) => b.queuedBytes - a.queuedBytes);
    for (const conn of largest) {
      if (total <= limit) break;
      total -= conn.queuedBytes;
      this.observer.refused('total_buffered');
      conn.close(CloseCode.slowConsumer, 'server-wide send buffer full');
    }
  }

  private ping(): void {
    for (const socket of this.sockets) {
      if (!this.alive.has(socket)) {
        socket.terminate();
        continue;
      }
      this.alive.delete(socket);
      try {
        socket.ping();
      } catch {
        socket.terminate();
      }
    }
  }

  /** Waits for open sockets to finish closing; destroys those still open after `graceMs`. */
  private async socketsClosed(graceMs: number): Promise<void> {
    const open = [...this.sockets];
    if (open.length === 0) return;
    const closed = Promise.all(open.map((s) => new Promise<void>((resolve) => {
      if (s.readyState === s.CLOSED) resolve();
      else s.once('close', () => resolve());
    })));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([closed, deadline]);
    clearTimeout(timer);
    for (const s of open) if (s.readyState !== s.CLOSED) s.terminate();
  }
}
