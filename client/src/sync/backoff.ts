// When to try the board's websocket again after it closed or failed to open: exponential backoff
// with full jitter (docs/protocol.md, "The client"). Pure, so the policy can be tested on its own.
import { CloseCode } from '../../../shared/protocol';

/** The first retry window: a dropped connection is retried within half a second. */
export const BACKOFF_BASE_MS = 500;
/** The widest window: a server that stays away is asked at most every 10 s (5 s on average). */
export const BACKOFF_CAP_MS = 10_000;
/** How soon to try after the browser says the network is back (spread over this window). */
export const ONLINE_RETRY_WINDOW_MS = 1_000;

/**
 * Milliseconds to wait before attempt `failures + 1`, where `failures` counts the attempts since
 * the connection last synced (at least 1 once something has failed). Full jitter: a uniform pick
 * in [0, min(cap, base * 2^(failures - 1))], so clients dropped together by a server restart come
 * back spread over the window instead of all at once.
 */
export function reconnectDelay(failures: number, random: () => number = Math.random): number {
  const window = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(random() * window);
}

/**
 * Some closes say the server wants fewer connections for a while: start their backoff further
 * along (the count of failures they stand for), instead of at the first, narrowest window.
 */
export function failuresAfterClose(failures: number, code: number | null): number {
  switch (code) {
    case CloseCode.serviceRestart:
      // The server is going away; the next one needs a moment to start. Window: 1 s.
      return Math.max(failures, 2);
    case CloseCode.internalError:
    case CloseCode.tryAgainLater:
    case CloseCode.slowConsumer:
    case CloseCode.frameTooLarge:
    case CloseCode.badMessage:
      // Retrying at once would most likely meet the same condition. Window: 4 s.
      return Math.max(failures, 4);
    default:
      return failures;
  }
}
