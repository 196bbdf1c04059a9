// A deterministic WriteContext for tests: a clock that counts from a fixed instant and ids drawn
// from a seeded generator, so no test needs to spy on Date.now or crypto.getRandomValues.
import { LOCAL_ORIGIN, type TransactionOrigin, type WriteContext } from '../../shared/board';
import { randomId } from '../../shared/ids';
import { int, prng, type Random } from './prng';

/** 2026-11-03 15:00 UTC: where test clocks start. */
export const TEST_START = Date.UTC(2026, 10, 3, 15, 0, 0);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export interface TestContextOptions {
  origin?: TransactionOrigin;
  /** First value of the clock (default TEST_START). */
  start?: number;
  /** How far the clock moves on each reading: a number of ms (default 1), or a function. */
  step?: number | (() => number);
  /** Where ids come from (default a generator seeded with 1). */
  random?: Random;
}

/** A context whose clock gives every creation its own millisecond (so ties in creation order
 * never fall to ids) and whose ids are URL-safe base64 like real ones, from a seed. */
export function testContext(options: TestContextOptions = {}): WriteContext {
  const random = options.random ?? prng(1);
  const step = options.step ?? 1;
  let clock = options.start ?? TEST_START;
  return {
    origin: options.origin ?? LOCAL_ORIGIN,
    now: () => {
      const t = clock;
      clock += typeof step === 'number' ? step : step();
      return t;
    },
    newId: (bits) => {
      let id = '';
      for (let i = 0; i < Math.ceil(bits / 6); i++) id += ALPHABET[int(random, 64)];
      return id;
    },
  };
}

/** For tests that run against a real server or browser: the real clock and random ids, as the
 * client's own edge does (client/src/sync/writeContext.ts). */
export function liveContext(origin: TransactionOrigin = LOCAL_ORIGIN): WriteContext {
  return { origin, now: () => Date.now(), newId: randomId };
}

/** A person's edits made from a test, with the real clock. */
export const LIVE_WRITES = liveContext();
