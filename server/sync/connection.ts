// One client's websocket in a room: its role, the limits applied to what it sends and to what is
// queued for it, and the awareness client ids it has claimed.
import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import type { RemoteOrigin } from '../../shared/board/origins';
import { CloseCode, type Role } from '../../shared/protocol';
import { directWriterFor, type BroadcastMessage, type DirectWrite } from './broadcast';

export interface ConnectionLimits {
  maxMessagesPerSecond: number;
  maxQueuedBytes: number;
}

/** How long a closed-but-unresponsive socket may linger before it is destroyed. */
const CLOSE_GRACE_MS = 2_000;

/** Refills `rate` tokens per second up to `2 * rate`: a burst of twice the rate is allowed. */
class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private readonly capacity: number;
  constructor(private readonly rate: number) {
    this.capacity = rate * 2;
    this.tokens = this.capacity;
  }
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

let nextConnectionNumber = 1;

/**
 * A client connection. It is also the transaction origin of every update it sends, so the room's
 * update handler knows whom not to echo to and storage can tell a peer's edit from a replay.
 */
export class Connection implements RemoteOrigin {
  readonly kind = 'remote' as const;
  readonly detail: string;
  /** Awareness client ids this connection announced first; it may speak only for these. */
  readonly claimedClientIds = new Set<number>();
  /** Frames received before the room finished loading, handled in order once it has. */
  readonly inbox: Uint8Array[] = [];
  inboxBytes = 0;
  closed = false;
  /** Some of its updates were refused while the board was closed: asked for them on reopening. */
  missedWrites = false;
  /** Whether a refusal because the board is closed was logged (once per connection). */
  refusalLogged = false;
  private readonly bucket: TokenBucket;
  /** Writes pre-framed broadcasts to this socket (null: always through ws.send). */
  private readonly directWrite: DirectWrite | null;

  constructor(
    readonly socket: WebSocket,
    readonly role: Role,
    /** Whether this connection's document updates are applied (its role may write this document). */
    readonly canWrite: boolean,
    readonly limits: ConnectionLimits,
    readonly log: FastifyBaseLogger,
  ) {
    this.detail = `c${nextConnectionNumber++}`;
    this.bucket = new TokenBucket(limits.maxMessagesPerSecond);
    this.directWrite = directWriterFor(socket);
  }

  /** Counts one incoming message against the rate limit; false when over it. */
  admit(): boolean {
    return this.bucket.take();
  }

  /** Sends a frame, or drops the connection if too much is already waiting for it. */
  send(frame: Uint8Array): void {
    if (this.admitOutgoing(frame.byteLength)) this.socket.send(frame);
  }

  /**
   * Sends a message that other connections receive too, with the same limit as `send`. Its frame
   * is built once for all of them and written straight to the socket when that is safe
   * (server/sync/broadcast.ts); otherwise ws frames it.
   */
  sendBroadcast(message: BroadcastMessage): void {
    if (!this.admitOutgoing(message.payload.byteLength)) return;
    // No options object and no callback: this runs once per recipient of every broadcast.
    if (this.directWrite === null || !this.directWrite(message)) this.socket.send(message.payload);
  }

  /** Whether `byteLength` more bytes may be queued; drops the connection when not. */
  private admitOutgoing(byteLength: number): boolean {
    if (this.closed) return false;
    // A client that does not read would make us buffer every broadcast for it without end.
    // bufferedAmount counts what ws queued and what sits in the socket's buffer, direct writes included.
    if (this.socket.bufferedAmount + byteLength > this.limits.maxQueuedBytes) {
      this.close(CloseCode.slowConsumer, 'slow consumer');
      return false;
    }
    return true;
  }

  /** Closes with `code`; later frames from this connection are ignored. */
  close(code: CloseCode, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.log.info({ connection: this.detail, code, reason }, 'closing connection');
    try {
      this.socket.close(code, reason);
    } catch {
      this.socket.terminate();
      return;
    }
    // A peer that never answers the close handshake is cut off rather than waited for (ws would
    // otherwise keep the socket, and whatever is queued for it, for 30 seconds).
    const timer = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    timer.unref();
    this.socket.once('close', () => clearTimeout(timer));
  }
}
