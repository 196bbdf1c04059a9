// The incident library in PostgreSQL (storage/library.ts): the workspace, the index of reviews and
// action items, and full-text search with a stored tsvector (english: stemmed, stop words left
// out) under a GIN index, queried through websearch_to_tsquery (which never raises on its input)
// and highlighted with ts_headline. A deleted board's rows go with it (ON DELETE CASCADE).
import type pg from 'pg';
import type { ActionStatus, FactorCategory } from '../../shared/board';
import type { BoardId } from '../../shared/ids';
import {
  MATCH_END,
  MATCH_START,
  toWebsearch,
  type IndexedMetric,
  type ReviewMetrics,
  type ReviewStatus,
  type SearchKind,
  type SearchQuery,
  type Severity,
} from '../../shared/library';
import {
  rankedPage,
  SEARCH_COUNT_CAP,
  SEARCH_RANK_WINDOW,
  type FollowUpFilter,
  type IndexedBoard,
  type LibraryStore,
  type ReviewFilter,
  type StoredFactor,
  type StoredFollowUp,
  type StoredReview,
  type WorkspaceRecord,
} from './library';

/** Tables of the library (schema version 5). */
export const POSTGRES_LIBRARY = `
CREATE TABLE IF NOT EXISTS workspace (
  id integer PRIMARY KEY CHECK (id = 1),
  name text NOT NULL,
  link_hash bytea,
  created_at bigint NOT NULL,
  index_format text NOT NULL
);
CREATE TABLE IF NOT EXISTS workspace_retired_links (
  token_hash bytea PRIMARY KEY,
  retired_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS library_reviews (
  board_id text PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
  title text NOT NULL,
  incident_date text NOT NULL,
  severity text NOT NULL,
  severity_rank integer NOT NULL,
  services text[] NOT NULL,
  tags text[] NOT NULL,
  status text NOT NULL,
  facilitator text NOT NULL,
  events integer NOT NULL,
  factors integer NOT NULL,
  actions integer NOT NULL,
  open_actions integer NOT NULL,
  created_at bigint NOT NULL,
  indexed_at bigint NOT NULL,
  version bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS library_reviews_by_date ON library_reviews (incident_date, created_at);
CREATE INDEX IF NOT EXISTS library_reviews_by_indexed ON library_reviews (indexed_at);
CREATE TABLE IF NOT EXISTS library_actions (
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  action_id text NOT NULL,
  text text NOT NULL,
  owner text NOT NULL,
  owner_key text NOT NULL,
  due text NOT NULL,
  default_due text NOT NULL,
  effective_due text NOT NULL,
  status text NOT NULL,
  status_reason text NOT NULL,
  factors text[] NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (board_id, action_id)
);
CREATE INDEX IF NOT EXISTS library_actions_by_due ON library_actions (effective_due);
CREATE INDEX IF NOT EXISTS library_actions_by_owner ON library_actions (owner_key);
CREATE TABLE IF NOT EXISTS search_rows (
  id bigserial PRIMARY KEY,
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  kind text NOT NULL,
  item_id text NOT NULL,
  text text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
);
CREATE INDEX IF NOT EXISTS search_rows_by_board ON search_rows (board_id);
-- fastupdate off: a search never reads a pending list of recent entries (up to 4 MB of them, read
-- whole by every search until a vacuum merges them); indexing a board costs a little more instead.
CREATE INDEX IF NOT EXISTS search_rows_tsv ON search_rows USING gin (tsv) WITH (fastupdate = off);
-- The pairs of neighbouring words of a text ('disk lock' for "the disk lock"), from its tsvector's
-- positions: a phrase search looks its pairs up here, since the GIN index on tsv cannot check word
-- order (every row holding the words would be read again). A lexeme never holds a space. Created
-- only when missing (an index expression's body must never change: a new body needs a new name and
-- index), and an older database's tsv index loses its pending list, both without needing to own
-- what is already there.
DO $do$ BEGIN
  IF to_regprocedure('search_word_pairs(tsvector)') IS NULL THEN
    CREATE FUNCTION search_word_pairs(t tsvector) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
      SELECT coalesce(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme), '{}')
        FROM (SELECT u.lexeme, p FROM unnest(t) u, unnest(u.positions) p) a
        JOIN (SELECT u.lexeme, p FROM unnest(t) u, unnest(u.positions) p) b ON b.p = a.p + 1
    $fn$;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = 'search_rows_tsv'::regclass AND 'fastupdate=off' = ANY (coalesce(reloptions, '{}'))) THEN
    ALTER INDEX search_rows_tsv SET (fastupdate = off);
  END IF;
  IF to_regclass('library_factors_tsv') IS NOT NULL THEN
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass('library_factors_tsv') AND 'fastupdate=off' = ANY (coalesce(reloptions, '{}'))) THEN
      ALTER INDEX library_factors_tsv SET (fastupdate = off);
    END IF;
  END IF;
END $do$;
CREATE INDEX IF NOT EXISTS search_rows_pairs ON search_rows USING gin (search_word_pairs(tsv)) WITH (fastupdate = off);
CREATE TABLE IF NOT EXISTS library_factors (
  id bigserial PRIMARY KEY,
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  factor_id text NOT NULL,
  text text NOT NULL,
  category text,
  created_at bigint NOT NULL,
  actions integer NOT NULL,
  actions_done integer NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  UNIQUE (board_id, factor_id)
);
-- fastupdate off, as for search_rows_tsv: suggestions while someone writes a factor never read a
-- pending list of recent entries one by one.
CREATE INDEX IF NOT EXISTS library_factors_tsv ON library_factors USING gin (tsv) WITH (fastupdate = off);
CREATE TABLE IF NOT EXISTS library_factor_links (
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  factor_id text NOT NULL,
  target_board text NOT NULL,
  target_factor text NOT NULL,
  PRIMARY KEY (board_id, factor_id, target_board, target_factor)
);
CREATE INDEX IF NOT EXISTS library_factor_links_by_target ON library_factor_links (target_board, target_factor);
-- Metrics in ms; NULL: not measured; -1: its markers are out of order.
CREATE TABLE IF NOT EXISTS library_metrics (
  board_id text PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
  day text NOT NULL,
  ttd bigint,
  tta bigint,
  ttm bigint,
  ttr bigint
);
CREATE INDEX IF NOT EXISTS library_metrics_by_day ON library_metrics (day);
`;

/** How a metric is stored: ms, NULL when not measured, OUT_OF_ORDER when its markers are reversed. */
const OUT_OF_ORDER = -1;
const encodeMetric = (v: IndexedMetric): number | null => (v === 'missing' ? null : v === 'out-of-order' ? OUT_OF_ORDER : v);
const decodeMetric = (v: string | null): IndexedMetric => (v === null ? 'missing' : Number(v) === OUT_OF_ORDER ? 'out-of-order' : Number(v));

const FACTOR_COLUMNS = `f.board_id, f.factor_id, f.text, f.category, f.created_at::text AS created_at, f.actions, f.actions_done,
  r.title, r.incident_date, r.severity, r.services, r.created_at::text AS review_created_at, b.participant_token,
  ARRAY(SELECT l.target_board || '/' || l.target_factor FROM library_factor_links l
         WHERE l.board_id = f.board_id AND l.factor_id = f.factor_id) AS same_as`;

const factorFromRow = (row: {
  board_id: string;
  factor_id: string;
  text: string;
  category: string | null;
  created_at: string;
  actions: number;
  actions_done: number;
  title: string;
  incident_date: string;
  severity: string;
  services: string[];
  review_created_at: string;
  participant_token: string;
  same_as: string[];
}): StoredFactor => ({
  boardId: row.board_id as BoardId,
  factorId: row.factor_id,
  text: row.text,
  category: row.category as FactorCategory | null,
  createdAt: Number(row.created_at),
  actions: row.actions,
  actionsDone: row.actions_done,
  // Board ids never hold a slash (shared/ids.ts), so the first one separates the two.
  sameAs: row.same_as.map((key) => ({ boardId: key.slice(0, key.indexOf('/')), factorId: key.slice(key.indexOf('/') + 1) })),
  reviewTitle: row.title,
  incidentDate: row.incident_date,
  severity: row.severity as Severity | '',
  services: row.services,
  reviewCreatedAt: Number(row.review_created_at),
  participantToken: row.participant_token,
});

const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=35, MinWords=15, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

const severityRank = (severity: Severity | '') => (severity === '' ? 9 : Number(severity.slice(3)));

function reviewOrder(filter: ReviewFilter): string {
  const dir = filter.descending ? 'DESC' : 'ASC';
  switch (filter.sort) {
    case 'incidentDate':
      return `(r.incident_date = '') ASC, r.incident_date ${dir}, r.created_at ${dir}, r.board_id`;
    case 'title':
      return `lower(r.title) ${dir}, r.board_id`;
    case 'severity':
      return `r.severity_rank ${dir}, r.incident_date DESC, r.board_id`;
    case 'updated':
      return `r.indexed_at ${dir}, r.board_id`;
    case 'openActions':
      return `r.open_actions ${dir}, r.incident_date DESC, r.board_id`;
    default: {
      const never: never = filter.sort;
      throw new Error(`Unhandled sort: ${String(never)}`);
    }
  }
}

function followUpOrder(filter: FollowUpFilter): string {
  switch (filter.sort) {
    case 'due':
      return `(a.effective_due = '') ASC, a.effective_due ASC, r.severity_rank ASC, a.board_id, a.action_id`;
    case 'severity':
      return `r.severity_rank ASC, (a.effective_due = '') ASC, a.effective_due ASC, a.board_id, a.action_id`;
    case 'review':
      return `r.incident_date DESC, a.board_id, a.created_at, a.action_id`;
    case 'status':
      return `CASE a.status WHEN 'in-progress' THEN 0 WHEN 'open' THEN 1 WHEN 'done' THEN 2 ELSE 3 END, (a.effective_due = '') ASC, a.effective_due ASC, a.board_id, a.action_id`;
    default: {
      const never: never = filter.sort;
      throw new Error(`Unhandled sort: ${String(never)}`);
    }
  }
}

/**
 * The WHERE clause of a search over `search_rows s` (its tsquery is `tsquery`, on $1; its own
 * parameters from $3 on). A query whose every alternative holds a phrase also needs the phrases'
 * word pairs (search_word_pairs), looked up in their GIN index: the rows holding the phrase's
 * neighbouring words (for two words, exactly the rows holding the phrase), instead of every row
 * holding its words (for common words, tens of thousands read from the table to check the order,
 * docs/benchmarks.md). The tsquery is then checked on those rows only
 * (`IS TRUE` keeps the planner from also reading the tsv index, which for common words costs more
 * than the pairs save). Pairs are only ever a narrowing: a row matching the tsquery has them all.
 */
async function searchWhere(pool: pg.Pool, query: SearchQuery, tsquery: string): Promise<{ sql: string; params: unknown[] }> {
  const plain = { sql: `s.tsv @@ ${tsquery}`, params: [] };
  const phrases = query.groups.map((group) => group.filter((t) => !t.negated && t.words.length > 1).map((t) => t.words.join(' ')));
  if (phrases.some((p) => p.length === 0)) return plain;
  const { rows } = await pool.query<{ pairs: string[] }>(
    `SELECT search_word_pairs(to_tsvector('english', x.p)) AS pairs FROM unnest($1::text[]) WITH ORDINALITY AS x(p, n) ORDER BY x.n`,
    [phrases.flat()],
  );
  const params: unknown[] = [];
  let next = 0;
  const alternatives: string[] = [];
  for (const group of phrases) {
    const pairs = [...new Set(rows.slice(next, next + group.length).flatMap((r) => r.pairs))];
    next += group.length;
    // Only stop words between the words (or one word after all): nothing to look up.
    if (pairs.length === 0) return plain;
    params.push(pairs);
    alternatives.push(`search_word_pairs(s.tsv) @> $${2 + params.length}::text[]`);
  }
  return { sql: `(s.tsv @@ ${tsquery}) IS TRUE AND (${alternatives.join(' OR ')})`, params };
}

const bytes = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** The library's tables through a pool; `transaction` runs work in one transaction. */
export function postgresLibrary(
  pool: pg.Pool,
  transaction: <T>(work: (client: pg.PoolClient) => Promise<T>) => Promise<T>,
  assertOpen: () => void,
): LibraryStore {
  const workspaceFromRow = (row: { name: string; link_hash: Buffer | null; created_at: string; index_format: string }): WorkspaceRecord => ({
    name: row.name,
    linkHash: row.link_hash ? new Uint8Array(row.link_hash) : null,
    createdAt: Number(row.created_at),
    indexFormat: row.index_format,
  });
  const WORKSPACE = 'SELECT name, link_hash, created_at::text AS created_at, index_format FROM workspace WHERE id = 1';

  return {
    async ensureWorkspace(create) {
      assertOpen();
      return transaction(async (client) => {
        const inserted = await client.query(
          'INSERT INTO workspace (id, name, link_hash, created_at, index_format) VALUES (1, $1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [create.name, create.linkHash ? bytes(create.linkHash) : null, create.createdAt, create.indexFormat],
        );
        const { rows } = await client.query(WORKSPACE);
        return { workspace: workspaceFromRow(rows[0]), created: (inserted.rowCount ?? 0) > 0 };
      });
    },
    async getWorkspace() {
      assertOpen();
      const { rows } = await pool.query(WORKSPACE);
      return rows[0] ? workspaceFromRow(rows[0]) : null;
    },
    async rotateWorkspaceLink(linkHash, retiredAt) {
      assertOpen();
      return transaction(async (client) => {
        const { rows } = await client.query<{ link_hash: Buffer | null }>('SELECT link_hash FROM workspace WHERE id = 1 FOR UPDATE');
        if (!rows[0]) return false;
        if (rows[0].link_hash) {
          await client.query('INSERT INTO workspace_retired_links (token_hash, retired_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
            rows[0].link_hash,
            retiredAt,
          ]);
        }
        await client.query('UPDATE workspace SET link_hash = $1 WHERE id = 1', [bytes(linkHash)]);
        return true;
      });
    },
    async findRetiredWorkspaceLink(linkHash) {
      assertOpen();
      const { rows } = await pool.query<{ retired_at: string }>(
        'SELECT retired_at::text AS retired_at FROM workspace_retired_links WHERE token_hash = $1',
        [bytes(linkHash)],
      );
      return rows[0] ? Number(rows[0].retired_at) : null;
    },
    async setIndexFormat(format) {
      assertOpen();
      await pool.query('UPDATE workspace SET index_format = $1 WHERE id = 1', [format]);
    },
    async boardVersions(boardIds) {
      assertOpen();
      const { rows } = await pool.query<{ board_id: string; version: string }>(
        `SELECT b.id AS board_id, COALESCE(sum(d.last_seq), 0)::text AS version
           FROM boards b LEFT JOIN documents d ON d.board_id = b.id
          ${boardIds ? 'WHERE b.id = ANY($1::text[])' : ''} GROUP BY b.id`,
        boardIds ? [boardIds.filter((id) => !id.includes('\u0000'))] : [],
      );
      return new Map(rows.map((r) => [r.board_id as BoardId, Number(r.version)]));
    },
    async indexedVersions() {
      assertOpen();
      const { rows } = await pool.query<{ board_id: string; version: string }>('SELECT board_id, version::text AS version FROM library_reviews');
      return new Map(rows.map((r) => [r.board_id as BoardId, Number(r.version)]));
    },
    async putIndexed(board: IndexedBoard) {
      assertOpen();
      const { review } = board;
      return transaction(async (client) => {
        // Locks the board row: two instances indexing one board write one after the other.
        const { rowCount } = await client.query('SELECT 1 FROM boards WHERE id = $1 FOR SHARE', [review.boardId]);
        if ((rowCount ?? 0) === 0) return false;
        await client.query('DELETE FROM library_reviews WHERE board_id = $1', [review.boardId]);
        await client.query('DELETE FROM library_actions WHERE board_id = $1', [review.boardId]);
        await client.query('DELETE FROM search_rows WHERE board_id = $1', [review.boardId]);
        await client.query('DELETE FROM library_factors WHERE board_id = $1', [review.boardId]);
        await client.query('DELETE FROM library_factor_links WHERE board_id = $1', [review.boardId]);
        await client.query('DELETE FROM library_metrics WHERE board_id = $1', [review.boardId]);
        await client.query(
          `INSERT INTO library_reviews (board_id, title, incident_date, severity, severity_rank, services, tags, status, facilitator,
             events, factors, actions, open_actions, created_at, indexed_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [
            review.boardId,
            review.title,
            review.incidentDate,
            review.severity,
            severityRank(review.severity),
            review.services,
            review.tags,
            review.status,
            review.facilitator,
            review.events,
            review.factors,
            review.actions,
            review.openActions,
            review.createdAt,
            board.indexedAt,
            board.version,
          ],
        );
        if (board.actions.length > 0) {
          const a = board.actions;
          await client.query(
            `INSERT INTO library_actions (board_id, action_id, text, owner, owner_key, due, default_due, effective_due, status,
               status_reason, factors, created_at)
             SELECT $1::text, x.action_id, x.text, x.owner, lower(btrim(x.owner)), x.due, x.default_due,
                    CASE WHEN x.due <> '' THEN x.due ELSE x.default_due END, x.status, x.status_reason,
                    ARRAY(SELECT json_array_elements_text(x.factors::json)), x.created_at
               FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[])
                 AS x(action_id, text, owner, due, default_due, status, status_reason, factors, created_at)`,
            [
              review.boardId,
              a.map((x) => x.actionId),
              a.map((x) => x.text),
              a.map((x) => x.owner),
              a.map((x) => x.due),
              a.map((x) => x.defaultDue),
              a.map((x) => x.status),
              a.map((x) => x.statusReason),
              a.map((x) => JSON.stringify(x.factors)),
              a.map((x) => x.createdAt),
            ],
          );
        }
        const texts = board.texts.filter((t) => t.text.trim() !== '');
        if (texts.length > 0) {
          await client.query(
            `INSERT INTO search_rows (board_id, kind, item_id, text)
             SELECT $1::text, x.kind, x.item_id, x.text FROM unnest($2::text[], $3::text[], $4::text[]) AS x(kind, item_id, text)`,
            [review.boardId, texts.map((t) => t.kind), texts.map((t) => t.itemId), texts.map((t) => t.text)],
          );
        }
        const f = board.factors;
        if (f.length > 0) {
          await client.query(
            `INSERT INTO library_factors (board_id, factor_id, text, category, created_at, actions, actions_done)
             SELECT $1::text, x.factor_id, x.text, x.category, x.created_at, x.actions, x.actions_done
               FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::int[], $7::int[])
                 AS x(factor_id, text, category, created_at, actions, actions_done)
             ON CONFLICT DO NOTHING`,
            [
              review.boardId,
              f.map((x) => x.factorId),
              f.map((x) => x.text),
              f.map((x) => x.category),
              f.map((x) => x.createdAt),
              f.map((x) => x.actions),
              f.map((x) => x.actionsDone),
            ],
          );
          const links = f.flatMap((x) => x.sameAs.map((l) => [x.factorId, l.boardId, l.factorId] as const));
          if (links.length > 0) {
            await client.query(
              `INSERT INTO library_factor_links (board_id, factor_id, target_board, target_factor)
               SELECT $1::text, x.factor_id, x.target_board, x.target_factor
                 FROM unnest($2::text[], $3::text[], $4::text[]) AS x(factor_id, target_board, target_factor)
               ON CONFLICT DO NOTHING`,
              [review.boardId, links.map((l) => l[0]), links.map((l) => l[1]), links.map((l) => l[2])],
            );
          }
        }
        const v = board.metrics.values;
        await client.query('INSERT INTO library_metrics (board_id, day, ttd, tta, ttm, ttr) VALUES ($1, $2, $3, $4, $5, $6)', [
          review.boardId,
          board.metrics.day,
          encodeMetric(v.timeToDetect),
          encodeMetric(v.timeToAcknowledge),
          encodeMetric(v.timeToMitigate),
          encodeMetric(v.timeToResolve),
        ]);
        return true;
      });
    },
    async removeIndexed(boardId) {
      assertOpen();
      await transaction(async (client) => {
        await client.query('DELETE FROM library_reviews WHERE board_id = $1', [boardId]);
        await client.query('DELETE FROM library_actions WHERE board_id = $1', [boardId]);
        await client.query('DELETE FROM search_rows WHERE board_id = $1', [boardId]);
        await client.query('DELETE FROM library_factors WHERE board_id = $1', [boardId]);
        await client.query('DELETE FROM library_factor_links WHERE board_id = $1', [boardId]);
        await client.query('DELETE FROM library_metrics WHERE board_id = $1', [boardId]);
      });
    },
    async listReviews(filter) {
      assertOpen();
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (filter.severities?.length) where.push(`r.severity = ANY(${param(filter.severities)}::text[])`);
      if (filter.statuses?.length) where.push(`r.status = ANY(${param(filter.statuses)}::text[])`);
      if (filter.service !== undefined) where.push(`EXISTS (SELECT 1 FROM unnest(r.services) v WHERE lower(v) = lower(${param(filter.service)}))`);
      if (filter.tag !== undefined) where.push(`EXISTS (SELECT 1 FROM unnest(r.tags) v WHERE lower(v) = lower(${param(filter.tag)}))`);
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const count = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM library_reviews r ${clause}`, params);
      const limit = param(filter.limit);
      const offset = param(filter.offset);
      const { rows } = await pool.query(
        `SELECT r.board_id, r.title, r.incident_date, r.severity, r.services, r.tags, r.status, r.facilitator, r.events, r.factors,
                r.actions, r.open_actions, r.created_at::text AS created_at, r.indexed_at::text AS indexed_at, b.participant_token
           FROM library_reviews r JOIN boards b ON b.id = r.board_id ${clause}
          ORDER BY ${reviewOrder(filter)} LIMIT ${limit} OFFSET ${offset}`,
        params,
      );
      const items: StoredReview[] = rows.map((row) => ({
        boardId: row.board_id as BoardId,
        title: row.title,
        incidentDate: row.incident_date,
        severity: row.severity as Severity | '',
        services: row.services,
        tags: row.tags,
        status: row.status as ReviewStatus,
        facilitator: row.facilitator,
        events: row.events,
        factors: row.factors,
        actions: row.actions,
        openActions: row.open_actions,
        createdAt: Number(row.created_at),
        updatedAt: Number(row.indexed_at),
        participantToken: row.participant_token,
      }));
      return { total: Number(count.rows[0]!.n), items };
    },
    async search(query, offset, limit) {
      assertOpen();
      const text = toWebsearch(query);
      const tsquery = `websearch_to_tsquery('english', $1)`;
      const where = await searchWhere(pool, query, tsquery);
      // The newest SEARCH_RANK_WINDOW matches and one (one more says "more than"), ranked here: a
      // narrow search is ranked whole (its count too), a broad one's newest matches only. The
      // planner picks the way from its estimate of how many rows match: a common word's newest
      // matches are found soon walking the ids backwards; a rare one's through the GIN index, then
      // sorted by id. ts_rank is computed for the window's rows only, not for every match.
      const matches = (
        await pool.query<{ id: string; rank: number }>(
          `SELECT w.id::text AS id, ts_rank(w.tsv, ${tsquery}) AS rank
             FROM (SELECT s.id, s.tsv FROM search_rows s WHERE ${where.sql} ORDER BY s.id DESC LIMIT $2) w`,
          [text, SEARCH_RANK_WINDOW + 1, ...where.params],
        )
      ).rows;
      const total = Math.min(matches.length, SEARCH_COUNT_CAP + 1);
      const window = matches.map((m) => ({ id: Number(m.id), score: m.rank }));
      const ids = await rankedPage(window, offset, limit, async (from, n) => {
        const rest = await pool.query<{ id: string }>(
          `SELECT s.id::text AS id FROM search_rows s WHERE ${where.sql} ORDER BY s.id DESC LIMIT $2 OFFSET $${3 + where.params.length}`,
          [text, n, ...where.params, from],
        );
        return rest.rows.map((r) => Number(r.id));
      });
      // Headlines for the page only (ts_headline parses the text again).
      const { rows } = await pool.query<{
        id: string;
        board_id: string;
        kind: string;
        item_id: string;
        snippet: string;
        title: string;
        incident_date: string;
        participant_token: string;
      }>(
        `SELECT s.id::text AS id, s.board_id, s.kind, s.item_id, ts_headline('english', s.text, ${tsquery}, $3) AS snippet,
                r.title, r.incident_date, b.participant_token
           FROM search_rows s JOIN library_reviews r ON r.board_id = s.board_id JOIN boards b ON b.id = s.board_id
          WHERE s.id = ANY($2::bigint[])`,
        [text, ids, HEADLINE_OPTIONS],
      );
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      return {
        total,
        hits: ids
          .map((id) => byId.get(id))
          .filter((r) => r !== undefined)
          .map((r) => ({
            boardId: r.board_id as BoardId,
            boardTitle: r.title,
            incidentDate: r.incident_date,
            participantToken: r.participant_token,
            kind: r.kind as SearchKind,
            itemId: r.item_id,
            snippet: r.snippet,
          })),
      };
    },
    async listFollowUps(filter) {
      assertOpen();
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (filter.statuses?.length) where.push(`a.status = ANY(${param(filter.statuses)}::text[])`);
      if (filter.owner !== undefined) where.push(`a.owner_key = ${param(filter.owner.trim().toLowerCase())}`);
      if (filter.overdueBefore !== undefined) {
        where.push(`a.effective_due <> '' AND a.effective_due < ${param(filter.overdueBefore)} AND a.status IN ('open', 'in-progress')`);
      }
      if (filter.severities?.length) where.push(`r.severity = ANY(${param(filter.severities)}::text[])`);
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const from = 'FROM library_actions a JOIN library_reviews r ON r.board_id = a.board_id';
      const count = await pool.query<{ n: string }>(`SELECT count(*)::text AS n ${from} ${clause}`, params);
      const limit = param(filter.limit);
      const offset = param(filter.offset);
      const { rows } = await pool.query(
        `SELECT a.board_id, a.action_id, a.text, a.owner, a.due, a.default_due, a.status, a.status_reason, a.factors,
                a.created_at::text AS created_at, r.title AS board_title, r.severity, b.participant_token
           ${from} JOIN boards b ON b.id = a.board_id ${clause}
          ORDER BY ${followUpOrder(filter)} LIMIT ${limit} OFFSET ${offset}`,
        params,
      );
      const items: StoredFollowUp[] = rows.map((r) => ({
        boardId: r.board_id as BoardId,
        boardTitle: r.board_title,
        severity: r.severity as Severity | '',
        participantToken: r.participant_token,
        actionId: r.action_id,
        text: r.text,
        owner: r.owner,
        due: r.due,
        defaultDue: r.default_due,
        status: r.status as ActionStatus,
        statusReason: r.status_reason,
        factors: r.factors,
        createdAt: Number(r.created_at),
      }));
      return { total: Number(count.rows[0]!.n), items };
    },
    async similarFactors(query, excludeBoardId, limit) {
      assertOpen();
      if (query.groups.length === 0) return [];
      const { rows } = await pool.query(
        `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS q),
         best AS (
           SELECT f.id, ts_rank(f.tsv, q.q) AS rank FROM library_factors f, q
            WHERE f.tsv @@ q.q AND f.board_id <> $2 ORDER BY rank DESC, f.id LIMIT $3
         )
         SELECT ${FACTOR_COLUMNS} FROM best JOIN library_factors f ON f.id = best.id
           JOIN library_reviews r ON r.board_id = f.board_id JOIN boards b ON b.id = f.board_id
          ORDER BY best.rank DESC, best.id`,
        [toWebsearch(query), excludeBoardId ?? '', limit],
      );
      return rows.map(factorFromRow);
    },
    async linkedFactors() {
      assertOpen();
      const { rows } = await pool.query(
        `WITH ends AS (SELECT board_id, factor_id FROM library_factor_links
                       UNION SELECT target_board, target_factor FROM library_factor_links)
         SELECT ${FACTOR_COLUMNS} FROM ends e
           JOIN library_factors f ON f.board_id = e.board_id AND f.factor_id = e.factor_id
           JOIN library_reviews r ON r.board_id = f.board_id JOIN boards b ON b.id = f.board_id`,
      );
      return rows.map(factorFromRow);
    },
    async reviewMetrics(filter) {
      assertOpen();
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (filter.severities?.length) where.push(`r.severity = ANY(${param(filter.severities)}::text[])`);
      if (filter.service !== undefined) where.push(`EXISTS (SELECT 1 FROM unnest(r.services) v WHERE lower(v) = lower(${param(filter.service)}))`);
      if (filter.from !== undefined) where.push(`m.day >= ${param(filter.from)}`);
      if (filter.to !== undefined) where.push(`m.day <= ${param(filter.to)}`);
      const { rows } = await pool.query<{ day: string; ttd: string | null; tta: string | null; ttm: string | null; ttr: string | null; severity: string; services: string[] }>(
        `SELECT m.day, m.ttd::text AS ttd, m.tta::text AS tta, m.ttm::text AS ttm, m.ttr::text AS ttr, r.severity, r.services
           FROM library_metrics m JOIN library_reviews r ON r.board_id = m.board_id
          ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`,
        params,
      );
      return rows.map((r): ReviewMetrics => ({
        day: r.day,
        severity: r.severity as Severity | '',
        services: r.services,
        values: {
          timeToDetect: decodeMetric(r.ttd),
          timeToAcknowledge: decodeMetric(r.tta),
          timeToMitigate: decodeMetric(r.ttm),
          timeToResolve: decodeMetric(r.ttr),
        },
      }));
    },
    async indexVersion() {
      assertOpen();
      const { rows } = await pool.query<{ v: string | null }>('SELECT max(indexed_at)::text AS v FROM library_reviews');
      return rows[0]?.v ? Number(rows[0].v) : 0;
    },
  };
}
