// The shared BoardStore: PostgreSQL (DATABASE_URL), for several server instances on one database.
//
// Durability: an append resolves after its transaction has committed, with PostgreSQL's default
// synchronous_commit=on, so it is on disk (WAL flushed) before the update is broadcast anywhere.
// Appends are queued and written together (append-queue.ts): while one batch commits, the next one
// gathers, and each batch is one statement (one round trip, one commit) with one multi-row INSERT;
// a burst of edits from many rooms costs one commit.
//
// Sequence numbers are per document and gapless (1, 2, 3...), taken from the document's row in
// `documents`, which the appending statement holds locked (FOR UPDATE) until it commits. So a
// document's numbers become visible in order: whoever sees update n can be sure that 1..n-1 are
// committed too. That is what lets an instance detect a missed update and catch up from here
// (server/cluster/). Several documents are locked in key order, so two instances never deadlock.
//
// Compaction takes a transaction-scoped advisory lock on the document (pg_try_advisory_xact_lock):
// when several instances fold the same log at once, one does it and the others skip, so a
// snapshot is never replaced by an older one while the updates it lacks are deleted. Appends do
// not wait for compaction: it touches `snapshots` and old rows of `updates` only.
import pg from 'pg';
import type { BoardId } from '../../shared/ids';
import { DOCUMENT_NAMES, type DocumentName } from '../../shared/protocol';
import type { PersonId } from '../../shared/ids';
import type { Role } from '../../shared/protocol';
import { AppendQueue, type AppendRequest } from './append-queue';
import {
  BOARD_COLUMNS,
  LINK_COLUMNS,
  PERSON_COLUMNS,
  boardFromRow,
  boardValues,
  personFromRow,
  personValues,
  type BoardRow,
  type PersonRow,
} from './board-rows';
import type { LibraryStore } from './library';
import { POSTGRES_LIBRARY, postgresLibrary } from './library-postgres';
import { POSTGRES_SIGN_IN_SESSIONS, type SignInSessionKind, type SignInSessionStore } from './sign-in-sessions';
import { POSTGRES_TRACKERS, postgresTrackers, type TrackerStore } from './trackers';
import { postgresTransferSql, type TransferSql } from './transfer-sql';
import {
  documentKeyId,
  type BoardLink,
  type BoardRecord,
  type PersonChanges,
  type PersonRecord,
  type RetiredLink,
  type DocumentKey,
  type SequencedStore,
  type StoredDocument,
} from './types';

/**
 * 1: boards, documents, updates, snapshots. 2: board_links (SCHEMA creates it in a version 1 database).
 * 3: people, retired_links, and the boards columns facilitator_token and participants_may_share
 * (SCHEMA adds them to an older database: existing boards keep their links).
 * 4: sign_in_sessions (SCHEMA creates it in an older database).
 * 5: the incident library: workspace, library_reviews, library_actions, search_rows (SCHEMA creates
 * them in an older database; the indexer then reads every board).
 * tracker_configs and tracker_links (trackers.ts) are created by SCHEMA in any database.
 */
const SCHEMA_VERSION = 5;

/** Serialises schema creation when several instances start at once (any constant will do). */
const SCHEMA_LOCK_ID = 0x6465_6272;

// Deleting a board deletes its documents, their updates and their snapshots, and its links in both
// directions (ON DELETE CASCADE).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS debrief_schema (version integer NOT NULL);
CREATE TABLE IF NOT EXISTS boards (
  id text PRIMARY KEY,
  title text NOT NULL,
  incident_date text NOT NULL,
  incident_link text NOT NULL,
  created_at bigint NOT NULL,
  facilitator_hash bytea NOT NULL,
  participant_hash bytea NOT NULL,
  viewer_hash bytea NOT NULL,
  participant_token text NOT NULL,
  viewer_token text NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  document text NOT NULL,
  last_seq bigint NOT NULL,
  PRIMARY KEY (board_id, document)
);
CREATE TABLE IF NOT EXISTS updates (
  board_id text NOT NULL,
  document text NOT NULL,
  seq bigint NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (board_id, document, seq),
  FOREIGN KEY (board_id, document) REFERENCES documents (board_id, document) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS snapshots (
  board_id text NOT NULL,
  document text NOT NULL,
  seq bigint NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (board_id, document),
  FOREIGN KEY (board_id, document) REFERENCES documents (board_id, document) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS board_links (
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  linked_board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  linked_at bigint NOT NULL,
  PRIMARY KEY (board_id, linked_board_id)
);
CREATE INDEX IF NOT EXISTS board_links_by_linked ON board_links (linked_board_id);
ALTER TABLE boards ADD COLUMN IF NOT EXISTS facilitator_token text;
ALTER TABLE boards ADD COLUMN IF NOT EXISTS participants_may_share integer NOT NULL DEFAULT 1;
CREATE TABLE IF NOT EXISTS people (
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  id text NOT NULL,
  name text NOT NULL,
  role text NOT NULL,
  secret_hash bytea NOT NULL,
  external_subject text,
  created_at bigint NOT NULL,
  PRIMARY KEY (board_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS people_by_subject ON people (board_id, external_subject) WHERE external_subject IS NOT NULL;
CREATE TABLE IF NOT EXISTS ballots (
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  person_id text NOT NULL,
  target text NOT NULL,
  dots integer NOT NULL,
  PRIMARY KEY (board_id, person_id, target)
);
CREATE TABLE IF NOT EXISTS retired_links (
  board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  token_hash bytea NOT NULL,
  role text NOT NULL,
  retired_at bigint NOT NULL,
  PRIMARY KEY (board_id, token_hash)
);
${POSTGRES_SIGN_IN_SESSIONS}
${POSTGRES_LIBRARY}
${POSTGRES_TRACKERS}`;

/** The snapshot (kind 0) when the reader needs it, then the updates after it or after `$3` (kind 1). */
const LOAD_SINCE = `
WITH snap AS (SELECT seq, data FROM snapshots WHERE board_id = $1 AND document = $2)
SELECT 0 AS kind, seq::text AS seq, data FROM snap WHERE seq > $3
UNION ALL
SELECT 1 AS kind, u.seq::text AS seq, u.data FROM updates u
 WHERE u.board_id = $1 AND u.document = $2
   AND u.seq > GREATEST($3::bigint, COALESCE((SELECT seq FROM snap), 0))
ORDER BY kind, seq`;

/**
 * Appends a batch in one statement (its own transaction). The `locked` CTE takes the documents'
 * rows FOR UPDATE in key order (a Sort under the LockRows), so instances appending to the same
 * documents wait for each other instead of deadlocking; the UPDATE then touches only rows already
 * locked, and `last_seq + n` reads the newest committed value after any wait (READ COMMITTED
 * re-checks an updated row). Rows are numbered in the order of the input arrays.
 */
const APPEND = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[]) WITH ORDINALITY AS i(board_id, document, data, ord)
), counts AS (
  SELECT board_id, document, count(*) AS n FROM input GROUP BY board_id, document
), locked AS MATERIALIZED (
  SELECT d.board_id, d.document FROM documents d JOIN counts c USING (board_id, document)
   ORDER BY d.board_id, d.document
     FOR UPDATE OF d
), bumped AS (
  UPDATE documents d SET last_seq = d.last_seq + c.n
    FROM counts c JOIN locked l USING (board_id, document)
   WHERE d.board_id = c.board_id AND d.document = c.document
  RETURNING d.board_id, d.document, d.last_seq - c.n AS base
), inserted AS (
  INSERT INTO updates (board_id, document, seq, data)
  SELECT i.board_id, i.document, b.base + row_number() OVER (PARTITION BY i.board_id, i.document ORDER BY i.ord), i.data
    FROM input i JOIN bumped b USING (board_id, document)
)
SELECT board_id, document, base::text AS base FROM bumped`;

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  /** Connections in the pool (one carries the appends at a time; the rest serve loads). */
  poolSize?: number;
  /** Told about errors of idle pooled connections (the database restarting, say). */
  onError?: (error: Error) => void;
}

/** Connects, creates the schema if needed, and returns the store. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresBoardStore> {
  const store = new PostgresBoardStore(options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}

/** Text PostgreSQL cannot hold (NUL) names no board; asking for it would be an error, not a miss. */
const storable = (id: string) => !id.includes('\u0000');

export class PostgresBoardStore implements SequencedStore {
  readonly numbering = 'gapless';
  private readonly pool: pg.Pool;
  private readonly appends = new AppendQueue((batch) => this.writeBatch(batch));
  private closed = false;
  readonly signInSessions: SignInSessionStore;
  readonly library: LibraryStore;
  readonly trackers: TrackerStore;
  readonly transfer: TransferSql;

  constructor(options: PostgresStoreOptions) {
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 8 });
    this.signInSessions = postgresSignInSessions(this.pool, () => this.assertOpen());
    this.library = postgresLibrary(this.pool, (work) => this.transaction(work), () => this.assertOpen());
    this.trackers = postgresTrackers(this.pool, () => this.assertOpen());
    this.transfer = postgresTransferSql(this.pool);
    // An idle client's error (the server went away) would otherwise be an uncaught 'error' event.
    this.pool.on('error', (error) => options.onError?.(error));
  }

  /** Creates the tables when missing; refuses a database written by a newer Debrief. */
  async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_ID]);
      await client.query(SCHEMA);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM debrief_schema');
      const version = rows[0]?.version;
      if (version === undefined) await client.query('INSERT INTO debrief_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
      else if (version > SCHEMA_VERSION) {
        throw new Error(`The database was written by a newer Debrief (schema ${version}); refusing to use it.`);
      } else if (version < SCHEMA_VERSION) {
        // SCHEMA above has just added what the newer versions need.
        await client.query('UPDATE debrief_schema SET version = $1', [SCHEMA_VERSION]);
      }
    });
  }

  async createBoard(record: BoardRecord, initialDocuments: Partial<Record<DocumentName, Uint8Array>> = {}): Promise<void> {
    this.assertOpen();
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO boards (${BOARD_COLUMNS.join(', ')}) VALUES (${BOARD_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
        boardValues(record),
      );
      const names = DOCUMENT_NAMES.filter((name) => initialDocuments[name] === undefined);
      const initial = DOCUMENT_NAMES.filter((name) => initialDocuments[name] !== undefined);
      await client.query(
        `INSERT INTO documents (board_id, document, last_seq)
         SELECT $1::text, d, 0 FROM unnest($2::text[]) AS d
         UNION ALL SELECT $1::text, d, 1 FROM unnest($3::text[]) AS d`,
        [record.id, names, initial],
      );
      if (initial.length > 0) {
        await client.query(
          `INSERT INTO updates (board_id, document, seq, data)
           SELECT $1::text, d.name, 1, d.data FROM unnest($2::text[], $3::bytea[]) AS d(name, data)`,
          [record.id, initial, initial.map((name) => initialDocuments[name]!)],
        );
      }
    });
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    this.assertOpen();
    if (!storable(id)) return null;
    // A bigint comes back as text (BoardRow.created_at).
    const { rows } = await this.pool.query<BoardRow>(`SELECT ${BOARD_COLUMNS.join(', ')} FROM boards WHERE id = $1`, [id]);
    return rows[0] ? boardFromRow(rows[0]) : null;
  }

  async deleteBoard(id: BoardId): Promise<boolean> {
    this.assertOpen();
    await this.flush();
    // Waits for any append holding one of the board's document rows; later appends find none.
    const { rowCount } = await this.pool.query('DELETE FROM boards WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  async linkBoard(boardId: BoardId, linkedBoardId: BoardId, linkedAt: number): Promise<number> {
    this.assertOpen();
    if (!storable(boardId) || !storable(linkedBoardId)) return 0;
    // One statement: insert when both boards exist (a link made twice keeps its first time), then
    // read the stored time, which the insert's own snapshot cannot see when it conflicted.
    const { rows } = await this.pool.query<{ linked_at: string }>(
      `WITH inserted AS (
         INSERT INTO board_links (board_id, linked_board_id, linked_at)
         SELECT a.id, b.id, $3 FROM boards a, boards b WHERE a.id = $1 AND b.id = $2
         ON CONFLICT (board_id, linked_board_id) DO NOTHING
         RETURNING linked_at
       )
       SELECT linked_at::text AS linked_at FROM inserted
       UNION ALL
       SELECT linked_at::text FROM board_links WHERE board_id = $1 AND linked_board_id = $2`,
      [boardId, linkedBoardId, linkedAt],
    );
    if (rows[0]) return Number(rows[0].linked_at);
    // The same link made at the same moment by another request: the statement waited for it but
    // could not see it. A fresh read does (and finds nothing when a board does not exist).
    const again = await this.pool.query<{ linked_at: string }>(
      'SELECT linked_at::text AS linked_at FROM board_links WHERE board_id = $1 AND linked_board_id = $2',
      [boardId, linkedBoardId],
    );
    return again.rows[0] ? Number(again.rows[0].linked_at) : 0;
  }

  async createPerson(person: PersonRecord): Promise<boolean> {
    this.assertOpen();
    const params = PERSON_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    const { rowCount } = await this.pool.query(
      `INSERT INTO people (${PERSON_COLUMNS.join(', ')}) SELECT ${params} WHERE EXISTS (SELECT 1 FROM boards WHERE id = $1)
       ON CONFLICT DO NOTHING`,
      personValues(person),
    );
    return (rowCount ?? 0) > 0;
  }

  async getBallot(boardId: BoardId, personId: string): Promise<Map<string, number>> {
    this.assertOpen();
    if (!storable(personId)) return new Map();
    const { rows } = await this.pool.query<{ target: string; dots: number }>(
      'SELECT target, dots FROM ballots WHERE board_id = $1 AND person_id = $2 ORDER BY target',
      [boardId, personId],
    );
    return new Map(rows.map((r) => [r.target, r.dots]));
  }

  async listBallots(boardId: BoardId): Promise<Map<string, Map<string, number>>> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ person_id: string; target: string; dots: number }>(
      'SELECT person_id, target, dots FROM ballots WHERE board_id = $1 ORDER BY person_id, target',
      [boardId],
    );
    const out = new Map<string, Map<string, number>>();
    for (const r of rows) {
      let b = out.get(r.person_id);
      if (!b) out.set(r.person_id, (b = new Map()));
      b.set(r.target, r.dots);
    }
    return out;
  }

  async setBallot(boardId: BoardId, personId: string, ballot: ReadonlyMap<string, number>): Promise<boolean> {
    this.assertOpen();
    if (!storable(personId)) return false;
    const entries = [...ballot].filter(([, dots]) => dots > 0);
    return this.transaction(async (client) => {
      // Locks the board row: two devices of one person voting at once are applied one after the other.
      const { rowCount } = await client.query('SELECT 1 FROM boards WHERE id = $1 FOR UPDATE', [boardId]);
      if ((rowCount ?? 0) === 0) return false;
      await client.query('DELETE FROM ballots WHERE board_id = $1 AND person_id = $2', [boardId, personId]);
      if (entries.length > 0) {
        await client.query(
          `INSERT INTO ballots (board_id, person_id, target, dots)
           SELECT $1::text, $2::text, t, d FROM unnest($3::text[], $4::int[]) AS x(t, d)`,
          [boardId, personId, entries.map(([t]) => t), entries.map(([, d]) => Math.floor(d))],
        );
      }
      return true;
    });
  }

  async getPerson(boardId: BoardId, personId: string): Promise<PersonRecord | null> {
    this.assertOpen();
    if (!storable(personId)) return null;
    const { rows } = await this.pool.query<PersonRow>(`SELECT ${PERSON_COLUMNS.join(', ')} FROM people WHERE board_id = $1 AND id = $2`, [
      boardId,
      personId,
    ]);
    return rows[0] ? personFromRow(rows[0]) : null;
  }

  async findPersonBySubject(boardId: BoardId, externalSubject: string): Promise<PersonRecord | null> {
    this.assertOpen();
    if (!storable(externalSubject)) return null;
    const { rows } = await this.pool.query<PersonRow>(
      `SELECT ${PERSON_COLUMNS.join(', ')} FROM people WHERE board_id = $1 AND external_subject = $2`,
      [boardId, externalSubject],
    );
    return rows[0] ? personFromRow(rows[0]) : null;
  }

  async listPeople(boardId: BoardId): Promise<PersonRecord[]> {
    this.assertOpen();
    const { rows } = await this.pool.query<PersonRow>(
      `SELECT ${PERSON_COLUMNS.join(', ')} FROM people WHERE board_id = $1 ORDER BY created_at, id`,
      [boardId],
    );
    return rows.map(personFromRow);
  }

  async updatePerson(boardId: BoardId, personId: PersonId, changes: PersonChanges): Promise<PersonRecord | null> {
    this.assertOpen();
    const { rows } = await this.pool.query<PersonRow>(
      `UPDATE people SET name = COALESCE($3, name), role = COALESCE($4, role) WHERE board_id = $1 AND id = $2
       RETURNING ${PERSON_COLUMNS.join(', ')}`,
      [boardId, personId, changes.name ?? null, changes.role ?? null],
    );
    return rows[0] ? personFromRow(rows[0]) : null;
  }

  async replaceLinkToken(boardId: BoardId, role: Role, tokenHash: Uint8Array, token: string, retiredAt: number): Promise<boolean> {
    this.assertOpen();
    const [hashColumn, tokenColumn] = LINK_COLUMNS[role];
    return this.transaction(async (client) => {
      // Locks the row: two facilitators reissuing at once both retire what they replace.
      const { rows } = await client.query<{ old: Uint8Array }>(`SELECT ${hashColumn} AS old FROM boards WHERE id = $1 FOR UPDATE`, [boardId]);
      if (!rows[0]) return false;
      await client.query(
        'INSERT INTO retired_links (board_id, token_hash, role, retired_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [boardId, rows[0].old, role, retiredAt],
      );
      await client.query(`UPDATE boards SET ${hashColumn} = $2, ${tokenColumn} = $3 WHERE id = $1`, [boardId, tokenHash, token]);
      return true;
    });
  }

  async findRetiredLink(boardId: BoardId, tokenHash: Uint8Array): Promise<RetiredLink | null> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ role: string; retired_at: string }>(
      'SELECT role, retired_at::text AS retired_at FROM retired_links WHERE board_id = $1 AND token_hash = $2',
      [boardId, tokenHash],
    );
    return rows[0] ? { role: rows[0].role as Role, retiredAt: Number(rows[0].retired_at) } : null;
  }

  async setParticipantsMayShare(boardId: BoardId, value: boolean): Promise<boolean> {
    this.assertOpen();
    const { rowCount } = await this.pool.query('UPDATE boards SET participants_may_share = $2 WHERE id = $1', [boardId, value ? 1 : 0]);
    return (rowCount ?? 0) > 0;
  }

  async unlinkBoard(boardId: BoardId, linkedBoardId: BoardId): Promise<boolean> {
    this.assertOpen();
    if (!storable(boardId) || !storable(linkedBoardId)) return false;
    const { rowCount } = await this.pool.query('DELETE FROM board_links WHERE board_id = $1 AND linked_board_id = $2', [
      boardId,
      linkedBoardId,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async listLinkedBoards(boardId: BoardId): Promise<BoardLink[]> {
    this.assertOpen();
    if (!storable(boardId)) return [];
    const { rows } = await this.pool.query<{ linked_board_id: string; linked_at: string }>(
      `SELECT linked_board_id, linked_at::text AS linked_at FROM board_links WHERE board_id = $1
        ORDER BY linked_at, linked_board_id`,
      [boardId],
    );
    return rows.map((row) => ({ boardId: row.linked_board_id as BoardId, linkedAt: Number(row.linked_at) }));
  }

  appendUpdates(key: DocumentKey, updates: Uint8Array[]): Promise<number> {
    if (this.closed) return Promise.reject(new Error('The board store is closed.'));
    return this.appends.append(key, updates);
  }

  loadDocument(key: DocumentKey): Promise<StoredDocument> {
    return this.loadUpdatesSince(key, 0);
  }

  async loadUpdatesSince(key: DocumentKey, afterSeq: number): Promise<StoredDocument> {
    this.assertOpen();
    // Read-your-writes: anything queued by this instance is committed before reading.
    await this.flush();
    // One statement reads one snapshot of the database: a compaction cannot slip between the
    // snapshot and the updates after it.
    const { rows } = await this.pool.query<{ kind: number; seq: string; data: Buffer }>({
      name: 'debrief-load-since',
      text: LOAD_SINCE,
      values: [key.boardId, key.name, afterSeq],
    });
    let snapshot: Uint8Array | null = null;
    let snapshotSeq = 0;
    const updates: Uint8Array[] = [];
    let lastSeq = afterSeq;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (row.kind === 0) {
        snapshot = new Uint8Array(row.data);
        snapshotSeq = seq;
      } else {
        updates.push(new Uint8Array(row.data));
      }
      lastSeq = Math.max(lastSeq, seq);
    }
    return { snapshot, snapshotSeq, updates, lastSeq };
  }

  async compact(key: DocumentKey, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    this.assertOpen();
    await this.transaction(async (client) => {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked',
        [`debrief/compact/${key.boardId}/${key.name}`],
      );
      // Another instance is folding this log right now; the next compaction will catch up.
      if (!rows[0]?.locked) return;
      const current = await client.query<{ seq: string }>(
        'SELECT seq::text AS seq FROM snapshots WHERE board_id = $1 AND document = $2',
        [key.boardId, key.name],
      );
      if (current.rows[0] && Number(current.rows[0].seq) >= upToSeq) return;
      // Nothing is written for a deleted board (its document row is gone).
      const written = await client.query(
        `INSERT INTO snapshots (board_id, document, seq, data)
         SELECT board_id, document, $3, $4 FROM documents WHERE board_id = $1 AND document = $2
         ON CONFLICT (board_id, document) DO UPDATE SET seq = excluded.seq, data = excluded.data
           WHERE snapshots.seq < excluded.seq`,
        [key.boardId, key.name, upToSeq, snapshot],
      );
      if ((written.rowCount ?? 0) === 0) return;
      await client.query('DELETE FROM updates WHERE board_id = $1 AND document = $2 AND seq <= $3', [
        key.boardId,
        key.name,
        upToSeq,
      ]);
    });
  }

  async documentStats(key: DocumentKey): Promise<{ updates: number; hasSnapshot: boolean }> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ n: string; has_snapshot: boolean }>(
      `WITH snap AS (SELECT seq FROM snapshots WHERE board_id = $1 AND document = $2)
       SELECT (SELECT count(*) FROM updates WHERE board_id = $1 AND document = $2
                 AND seq > COALESCE((SELECT seq FROM snap), 0))::text AS n,
              EXISTS (SELECT 1 FROM snap) AS has_snapshot`,
      [key.boardId, key.name],
    );
    return { updates: Number(rows[0]!.n), hasSnapshot: rows[0]!.has_snapshot };
  }

  /**
   * The highest stored sequence number of each document (by `documentKeyId`; none for an unknown
   * one). The cross-instance layer compares these with what its rooms hold, to catch up on an
   * update whose announcement was lost and that no later one revealed.
   */
  async latestSeqs(keys: DocumentKey[]): Promise<Map<string, number>> {
    this.assertOpen();
    const result = new Map<string, number>();
    if (keys.length === 0) return result;
    const { rows } = await this.pool.query<{ board_id: string; document: string; last_seq: string }>(
      `SELECT d.board_id, d.document, d.last_seq::text AS last_seq
         FROM documents d JOIN unnest($1::text[], $2::text[]) AS k(board_id, document)
           ON d.board_id = k.board_id AND d.document = k.document`,
      [keys.map((k) => k.boardId), keys.map((k) => k.name)],
    );
    for (const row of rows) result.set(documentKeyId({ boardId: row.board_id as BoardId, name: row.document as DocumentName }), Number(row.last_seq));
    return result;
  }

  flush(): Promise<void> {
    return this.appends.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch(() => {});
    this.closed = true;
    await this.pool.end();
  }

  // --- appends ----------------------------------------------------------------------------------

  /** Writes one batch; answers each append's last sequence number (0: the board is gone). */
  private async writeBatch(batch: readonly AppendRequest[]): Promise<number[]> {
    const keys = new Map<string, DocumentKey>();
    for (const { key } of batch) keys.set(documentKeyId(key), key);
    let bases = await this.appendRows(batch);
    // A document of an existing board that has never been written gets its row, then its updates.
    const missing = [...keys.values()].filter((key) => !bases.has(documentKeyId(key)));
    if (missing.length > 0) {
      await this.pool.query(
        `INSERT INTO documents (board_id, document, last_seq)
         SELECT b.id, k.document, 0 FROM unnest($1::text[], $2::text[]) AS k(board_id, document)
           JOIN boards b ON b.id = k.board_id
         ON CONFLICT DO NOTHING`,
        [missing.map((k) => k.boardId), missing.map((k) => k.name)],
      );
      const retry = new Set(missing.map(documentKeyId));
      const more = await this.appendRows(batch.filter((p) => retry.has(documentKeyId(p.key))));
      bases = new Map([...bases, ...more]);
    }
    // Number each append's updates after its document's last number, in the order requested
    // (the same order the statement numbered the rows in).
    const next = new Map(bases);
    return batch.map(({ key, updates }) => {
      const id = documentKeyId(key);
      const before = next.get(id);
      if (before === undefined) return 0;
      next.set(id, before + updates.length);
      return before + updates.length;
    });
  }

  /**
   * One statement, so one round trip and one commit: lock the documents' rows in key order, bump
   * their last numbers, and insert the updates numbered after the old ones. Answers each written
   * document's number before the batch; documents without a row are not written.
   */
  private async appendRows(batch: readonly AppendRequest[]): Promise<Map<string, number>> {
    const boardIds: string[] = [];
    const names: string[] = [];
    const data: Uint8Array[] = [];
    for (const { key, updates } of batch) {
      for (const update of updates) {
        boardIds.push(key.boardId);
        names.push(key.name);
        data.push(update);
      }
    }
    // Named: each connection parses and plans it once, not for every batch.
    const { rows } = await this.pool.query<{ board_id: string; document: string; base: string }>({
      name: 'debrief-append',
      text: APPEND,
      values: [boardIds, names, data],
    });
    return new Map(rows.map((row) => [documentKeyId({ boardId: row.board_id as BoardId, name: row.document as DocumentName }), Number(row.base)]));
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is not given back to the pool.
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The board store is closed.');
  }
}

/** The sign_in_sessions table, through the store's pool. Buffers go in as bytea. */
function postgresSignInSessions(pool: pg.Pool, assertOpen: () => void): SignInSessionStore {
  const bytes = (idHash: Uint8Array) => Buffer.from(idHash.buffer, idHash.byteOffset, idHash.byteLength);
  return {
    async put(idHash: Uint8Array, kind: SignInSessionKind, data: string, expiresAt: number) {
      assertOpen();
      await pool.query(
        `INSERT INTO sign_in_sessions (id_hash, kind, data, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id_hash) DO UPDATE SET kind = excluded.kind, data = excluded.data, expires_at = excluded.expires_at`,
        [bytes(idHash), kind, data, expiresAt],
      );
    },
    async get(idHash: Uint8Array, kind: SignInSessionKind, now: number) {
      assertOpen();
      const { rows } = await pool.query<{ data: string }>(
        'SELECT data FROM sign_in_sessions WHERE id_hash = $1 AND kind = $2 AND expires_at >= $3',
        [bytes(idHash), kind, now],
      );
      return rows[0]?.data ?? null;
    },
    async take(idHash: Uint8Array, kind: SignInSessionKind, now: number) {
      assertOpen();
      const { rows } = await pool.query<{ data: string }>(
        'DELETE FROM sign_in_sessions WHERE id_hash = $1 AND kind = $2 AND expires_at >= $3 RETURNING data',
        [bytes(idHash), kind, now],
      );
      return rows[0]?.data ?? null;
    },
    async delete(idHash: Uint8Array) {
      assertOpen();
      const { rowCount } = await pool.query('DELETE FROM sign_in_sessions WHERE id_hash = $1', [bytes(idHash)]);
      return (rowCount ?? 0) > 0;
    },
    async deleteExpired(now: number) {
      assertOpen();
      const { rowCount } = await pool.query('DELETE FROM sign_in_sessions WHERE expires_at < $1', [now]);
      return rowCount ?? 0;
    },
  };
}
