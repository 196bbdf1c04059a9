// One client's websocket in a room: its role, the budgets applied to what it sends and the limit on
// what is queued for it, and the awareness client ids it has claimed.
//
// Incoming work is slowed, never refused: a connection that spends its message (or awareness)
// budget has its socket paused, so the server stops reading it and TCP pushes back on the sender,
// until the budget has refilled. Every frame that arrived is handled, in order; nothing is dropped
// and the connection stays open (y-websocket's stock provider would not come back after a 44xx).
// Outgoing work cannot be slowed that way (a broadcast is due to everyone), so a client that does
// not read is dropped with the retryable CloseCode.slowConsumer and resyncs when it reconnects.
import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import type { RemoteOrigin } from '../../shared/board/origins';
import { CloseCode, type Role } from '../../shared/protocol';
import { directWriterFor, type BroadcastMessage, type DirectWrite } from './broadcast';
import { NO_OBSERVER, type SyncObserver } from './observer';

/**
 * Who a connection is, as the server decided before the upgrade: the credential it was let in with
 * (server/auth.ts credentialKey), and the name and role its presence is stamped with.
 */
export interface ConnectionIdentity {
  credential: string;
  /** The person's id, or null for a bare link token. */
  personId: string | null;
  name: string;
  role: Role;
}

export interface ConnectionLimits {
  /** Sustained messages per second (burst twice that) before the socket is paused. */
  maxMessagesPerSecond: number;
  /** Sustained awareness messages per second (burst twice that), counted on top of the above. */
  maxAwarenessPerSecond?: number;
  /** A client with more than this already queued for it when another message is due is dropped. */
  maxQueuedBytes: number;
  /** Sustained bytes of sync answers per second (a sync step 1 costs the size of its answer). */
  maxSyncBytesPerSecond?: number;
  /** The most sync-answer bytes a connection may ask for at once (default: 2 seconds' worth). */
  syncBurstBytes?: number;
}

/** How long a closed-but-unresponsive socket may linger before it is destroyed. */
const CLOSE_GRACE_MS = 2_000;

/** Refills `rate` tokens per second up to `capacity` (default `2 * rate`). Spending may go below
 * zero: that debt is what the sender waits out before its socket is read again. */
class TokenBucket {
  private tokens: number;
  private last = performance.now();
  constructor(
    private readonly rate: number,
    private readonly capacity = rate * 2,
  ) {
    this.tokens = this.capacity;
  }
  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }
  /** Spends `n` tokens (one by default); false when the budget is now in debt. */
  spend(n = 1): boolean {
    this.refill();
    this.tokens -= n;
    return this.tokens >= 0;
  }
  /** Milliseconds until the budget is out of debt (0 when it is). */
  msUntilSolvent(): number {
    this.refill();
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.rate);
  }
}

/** Why a connection's socket is not being read. */
type PauseReason = 'budget' | 'loading';

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
  /** Who this connection is (set by the registry; a bare link's holder when not). */
  identity: ConnectionIdentity | null = null;
  /** Whether an oversized awareness state from it was logged (once per connection). */
  awarenessRefusalLogged = false;
  private readonly messages: TokenBucket;
  private readonly awareness: TokenBucket;
  /** Bytes of sync answers (null: unlimited). */
  private readonly syncBytes: TokenBucket | null;
  private readonly pausedFor = new Set<PauseReason>();
  /** Sync answers waiting for the sync budget to refill, in the order asked. */
  private readonly deferredAnswers: Array<() => number> = [];
  private resumeTimer: NodeJS.Timeout | null = null;
  /** Writes pre-framed broadcasts to this socket (null: always through ws.send). */
  private readonly directWrite: DirectWrite | null;

  constructor(
    readonly socket: WebSocket,
    readonly role: Role,
    /** Whether this connection's document updates are applied (its role may write this document). */
    readonly canWrite: boolean,
    readonly limits: ConnectionLimits,
    readonly log: FastifyBaseLogger,
    private readonly observer: SyncObserver = NO_OBSERVER,
    /** The client's address, for the per-address connection limit. */
    readonly address = '',
  ) {
    this.detail = `c${nextConnectionNumber++}`;
    this.messages = new TokenBucket(limits.maxMessagesPerSecond);
    this.awareness = new TokenBucket(limits.maxAwarenessPerSecond ?? limits.maxMessagesPerSecond);
    this.syncBytes = limits.maxSyncBytesPerSecond
      ? new TokenBucket(limits.maxSyncBytesPerSecond, limits.syncBurstBytes ?? 2 * limits.maxSyncBytesPerSecond)
      : null;
    this.directWrite = directWriterFor(socket);
  }

  /** Counts one incoming frame against the budgets; pauses reading the socket while one is spent. */
  admit(bytes: number, isAwareness: boolean): void {
    this.observer.received(bytes);
    const withinMessages = this.messages.spend();
    const withinAwareness = isAwareness ? this.awareness.spend() : true;
    if (!withinMessages || !withinAwareness) this.pauseForBudget();
  }

  /**
   * Answers a sync request now, or, while the connection's budget of sync bytes is in debt, once it
   * has refilled (in the order asked, the socket not read meanwhile). `answer` sends the answer as
   * of when it runs and returns its size, which is charged to the budget. Nothing is dropped: a
   * client asking for the whole board again and again gets every answer, at the budget's pace.
   */
  answerSync(answer: () => number): void {
    if (this.closed) return;
    if (this.deferredAnswers.length === 0 && !this.syncInDebt()) {
      this.syncBytes?.spend(answer());
      if (this.syncInDebt()) this.pauseForBudget();
      return;
    }
    this.deferredAnswers.push(answer);
    this.pauseForBudget();
  }

  private syncInDebt(): boolean {
    return this.syncBytes !== null && this.syncBytes.msUntilSolvent() > 0;
  }

  /** Sends deferred sync answers while the budget allows. */
  private answerDeferred(): void {
    while (this.deferredAnswers.length > 0 && !this.syncInDebt() && !this.closed) {
      this.syncBytes?.spend(this.deferredAnswers.shift()!());
    }
  }

  /** Stops reading the socket until `resume(reason)` (frames already read still arrive). */
  pause(reason: PauseReason): void {
    if (this.closed) return;
    if (this.pausedFor.size === 0) this.socket.pause();
    this.pausedFor.add(reason);
  }

  /** Reads the socket again once no reason to pause is left. */
  resume(reason: PauseReason): void {
    if (!this.pausedFor.delete(reason)) return;
    if (this.pausedFor.size === 0 && !this.closed) this.socket.resume();
  }

  /** Whether the socket is paused because its sender spent its budget. */
  get isThrottled(): boolean {
    return this.pausedFor.has('budget');
  }

  private pauseForBudget(): void {
    if (this.resumeTimer !== null || this.closed) return;
    this.observer.paused();
    this.pause('budget');
    const check = () => {
      this.answerDeferred();
      const wait = Math.max(this.messages.msUntilSolvent(), this.awareness.msUntilSolvent(), this.syncBytes?.msUntilSolvent() ?? 0);
      if ((wait > 0 || this.deferredAnswers.length > 0) && !this.closed) {
        this.resumeTimer = setTimeout(check, Math.max(wait, 1));
        return;
      }
      this.resumeTimer = null;
      this.resume('budget');
    };
    check();
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

  /** Bytes waiting to be written to this client. */
  get queuedBytes(): number {
    return this.socket.bufferedAmount;
  }

  /**
   * Whether a message may be queued; drops the connection when more than the limit already waits.
   * The check is on what waits before this message, so any one message (a newcomer's first sync of
   * a board as large as MAX_BOARD_BYTES) is always sent to a client that keeps up.
   */
  private admitOutgoing(byteLength: number): boolean {
    if (this.closed) return false;
    // A client that does not read would make us buffer every broadcast for it without end.
    // bufferedAmount counts what ws queued and what sits in the socket's buffer, direct writes included.
    if (this.socket.bufferedAmount > this.limits.maxQueuedBytes) {
      this.observer.refused('slow_consumer');
      this.close(CloseCode.slowConsumer, 'slow consumer');
      return false;
    }
    this.observer.sent(byteLength);
    return true;
  }

  /** Closes with `code`; later frames from this connection are ignored. */
  close(code: CloseCode, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.resumeTimer !== null) clearTimeout(this.resumeTimer);
    this.resumeTimer = null;
    // Read again, so that the client's answer to our close frame is seen (frames are ignored now).
    if (this.pausedFor.size > 0) {
      this.pausedFor.clear();
      this.socket.resume();
    }
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

  /** The socket closed (by either side): stop any timer. */
  dispose(): void {
    this.closed = true;
    if (this.resumeTimer !== null) clearTimeout(this.resumeTimer);
    this.resumeTimer = null;
  }
}
