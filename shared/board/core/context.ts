// What a mutation needs from the world: where the write comes from (its transaction origin), the
// time, and fresh ids. Passed in rather than read from globals, so shared/ stays pure and tests
// are deterministic without spies; only the edges (the browser, the server) build one from the
// real clock and the platform's random generator (client/src/sync/writeContext.ts,
// server/writeContext.ts; tests use tests/helpers/context.ts).
import type { TransactionOrigin } from '../origins';

export interface WriteContext {
  /** The transaction origin of every write made with this context. */
  readonly origin: TransactionOrigin;
  /** Milliseconds since the epoch: when a record was created. */
  readonly now: () => number;
  /** A fresh random id with `bits` of entropy, URL-safe (see shared/ids.ts). */
  readonly newId: (bits: number) => string;
}

/** The same context writing under another origin (e.g. a test playing the server). */
export function withOrigin(ctx: WriteContext, origin: TransactionOrigin): WriteContext {
  return Object.freeze({ ...ctx, origin });
}

/** Ids of records: 96 random bits (16 characters). */
export const RECORD_ID_BITS = 96;
