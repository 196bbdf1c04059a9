// The embedded BoardStore: one SQLite file (better-sqlite3) under DATA_DIR.
//
// Durability: WAL journal with synchronous=NORMAL by default. A commit is then in the WAL before
// the promise resolves, so it survives the process being killed (kill -9, a crash, an OOM kill);
// only a power loss or kernel crash can lose the last commits. FULL would fsync on every commit,
// and since better-sqlite3 is synchronous that fsync would stall the event loop, and with it
// every connection, once per tick. Set SQLITE_SYNCHRONOUS=FULL where power loss matters more.
//
// Appends are queued and written together (append-queue.ts), each batch in one transaction, so a
// burst of edits from many connections costs one commit.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BoardId } from '../../shared/ids';
import type { DocumentName } from '../../shared/protocol';
import type { SqliteSynchronous } from '../config';
import { AppendQueue, type AppendRequest } from './append-queue';
import type { PersonId } from '../../shared/ids';
import type { Role } from '../../shared/protocol';
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
import type {
  BoardLink,
  BoardRecord,
  BoardStore,
  DocumentKey,
  PersonChanges,
  PersonRecord,
  RetiredLink,
  StoredDocument,
} from './types';
import type { LibraryStore } from './library';
import { SQLITE_LIBRARY, sqliteLibrary } from './library-sqlite';
import { SQLITE_SIGN_IN_SESSIONS, type SignInSessionKind, type SignInSessionStore } from './sign-in-sessions';
import { SQLITE_TRACKERS, migrateSqliteTrackers, sqliteTrackers, type TrackerStore } from './trackers';
import { sqliteTransferSql, type TransferSql } from './transfer-sql';

/**
 * 1: boards, updates, snapshots. 2: board_links (created by SCHEMA on opening a version 1 file).
 * 3: people, retired_links, and the boards columns facilitator_token and participants_may_share
 * (added by MIGRATE_TO_3 to an older file: existing boards keep their links, with no facilitator
 * token in clear, and participants may share).
 * 4: sign_in_sessions (created by SCHEMA on opening an older file).
 * 5: the incident library: workspace, library_reviews, library_actions, search_rows and the FTS5
 * index search_fts (created by SCHEMA on opening an older file; the indexer then reads every board).
 * tracker_configs and tracker_links (trackers.ts) are created by SCHEMA on opening any file; their
 * later column (checked_at) is added by migrateSqliteTrackers, without a version of its own.
 */
const SCHEMA_VERSION = 5;

const MIGRATE_TO_3 = `
ALTER TABLE boards ADD COLUMN facilitator_token TEXT;
ALTER TABLE boards ADD COLUMN participants_may_share INTEGER NOT NULL DEFAULT 1;
`;

// AUTOINCREMENT matters: without it SQLite may reuse the number of a deleted highest row, and a
// reused number at or below a snapshot's seq would be skipped on load. Compaction deletes rows.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  incident_date TEXT NOT NULL,
  incident_link TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  facilitator_hash BLOB NOT NULL,
  participant_hash BLOB NOT NULL,
  viewer_hash BLOB NOT NULL,
  participant_token TEXT NOT NULL,
  viewer_token TEXT NOT NULL,
  facilitator_token TEXT,
  participants_may_share INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL,
  document TEXT NOT NULL,
  data BLOB NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS updates_by_document ON updates (board_id, document, seq);
CREATE TABLE IF NOT EXISTS snapshots (
  board_id TEXT NOT NULL,
  document TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (board_id, document)
) STRICT;
CREATE TABLE IF NOT EXISTS board_links (
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  linked_board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  linked_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, linked_board_id)
) STRICT;
CREATE INDEX IF NOT EXISTS board_links_by_linked ON board_links (linked_board_id);
CREATE TABLE IF NOT EXISTS people (
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  secret_hash BLOB NOT NULL,
  external_subject TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, id)
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS people_by_subject ON people (board_id, external_subject) WHERE external_subject IS NOT NULL;
CREATE TABLE IF NOT EXISTS ballots (
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  person_id TEXT NOT NULL,
  target TEXT NOT NULL,
  dots INTEGER NOT NULL,
  PRIMARY KEY (board_id, person_id, target)
) STRICT;
CREATE TABLE IF NOT EXISTS retired_links (
  board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
  token_hash BLOB NOT NULL,
  role TEXT NOT NULL,
  retired_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, token_hash)
) STRICT;
${SQLITE_SIGN_IN_SESSIONS}
${SQLITE_LIBRARY}
${SQLITE_TRACKERS}`;

export interface SqliteStoreOptions {
  dataDir: string;
  synchronous?: SqliteSynchronous;
  /** File name inside dataDir. */
  fileName?: string;
}

/** Opens (creating if needed) the SQLite store under `dataDir`. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteBoardStore {
  return new SqliteBoardStore(options);
}

export class SqliteBoardStore implements BoardStore {
  readonly numbering = 'increasing';
  readonly file: string;
  private readonly db: Database.Database;
  private readonly appends: AppendQueue;
  private closed = false;
  private readonly stmt;
  readonly signInSessions: SignInSessionStore;
  readonly library: LibraryStore;
  readonly trackers: TrackerStore;
  readonly transfer: TransferSql;

  constructor(options: SqliteStoreOptions) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    this.file = path.join(options.dataDir, options.fileName ?? 'debrief.sqlite');
    this.db = new Database(this.file);
    // First: another process (the server, `npm run backup`) may hold the file, and every statement
    // below, the journal mode included, waits for it rather than failing at once.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    // A deleted board must really be gone: deleted rows are overwritten, not just unlinked.
    this.db.pragma('secure_delete = ON');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`${this.file} was written by a newer Debrief (schema ${version}); refusing to open it.`);
    }
    this.db.transaction(() => {
      // A file made before version 3 has a boards table without the new columns: add them first.
      const columns = this.db.prepare<[], { name: string }>('SELECT name FROM pragma_table_info(\'boards\')').all();
      if (columns.length > 0 && !columns.some((c) => c.name === 'facilitator_token')) this.db.exec(MIGRATE_TO_3);
      this.db.exec(SCHEMA);
      migrateSqliteTrackers(this.db);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      // IMMEDIATE: the write lock first. A deferred transaction that read first could not take it
      // while another process (the running server, when a command opens the file) is writing:
      // SQLite answers SQLITE_BUSY at once rather than waiting.
    }).immediate();

    this.stmt = {
      insertBoard: this.db.prepare<Array<string | number | Uint8Array | null>>(
        `INSERT INTO boards (${BOARD_COLUMNS.join(', ')}) VALUES (${BOARD_COLUMNS.map(() => '?').join(', ')})`,
      ),
      getBoard: this.db.prepare<[string], BoardRow>(`SELECT ${BOARD_COLUMNS.join(', ')} FROM boards WHERE id = ?`),
      boardExists: this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM boards WHERE id = ?'),
      deleteBoard: this.db.prepare<[string]>('DELETE FROM boards WHERE id = ?'),
      deleteBoardUpdates: this.db.prepare<[string]>('DELETE FROM updates WHERE board_id = ?'),
      deleteBoardSnapshots: this.db.prepare<[string]>('DELETE FROM snapshots WHERE board_id = ?'),
      insertUpdate: this.db.prepare<[string, string, Uint8Array]>(
        'INSERT INTO updates (board_id, document, data) VALUES (?, ?, ?)',
      ),
      getSnapshot: this.db.prepare<[string, string], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM snapshots WHERE board_id = ? AND document = ?',
      ),
      getUpdatesAfter: this.db.prepare<[string, string, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE board_id = ? AND document = ? AND seq > ? ORDER BY seq',
      ),
      countUpdatesAfter: this.db.prepare<[string, string, number], { n: number }>(
        'SELECT count(*) AS n FROM updates WHERE board_id = ? AND document = ? AND seq > ?',
      ),
      upsertSnapshot: this.db.prepare<[string, string, number, Uint8Array]>(
        `INSERT INTO snapshots (board_id, document, seq, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (board_id, document) DO UPDATE SET seq = excluded.seq, data = excluded.data`,
      ),
      deleteUpdatesUpTo: this.db.prepare<[string, string, number]>(
        'DELETE FROM updates WHERE board_id = ? AND document = ? AND seq <= ?',
      ),
      // Both boards must exist; a link made twice keeps its first time.
      insertLink: this.db.prepare<[number, string, string]>(
        `INSERT INTO board_links (board_id, linked_board_id, linked_at)
         SELECT a.id, b.id, ? FROM boards a, boards b WHERE a.id = ? AND b.id = ?
         ON CONFLICT (board_id, linked_board_id) DO NOTHING`,
      ),
      getLink: this.db.prepare<[string, string], { linked_at: number }>(
        'SELECT linked_at FROM board_links WHERE board_id = ? AND linked_board_id = ?',
      ),
      deleteLink: this.db.prepare<[string, string]>('DELETE FROM board_links WHERE board_id = ? AND linked_board_id = ?'),
      listLinks: this.db.prepare<[string], { linked_board_id: string; linked_at: number }>(
        'SELECT linked_board_id, linked_at FROM board_links WHERE board_id = ? ORDER BY linked_at, linked_board_id',
      ),
      // The board must exist; a subject already taken on the board stores nothing (the unique index).
      insertPerson: this.db.prepare<Array<string | number | Uint8Array | null>>(
        `INSERT INTO people (${PERSON_COLUMNS.join(', ')}) SELECT ${PERSON_COLUMNS.map(() => '?').join(', ')}
          WHERE EXISTS (SELECT 1 FROM boards WHERE id = ?) ON CONFLICT DO NOTHING`,
      ),
      getPerson: this.db.prepare<[string, string], PersonRow>(`SELECT ${PERSON_COLUMNS.join(', ')} FROM people WHERE board_id = ? AND id = ?`),
      getPersonBySubject: this.db.prepare<[string, string], PersonRow>(
        `SELECT ${PERSON_COLUMNS.join(', ')} FROM people WHERE board_id = ? AND external_subject = ?`,
      ),
      listPeople: this.db.prepare<[string], PersonRow>(
        `SELECT ${PERSON_COLUMNS.join(', ')} FROM people WHERE board_id = ? ORDER BY created_at, id`,
      ),
      updatePerson: this.db.prepare<[string | null, string | null, string, string]>(
        'UPDATE people SET name = COALESCE(?, name), role = COALESCE(?, role) WHERE board_id = ? AND id = ?',
      ),
      retireLink: this.db.prepare<[string, Uint8Array, string, number]>(
        'INSERT INTO retired_links (board_id, token_hash, role, retired_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      getRetiredLink: this.db.prepare<[string, Uint8Array], { role: string; retired_at: number }>(
        'SELECT role, retired_at FROM retired_links WHERE board_id = ? AND token_hash = ?',
      ),
      getBallot: this.db.prepare<[string, string], { target: string; dots: number }>(
        'SELECT target, dots FROM ballots WHERE board_id = ? AND person_id = ? ORDER BY target',
      ),
      listBallots: this.db.prepare<[string], { person_id: string; target: string; dots: number }>(
        'SELECT person_id, target, dots FROM ballots WHERE board_id = ? ORDER BY person_id, target',
      ),
      clearBallot: this.db.prepare<[string, string]>('DELETE FROM ballots WHERE board_id = ? AND person_id = ?'),
      insertBallot: this.db.prepare<[string, string, string, number]>(
        'INSERT INTO ballots (board_id, person_id, target, dots) VALUES (?, ?, ?, ?)',
      ),
      setMayShare: this.db.prepare<[number, string]>('UPDATE boards SET participants_may_share = ? WHERE id = ?'),
    };

    this.signInSessions = sqliteSignInSessions(this.db, () => this.assertOpen());
    this.library = sqliteLibrary(this.db, () => this.assertOpen());
    this.trackers = sqliteTrackers(this.db, () => this.assertOpen());
    this.transfer = sqliteTransferSql(this.file, this.db, async () => {
      this.assertOpen();
      await this.flush();
    });

    this.appends = new AppendQueue(this.db.transaction((batch: readonly AppendRequest[]) => {
      const exists = new Map<string, boolean>();
      return batch.map(({ key, updates }) => {
        let known = exists.get(key.boardId);
        if (known === undefined) {
          known = this.stmt.boardExists.get(key.boardId) !== undefined;
          exists.set(key.boardId, known);
        }
        // A late write for a deleted board is dropped rather than left as orphan rows.
        if (!known) return 0;
        let last = 0;
        for (const update of updates) {
          last = Number(this.stmt.insertUpdate.run(key.boardId, key.name, update).lastInsertRowid);
        }
        return last;
      });
    }));
  }

  async createBoard(record: BoardRecord, initialDocuments: Partial<Record<DocumentName, Uint8Array>> = {}): Promise<void> {
    this.assertOpen();
    this.db.transaction(() => {
      this.stmt.insertBoard.run(...boardValues(record));
      for (const [name, update] of Object.entries(initialDocuments)) {
        if (update) this.stmt.insertUpdate.run(record.id, name, update);
      }
    })();
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    this.assertOpen();
    const row = this.stmt.getBoard.get(id);
    return row ? boardFromRow(row) : null;
  }

  async deleteBoard(id: BoardId): Promise<boolean> {
    this.assertOpen();
    await this.flush();
    // Its links, both ways, go with the board row (ON DELETE CASCADE; foreign_keys is on).
    const deleted = this.db.transaction(() => {
      this.stmt.deleteBoardUpdates.run(id);
      this.stmt.deleteBoardSnapshots.run(id);
      return this.stmt.deleteBoard.run(id).changes > 0;
    })();
    // Older copies of the deleted pages may still sit in the WAL; fold it in and truncate it.
    if (deleted) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return deleted;
  }

  async linkBoard(boardId: BoardId, linkedBoardId: BoardId, linkedAt: number): Promise<number> {
    this.assertOpen();
    return this.db.transaction(() => {
      this.stmt.insertLink.run(linkedAt, boardId, linkedBoardId);
      return this.stmt.getLink.get(boardId, linkedBoardId)?.linked_at ?? 0;
    })();
  }

  async createPerson(person: PersonRecord): Promise<boolean> {
    this.assertOpen();
    return this.stmt.insertPerson.run(...personValues(person), person.boardId).changes > 0;
  }

  async getPerson(boardId: BoardId, personId: string): Promise<PersonRecord | null> {
    this.assertOpen();
    const row = this.stmt.getPerson.get(boardId, personId);
    return row ? personFromRow(row) : null;
  }

  async findPersonBySubject(boardId: BoardId, externalSubject: string): Promise<PersonRecord | null> {
    this.assertOpen();
    const row = this.stmt.getPersonBySubject.get(boardId, externalSubject);
    return row ? personFromRow(row) : null;
  }

  async listPeople(boardId: BoardId): Promise<PersonRecord[]> {
    this.assertOpen();
    return this.stmt.listPeople.all(boardId).map(personFromRow);
  }

  async getBallot(boardId: BoardId, personId: string): Promise<Map<string, number>> {
    this.assertOpen();
    return new Map(this.stmt.getBallot.all(boardId, personId).map((r) => [r.target, r.dots]));
  }

  async listBallots(boardId: BoardId): Promise<Map<string, Map<string, number>>> {
    this.assertOpen();
    const out = new Map<string, Map<string, number>>();
    for (const r of this.stmt.listBallots.all(boardId)) {
      let b = out.get(r.person_id);
      if (!b) out.set(r.person_id, (b = new Map()));
      b.set(r.target, r.dots);
    }
    return out;
  }

  async setBallot(boardId: BoardId, personId: string, ballot: ReadonlyMap<string, number>): Promise<boolean> {
    this.assertOpen();
    return this.db.transaction(() => {
      if (!this.stmt.boardExists.get(boardId)) return false;
      this.stmt.clearBallot.run(boardId, personId);
      for (const [target, dots] of ballot) if (dots > 0) this.stmt.insertBallot.run(boardId, personId, target, Math.floor(dots));
      return true;
    })();
  }

  async updatePerson(boardId: BoardId, personId: PersonId, changes: PersonChanges): Promise<PersonRecord | null> {
    this.assertOpen();
    return this.db.transaction(() => {
      this.stmt.updatePerson.run(changes.name ?? null, changes.role ?? null, boardId, personId);
      const row = this.stmt.getPerson.get(boardId, personId);
      return row ? personFromRow(row) : null;
    })();
  }

  async replaceLinkToken(boardId: BoardId, role: Role, tokenHash: Uint8Array, token: string, retiredAt: number): Promise<boolean> {
    this.assertOpen();
    return this.db.transaction(() => {
      const row = this.stmt.getBoard.get(boardId);
      if (!row) return false;
      const old = boardFromRow(row).tokenHashes[role];
      this.stmt.retireLink.run(boardId, old, role, retiredAt);
      // Column names come from this fixed table, never from input.
      const [hashColumn, tokenColumn] = LINK_COLUMNS[role];
      this.db.prepare(`UPDATE boards SET ${hashColumn} = ?, ${tokenColumn} = ? WHERE id = ?`).run(tokenHash, token, boardId);
      return true;
    })();
  }

  async findRetiredLink(boardId: BoardId, tokenHash: Uint8Array): Promise<RetiredLink | null> {
    this.assertOpen();
    const row = this.stmt.getRetiredLink.get(boardId, tokenHash);
    return row ? { role: row.role as Role, retiredAt: row.retired_at } : null;
  }

  async setParticipantsMayShare(boardId: BoardId, value: boolean): Promise<boolean> {
    this.assertOpen();
    return this.stmt.setMayShare.run(value ? 1 : 0, boardId).changes > 0;
  }

  async unlinkBoard(boardId: BoardId, linkedBoardId: BoardId): Promise<boolean> {
    this.assertOpen();
    return this.stmt.deleteLink.run(boardId, linkedBoardId).changes > 0;
  }

  async listLinkedBoards(boardId: BoardId): Promise<BoardLink[]> {
    this.assertOpen();
    return this.stmt.listLinks.all(boardId).map((row) => ({ boardId: row.linked_board_id as BoardId, linkedAt: row.linked_at }));
  }

  appendUpdates(key: DocumentKey, updates: Uint8Array[]): Promise<number> {
    if (this.closed) return Promise.reject(new Error('The board store is closed.'));
    return this.appends.append(key, updates);
  }

  async loadDocument(key: DocumentKey): Promise<StoredDocument> {
    this.assertOpen();
    // Read-your-writes: anything queued for this store is committed before reading.
    await this.flush();
    return this.db.transaction(() => {
      const snap = this.stmt.getSnapshot.get(key.boardId, key.name);
      const snapshotSeq = snap?.seq ?? 0;
      const rows = this.stmt.getUpdatesAfter.all(key.boardId, key.name, snapshotSeq);
      return {
        snapshot: snap ? new Uint8Array(snap.data) : null,
        snapshotSeq,
        updates: rows.map((r) => new Uint8Array(r.data)),
        lastSeq: rows.length > 0 ? rows[rows.length - 1]!.seq : snapshotSeq,
      };
    })();
  }

  async loadUpdatesSince(key: DocumentKey, afterSeq: number): Promise<StoredDocument> {
    this.assertOpen();
    await this.flush();
    return this.db.transaction(() => {
      const snap = this.stmt.getSnapshot.get(key.boardId, key.name);
      // The snapshot is needed only when it folded updates the reader lacks.
      const useSnapshot = snap !== undefined && snap.seq > afterSeq;
      const from = useSnapshot ? snap.seq : afterSeq;
      const rows = this.stmt.getUpdatesAfter.all(key.boardId, key.name, from);
      return {
        snapshot: useSnapshot ? new Uint8Array(snap.data) : null,
        snapshotSeq: useSnapshot ? snap.seq : 0,
        updates: rows.map((r) => new Uint8Array(r.data)),
        lastSeq: rows.length > 0 ? rows[rows.length - 1]!.seq : from,
      };
    })();
  }

  async compact(key: DocumentKey, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    this.assertOpen();
    this.db.transaction(() => {
      if (this.stmt.boardExists.get(key.boardId) === undefined) return;
      const current = this.stmt.getSnapshot.get(key.boardId, key.name);
      if (current && current.seq >= upToSeq) return;
      this.stmt.upsertSnapshot.run(key.boardId, key.name, upToSeq, snapshot);
      this.stmt.deleteUpdatesUpTo.run(key.boardId, key.name, upToSeq);
    })();
  }

  async documentStats(key: DocumentKey): Promise<{ updates: number; hasSnapshot: boolean }> {
    this.assertOpen();
    const snap = this.stmt.getSnapshot.get(key.boardId, key.name);
    const { n } = this.stmt.countUpdatesAfter.get(key.boardId, key.name, snap?.seq ?? 0)!;
    return { updates: n, hasSnapshot: snap !== undefined };
  }

  flush(): Promise<void> {
    return this.appends.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The board store is closed.');
  }
}

/** The sign_in_sessions table of an open database. */
function sqliteSignInSessions(db: Database.Database, assertOpen: () => void): SignInSessionStore {
  const put = db.prepare<[Uint8Array, string, string, number]>(
    `INSERT INTO sign_in_sessions (id_hash, kind, data, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id_hash) DO UPDATE SET kind = excluded.kind, data = excluded.data, expires_at = excluded.expires_at`,
  );
  const get = db.prepare<[Uint8Array, string, number], { data: string }>(
    'SELECT data FROM sign_in_sessions WHERE id_hash = ? AND kind = ? AND expires_at >= ?',
  );
  const take = db.prepare<[Uint8Array, string, number], { data: string }>(
    'DELETE FROM sign_in_sessions WHERE id_hash = ? AND kind = ? AND expires_at >= ? RETURNING data',
  );
  const remove = db.prepare<[Uint8Array]>('DELETE FROM sign_in_sessions WHERE id_hash = ?');
  const removeExpired = db.prepare<[number]>('DELETE FROM sign_in_sessions WHERE expires_at < ?');
  return {
    async put(idHash: Uint8Array, kind: SignInSessionKind, data: string, expiresAt: number) {
      assertOpen();
      put.run(idHash, kind, data, expiresAt);
    },
    async get(idHash: Uint8Array, kind: SignInSessionKind, now: number) {
      assertOpen();
      return get.get(idHash, kind, now)?.data ?? null;
    },
    async take(idHash: Uint8Array, kind: SignInSessionKind, now: number) {
      assertOpen();
      return take.get(idHash, kind, now)?.data ?? null;
    },
    async delete(idHash: Uint8Array) {
      assertOpen();
      return remove.run(idHash).changes > 0;
    },
    async deleteExpired(now: number) {
      assertOpen();
      return removeExpired.run(now).changes;
    },
  };
}
