// What can go wrong talking to a tracker, in words a facilitator can act on, and whether trying
// again later can help. Every module turns fetch errors and non-2xx answers into a TrackerError
// through `fromResponse` / `unreachable`.
import type { TrackerKind } from './types';
import { TRACKER_NAMES } from './types';

export type TrackerFailure = 'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'rate-limited' | 'invalid' | 'tracker-error';

/** Failures that may clear by themselves: sent again automatically, with backoff. */
export const RETRYABLE: ReadonlySet<TrackerFailure> = new Set(['unreachable', 'rate-limited', 'tracker-error']);

export class TrackerError extends Error {
  override readonly name = 'TrackerError';
  constructor(
    readonly failure: TrackerFailure,
    message: string,
    /** From Retry-After (or the tracker's rate-limit reset), in ms; 0 when it said nothing. */
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}

/** The plain-words message for a failure at `kind`. */
export function describeFailure(kind: TrackerKind, failure: TrackerFailure, detail = ''): string {
  const name = TRACKER_NAMES[kind];
  switch (failure) {
    case 'unreachable':
      return `${name} could not be reached. Debrief will try again.`;
    case 'unauthorized':
      return `${name} refused the credentials (401). Ask whoever set up the tracker to enter a new token.`;
    case 'forbidden':
      return `${name} says these credentials may not create issues in this project (403).`;
    case 'not-found':
      return `${name} has no such project or repository, or these credentials cannot see it (404).`;
    case 'rate-limited':
      return `${name} asked Debrief to slow down (429). It will try again when ${name} allows.`;
    case 'invalid':
      return `${name} refused the issue${detail ? `: ${detail}` : ''}. Change the action item and retry.`;
    case 'tracker-error':
      return `${name} had a problem of its own${detail ? ` (${detail})` : ''}. Debrief will try again.`;
    default: {
      const never: never = failure;
      throw new Error(`Unknown failure ${String(never)}`);
    }
  }
}

/** Retry-After in ms: seconds or an HTTP date (RFC 9110 10.2.3); 0 when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number {
  if (!value) return 0;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}

/** The TrackerError for a non-2xx answer. Reads at most a short detail from the body. */
export async function fromResponse(kind: TrackerKind, response: Response): Promise<TrackerError> {
  let detail = '';
  try {
    const text = (await response.text()).slice(0, 2000);
    const body = JSON.parse(text) as { message?: unknown; errorMessages?: unknown; errors?: unknown };
    if (typeof body.message === 'string') detail = body.message;
    else if (Array.isArray(body.errorMessages) && typeof body.errorMessages[0] === 'string') detail = body.errorMessages[0];
    else if (Array.isArray(body.errors) && typeof (body.errors[0] as { message?: unknown })?.message === 'string') {
      detail = (body.errors[0] as { message: string }).message;
    } else if (body.errors && typeof body.errors === 'object') detail = Object.values(body.errors as Record<string, unknown>).map(String).join('; ');
  } catch {
    // Not JSON: the status says enough.
  }
  detail = detail.slice(0, 200);
  const status = response.status;
  const failure: TrackerFailure =
    status === 401
      ? 'unauthorized'
      : status === 403 && response.headers.get('x-ratelimit-remaining') === '0'
        ? 'rate-limited'
        : status === 403
          ? 'forbidden'
          : status === 404
            ? 'not-found'
            : status === 429
              ? 'rate-limited'
              : status === 400 || status === 422
                ? 'invalid'
                : 'tracker-error';
  let wait = retryAfterMs(response.headers.get('retry-after'));
  // GitHub's secondary limits may answer 403 with only x-ratelimit-reset (epoch seconds).
  const reset = response.headers.get('x-ratelimit-reset');
  if (failure === 'rate-limited' && !wait && reset && /^\d+$/.test(reset)) wait = Math.max(0, Number(reset) * 1000 - Date.now());
  return new TrackerError(failure, describeFailure(kind, failure, failure === 'invalid' || failure === 'tracker-error' ? detail || `HTTP ${status}` : ''), wait);
}

/** The TrackerError for a request that got no answer (refused, reset, timed out). */
export function unreachable(kind: TrackerKind): TrackerError {
  return new TrackerError('unreachable', describeFailure(kind, 'unreachable'));
}

/** How long a request to a tracker may take before it counts as unreachable. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** fetch with the timeout, turning a transport failure or a non-2xx answer into a TrackerError. */
export async function trackerFetch(kind: TrackerKind, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch {
    throw unreachable(kind);
  }
  if (!response.ok) throw await fromResponse(kind, response);
  return response;
}
