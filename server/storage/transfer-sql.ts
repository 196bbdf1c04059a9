// Raw access to a store's tables for export, import, backup and restore (server/transfer/): a
// consistent read of everything at one moment, and a set of writes applied all together or not at
// all. SQL is written once with `?` placeholders; PostgreSQL gets them numbered.
//
// SQLite: a snapshot reads through a second connection to the same file inside one read
// transaction (WAL: writers go on meanwhile, the reader sees the moment it started), so the
// awaits of an async reader never interleave with the server's own writes. A write plan runs
// synchronously on the store's own connection in one transaction: nothing else can run between its
// statements. PostgreSQL: a REPEATABLE READ READ ONLY transaction for the snapshot, one ordinary
// transaction for a plan.
import Database from 'better-sqlite3';
import type pg from 'pg';

export type SqlValue = string | number | Uint8Array | null;

/** Runs a query in the current snapshot; rows as the driver returns them. */
export type SqlQuery = <R>(sql: string, params?: readonly SqlValue[]) => Promise<R[]>;

export type SqlDialect = 'sqlite' | 'postgres';

/** A query whose rows, if any, abort the plan with the error `fail` makes of them. */
export interface PlanGuard {
  sql: string;
  params: readonly SqlValue[];
  fail: (rows: Array<Record<string, unknown>>) => Error;
}

/** Statements applied in one transaction, after every guard found nothing. */
export interface WritePlan {
  guards: PlanGuard[];
  statements: Array<{ sql: string; params: readonly SqlValue[] }>;
  /** Turns a driver error (a unique key taken meanwhile) into a clear one; return null to keep it. */
  mapError?: (error: unknown) => Error | null;
}

export interface TransferSql {
  readonly dialect: SqlDialect;
  /** Runs `read` against one consistent view of the whole database. */
  snapshot<T>(read: (query: SqlQuery) => Promise<T>): Promise<T>;
  /** Applies a plan all or nothing. */
  apply(plan: WritePlan): Promise<void>;
}

/** `?` placeholders as PostgreSQL's `$1`, `$2`... (no literal `?` appears in our statements). */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** SQLite: snapshots on a second connection, plans on the store's own. */
export function sqliteTransferSql(file: string, db: Database.Database, before: () => Promise<void>): TransferSql {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
    dialect: 'sqlite',
    async snapshot(read) {
      // What the store has acknowledged is committed before the snapshot starts.
      await before();
      const reader = new Database(file, { fileMustExist: true });
      try {
        reader.pragma('busy_timeout = 5000');
        reader.exec('BEGIN');
        // The read transaction's view is fixed by its first read.
        reader.prepare('SELECT count(*) FROM boards').get();
        const query: SqlQuery = async <R>(sql: string, params: readonly SqlValue[] = []) => reader.prepare(sql).all(...params) as R[];
        const result = await read(query);
        reader.exec('COMMIT');
        return result;
      } finally {
        reader.close();
      }
    },
    async apply(plan) {
      await before();
      try {
        db.transaction(() => {
          for (const guard of plan.guards) {
            const rows = prepared(guard.sql).all(...guard.params) as Array<Record<string, unknown>>;
            if (rows.length > 0) throw guard.fail(rows);
          }
          for (const s of plan.statements) prepared(s.sql).run(...s.params);
          // IMMEDIATE: the write lock before the guards read. Run from a command while the server
          // writes, a read-then-write transaction would get SQLITE_BUSY at once instead of waiting.
        }).immediate();
      } catch (error) {
        throw plan.mapError?.(error) ?? error;
      }
    },
  };
}

/** PostgreSQL: one client of the pool per snapshot or plan. */
export function postgresTransferSql(pool: pg.Pool): TransferSql {
  return {
    dialect: 'postgres',
    async snapshot(read) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const query: SqlQuery = async <R>(sql: string, params: readonly SqlValue[] = []) =>
          (await client.query(numbered(sql), params as SqlValue[])).rows as R[];
        const result = await read(query);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async apply(plan) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const guard of plan.guards) {
          const { rows } = await client.query(numbered(guard.sql), guard.params as SqlValue[]);
          if (rows.length > 0) throw guard.fail(rows as Array<Record<string, unknown>>);
        }
        for (const s of plan.statements) await client.query(numbered(s.sql), s.params as SqlValue[]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw plan.mapError?.(error) ?? error;
      } finally {
        client.release();
      }
    },
  };
}
