// The server's clock, as this browser best knows it. Meeting timers end at a moment on the
// server's clock, so everyone sees the same time left whatever their laptop's clock says.
// Estimated like NTP from `GET /api/time`: of a few round trips, the fastest one's midpoint.
import type { ServerTimeResponse } from '../../../shared/protocol';

/** Round trips per estimate; the fastest is kept. */
const SAMPLES = 4;
/** How often the estimate is refreshed while a board is open (laptop clocks drift and jump). */
const REFRESH_MS = 5 * 60_000;

export interface ClockSample {
  /** Local Date.now() when the request left. */
  sentAt: number;
  /** Local Date.now() when the answer arrived. */
  receivedAt: number;
  /** The server's time in the answer. */
  serverNow: number;
}

/** The offset (server minus local, ms) a set of samples gives: the fastest round trip's midpoint. */
export function offsetFromSamples(samples: readonly ClockSample[]): number | null {
  let best: ClockSample | null = null;
  for (const s of samples) {
    if (!(s.receivedAt >= s.sentAt) || !Number.isFinite(s.serverNow)) continue;
    if (!best || s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
  }
  if (!best) return null;
  return Math.round(best.serverNow - (best.sentAt + best.receivedAt) / 2);
}

async function sample(): Promise<ClockSample | null> {
  const sentAt = Date.now();
  try {
    const res = await fetch('/api/time', { cache: 'no-store', signal: AbortSignal.timeout(5_000) });
    const receivedAt = Date.now();
    if (!res.ok) return null;
    const body = (await res.json()) as Partial<ServerTimeResponse>;
    return typeof body.now === 'number' ? { sentAt, receivedAt, serverNow: body.now } : null;
  } catch {
    return null;
  }
}

class ServerClock {
  /** Server time minus local time, in ms (0 until measured: the local clock is the best guess). */
  private offset = 0;
  private measured = false;
  private users = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly listeners = new Set<() => void>();

  /** Milliseconds since the epoch on the server's clock. */
  now(): number {
    return Date.now() + this.offset;
  }

  /** Whether the offset has been measured at least once. */
  get isMeasured(): boolean {
    return this.measured;
  }

  /** Measures the offset now. */
  async measure(): Promise<void> {
    const samples: ClockSample[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const s = await sample();
      if (s) samples.push(s);
    }
    const offset = offsetFromSamples(samples);
    if (offset === null) return;
    this.offset = offset;
    this.measured = true;
    for (const l of [...this.listeners]) l();
  }

  /** Keeps the estimate fresh while something needs it; returns the release function. */
  use(): () => void {
    this.users++;
    if (this.users === 1) {
      void this.measure();
      this.timer = setInterval(() => void this.measure(), REFRESH_MS);
      window.addEventListener('online', this.onOnline);
    }
    return () => {
      this.users--;
      if (this.users === 0) {
        if (this.timer) clearInterval(this.timer);
        this.timer = null;
        window.removeEventListener('online', this.onOnline);
      }
    };
  }

  subscribe(onChange: () => void): () => void {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }

  private readonly onOnline = () => void this.measure();
}

/** The one server clock of this page. */
export const serverClock = new ServerClock();
