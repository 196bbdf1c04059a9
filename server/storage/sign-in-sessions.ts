// The sign-in session contract (docs/sign-in.md): what the OpenID Connect plugin keeps between
// requests, stored under the SHA-256 of a random id that only the browser's cookie holds. Two kinds:
// a sign-in in progress (state, nonce, PKCE verifier; taken once by the callback) and a signed-in
// session. The payload is JSON the plugin writes and validates; the store only keeps it and forgets
// it at `expiresAt`. SQLite and PostgreSQL implement it (sqlite.ts, postgres.ts) and pass the same
// tests (tests/server/store-contract.ts).

/** A sign-in in progress ('pending') or a signed-in person ('signed-in'). */
export type SignInSessionKind = 'pending' | 'signed-in';

export interface SignInSessionStore {
  /** Stores `data` under `idHash` until `expiresAt` (ms since the epoch), replacing any record there. */
  put(idHash: Uint8Array, kind: SignInSessionKind, data: string, expiresAt: number): Promise<void>;
  /** The record of that kind under `idHash`, or null when there is none or it expired before `now`. */
  get(idHash: Uint8Array, kind: SignInSessionKind, now: number): Promise<string | null>;
  /** Like `get`, and removes the record in the same step: of two concurrent takes, one gets it. */
  take(idHash: Uint8Array, kind: SignInSessionKind, now: number): Promise<string | null>;
  /** Removes the record under `idHash` (any kind). Resolves whether there was one. */
  delete(idHash: Uint8Array): Promise<boolean>;
  /** Removes every record that expired before `now`; resolves how many. */
  deleteExpired(now: number): Promise<number>;
}

/** SQLite's table (sqlite.ts adds it to its schema). */
export const SQLITE_SIGN_IN_SESSIONS = `
CREATE TABLE IF NOT EXISTS sign_in_sessions (
  id_hash BLOB PRIMARY KEY,
  kind TEXT NOT NULL,
  data TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS sign_in_sessions_by_expiry ON sign_in_sessions (expires_at);
`;

/** PostgreSQL's table (postgres.ts adds it to its schema). */
export const POSTGRES_SIGN_IN_SESSIONS = `
CREATE TABLE IF NOT EXISTS sign_in_sessions (
  id_hash bytea PRIMARY KEY,
  kind text NOT NULL,
  data text NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_in_sessions_by_expiry ON sign_in_sessions (expires_at);
`;
