// Keeps a board's websocket connected, on our terms rather than y-websocket's: retries with
// exponential backoff and full jitter (backoff.ts), waits for the network while the browser is
// offline, and stops for good when the server refuses the board. The server refuses before the
// upgrade (HTTP 401/404), which a browser's WebSocket reports only as a close with 1006, the same
// as a server that is down; so after repeated failures we ask the HTTP API which it is.
import type { WebsocketProvider } from 'y-websocket';
import { CloseCode, NON_RETRYABLE_CLOSE_CODES } from '../../../shared/protocol';
import { BACKOFF_CAP_MS, ONLINE_RETRY_WINDOW_MS, failuresAfterClose, reconnectDelay } from './backoff';

/** Why the server will not let this browser into the board again. */
export type Refusal = 'deleted' | 'unauthorized' | 'revoked' | 'tooLarge';

/** What the HTTP API says about the board and our token. */
export type AccessCheck = { kind: 'refused'; reason: Refusal } | { kind: 'unreachable' } | { kind: 'available' };

/** Failed attempts (never opened) after which we ask the HTTP API whether we are refused. */
const CHECK_AFTER_FAILURES = 2;
/** How long the access check may take before the server counts as unreachable. */
const CHECK_TIMEOUT_MS = 5_000;

/** Asks `GET /api/boards/:id/session` whether the board still opens with this token. */
export async function checkBoardAccess(boardId: string, token: string): Promise<AccessCheck> {
  let res: Response;
  try {
    res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/session`, {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    });
  } catch {
    return { kind: 'unreachable' };
  }
  if (res.status === 404) return { kind: 'refused', reason: 'deleted' };
  if (res.status === 401 || res.status === 403) {
    const body = (await res.json().catch(() => null)) as { code?: unknown } | null;
    return { kind: 'refused', reason: body?.code === 'LINK_REVOKED' ? 'revoked' : 'unauthorized' };
  }
  // 5xx (a restart, a proxy with no upstream) and anything else unexpected: try again later.
  return res.ok ? { kind: 'available' } : { kind: 'unreachable' };
}

export interface ReconnectorOptions {
  provider: WebsocketProvider;
  checkAccess(): Promise<AccessCheck>;
  onChange(): void;
  onRefused(reason: Refusal): void;
  random?: () => number;
}

/** Drives `provider.connect()`; the provider must be created with `connect: false`. */
export class Reconnector {
  /** Attempts since the connection last synced. */
  failures = 0;
  /** The last access check could not reach the server (network error, timeout or 5xx). */
  serverUnreachable = false;
  /** Set once, when the server refuses the board; nothing is attempted after it. */
  refusal: Refusal | null = null;
  /** When the next attempt is due (null while connected, connecting or checking). */
  nextAttemptAt: number | null = null;

  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The current socket reached `open`. */
  private opened = false;
  /** Why we are closing the socket ourselves, if we are. */
  private closingBecause: 'offline' | 'stalled' | 'refused' | null = null;
  private destroyed = false;
  private readonly random: () => number;

  constructor(private readonly options: ReconnectorOptions) {
    this.random = options.random ?? Math.random;
    const { provider } = options;
    provider.on('connection-close', this.onClose);
    provider.on('status', this.onStatus);
    provider.on('sync', this.onSync);
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  /** Makes the first attempt (or waits for the network). */
  start(): void {
    if (navigator.onLine) this.attempt();
    else this.scheduleNext();
  }

  /** Drops the current socket (it stopped answering) and reconnects with backoff. */
  reconnectNow(): void {
    if (this.destroyed || this.refusal || !this.options.provider.ws) return;
    this.closingBecause = 'stalled';
    this.options.provider.disconnect();
  }

  /**
   * Stops for good because the server refused us (told by a close code or the HTTP API).
   * `socketClosing`: called from the socket's own close, which needs no second close.
   */
  refuse(reason: Refusal, socketClosing = false): void {
    if (this.destroyed || this.refusal) return;
    this.refusal = reason;
    this.clearTimer();
    const { provider } = this.options;
    if (provider.ws && !socketClosing) {
      this.closingBecause = 'refused';
      provider.disconnect();
    } else {
      provider.shouldConnect = false;
    }
    this.options.onRefused(reason);
    this.options.onChange();
  }

  destroy(): void {
    this.destroyed = true;
    this.clearTimer();
    const { provider } = this.options;
    provider.off('connection-close', this.onClose);
    provider.off('status', this.onStatus);
    provider.off('sync', this.onSync);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
  }

  private attempt = (): void => {
    this.timer = null;
    this.nextAttemptAt = null;
    const { provider } = this.options;
    if (this.destroyed || this.refusal || provider.ws) return;
    this.opened = false;
    provider.connect();
    this.options.onChange();
  };

  private scheduleNext(delay?: number): void {
    this.clearTimer();
    if (this.destroyed || this.refusal) return;
    // While the browser has no network an attempt cannot succeed: wait for `online`, but look
    // now and then in case the browser's idea of being offline is wrong.
    const ms = delay ?? (navigator.onLine ? reconnectDelay(this.failures, this.random) : BACKOFF_CAP_MS);
    this.nextAttemptAt = Date.now() + ms;
    this.timer = setTimeout(this.attempt, ms);
    this.options.onChange();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }

  private readonly onStatus = ({ status }: { status: string }): void => {
    if (status === 'connected') this.opened = true;
    this.options.onChange();
  };

  private readonly onSync = (synced: boolean): void => {
    if (!synced) return;
    this.failures = 0;
    this.serverUnreachable = false;
    this.options.onChange();
  };

  private readonly onClose = (event: CloseEvent | null): void => {
    const { provider } = this.options;
    // y-websocket has already scheduled its own retry (without jitter); this makes it a no-op.
    // The next attempt is ours: `attempt` calls `provider.connect()`.
    provider.shouldConnect = false;
    const because = this.closingBecause;
    this.closingBecause = null;
    const opened = this.opened;
    this.opened = false;
    if (this.destroyed || this.refusal) return;

    if (event && NON_RETRYABLE_CLOSE_CODES.has(event.code)) {
      const reason: Refusal =
        event.code === CloseCode.boardDeleted
          ? 'deleted'
          : event.code === CloseCode.linkRevoked
            ? 'revoked'
            : event.code === CloseCode.boardTooLarge
              ? 'tooLarge'
              : 'unauthorized';
      this.refuse(reason, true);
      return;
    }
    if (because === 'offline') {
      // Not the server's doing: wait for the network without counting a failure.
      this.scheduleNext();
      return;
    }
    this.failures = failuresAfterClose(this.failures + 1, event?.code ?? null);
    if (!opened && this.failures >= CHECK_AFTER_FAILURES && navigator.onLine) {
      void this.check();
    } else {
      this.scheduleNext();
    }
  };

  /** Asks the HTTP API whether the failures are a refusal or an absent server. */
  private async check(): Promise<void> {
    this.options.onChange();
    const result = await this.options.checkAccess();
    if (this.destroyed || this.refusal) return;
    if (result.kind === 'refused') {
      this.refuse(result.reason);
      return;
    }
    this.serverUnreachable = result.kind === 'unreachable';
    if (!this.options.provider.ws && !this.timer) this.scheduleNext();
    else this.options.onChange();
  }

  private readonly onOnline = (): void => {
    if (this.destroyed || this.refusal || this.options.provider.ws) return;
    // The network is back: try soon, spread over a second (a whole office's wifi comes back at once).
    this.failures = 0;
    this.serverUnreachable = false;
    this.scheduleNext(Math.round(this.random() * ONLINE_RETRY_WINDOW_MS));
  };

  private readonly onOffline = (): void => {
    if (this.destroyed || this.refusal) return;
    const { provider } = this.options;
    if (provider.ws) {
      // Chromium keeps a socket "open" through a network outage and holds what is sent on it;
      // closing it makes the status honest and the reconnection start from a clean sync.
      this.closingBecause = 'offline';
      provider.disconnect();
    } else {
      this.scheduleNext();
    }
  };
}
