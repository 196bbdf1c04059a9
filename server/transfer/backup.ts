// The workspace backup (docs/export.md, "Backup and restore"): every board, the workspace and its
// tracker configurations, as JSON lines: a header, one line per board (the board export's `board`),
// and a closing line with the count, so a file cut short is told apart from a complete one.
//
// Backup reads everything in one consistent snapshot (storage/transfer-sql.ts) while the server
// goes on, and writes `<file>.partial`, renamed to `<file>` only once complete. Restore reads and
// checks the whole file first, then stores everything in one transaction: all of it or nothing.
// It only adds: a board of the backup this server already has stops the restore (or, with
// `skipExisting`, is left as it is), so a running server's live rooms, which are always of boards
// it has, are never touched. The restored boards are written into the library's index here, so a
// running server lists them at once.
import fs from 'node:fs';
import readline from 'node:readline';
import * as Y from 'yjs';
import { readIncidentFields, readPhase } from '../../shared/facilitation';
import type { BoardId, PersonId } from '../../shared/ids';
import type { DueDays } from '../../shared/library';
import { TRANSFER_VERSION, WORKSPACE_BACKUP_FORMAT, type WorkspaceBackupHeader } from '../../shared/transfer';
import { describeReview } from '../library/review';
import type { BoardStore } from '../storage/types';
import { listBoardIds, readBoard, readWorkspace } from './read';
import { checkBoard, checkFormat, checkTrackers, parseJsonText, TransferError, type CheckedBoard, type TransferLimits } from './validate';
import { importPlan, missingLinkedBoards } from './write';

/** The closing line of a backup. */
interface BackupEnd {
  end: typeof WORKSPACE_BACKUP_FORMAT;
  boards: number;
}

/** Writes a backup of the whole store to `file`; answers how many boards it holds. */
export async function backupWorkspace(store: BoardStore, file: string): Promise<{ boards: number; bytes: number }> {
  const partial = `${file}.partial`;
  const out = fs.openSync(partial, 'w');
  let bytes = 0;
  const line = (value: unknown) => {
    const text = `${JSON.stringify(value)}\n`;
    bytes += fs.writeSync(out, text);
  };
  try {
    const boards = await store.transfer.snapshot(async (query) => {
      const ids = await listBoardIds(query);
      const header: WorkspaceBackupHeader = {
        format: WORKSPACE_BACKUP_FORMAT,
        version: TRANSFER_VERSION,
        createdAt: new Date().toISOString(),
        ...(await readWorkspace(query)),
        boards: ids.length,
      };
      line(header);
      for (const id of ids) line({ board: await readBoard(query, id) });
      return ids.length;
    });
    line({ end: WORKSPACE_BACKUP_FORMAT, boards } satisfies BackupEnd);
    fs.fsyncSync(out);
    fs.closeSync(out);
    fs.renameSync(partial, file);
    return { boards, bytes };
  } catch (error) {
    fs.closeSync(out);
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

export interface RestoreOptions extends TransferLimits {
  /** Leave the boards this server already has as they are, and restore the others. */
  skipExisting?: boolean;
  /** Due-date settings for the library's index (FOLLOW_UP_DUE_DAYS). */
  dueDays: DueDays;
}

export interface RestoreResult {
  restored: number;
  skipped: string[];
  missingLinkedBoards: string[];
}

/** Reads and checks a backup file whole; throws a TransferError for anything wrong with it. */
export async function readBackup(file: string, limits: TransferLimits): Promise<{ header: WorkspaceBackupHeader; boards: CheckedBoard[] }> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let header: WorkspaceBackupHeader | null = null;
  const boards: CheckedBoard[] = [];
  let end: BackupEnd | null = null;
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    if (end) throw new TransferError('IMPORT_INVALID', `This backup has data after its closing line (line ${n}). Nothing was restored.`);
    const value = parseJsonText(text, 'backup line');
    if (!header) {
      const h = checkFormat(value, WORKSPACE_BACKUP_FORMAT);
      header = {
        format: WORKSPACE_BACKUP_FORMAT,
        version: h.version as number,
        createdAt: String(h.createdAt ?? ''),
        workspace: checkWorkspace(h.workspace),
        trackers: checkTrackers(h.trackers ?? [], 'trackers'),
        boards: typeof h.boards === 'number' && Number.isSafeInteger(h.boards) && h.boards >= 0 ? h.boards : -1,
      };
      continue;
    }
    const v = value as Record<string, unknown>;
    if (v && typeof v === 'object' && 'end' in v) {
      end = v as unknown as BackupEnd;
      continue;
    }
    if (!v || typeof v !== 'object' || !('board' in v)) throw new TransferError('IMPORT_INVALID', `Line ${n} of this backup is not a board. Nothing was restored.`);
    try {
      boards.push(checkBoard(v.board, `line ${n}: board`, limits));
    } catch (error) {
      if (error instanceof TransferError) throw new TransferError(error.code, error.message.replace(/Nothing was imported\./, 'Nothing was restored.'));
      throw error;
    }
  }
  if (!header) throw new TransferError('IMPORT_NOT_AN_EXPORT', 'This file is empty: it is not a Debrief workspace backup. Nothing was restored.');
  if (!end || end.boards !== boards.length || header.boards !== boards.length) {
    throw new TransferError(
      'IMPORT_TRUNCATED',
      `This backup was cut short: it should hold ${header.boards} boards and ${end ? `its closing line says ${end.boards}, ` : 'has no closing line, '}${boards.length} were read. Nothing was restored.`,
    );
  }
  return { header, boards };
}

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/** The header's workspace, checked (a damaged one stops the restore). */
function checkWorkspace(value: unknown): WorkspaceBackupHeader['workspace'] {
  if (value === null || value === undefined) return null;
  const bad = (what: string) => new TransferError('IMPORT_INVALID', `This backup is damaged or was edited by hand: its workspace ${what}. Nothing was restored.`);
  const w = value as Record<string, unknown>;
  if (typeof w !== 'object' || typeof w.name !== 'string' || w.name.length > 200) throw bad('has no name');
  if (w.linkHash !== null && !(typeof w.linkHash === 'string' && BASE64_SHA256.test(w.linkHash))) throw bad('link is not a SHA-256 hash');
  if (typeof w.createdAt !== 'number' || !Number.isSafeInteger(w.createdAt)) throw bad('has no creation time');
  if (!Array.isArray(w.retiredLinks)) throw bad('has no list of replaced links');
  const retiredLinks = w.retiredLinks.map((r: unknown) => {
    const link = r as Record<string, unknown> | null;
    if (!link || typeof link.tokenHash !== 'string' || !BASE64_SHA256.test(link.tokenHash) || typeof link.retiredAt !== 'number') throw bad('has a damaged replaced link');
    return { tokenHash: link.tokenHash, retiredAt: link.retiredAt };
  });
  return { name: w.name, linkHash: w.linkHash as string | null, createdAt: w.createdAt, retiredLinks };
}

/** Restores a backup into `store`, all or nothing (see the module comment). */
export async function restoreWorkspace(store: BoardStore, file: string, options: RestoreOptions): Promise<RestoreResult> {
  const { header, boards } = await readBackup(file, options);
  const transfer = store.transfer;
  let toRestore = boards;
  let skipped: string[] = [];
  if (options.skipExisting) {
    const existing = await transfer.snapshot(async (query) => {
      const ids = new Set(await listBoardIds(query));
      return boards.filter((b) => ids.has(b.board.id)).map((b) => b.board.id);
    });
    skipped = existing;
    toRestore = boards.filter((b) => !existing.includes(b.board.id));
  }
  const missing = await transfer.snapshot((query) => missingLinkedBoards(query, toRestore));
  // Tracker configurations of no board already here (restoring twice with --skip-existing) stay as they are.
  const serverTrackers = options.skipExisting
    ? await transfer.snapshot(async (query) => {
        const ids = new Set((await query<{ id: string }>('SELECT id FROM tracker_configs')).map((r) => r.id));
        return header.trackers.filter((t) => !ids.has(t.id));
      })
    : header.trackers;
  await transfer.apply(importPlan(transfer.dialect, toRestore, { restoring: true, workspace: { workspace: header.workspace, trackers: serverTrackers } }));
  await indexRestored(store, toRestore, options.dueDays);
  return { restored: toRestore.length, skipped, missingLinkedBoards: missing };
}

/**
 * Retries a write that SQLite refused because the running server was writing (a transaction that
 * reads before it writes is refused at once, not queued); a few short waits always see it through.
 */
async function whileBusy<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 20 || typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * (attempt + 1)));
    }
  }
}

/** Writes the restored boards into the library's index (what the indexer would, from the same documents). */
async function indexRestored(store: BoardStore, boards: readonly CheckedBoard[], dueDays: DueDays): Promise<void> {
  if (boards.length === 0) return;
  const versions = await store.library.boardVersions(boards.map((b) => b.board.id as BoardId));
  for (const { board, documents } of boards) {
    const record = await store.getBoard(board.id);
    const version = versions.get(board.id as BoardId);
    if (!record || version === undefined) continue;
    const boardDoc = new Y.Doc();
    const facilitationDoc = new Y.Doc();
    try {
      Y.applyUpdate(boardDoc, documents.get('board')!);
      const facilitation = documents.get('facilitation');
      if (facilitation) Y.applyUpdate(facilitationDoc, facilitation);
      const people = board.people.map((p) => ({
        boardId: board.id as BoardId,
        id: p.id as PersonId,
        name: p.name,
        role: p.role,
        secretHash: new Uint8Array(),
        externalSubject: p.externalSubject,
        createdAt: p.createdAt,
      }));
      const described = describeReview(record, boardDoc, { incident: readIncidentFields(facilitationDoc), phase: readPhase(facilitationDoc) }, people, dueDays);
      await whileBusy(() => store.library.putIndexed({ ...described, version, indexedAt: Date.now() }));
    } finally {
      boardDoc.destroy();
      facilitationDoc.destroy();
    }
  }
}
