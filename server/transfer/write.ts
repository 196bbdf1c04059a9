// Writing checked boards (validate.ts) into the store's tables as one plan (storage/transfer-sql.ts):
// guards first (no board or tracker id of the file may exist here), then every row, in one
// transaction. Each document is stored as one update, numbered as a fresh document's first. Links
// to earlier boards are made only where that board exists here (after the file's own boards are in,
// so a backup's boards link each other); the caller learns which were left out beforehand.
import { BOARD_COLUMNS, PERSON_COLUMNS, boardValues, personValues } from '../storage/board-rows';
import type { PlanGuard, SqlDialect, SqlQuery, SqlValue, WritePlan } from '../storage/transfer-sql';
import type { BoardId, PersonId } from '../../shared/ids';
import type { ExportedTracker, WorkspaceBackupHeader } from '../../shared/transfer';
import { TransferError, type CheckedBoard } from './validate';

type Statement = WritePlan['statements'][number];

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** Guards take ids a few hundred at a time (both databases cap the parameters of one statement). */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const listed = (ids: string[]) => ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');

function idGuards(table: 'boards' | 'tracker_configs', ids: string[], fail: (taken: string[]) => Error): PlanGuard[] {
  return chunks(ids).map((chunk) => ({
    sql: `SELECT id FROM ${table} WHERE id IN (${chunk.map(() => '?').join(', ')})`,
    params: chunk,
    fail: (rows) => fail(rows.map((r) => String(r.id))),
  }));
}

function trackerStatement(t: ExportedTracker, scope: string): Statement {
  return {
    sql: `INSERT INTO tracker_configs (id, scope, kind, base_url, project, sealed_credentials, sealed_webhook_secret, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    params: [t.id, scope, t.kind, t.baseUrl, t.project, fromBase64(t.sealedCredentials), fromBase64(t.sealedWebhookSecret), t.createdAt],
  };
}

/**
 * A workspace tracker: kept when this server has it (same id), else stored as the workspace's when
 * the workspace has none yet, else as `fallbackScope` (a board's), so the links to its issues stay
 * and the workspace never gets a second tracker.
 */
function workspaceTrackerStatement(t: ExportedTracker, fallbackScope: string): Statement {
  return {
    sql: `INSERT INTO tracker_configs (id, scope, kind, base_url, project, sealed_credentials, sealed_webhook_secret, created_at)
          SELECT ?, CASE WHEN EXISTS (SELECT 1 FROM tracker_configs WHERE scope = 'server') THEN ? ELSE 'server' END, ?, ?, ?, ?, ?, ?
           WHERE NOT EXISTS (SELECT 1 FROM tracker_configs WHERE id = ?)`,
    params: [t.id, fallbackScope, t.kind, t.baseUrl, t.project, fromBase64(t.sealedCredentials), fromBase64(t.sealedWebhookSecret), t.createdAt, t.id],
  };
}

/** The rows of one board, but not its links to other boards. */
function boardStatements(dialect: SqlDialect, { board, documents }: CheckedBoard): Statement[] {
  const out: Statement[] = [];
  out.push({
    sql: `INSERT INTO boards (${BOARD_COLUMNS.join(', ')}) VALUES (${BOARD_COLUMNS.map(() => '?').join(', ')})`,
    params: boardValues({
      id: board.id as BoardId,
      title: board.title,
      incidentDate: board.incidentDate,
      incidentLink: board.incidentLink,
      createdAt: board.createdAt,
      tokenHashes: {
        facilitator: fromBase64(board.links.facilitator.tokenHash),
        participant: fromBase64(board.links.participant.tokenHash),
        viewer: fromBase64(board.links.viewer.tokenHash),
      },
      shareTokens: { participant: board.links.participant.token!, viewer: board.links.viewer.token! },
      facilitatorToken: board.links.facilitator.token,
      participantsMayShare: board.participantsMayShare,
    }),
  });
  if (dialect === 'postgres') {
    // Every document has its numbering row; the two shared ones always (as createBoard makes them).
    const names = new Set(['board', 'facilitation', ...documents.keys()]);
    for (const name of names) {
      out.push({ sql: 'INSERT INTO documents (board_id, document, last_seq) VALUES (?, ?, ?)', params: [board.id, name, documents.has(name) ? 1 : 0] });
    }
    for (const [name, update] of documents) {
      out.push({ sql: 'INSERT INTO updates (board_id, document, seq, data) VALUES (?, ?, 1, ?)', params: [board.id, name, update] });
    }
  } else {
    for (const [name, update] of documents) {
      out.push({ sql: 'INSERT INTO updates (board_id, document, data) VALUES (?, ?, ?)', params: [board.id, name, update] });
    }
  }
  for (const p of board.people) {
    out.push({
      sql: `INSERT INTO people (${PERSON_COLUMNS.join(', ')}) VALUES (${PERSON_COLUMNS.map(() => '?').join(', ')})`,
      params: personValues({
        boardId: board.id as BoardId,
        id: p.id as PersonId,
        name: p.name,
        role: p.role,
        secretHash: fromBase64(p.secretHash),
        externalSubject: p.externalSubject,
        createdAt: p.createdAt,
      }),
    });
  }
  for (const v of board.ballots) {
    out.push({ sql: 'INSERT INTO ballots (board_id, person_id, target, dots) VALUES (?, ?, ?, ?)', params: [board.id, v.personId, v.target, v.dots] });
  }
  for (const r of board.retiredLinks) {
    out.push({
      sql: 'INSERT INTO retired_links (board_id, token_hash, role, retired_at) VALUES (?, ?, ?, ?)',
      params: [board.id, fromBase64(r.tokenHash), r.role, r.retiredAt],
    });
  }
  for (const t of board.trackers) if (t.scope === 'board') out.push(trackerStatement(t, `board:${board.id}`));
  for (const l of board.trackerLinks) {
    out.push({
      sql: `INSERT INTO tracker_links (board_id, action_id, tracker_id, state, external_id, key, url, issue_state, error, failure, attempts, next_attempt_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [board.id, l.actionId, l.trackerId, l.state, l.externalId, l.key, l.url, l.issueState, l.error, l.failure, l.attempts, l.nextAttemptAt, l.updatedAt],
    });
  }
  return out;
}

/** Whether a driver error is a unique key already taken (a board imported meanwhile). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT_PRIMARYKEY')) || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

const boardsExist = (taken: string[], restoring: boolean) =>
  new TransferError(
    'IMPORT_BOARD_EXISTS',
    restoring
      ? `This server already has ${taken.length === 1 ? 'a board' : `${taken.length} boards`} of the backup (${listed(taken)}). Nothing was restored. Restore into an empty server, delete those boards first, or pass --skip-existing to restore only the others.`
      : `This server already has a board with this export’s id (${listed(taken)}): it was imported before, or the file was altered. Nothing was imported. To replace it, delete that board first.`,
  );

export interface ImportOptions {
  /** Restoring a backup (the messages speak of a restore). */
  restoring?: boolean;
  /** The workspace and tracker configurations of a backup's first line, restored with its boards. */
  workspace?: Pick<WorkspaceBackupHeader, 'workspace' | 'trackers'>;
  /** Now, for the member link the restore replaces. */
  now?: number;
}

/** The plan that stores `boards` (and a backup's workspace) all together, or nothing. */
export function importPlan(dialect: SqlDialect, boards: readonly CheckedBoard[], options: ImportOptions = {}): WritePlan {
  const restoring = options.restoring === true;
  const boardIds = boards.map((b) => b.board.id);
  // A board's own trackers are new here (a taken id is a collision); the workspace's may already be.
  const trackers = boards.flatMap((b) => b.board.trackers.filter((t) => t.scope === 'board'));
  const trackerIds = trackers.map((t) => t.id);
  const workspaceTrackers = new Map<string, { tracker: ExportedTracker; scope: string }>();
  for (const t of options.workspace?.trackers ?? []) workspaceTrackers.set(t.id, { tracker: t, scope: 'server' });
  for (const { board } of boards) {
    for (const t of board.trackers) if (t.scope === 'workspace' && !workspaceTrackers.has(t.id)) workspaceTrackers.set(t.id, { tracker: t, scope: `board:${board.id}` });
  }
  if (new Set(boardIds).size !== boardIds.length) {
    throw new TransferError('IMPORT_INVALID', `This ${restoring ? 'backup' : 'export'} holds the same board twice. Nothing was ${restoring ? 'restored' : 'imported'}.`);
  }
  if (new Set(trackerIds).size !== trackerIds.length) {
    throw new TransferError('IMPORT_INVALID', `This ${restoring ? 'backup' : 'export'} holds the same tracker twice. Nothing was ${restoring ? 'restored' : 'imported'}.`);
  }
  const guards = [
    ...idGuards('boards', boardIds, (taken) => boardsExist(taken, restoring)),
    ...idGuards('tracker_configs', trackerIds, (taken) =>
      new TransferError(
        'IMPORT_BOARD_EXISTS',
        `This server already has tracker configurations with the ids of this ${restoring ? 'backup' : 'export'}’s (${listed(taken)}): it was imported before, or the file was altered. Nothing was ${restoring ? 'restored' : 'imported'}.`,
      ),
    ),
  ];
  const statements: Statement[] = [];
  for (const { tracker, scope } of workspaceTrackers.values()) statements.push(workspaceTrackerStatement(tracker, scope));
  for (const board of boards) statements.push(...boardStatements(dialect, board));
  for (const { board } of boards) {
    for (const l of board.linkedBoards) {
      statements.push({
        sql: 'INSERT INTO board_links (board_id, linked_board_id, linked_at) SELECT ?, id, ? FROM boards WHERE id = ?',
        params: [board.id, l.linkedAt, l.boardId],
      });
    }
  }
  const ws = options.workspace?.workspace;
  if (ws) {
    const linkHash: SqlValue = ws.linkHash === null ? null : fromBase64(ws.linkHash);
    // The member link this server had is replaced by the backup's, and answers "replaced" from now on.
    statements.push({
      sql: `INSERT INTO workspace_retired_links (token_hash, retired_at)
            SELECT link_hash, ? FROM workspace WHERE id = 1 AND link_hash IS NOT NULL ON CONFLICT DO NOTHING`,
      params: [options.now ?? Date.now()],
    });
    statements.push({
      sql: `INSERT INTO workspace (id, name, link_hash, created_at, index_format) VALUES (1, ?, ?, ?, '')
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, link_hash = excluded.link_hash, created_at = excluded.created_at`,
      params: [ws.name, linkHash, ws.createdAt],
    });
    if (linkHash !== null) statements.push({ sql: 'DELETE FROM workspace_retired_links WHERE token_hash = ?', params: [linkHash] });
    for (const r of ws.retiredLinks) {
      statements.push({
        sql: 'INSERT INTO workspace_retired_links (token_hash, retired_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
        params: [fromBase64(r.tokenHash), r.retiredAt],
      });
    }
  }
  return {
    guards,
    statements,
    mapError: (error) => (isUniqueViolation(error) ? boardsExist(boardIds, restoring) : null),
  };
}

/** The linked boards of `boards` that are neither among them nor on this server (their links are left out). */
export async function missingLinkedBoards(query: SqlQuery, boards: readonly CheckedBoard[]): Promise<string[]> {
  const own = new Set(boards.map((b) => b.board.id));
  const wanted = [...new Set(boards.flatMap((b) => b.board.linkedBoards.map((l) => l.boardId)).filter((id) => !own.has(id)))];
  const found = new Set<string>();
  for (const chunk of chunks(wanted)) {
    for (const row of await query<{ id: string }>(`SELECT id FROM boards WHERE id IN (${chunk.map(() => '?').join(', ')})`, chunk)) found.add(row.id);
  }
  return wanted.filter((id) => !found.has(id));
}
