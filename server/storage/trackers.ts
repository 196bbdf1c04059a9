// The tracker store contract (docs/trackers.md): tracker configurations (their secrets sealed by
// server/trackers/secrets.ts; the store only keeps bytes) and the link from an action item to the
// issue made for it. The link doubles as the idempotency record: it is claimed ('sending') before
// the request to the tracker and completed ('sent') or failed after, so that a second send, even
// after a crash between the request and its record, finds the claim and reconciles with the
// tracker instead of creating a second issue. SQLite and PostgreSQL implement it here, in the same
// database as the boards, and pass one contract (tests/server/tracker-store-contract.ts).
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { TrackerKind } from '../trackers/types';

/** Where a tracker configuration applies: the workspace ('server', one per server: its admin's), or one board (from before trackers were the workspace's). */
export type TrackerScope = `board:${string}` | 'server';

export interface TrackerConfigRecord {
  id: string;
  scope: TrackerScope;
  kind: TrackerKind;
  baseUrl: string;
  project: string;
  /** Sealed (AES-256-GCM) credentials and webhook secret. */
  sealedCredentials: Uint8Array;
  sealedWebhookSecret: Uint8Array;
  createdAt: number;
}

/** sending: claimed, the request may be in flight (or was, before a crash); sent: linked; failed: see error. */
export type TrackerLinkState = 'sending' | 'sent' | 'failed';

export interface TrackerLinkRecord {
  boardId: string;
  actionId: string;
  trackerId: string;
  state: TrackerLinkState;
  /** The tracker issue's id (webhooks and API), key (#12, ENG-4) and link; '' until sent. */
  externalId: string;
  key: string;
  url: string;
  /** 'open' | 'closed' once sent, '' before. */
  issueState: string;
  /** Plain words for the last failure ('' when none) and its kind. */
  error: string;
  failure: string;
  attempts: number;
  /** When the next automatic attempt may be made (ms since the epoch; 0: none planned). */
  nextAttemptAt: number;
  updatedAt: number;
  /** When the periodic check last read the issue's state (ms since the epoch; 0: never). */
  checkedAt: number;
}

export type ClaimResult =
  /** Claimed now: make the request. `reconcile`: an earlier attempt may have created the issue. */
  | { kind: 'claimed'; link: TrackerLinkRecord; reconcile: boolean }
  /** Already linked: nothing to send. */
  | { kind: 'sent'; link: TrackerLinkRecord }
  /** Another request holds a fresh claim, or a failure asks to wait (nextAttemptAt). */
  | { kind: 'busy'; link: TrackerLinkRecord };

export interface TrackerStore {
  putConfig(config: TrackerConfigRecord): Promise<void>;
  getConfig(id: string): Promise<TrackerConfigRecord | null>;
  listConfigs(scope: TrackerScope): Promise<TrackerConfigRecord[]>;
  /** Removes a configuration and its links. Resolves whether there was one. */
  deleteConfig(id: string): Promise<boolean>;
  /**
   * Claims sending the action to `trackerId` at `now`: when there is no link, or it failed and
   * `nextAttemptAt` <= now (or `force`), or a claim is older than `staleBefore` (its holder
   * crashed). One of two concurrent claims wins.
   */
  claim(boardId: string, actionId: string, trackerId: string, now: number, staleBefore: number, force: boolean): Promise<ClaimResult>;
  /** Records the issue made for a claim. */
  complete(boardId: string, actionId: string, issue: { externalId: string; key: string; url: string; issueState: string }, now: number): Promise<TrackerLinkRecord | null>;
  /** Records a failed attempt of a claim. */
  fail(boardId: string, actionId: string, failure: { error: string; failure: string; nextAttemptAt: number }, now: number): Promise<TrackerLinkRecord | null>;
  /** Sets a sent issue's state; resolves the link when it changed, null otherwise. */
  setIssueState(trackerId: string, externalId: string, issueState: string, now: number): Promise<TrackerLinkRecord | null>;
  getLink(boardId: string, actionId: string): Promise<TrackerLinkRecord | null>;
  listLinks(boardId: string): Promise<TrackerLinkRecord[]>;
  /** Links due for work (at most 100): failed with a planned retry at or before `now`, and claims older than `staleBefore`. */
  listDue(now: number, staleBefore: number): Promise<TrackerLinkRecord[]>;
  /**
   * Takes up to `limit` sent links for the periodic check (missed events), least recently checked
   * first and none checked at or after `notSince`, and marks them checked at `now` in the same step
   * (whatever the check then finds). Instances checking at the same moment get different links:
   * they share the reading instead of each asking the tracker about the same issues.
   */
  claimForCheck(limit: number, now: number, notSince: number): Promise<TrackerLinkRecord[]>;
}

/** The columns a claim inserts (checked_at takes its default, 0: never checked). */
const INSERT_COLUMNS = `board_id, action_id, tracker_id, state, external_id, key, url, issue_state, error, failure, attempts, next_attempt_at, updated_at`;
const COLUMNS = `${INSERT_COLUMNS}, checked_at`;

export const SQLITE_TRACKERS = `
CREATE TABLE IF NOT EXISTS tracker_configs (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  kind TEXT NOT NULL,
  base_url TEXT NOT NULL,
  project TEXT NOT NULL,
  sealed_credentials BLOB NOT NULL,
  sealed_webhook_secret BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS tracker_configs_by_scope ON tracker_configs (scope);
CREATE TABLE IF NOT EXISTS tracker_links (
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  action_id TEXT NOT NULL,
  tracker_id TEXT NOT NULL REFERENCES tracker_configs (id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  external_id TEXT NOT NULL,
  key TEXT NOT NULL,
  url TEXT NOT NULL,
  issue_state TEXT NOT NULL,
  error TEXT NOT NULL,
  failure TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  checked_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (board_id, action_id)
) STRICT;
CREATE INDEX IF NOT EXISTS tracker_links_by_issue ON tracker_links (tracker_id, external_id);
`;

/**
 * Brings an older file's tracker_links up to date (run after SQLITE_TRACKERS): checked_at came
 * after the table (the periodic check reads the least recently checked links first). Needs no
 * schema version of its own: an older Debrief still inserts and reads the columns it knows.
 */
export function migrateSqliteTrackers(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('tracker_links')").all();
  if (!columns.some((c) => c.name === 'checked_at')) db.exec('ALTER TABLE tracker_links ADD COLUMN checked_at INTEGER NOT NULL DEFAULT 0');
  db.exec("CREATE INDEX IF NOT EXISTS tracker_links_by_check ON tracker_links (checked_at) WHERE state = 'sent'");
}

export const POSTGRES_TRACKERS = `
CREATE TABLE IF NOT EXISTS tracker_configs (
  id text PRIMARY KEY,
  scope text NOT NULL,
  kind text NOT NULL,
  base_url text NOT NULL,
  project text NOT NULL,
  sealed_credentials bytea NOT NULL,
  sealed_webhook_secret bytea NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS tracker_configs_by_scope ON tracker_configs (scope);
CREATE TABLE IF NOT EXISTS tracker_links (
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  action_id text NOT NULL,
  tracker_id text NOT NULL REFERENCES tracker_configs (id) ON DELETE CASCADE,
  state text NOT NULL,
  external_id text NOT NULL,
  key text NOT NULL,
  url text NOT NULL,
  issue_state text NOT NULL,
  error text NOT NULL,
  failure text NOT NULL,
  attempts integer NOT NULL,
  next_attempt_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (board_id, action_id)
);
CREATE INDEX IF NOT EXISTS tracker_links_by_issue ON tracker_links (tracker_id, external_id);
-- Added after the table: the periodic check reads the least recently checked links first.
ALTER TABLE tracker_links ADD COLUMN IF NOT EXISTS checked_at bigint NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS tracker_links_by_check ON tracker_links (checked_at) WHERE state = 'sent';
`;

interface ConfigRow {
  id: string;
  scope: string;
  kind: string;
  base_url: string;
  project: string;
  sealed_credentials: Uint8Array;
  sealed_webhook_secret: Uint8Array;
  created_at: number | string;
}
interface LinkRow {
  board_id: string;
  action_id: string;
  tracker_id: string;
  state: string;
  external_id: string;
  key: string;
  url: string;
  issue_state: string;
  error: string;
  failure: string;
  attempts: number;
  next_attempt_at: number | string;
  updated_at: number | string;
  checked_at: number | string;
}

const configFromRow = (r: ConfigRow): TrackerConfigRecord => ({
  id: r.id,
  scope: r.scope as TrackerScope,
  kind: r.kind as TrackerKind,
  baseUrl: r.base_url,
  project: r.project,
  sealedCredentials: new Uint8Array(r.sealed_credentials),
  sealedWebhookSecret: new Uint8Array(r.sealed_webhook_secret),
  createdAt: Number(r.created_at),
});
const linkFromRow = (r: LinkRow): TrackerLinkRecord => ({
  boardId: r.board_id,
  actionId: r.action_id,
  trackerId: r.tracker_id,
  state: r.state as TrackerLinkState,
  externalId: r.external_id,
  key: r.key,
  url: r.url,
  issueState: r.issue_state,
  error: r.error,
  failure: r.failure,
  attempts: r.attempts,
  nextAttemptAt: Number(r.next_attempt_at),
  updatedAt: Number(r.updated_at),
  checkedAt: Number(r.checked_at),
});

/** Whether an existing link may be claimed again, and whether the new attempt must reconcile. */
function decideClaim(link: TrackerLinkRecord, trackerId: string, now: number, staleBefore: number, force: boolean): ClaimResult | 'claim' | 'claim-reconcile' {
  if (link.state === 'sent') return { kind: 'sent', link };
  if (link.state === 'sending') return link.updatedAt < staleBefore ? 'claim-reconcile' : { kind: 'busy', link };
  // failed: an attempt that may have reached the tracker reconciles first (a timeout, a 5xx).
  if (link.trackerId !== trackerId) return 'claim-reconcile';
  if (!force && link.nextAttemptAt > now) return { kind: 'busy', link };
  if (force && link.failure === 'rate-limited' && link.nextAttemptAt > now) return { kind: 'busy', link };
  return 'claim-reconcile';
}

/** The tracker tables through a better-sqlite3 database (synchronous statements, async contract). */
export function sqliteTrackers(db: Database.Database, assertOpen: () => void): TrackerStore {
  const s = {
    putConfig: db.prepare(
      `INSERT INTO tracker_configs (id, scope, kind, base_url, project, sealed_credentials, sealed_webhook_secret, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, base_url = excluded.base_url, project = excluded.project,
         sealed_credentials = excluded.sealed_credentials, sealed_webhook_secret = excluded.sealed_webhook_secret`,
    ),
    getConfig: db.prepare<[string], ConfigRow>('SELECT * FROM tracker_configs WHERE id = ?'),
    listConfigs: db.prepare<[string], ConfigRow>('SELECT * FROM tracker_configs WHERE scope = ? ORDER BY created_at, id'),
    deleteConfig: db.prepare<[string]>('DELETE FROM tracker_configs WHERE id = ?'),
    getLink: db.prepare<[string, string], LinkRow>(`SELECT ${COLUMNS} FROM tracker_links WHERE board_id = ? AND action_id = ?`),
    listLinks: db.prepare<[string], LinkRow>(`SELECT ${COLUMNS} FROM tracker_links WHERE board_id = ? ORDER BY updated_at, action_id`),
    insertClaim: db.prepare(
      `INSERT INTO tracker_links (${INSERT_COLUMNS}) VALUES (?, ?, ?, 'sending', '', '', '', '', '', '', 1, 0, ?) ON CONFLICT DO NOTHING`,
    ),
    reclaim: db.prepare(
      `UPDATE tracker_links SET state = 'sending', tracker_id = ?, attempts = attempts + 1, updated_at = ? WHERE board_id = ? AND action_id = ?`,
    ),
    complete: db.prepare(
      `UPDATE tracker_links SET state = 'sent', external_id = ?, key = ?, url = ?, issue_state = ?, error = '', failure = '',
         next_attempt_at = 0, updated_at = ? WHERE board_id = ? AND action_id = ? AND state = 'sending'`,
    ),
    fail: db.prepare(
      `UPDATE tracker_links SET state = 'failed', error = ?, failure = ?, next_attempt_at = ?, updated_at = ?
       WHERE board_id = ? AND action_id = ? AND state = 'sending'`,
    ),
    setIssueState: db.prepare(
      `UPDATE tracker_links SET issue_state = ?, updated_at = ? WHERE tracker_id = ? AND external_id = ? AND state = 'sent' AND issue_state <> ?`,
    ),
    findByIssue: db.prepare<[string, string], LinkRow>(`SELECT ${COLUMNS} FROM tracker_links WHERE tracker_id = ? AND external_id = ?`),
    listDue: db.prepare<[number, number], LinkRow>(
      `SELECT ${COLUMNS} FROM tracker_links WHERE (state = 'failed' AND next_attempt_at > 0 AND next_attempt_at <= ?)
         OR (state = 'sending' AND updated_at < ?) ORDER BY updated_at LIMIT 100`,
    ),
    toCheck: db.prepare<[number, number], LinkRow>(
      `SELECT ${COLUMNS} FROM tracker_links WHERE state = 'sent' AND checked_at < ? ORDER BY checked_at, updated_at, board_id, action_id LIMIT ?`,
    ),
    markChecked: db.prepare<[number, string, string]>('UPDATE tracker_links SET checked_at = ? WHERE board_id = ? AND action_id = ?'),
  };
  const one = (boardId: string, actionId: string) => {
    const row = s.getLink.get(boardId, actionId);
    return row ? linkFromRow(row) : null;
  };
  const claimForCheckTx = db.transaction((limit: number, now: number, notSince: number): TrackerLinkRecord[] =>
    s.toCheck.all(notSince, limit).map((row) => {
      s.markChecked.run(now, row.board_id, row.action_id);
      return linkFromRow({ ...row, checked_at: now });
    }),
  );
  const claimTx = db.transaction((boardId: string, actionId: string, trackerId: string, now: number, staleBefore: number, force: boolean): ClaimResult => {
    if (s.insertClaim.run(boardId, actionId, trackerId, now).changes === 1) return { kind: 'claimed', link: one(boardId, actionId)!, reconcile: false };
    const existing = one(boardId, actionId);
    if (!existing) throw new Error('The board of this action item does not exist.');
    const decision = decideClaim(existing, trackerId, now, staleBefore, force);
    if (typeof decision !== 'string') return decision;
    s.reclaim.run(trackerId, now, boardId, actionId);
    return { kind: 'claimed', link: one(boardId, actionId)!, reconcile: decision === 'claim-reconcile' };
  });
  return {
    async putConfig(c) {
      assertOpen();
      s.putConfig.run(c.id, c.scope, c.kind, c.baseUrl, c.project, Buffer.from(c.sealedCredentials), Buffer.from(c.sealedWebhookSecret), c.createdAt);
    },
    async getConfig(id) {
      assertOpen();
      const row = s.getConfig.get(id);
      return row ? configFromRow(row) : null;
    },
    async listConfigs(scope) {
      assertOpen();
      return s.listConfigs.all(scope).map(configFromRow);
    },
    async deleteConfig(id) {
      assertOpen();
      return s.deleteConfig.run(id).changes > 0;
    },
    async claim(boardId, actionId, trackerId, now, staleBefore, force) {
      assertOpen();
      return claimTx(boardId, actionId, trackerId, now, staleBefore, force);
    },
    async complete(boardId, actionId, issue, now) {
      assertOpen();
      s.complete.run(issue.externalId, issue.key, issue.url, issue.issueState, now, boardId, actionId);
      return one(boardId, actionId);
    },
    async fail(boardId, actionId, f, now) {
      assertOpen();
      s.fail.run(f.error, f.failure, f.nextAttemptAt, now, boardId, actionId);
      return one(boardId, actionId);
    },
    async setIssueState(trackerId, externalId, issueState, now) {
      assertOpen();
      if (s.setIssueState.run(issueState, now, trackerId, externalId, issueState).changes === 0) return null;
      const row = s.findByIssue.get(trackerId, externalId);
      return row ? linkFromRow(row) : null;
    },
    async getLink(boardId, actionId) {
      assertOpen();
      return one(boardId, actionId);
    },
    async listLinks(boardId) {
      assertOpen();
      return s.listLinks.all(boardId).map(linkFromRow);
    },
    async listDue(now, staleBefore) {
      assertOpen();
      return s.listDue.all(now, staleBefore).map(linkFromRow);
    },
    async claimForCheck(limit, now, notSince) {
      assertOpen();
      return claimForCheckTx(limit, now, notSince);
    },
  };
}

/** The tracker tables through the PostgreSQL store's pool. */
export function postgresTrackers(pool: pg.Pool, assertOpen: () => void): TrackerStore {
  const bytes = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  async function one(boardId: string, actionId: string, client: pg.Pool | pg.PoolClient = pool): Promise<TrackerLinkRecord | null> {
    const { rows } = await client.query<LinkRow>(`SELECT ${COLUMNS} FROM tracker_links WHERE board_id = $1 AND action_id = $2`, [boardId, actionId]);
    return rows[0] ? linkFromRow(rows[0]) : null;
  }
  return {
    async putConfig(c) {
      assertOpen();
      await pool.query(
        `INSERT INTO tracker_configs (id, scope, kind, base_url, project, sealed_credentials, sealed_webhook_secret, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, base_url = excluded.base_url, project = excluded.project,
           sealed_credentials = excluded.sealed_credentials, sealed_webhook_secret = excluded.sealed_webhook_secret`,
        [c.id, c.scope, c.kind, c.baseUrl, c.project, bytes(c.sealedCredentials), bytes(c.sealedWebhookSecret), c.createdAt],
      );
    },
    async getConfig(id) {
      assertOpen();
      const { rows } = await pool.query<ConfigRow>('SELECT * FROM tracker_configs WHERE id = $1', [id]);
      return rows[0] ? configFromRow(rows[0]) : null;
    },
    async listConfigs(scope) {
      assertOpen();
      const { rows } = await pool.query<ConfigRow>('SELECT * FROM tracker_configs WHERE scope = $1 ORDER BY created_at, id', [scope]);
      return rows.map(configFromRow);
    },
    async deleteConfig(id) {
      assertOpen();
      const { rowCount } = await pool.query('DELETE FROM tracker_configs WHERE id = $1', [id]);
      return (rowCount ?? 0) > 0;
    },
    async claim(boardId, actionId, trackerId, now, staleBefore, force) {
      assertOpen();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const inserted = await client.query(
          `INSERT INTO tracker_links (${INSERT_COLUMNS}) VALUES ($1, $2, $3, 'sending', '', '', '', '', '', '', 1, 0, $4) ON CONFLICT DO NOTHING`,
          [boardId, actionId, trackerId, now],
        );
        let result: ClaimResult;
        if (inserted.rowCount === 1) {
          result = { kind: 'claimed', link: (await one(boardId, actionId, client))!, reconcile: false };
        } else {
          const { rows } = await client.query<LinkRow>(`SELECT ${COLUMNS} FROM tracker_links WHERE board_id = $1 AND action_id = $2 FOR UPDATE`, [boardId, actionId]);
          if (!rows[0]) throw new Error('The board of this action item does not exist.');
          const decision = decideClaim(linkFromRow(rows[0]), trackerId, now, staleBefore, force);
          if (typeof decision !== 'string') result = decision;
          else {
            await client.query(
              `UPDATE tracker_links SET state = 'sending', tracker_id = $1, attempts = attempts + 1, updated_at = $2 WHERE board_id = $3 AND action_id = $4`,
              [trackerId, now, boardId, actionId],
            );
            result = { kind: 'claimed', link: (await one(boardId, actionId, client))!, reconcile: decision === 'claim-reconcile' };
          }
        }
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async complete(boardId, actionId, issue, now) {
      assertOpen();
      await pool.query(
        `UPDATE tracker_links SET state = 'sent', external_id = $1, key = $2, url = $3, issue_state = $4, error = '', failure = '',
           next_attempt_at = 0, updated_at = $5 WHERE board_id = $6 AND action_id = $7 AND state = 'sending'`,
        [issue.externalId, issue.key, issue.url, issue.issueState, now, boardId, actionId],
      );
      return one(boardId, actionId);
    },
    async fail(boardId, actionId, f, now) {
      assertOpen();
      await pool.query(
        `UPDATE tracker_links SET state = 'failed', error = $1, failure = $2, next_attempt_at = $3, updated_at = $4
         WHERE board_id = $5 AND action_id = $6 AND state = 'sending'`,
        [f.error, f.failure, f.nextAttemptAt, now, boardId, actionId],
      );
      return one(boardId, actionId);
    },
    async setIssueState(trackerId, externalId, issueState, now) {
      assertOpen();
      const { rows } = await pool.query<LinkRow>(
        `UPDATE tracker_links SET issue_state = $1, updated_at = $2 WHERE tracker_id = $3 AND external_id = $4 AND state = 'sent' AND issue_state <> $1
         RETURNING ${COLUMNS}`,
        [issueState, now, trackerId, externalId],
      );
      return rows[0] ? linkFromRow(rows[0]) : null;
    },
    getLink: async (boardId, actionId) => {
      assertOpen();
      return one(boardId, actionId);
    },
    async listLinks(boardId) {
      assertOpen();
      const { rows } = await pool.query<LinkRow>(`SELECT ${COLUMNS} FROM tracker_links WHERE board_id = $1 ORDER BY updated_at, action_id`, [boardId]);
      return rows.map(linkFromRow);
    },
    async listDue(now, staleBefore) {
      assertOpen();
      const { rows } = await pool.query<LinkRow>(
        `SELECT ${COLUMNS} FROM tracker_links WHERE (state = 'failed' AND next_attempt_at > 0 AND next_attempt_at <= $1)
           OR (state = 'sending' AND updated_at < $2) ORDER BY updated_at LIMIT 100`,
        [now, staleBefore],
      );
      return rows.map(linkFromRow);
    },
    async claimForCheck(limit, now, notSince) {
      assertOpen();
      // SKIP LOCKED: a batch another instance is taking at this moment is left to it. A row it has
      // just taken and let go fails `checked_at < $3` when read again, so it is not taken twice.
      const { rows } = await pool.query<LinkRow>(
        `UPDATE tracker_links SET checked_at = $2 WHERE (board_id, action_id) IN (
           SELECT board_id, action_id FROM tracker_links WHERE state = 'sent' AND checked_at < $3
           ORDER BY checked_at, updated_at, board_id, action_id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}`,
        [limit, now, notSince],
      );
      return rows.map(linkFromRow).sort((a, b) => a.updatedAt - b.updatedAt || a.boardId.localeCompare(b.boardId) || a.actionId.localeCompare(b.actionId));
    },
  };
}
