// The incident library in the SQLite file (storage/library.ts): the workspace, the index of
// reviews and action items, and full-text search with FTS5. The searchable texts live in an
// ordinary table (indexed by board, so a board's texts are replaced without scanning the rest)
// which an external-content FTS5 table indexes, kept in step by triggers; deleting a board deletes
// its rows (ON DELETE CASCADE), and the triggers take them out of the FTS index too.
import type Database from 'better-sqlite3';
import type { ActionStatus, FactorCategory } from '../../shared/board';
import type { BoardId } from '../../shared/ids';
import { toFts5, type IndexedMetric, type ReviewMetrics, type ReviewStatus, type SearchKind, type SearchQuery, type Severity } from '../../shared/library';
import {
  rankedPage,
  SEARCH_COUNT_CAP,
  SEARCH_RANK_WINDOW,
  SearchSyntaxError,
  type FollowUpFilter,
  type IndexedBoard,
  type LibraryStore,
  type ReviewFilter,
  type StoredFactor,
  type StoredFollowUp,
  type StoredReview,
  type StoredSearchHit,
  type WorkspaceRecord,
} from './library';

/** Tables of the library (schema version 5), created by SCHEMA on opening an older file. */
export const SQLITE_LIBRARY = `
CREATE TABLE IF NOT EXISTS workspace (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  link_hash BLOB,
  created_at INTEGER NOT NULL,
  index_format TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS workspace_retired_links (
  token_hash BLOB PRIMARY KEY,
  retired_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS library_reviews (
  board_id TEXT PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  incident_date TEXT NOT NULL,
  severity TEXT NOT NULL,
  severity_rank INTEGER NOT NULL,
  services TEXT NOT NULL,
  tags TEXT NOT NULL,
  status TEXT NOT NULL,
  facilitator TEXT NOT NULL,
  events INTEGER NOT NULL,
  factors INTEGER NOT NULL,
  actions INTEGER NOT NULL,
  open_actions INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  indexed_at INTEGER NOT NULL,
  version INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS library_reviews_by_date ON library_reviews (incident_date, created_at);
CREATE INDEX IF NOT EXISTS library_reviews_by_indexed ON library_reviews (indexed_at);
CREATE TABLE IF NOT EXISTS library_actions (
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  action_id TEXT NOT NULL,
  text TEXT NOT NULL,
  owner TEXT NOT NULL,
  owner_key TEXT NOT NULL,
  due TEXT NOT NULL,
  default_due TEXT NOT NULL,
  effective_due TEXT NOT NULL,
  status TEXT NOT NULL,
  status_reason TEXT NOT NULL,
  factors TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, action_id)
) STRICT;
CREATE INDEX IF NOT EXISTS library_actions_by_due ON library_actions (effective_due);
CREATE INDEX IF NOT EXISTS library_actions_by_owner ON library_actions (owner_key);
CREATE TABLE IF NOT EXISTS search_rows (
  id INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  item_id TEXT NOT NULL,
  text TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS search_rows_by_board ON search_rows (board_id);
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
  text, content = 'search_rows', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS search_rows_added AFTER INSERT ON search_rows BEGIN
  INSERT INTO search_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS search_rows_removed AFTER DELETE ON search_rows BEGIN
  INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TABLE IF NOT EXISTS library_factors (
  id INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  factor_id TEXT NOT NULL,
  text TEXT NOT NULL,
  category TEXT,
  created_at INTEGER NOT NULL,
  actions INTEGER NOT NULL,
  actions_done INTEGER NOT NULL,
  UNIQUE (board_id, factor_id)
) STRICT;
CREATE VIRTUAL TABLE IF NOT EXISTS factor_fts USING fts5(
  text, content = 'library_factors', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS library_factors_added AFTER INSERT ON library_factors BEGIN
  INSERT INTO factor_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS library_factors_removed AFTER DELETE ON library_factors BEGIN
  INSERT INTO factor_fts (factor_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TABLE IF NOT EXISTS library_factor_links (
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  factor_id TEXT NOT NULL,
  target_board TEXT NOT NULL,
  target_factor TEXT NOT NULL,
  PRIMARY KEY (board_id, factor_id, target_board, target_factor)
) STRICT;
CREATE INDEX IF NOT EXISTS library_factor_links_by_target ON library_factor_links (target_board, target_factor);
-- Metrics in ms; NULL: not measured; -1: its markers are out of order.
CREATE TABLE IF NOT EXISTS library_metrics (
  board_id TEXT PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  ttd INTEGER,
  tta INTEGER,
  ttm INTEGER,
  ttr INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS library_metrics_by_day ON library_metrics (day);
`;

/** How a metric is stored: ms, NULL when not measured, OUT_OF_ORDER when its markers are reversed. */
const OUT_OF_ORDER = -1;
const encodeMetric = (v: IndexedMetric): number | null => (v === 'missing' ? null : v === 'out-of-order' ? OUT_OF_ORDER : v);
const decodeMetric = (v: number | null): IndexedMetric => (v === null ? 'missing' : v === OUT_OF_ORDER ? 'out-of-order' : v);

const FACTOR_FIELDS = `f.board_id, f.factor_id, f.text, f.category, f.created_at, f.actions, f.actions_done,
  r.title, r.incident_date, r.severity, r.services, r.created_at AS review_created_at, b.participant_token`;
const FACTOR_COLUMNS = `${FACTOR_FIELDS},
  (SELECT json_group_array(json_array(l.target_board, l.target_factor)) FROM library_factor_links l
    WHERE l.board_id = f.board_id AND l.factor_id = f.factor_id) AS same_as`;

interface FactorSqlRow {
  board_id: string;
  factor_id: string;
  text: string;
  category: string | null;
  created_at: number;
  actions: number;
  actions_done: number;
  title: string;
  incident_date: string;
  severity: string;
  services: string;
  review_created_at: number;
  participant_token: string;
  same_as: string;
}

const factorFromRow = (row: FactorSqlRow): StoredFactor => ({
  boardId: row.board_id as BoardId,
  factorId: row.factor_id,
  text: row.text,
  category: row.category as FactorCategory | null,
  createdAt: row.created_at,
  actions: row.actions,
  actionsDone: row.actions_done,
  sameAs: (JSON.parse(row.same_as) as Array<[string, string]>).map(([boardId, factorId]) => ({ boardId, factorId })),
  reviewTitle: row.title,
  incidentDate: row.incident_date,
  severity: row.severity as Severity | '',
  services: jsonList(row.services),
  reviewCreatedAt: row.review_created_at,
  participantToken: row.participant_token,
});

const severityRank = (severity: Severity | '') => (severity === '' ? 9 : Number(severity.slice(3)));

const REVIEW_COLUMNS = `r.board_id, r.title, r.incident_date, r.severity, r.services, r.tags, r.status, r.facilitator,
  r.events, r.factors, r.actions, r.open_actions, r.created_at, r.indexed_at, b.participant_token`;

interface ReviewSqlRow {
  board_id: string;
  title: string;
  incident_date: string;
  severity: string;
  services: string;
  tags: string;
  status: string;
  facilitator: string;
  events: number;
  factors: number;
  actions: number;
  open_actions: number;
  created_at: number;
  indexed_at: number;
  participant_token: string;
}

const jsonList = (raw: string): string[] => {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
};

const reviewFromRow = (row: ReviewSqlRow): StoredReview => ({
  boardId: row.board_id as BoardId,
  title: row.title,
  incidentDate: row.incident_date,
  severity: row.severity as Severity | '',
  services: jsonList(row.services),
  tags: jsonList(row.tags),
  status: row.status as ReviewStatus,
  facilitator: row.facilitator,
  events: row.events,
  factors: row.factors,
  actions: row.actions,
  openActions: row.open_actions,
  createdAt: row.created_at,
  updatedAt: row.indexed_at,
  participantToken: row.participant_token,
});

/** ORDER BY for the library home; ties by creation, then id, so pages never overlap. */
function reviewOrder(filter: ReviewFilter): string {
  const dir = filter.descending ? 'DESC' : 'ASC';
  switch (filter.sort) {
    case 'incidentDate':
      return `(r.incident_date = '') ASC, r.incident_date ${dir}, r.created_at ${dir}, r.board_id`;
    case 'title':
      return `r.title COLLATE NOCASE ${dir}, r.board_id`;
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

/** The library's tables in an open SQLite database. */
export function sqliteLibrary(db: Database.Database, assertOpen: () => void): LibraryStore {
  const stmt = {
    getWorkspace: db.prepare<[], { name: string; link_hash: Buffer | null; created_at: number; index_format: string }>(
      'SELECT name, link_hash, created_at, index_format FROM workspace WHERE id = 1',
    ),
    insertWorkspace: db.prepare<[string, Uint8Array | null, number, string]>(
      'INSERT INTO workspace (id, name, link_hash, created_at, index_format) VALUES (1, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    retire: db.prepare<[number]>(
      'INSERT INTO workspace_retired_links (token_hash, retired_at) SELECT link_hash, ? FROM workspace WHERE id = 1 AND link_hash IS NOT NULL ON CONFLICT DO NOTHING',
    ),
    setLink: db.prepare<[Uint8Array]>('UPDATE workspace SET link_hash = ? WHERE id = 1'),
    findRetired: db.prepare<[Uint8Array], { retired_at: number }>('SELECT retired_at FROM workspace_retired_links WHERE token_hash = ?'),
    setFormat: db.prepare<[string]>('UPDATE workspace SET index_format = ? WHERE id = 1'),
    allVersions: db.prepare<[], { board_id: string; version: number }>(
      `SELECT b.id AS board_id, max(
         COALESCE((SELECT max(seq) FROM updates u WHERE u.board_id = b.id), 0),
         COALESCE((SELECT max(seq) FROM snapshots s WHERE s.board_id = b.id), 0)) AS version
       FROM boards b`,
    ),
    oneVersion: db.prepare<[string], { board_id: string; version: number }>(
      `SELECT b.id AS board_id, max(
         COALESCE((SELECT max(seq) FROM updates u WHERE u.board_id = b.id), 0),
         COALESCE((SELECT max(seq) FROM snapshots s WHERE s.board_id = b.id), 0)) AS version
       FROM boards b WHERE b.id = ?`,
    ),
    indexedVersions: db.prepare<[], { board_id: string; version: number }>('SELECT board_id, version FROM library_reviews'),
    boardExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM boards WHERE id = ?'),
    deleteReview: db.prepare<[string]>('DELETE FROM library_reviews WHERE board_id = ?'),
    deleteActions: db.prepare<[string]>('DELETE FROM library_actions WHERE board_id = ?'),
    deleteTexts: db.prepare<[string]>('DELETE FROM search_rows WHERE board_id = ?'),
    deleteFactors: db.prepare<[string]>('DELETE FROM library_factors WHERE board_id = ?'),
    deleteLinks: db.prepare<[string]>('DELETE FROM library_factor_links WHERE board_id = ?'),
    deleteMetrics: db.prepare<[string]>('DELETE FROM library_metrics WHERE board_id = ?'),
    insertFactor: db.prepare<[string, string, string, string | null, number, number, number]>(
      'INSERT INTO library_factors (board_id, factor_id, text, category, created_at, actions, actions_done) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    insertLink: db.prepare<[string, string, string, string]>(
      'INSERT INTO library_factor_links (board_id, factor_id, target_board, target_factor) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    insertMetrics: db.prepare<[string, string, number | null, number | null, number | null, number | null]>(
      'INSERT INTO library_metrics (board_id, day, ttd, tta, ttm, ttr) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    // Links first (a few thousand rows), then the factors at their ends, each found by its key.
    allLinks: db.prepare<[], { board_id: string; factor_id: string; target_board: string; target_factor: string }>(
      'SELECT board_id, factor_id, target_board, target_factor FROM library_factor_links',
    ),
    linkedFactors: db.prepare<[string], Omit<FactorSqlRow, 'same_as'>>(
      `SELECT ${FACTOR_FIELDS} FROM json_each(?) e
         JOIN library_factors f ON f.board_id = json_extract(e.value, '$[0]') AND f.factor_id = json_extract(e.value, '$[1]')
         JOIN library_reviews r ON r.board_id = f.board_id JOIN boards b ON b.id = f.board_id`,
    ),
    insertReview: db.prepare(
      `INSERT INTO library_reviews (board_id, title, incident_date, severity, severity_rank, services, tags, status, facilitator,
         events, factors, actions, open_actions, created_at, indexed_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertAction: db.prepare(
      `INSERT INTO library_actions (board_id, action_id, text, owner, owner_key, due, default_due, effective_due, status,
         status_reason, factors, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertText: db.prepare<[string, string, string, string]>('INSERT INTO search_rows (board_id, kind, item_id, text) VALUES (?, ?, ?, ?)'),
    indexVersion: db.prepare<[], { v: number | null }>('SELECT max(indexed_at) AS v FROM library_reviews'),
    searchWindow: db.prepare<[string, number], { id: number; score: number }>(
      'SELECT rowid AS id, bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
    ),
    searchNewest: db.prepare<[string, number, number], { id: number }>(
      'SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?',
    ),
    searchSnippets: db.prepare<[string, string], { id: number; board_id: string; kind: string; item_id: string; snippet: string; title: string; incident_date: string; participant_token: string }>(
      `SELECT s.id, s.board_id, s.kind, s.item_id, snippet(search_fts, 0, char(2), char(3), '…', 24) AS snippet,
              r.title, r.incident_date, b.participant_token
         FROM search_fts JOIN search_rows s ON s.id = search_fts.rowid
         JOIN library_reviews r ON r.board_id = s.board_id JOIN boards b ON b.id = s.board_id
        WHERE search_fts MATCH ? AND search_fts.rowid IN (SELECT value FROM json_each(?))`,
    ),
  };

  const put = db.transaction((board: IndexedBoard): boolean => {
    const { review } = board;
    if (!stmt.boardExists.get(review.boardId)) return false;
    stmt.deleteReview.run(review.boardId);
    stmt.deleteActions.run(review.boardId);
    stmt.deleteTexts.run(review.boardId);
    stmt.deleteFactors.run(review.boardId);
    stmt.deleteLinks.run(review.boardId);
    stmt.deleteMetrics.run(review.boardId);
    stmt.insertReview.run(
      review.boardId,
      review.title,
      review.incidentDate,
      review.severity,
      severityRank(review.severity),
      JSON.stringify(review.services),
      JSON.stringify(review.tags),
      review.status,
      review.facilitator,
      review.events,
      review.factors,
      review.actions,
      review.openActions,
      review.createdAt,
      board.indexedAt,
      board.version,
    );
    for (const a of board.actions) {
      stmt.insertAction.run(
        review.boardId,
        a.actionId,
        a.text,
        a.owner,
        a.owner.trim().toLowerCase(),
        a.due,
        a.defaultDue,
        a.due || a.defaultDue,
        a.status,
        a.statusReason,
        JSON.stringify(a.factors),
        a.createdAt,
      );
    }
    for (const t of board.texts) if (t.text.trim() !== '') stmt.insertText.run(review.boardId, t.kind, t.itemId, t.text);
    for (const f of board.factors) {
      stmt.insertFactor.run(review.boardId, f.factorId, f.text, f.category, f.createdAt, f.actions, f.actionsDone);
      for (const l of f.sameAs) stmt.insertLink.run(review.boardId, f.factorId, l.boardId, l.factorId);
    }
    const v = board.metrics.values;
    stmt.insertMetrics.run(
      review.boardId,
      board.metrics.day,
      encodeMetric(v.timeToDetect),
      encodeMetric(v.timeToAcknowledge),
      encodeMetric(v.timeToMitigate),
      encodeMetric(v.timeToResolve),
    );
    return true;
  });

  return {
    async ensureWorkspace(create) {
      assertOpen();
      return db.transaction(() => {
        const inserted = stmt.insertWorkspace.run(create.name, create.linkHash, create.createdAt, create.indexFormat).changes > 0;
        const row = stmt.getWorkspace.get()!;
        return { workspace: workspaceFromRow(row), created: inserted };
      })();
    },
    async getWorkspace() {
      assertOpen();
      const row = stmt.getWorkspace.get();
      return row ? workspaceFromRow(row) : null;
    },
    async rotateWorkspaceLink(linkHash, retiredAt) {
      assertOpen();
      return db.transaction(() => {
        if (!stmt.getWorkspace.get()) return false;
        stmt.retire.run(retiredAt);
        stmt.setLink.run(linkHash);
        return true;
      })();
    },
    async findRetiredWorkspaceLink(linkHash) {
      assertOpen();
      return stmt.findRetired.get(linkHash)?.retired_at ?? null;
    },
    async setIndexFormat(format) {
      assertOpen();
      stmt.setFormat.run(format);
    },
    async boardVersions(boardIds) {
      assertOpen();
      const rows = boardIds ? boardIds.flatMap((id) => stmt.oneVersion.all(id)) : stmt.allVersions.all();
      return new Map(rows.map((r) => [r.board_id as BoardId, r.version]));
    },
    async indexedVersions() {
      assertOpen();
      return new Map(stmt.indexedVersions.all().map((r) => [r.board_id as BoardId, r.version]));
    },
    async putIndexed(board) {
      assertOpen();
      return put(board);
    },
    async removeIndexed(boardId) {
      assertOpen();
      db.transaction(() => {
        stmt.deleteReview.run(boardId);
        stmt.deleteActions.run(boardId);
        stmt.deleteTexts.run(boardId);
        stmt.deleteFactors.run(boardId);
        stmt.deleteLinks.run(boardId);
        stmt.deleteMetrics.run(boardId);
      })();
    },
    async listReviews(filter) {
      assertOpen();
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (filter.severities?.length) {
        where.push(`r.severity IN (${filter.severities.map(() => '?').join(', ')})`);
        params.push(...filter.severities);
      }
      if (filter.statuses?.length) {
        where.push(`r.status IN (${filter.statuses.map(() => '?').join(', ')})`);
        params.push(...filter.statuses);
      }
      if (filter.service !== undefined) {
        where.push('EXISTS (SELECT 1 FROM json_each(r.services) WHERE lower(value) = lower(?))');
        params.push(filter.service);
      }
      if (filter.tag !== undefined) {
        where.push('EXISTS (SELECT 1 FROM json_each(r.tags) WHERE lower(value) = lower(?))');
        params.push(filter.tag);
      }
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT count(*) AS n FROM library_reviews r ${clause}`).get(...params) as { n: number }).n;
      const rows = db
        .prepare(
          `SELECT ${REVIEW_COLUMNS} FROM library_reviews r JOIN boards b ON b.id = r.board_id ${clause}
           ORDER BY ${reviewOrder(filter)} LIMIT ? OFFSET ?`,
        )
        .all(...params, filter.limit, filter.offset) as ReviewSqlRow[];
      return { total, items: rows.map(reviewFromRow) };
    },
    async search(query: SearchQuery, offset: number, limit: number) {
      assertOpen();
      const match = toFts5(query);
      try {
        // The newest matches (FTS5 walks its doclists by rowid, so the LIMIT stops the walk) with
        // their bm25 scores; ranking them, not every match, keeps a common word fast. One more than
        // the window says whether there are more (the count).
        const window = stmt.searchWindow.all(match, SEARCH_RANK_WINDOW + 1).map((m) => ({ id: m.id, score: -m.score }));
        const top = await rankedPage(window, offset, limit, async (from, count) =>
          stmt.searchNewest.all(match, count, from).map((m) => m.id),
        );
        // Snippets for the page only: snippet() over every match would cost as much as the ranking.
        const found = stmt.searchSnippets.all(match, JSON.stringify(top));
        const byId = new Map(found.map((row) => [row.id, row]));
        const rows = top.map((id) => byId.get(id)).filter((row) => row !== undefined);
        const hits: StoredSearchHit[] = rows.map((r) => ({
          boardId: r.board_id as BoardId,
          boardTitle: r.title,
          incidentDate: r.incident_date,
          participantToken: r.participant_token,
          kind: r.kind as SearchKind,
          itemId: r.item_id,
          snippet: r.snippet,
        }));
        return { total: Math.min(window.length, SEARCH_COUNT_CAP + 1), hits };
      } catch (error) {
        // The query is compiled with every word quoted; should FTS5 still refuse it, that is the
        // searcher's input, not a server failure.
        if (error instanceof Error && /fts5|syntax/i.test(error.message)) throw new SearchSyntaxError(error.message);
        throw error;
      }
    },
    async listFollowUps(filter) {
      assertOpen();
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (filter.statuses?.length) {
        where.push(`a.status IN (${filter.statuses.map(() => '?').join(', ')})`);
        params.push(...filter.statuses);
      }
      if (filter.owner !== undefined) {
        where.push('a.owner_key = ?');
        params.push(filter.owner.trim().toLowerCase());
      }
      if (filter.overdueBefore !== undefined) {
        where.push(`a.effective_due <> '' AND a.effective_due < ? AND a.status IN ('open', 'in-progress')`);
        params.push(filter.overdueBefore);
      }
      if (filter.severities?.length) {
        where.push(`r.severity IN (${filter.severities.map(() => '?').join(', ')})`);
        params.push(...filter.severities);
      }
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const from = 'FROM library_actions a JOIN library_reviews r ON r.board_id = a.board_id';
      // Every action row has its review's row (put() writes and deletes them together): the count
      // joins the reviews only to filter by severity (a third of the answer's time at 60,000 items).
      const counted = filter.severities?.length ? from : 'FROM library_actions a';
      const total = (db.prepare(`SELECT count(*) AS n ${counted} ${clause}`).get(...params) as { n: number }).n;
      // The page's rows chosen first, then read whole with their board: sorting ~30,000 row ids
      // instead of whole rows joined to their boards (60 -> 44 ms at 60,000 items, busy machine).
      const rows = db
        .prepare(
          `SELECT a.*, r.title AS board_title, r.severity, b.participant_token
             FROM (SELECT a.rowid AS id ${from} ${clause} ORDER BY ${followUpOrder(filter)} LIMIT ? OFFSET ?) page
             JOIN library_actions a ON a.rowid = page.id JOIN library_reviews r ON r.board_id = a.board_id JOIN boards b ON b.id = a.board_id
           ORDER BY ${followUpOrder(filter)}`,
        )
        .all(...params, filter.limit, filter.offset) as Array<{
        board_id: string;
        action_id: string;
        text: string;
        owner: string;
        due: string;
        default_due: string;
        status: string;
        status_reason: string;
        factors: string;
        created_at: number;
        board_title: string;
        severity: string;
        participant_token: string;
      }>;
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
        factors: jsonList(r.factors),
        createdAt: r.created_at,
      }));
      return { total, items };
    },
    async similarFactors(query, excludeBoardId, limit) {
      assertOpen();
      if (query.groups.length === 0) return [];
      // The best-ranked ids first (bm25 over the factors only), then their rows.
      const top = db
        .prepare<[string, string, number], { id: number }>(
          `SELECT f.id FROM factor_fts JOIN library_factors f ON f.id = factor_fts.rowid
            WHERE factor_fts MATCH ? AND f.board_id <> ? ORDER BY factor_fts.rank LIMIT ?`,
        )
        .all(toFts5(query), excludeBoardId ?? '', limit);
      if (top.length === 0) return [];
      const rows = db
        .prepare<[string], FactorSqlRow & { id: number }>(
          `SELECT f.id, ${FACTOR_COLUMNS} FROM library_factors f JOIN library_reviews r ON r.board_id = f.board_id
             JOIN boards b ON b.id = f.board_id WHERE f.id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(top.map((t) => t.id)));
      const byId = new Map(rows.map((row) => [row.id, row]));
      return top.map((t) => byId.get(t.id)).filter((row) => row !== undefined).map(factorFromRow);
    },
    async linkedFactors() {
      assertOpen();
      const links = stmt.allLinks.all();
      const sameAs = new Map<string, Array<[string, string]>>();
      const ends = new Map<string, [string, string]>();
      for (const l of links) {
        const from = `${l.board_id}/${l.factor_id}`;
        const list = sameAs.get(from);
        if (list) list.push([l.target_board, l.target_factor]);
        else sameAs.set(from, [[l.target_board, l.target_factor]]);
        ends.set(from, [l.board_id, l.factor_id]);
        ends.set(`${l.target_board}/${l.target_factor}`, [l.target_board, l.target_factor]);
      }
      if (ends.size === 0) return [];
      return stmt.linkedFactors
        .all(JSON.stringify([...ends.values()]))
        .map((row) => factorFromRow({ ...row, same_as: JSON.stringify(sameAs.get(`${row.board_id}/${row.factor_id}`) ?? []) }));
    },
    async reviewMetrics(filter) {
      assertOpen();
      const where: string[] = [];
      const params: string[] = [];
      if (filter.severities?.length) {
        where.push(`r.severity IN (${filter.severities.map(() => '?').join(', ')})`);
        params.push(...filter.severities);
      }
      if (filter.service !== undefined) {
        where.push('EXISTS (SELECT 1 FROM json_each(r.services) WHERE lower(value) = lower(?))');
        params.push(filter.service);
      }
      if (filter.from !== undefined) {
        where.push('m.day >= ?');
        params.push(filter.from);
      }
      if (filter.to !== undefined) {
        where.push('m.day <= ?');
        params.push(filter.to);
      }
      const rows = db
        .prepare(
          `SELECT m.day, m.ttd, m.tta, m.ttm, m.ttr, r.severity, r.services
             FROM library_metrics m JOIN library_reviews r ON r.board_id = m.board_id
            ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`,
        )
        .all(...params) as Array<{ day: string; ttd: number | null; tta: number | null; ttm: number | null; ttr: number | null; severity: string; services: string }>;
      return rows.map((r): ReviewMetrics => ({
        day: r.day,
        severity: r.severity as Severity | '',
        services: jsonList(r.services),
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
      return stmt.indexVersion.get()?.v ?? 0;
    },
  };
}

function workspaceFromRow(row: { name: string; link_hash: Buffer | null; created_at: number; index_format: string }): WorkspaceRecord {
  return {
    name: row.name,
    linkHash: row.link_hash ? new Uint8Array(row.link_hash) : null,
    createdAt: row.created_at,
    indexFormat: row.index_format,
  };
}
