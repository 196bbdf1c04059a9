// Checking an export before anything is stored (docs/export.md, "What an import refuses"). A file is
// read whole, then every field is checked: its shape, that each document is a complete Yjs update
// (applied to a scratch document, nothing missing), that hashes match the tokens given in clear,
// that ballots, drafts and tracker links name people and trackers of the same board. Any problem
// is a TransferError naming the catalogue entry and, for a damaged file, the field at fault.
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { readMeta, schemaVersionOf, SCHEMA_VERSION } from '../../shared/board';
import { isBoardId } from '../../shared/ids';
import { ROLES, isDraftsDocument, draftsOwner, type Role } from '../../shared/protocol';
import {
  BOARD_EXPORT_FORMAT,
  TRANSFER_VERSION,
  WORKSPACE_BACKUP_FORMAT,
  type ExportedBoard,
  type ExportedTracker,
} from '../../shared/transfer';
import type { HttpErrorCode } from '../errors';
import { TRACKER_KINDS } from '../trackers/types';

export type TransferErrorCode = Extract<HttpErrorCode, `IMPORT_${string}`>;

/** Why an export or backup cannot be imported; `message` is whole sentences a person can act on. */
export class TransferError extends Error {
  override readonly name = 'TransferError';
  constructor(
    readonly code: TransferErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A board export, checked, with its binary fields decoded. */
export interface CheckedBoard {
  board: ExportedBoard;
  documents: Map<string, Uint8Array>;
  /** The title as the board document has it (the record's may be older: it is the title at creation). */
  title: string;
}

export interface TransferLimits {
  /** Largest board document (MAX_BOARD_BYTES): an import never makes a board the server would refuse to grow. */
  maxBoardBytes: number;
}

const NOTHING = 'Nothing was imported.';

const invalid = (where: string, what: string) =>
  new TransferError('IMPORT_INVALID', `This export is damaged or was edited by hand: ${where} ${what}. ${NOTHING}`);

/** Parses JSON text, telling a file cut short from one that never was JSON. */
export function parseJsonText(text: string, what: 'export' | 'backup line'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const trimmed = text.trim();
    const message = error instanceof Error ? error.message : '';
    const at = /position (\d+)/.exec(message);
    const atEnd = /end of JSON input|Unterminated string/i.test(message) || (at !== null && Number(at[1]) >= trimmed.length - 1);
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && atEnd) {
      throw new TransferError(
        'IMPORT_TRUNCATED',
        what === 'export'
          ? `This export ends before its data does (after ${text.length.toLocaleString('en')} characters): the file was cut short, by an interrupted download or copy. ${NOTHING} Export the board again.`
          : 'This backup was cut short: a line of it ends before its data does. Nothing was restored.',
      );
    }
    throw new TransferError(
      'IMPORT_NOT_JSON',
      what === 'export'
        ? `This file is not JSON, so it is not a Debrief export. ${NOTHING} Choose the .json file a board’s Export JSON made.`
        : 'This is not a Debrief workspace backup: a line of it is not JSON. Nothing was restored.',
    );
  }
}

/** Checks the `format` and `version` of a parsed file. */
export function checkFormat(value: unknown, expected: typeof BOARD_EXPORT_FORMAT | typeof WORKSPACE_BACKUP_FORMAT): Record<string, unknown> {
  const doThis =
    expected === BOARD_EXPORT_FORMAT
      ? `${NOTHING} Choose the .json file a board’s Export JSON made.`
      : 'Nothing was restored. Choose a file `npm run backup` wrote.';
  if (!isObject(value) || typeof value.format !== 'string') {
    throw new TransferError('IMPORT_NOT_AN_EXPORT', `This JSON is not a Debrief ${expected === BOARD_EXPORT_FORMAT ? 'board export' : 'workspace backup'} (it has no "format"). ${doThis}`);
  }
  if (value.format !== expected) {
    const hint =
      value.format === WORKSPACE_BACKUP_FORMAT
        ? ' It is a workspace backup: restore it with `npm run restore -- <file>`.'
        : value.format === BOARD_EXPORT_FORMAT
          ? ' It is one board’s export: import it from the library.'
          : '';
    throw new TransferError('IMPORT_NOT_AN_EXPORT', `This file's format is ${JSON.stringify(String(value.format).slice(0, 60))}, not "${expected}".${hint} ${doThis}`);
  }
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw invalid('"version"', 'is not a format version');
  }
  if (version > TRANSFER_VERSION) {
    throw new TransferError(
      'IMPORT_NEWER_VERSION',
      `This file was made by a newer Debrief (format version ${version}; this server reads versions up to ${TRANSFER_VERSION}). ${expected === BOARD_EXPORT_FORMAT ? NOTHING : 'Nothing was restored.'} Update this server, then try again.`,
    );
  }
  return value;
}

/** Parses and checks a board export file's text. */
export function parseBoardExport(text: string, limits: TransferLimits): CheckedBoard {
  const file = checkFormat(parseJsonText(text, 'export'), BOARD_EXPORT_FORMAT);
  return checkBoard(file.board, 'board', limits);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (!isObject(value)) throw invalid(where, 'is missing or not an object');
  return value;
}

function array(value: unknown, where: string, max = 100_000): unknown[] {
  if (!Array.isArray(value)) throw invalid(where, 'is missing or not a list');
  if (value.length > max) throw invalid(where, `has more than ${max} entries`);
  return value;
}

function string(value: unknown, where: string, max: number, min = 0): string {
  if (typeof value !== 'string') throw invalid(where, 'is missing or not text');
  if (value.length > max) throw invalid(where, `is longer than ${max} characters`);
  if (value.length < min) throw invalid(where, 'is empty');
  if (value.includes('\u0000')) throw invalid(where, 'holds a NUL character');
  return value;
}

function nullableString(value: unknown, where: string, max: number): string | null {
  return value === null ? null : string(value, where, max);
}

function integer(value: unknown, where: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(where, `is not a whole number between ${min} and ${max}`);
  }
  return value;
}

function boolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw invalid(where, 'is not true or false');
  return value;
}

function role(value: unknown, where: string): Role {
  if (!ROLES.includes(value as Role)) throw invalid(where, `is not one of ${ROLES.join(', ')}`);
  return value as Role;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function bytes(value: unknown, where: string, length?: number): Uint8Array {
  const text = string(value, where, 64 * 1024 * 1024);
  if (!BASE64.test(text)) throw invalid(where, 'is not base64');
  const out = new Uint8Array(Buffer.from(text, 'base64'));
  if (length !== undefined && out.length !== length) throw invalid(where, `is not ${length} bytes`);
  return out;
}

const sha256 = (token: string) => new Uint8Array(createHash('sha256').update(token).digest());
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A complete Yjs update: applying it to an empty document leaves nothing waiting for a missing part. */
function checkUpdate(update: Uint8Array, where: string): Y.Doc {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
  } catch {
    doc.destroy();
    throw invalid(where, 'is not a Yjs document');
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    doc.destroy();
    throw invalid(where, 'is missing parts (it depends on changes the file does not hold)');
  }
  return doc;
}

const ID_LENGTH = 64;

function checkTracker(value: unknown, where: string): ExportedTracker {
  const t = object(value, where);
  const kind = string(t.kind, `${where}.kind`, 20);
  if (!(TRACKER_KINDS as readonly string[]).includes(kind)) throw invalid(`${where}.kind`, `is not one of ${TRACKER_KINDS.join(', ')}`);
  const scope = t.scope === undefined ? 'board' : t.scope;
  if (scope !== 'board' && scope !== 'workspace') throw invalid(`${where}.scope`, 'is not board or workspace');
  return {
    id: string(t.id, `${where}.id`, ID_LENGTH, 1),
    scope,
    kind,
    baseUrl: string(t.baseUrl, `${where}.baseUrl`, 2000),
    project: string(t.project, `${where}.project`, 500),
    sealedCredentials: (bytes(t.sealedCredentials, `${where}.sealedCredentials`), t.sealedCredentials as string),
    sealedWebhookSecret: (bytes(t.sealedWebhookSecret, `${where}.sealedWebhookSecret`), t.sealedWebhookSecret as string),
    createdAt: integer(t.createdAt, `${where}.createdAt`),
  };
}

/** Checks tracker configurations (ids unique). */
export function checkTrackers(value: unknown, where: string): ExportedTracker[] {
  const out = array(value, where, 1000).map((t, i) => checkTracker(t, `${where}[${i}]`));
  const ids = new Set<string>();
  for (const [i, t] of out.entries()) {
    if (ids.has(t.id)) throw invalid(`${where}[${i}].id`, 'is given twice');
    ids.add(t.id);
  }
  return out;
}

/** Checks one exported board (the `board` of an export file, or a line of a backup). */
export function checkBoard(value: unknown, where: string, limits: TransferLimits): CheckedBoard {
  const b = object(value, where);
  const id = string(b.id, `${where}.id`, ID_LENGTH);
  if (!isBoardId(id)) throw invalid(`${where}.id`, 'is not a board id');

  const linksIn = object(b.links, `${where}.links`);
  const links = Object.fromEntries(
    ROLES.map((r) => {
      const l = object(linksIn[r], `${where}.links.${r}`);
      const tokenHash = bytes(l.tokenHash, `${where}.links.${r}.tokenHash`, 32);
      const token = nullableString(l.token, `${where}.links.${r}.token`, 200);
      if (token === null && r !== 'facilitator') throw invalid(`${where}.links.${r}.token`, 'is missing');
      if (token !== null && !sameBytes(sha256(token), tokenHash)) throw invalid(`${where}.links.${r}`, 'has a token that does not match its hash');
      return [r, { tokenHash: l.tokenHash as string, token }];
    }),
  ) as ExportedBoard['links'];

  const people = array(b.people, `${where}.people`, 10_000).map((value, i) => {
    const p = object(value, `${where}.people[${i}]`);
    const at = `${where}.people[${i}]`;
    bytes(p.secretHash, `${at}.secretHash`, 32);
    return {
      id: string(p.id, `${at}.id`, ID_LENGTH, 1),
      name: string(p.name, `${at}.name`, 200),
      role: role(p.role, `${at}.role`),
      secretHash: p.secretHash as string,
      externalSubject: nullableString(p.externalSubject, `${at}.externalSubject`, 1000),
      createdAt: integer(p.createdAt, `${at}.createdAt`),
    };
  });
  const personIds = new Set<string>();
  const subjects = new Set<string>();
  for (const [i, p] of people.entries()) {
    if (personIds.has(p.id)) throw invalid(`${where}.people[${i}].id`, 'names a person given twice');
    personIds.add(p.id);
    if (p.externalSubject !== null) {
      if (subjects.has(p.externalSubject)) throw invalid(`${where}.people[${i}].externalSubject`, 'is given to two people');
      subjects.add(p.externalSubject);
    }
  }

  const documents = new Map<string, Uint8Array>();
  let title = '';
  const docsIn = object(b.documents, `${where}.documents`);
  for (const [name, encoded] of Object.entries(docsIn)) {
    const at = `${where}.documents[${JSON.stringify(name.slice(0, 80))}]`;
    if (name !== 'board' && name !== 'facilitation' && !isDraftsDocument(name)) throw invalid(at, 'is not a document a board has');
    if (isDraftsDocument(name) && !personIds.has(draftsOwner(name)!)) throw invalid(at, 'holds the drafts of nobody on this board');
    const update = bytes(encoded, at);
    const doc = checkUpdate(update, at);
    try {
      if (name === 'board') {
        if (update.length > limits.maxBoardBytes) {
          throw new TransferError(
            'IMPORT_TOO_LARGE',
            `This board is ${update.length.toLocaleString('en')} bytes, more than this server lets a board grow to (MAX_BOARD_BYTES, ${limits.maxBoardBytes.toLocaleString('en')}). ${NOTHING}`,
          );
        }
        title = readMeta(doc).title;
        const version = schemaVersionOf(doc);
        if (version > SCHEMA_VERSION) {
          throw new TransferError(
            'IMPORT_NEWER_VERSION',
            `This board was written by a newer Debrief (board schema ${version}; this server knows up to ${SCHEMA_VERSION}). ${NOTHING} Update this server, then import it again.`,
          );
        }
      }
    } finally {
      doc.destroy();
    }
    documents.set(name, update);
  }
  if (!documents.has('board')) throw invalid(`${where}.documents`, 'has no "board" document');

  const ballots = array(b.ballots, `${where}.ballots`).map((value, i) => {
    const v = object(value, `${where}.ballots[${i}]`);
    const at = `${where}.ballots[${i}]`;
    const personId = string(v.personId, `${at}.personId`, ID_LENGTH, 1);
    if (!personIds.has(personId)) throw invalid(`${at}.personId`, 'names nobody on this board');
    return { personId, target: string(v.target, `${at}.target`, ID_LENGTH, 1), dots: integer(v.dots, `${at}.dots`, 1, 1000) };
  });
  const ballotKeys = new Set<string>();
  for (const [i, v] of ballots.entries()) {
    const key = `${v.personId}\u0000${v.target}`;
    if (ballotKeys.has(key)) throw invalid(`${where}.ballots[${i}]`, 'repeats a person’s dots on the same note');
    ballotKeys.add(key);
  }

  const retiredLinks = array(b.retiredLinks, `${where}.retiredLinks`).map((value, i) => {
    const r = object(value, `${where}.retiredLinks[${i}]`);
    bytes(r.tokenHash, `${where}.retiredLinks[${i}].tokenHash`, 32);
    return { role: role(r.role, `${where}.retiredLinks[${i}].role`), tokenHash: r.tokenHash as string, retiredAt: integer(r.retiredAt, `${where}.retiredLinks[${i}].retiredAt`) };
  });
  if (new Set(retiredLinks.map((r) => r.tokenHash)).size !== retiredLinks.length) throw invalid(`${where}.retiredLinks`, 'repeats a link');

  const linkedBoards = array(b.linkedBoards, `${where}.linkedBoards`, 1000).map((value, i) => {
    const l = object(value, `${where}.linkedBoards[${i}]`);
    const boardId = string(l.boardId, `${where}.linkedBoards[${i}].boardId`, ID_LENGTH);
    if (!isBoardId(boardId) || boardId === id) throw invalid(`${where}.linkedBoards[${i}].boardId`, 'is not another board’s id');
    return { boardId, linkedAt: integer(l.linkedAt, `${where}.linkedBoards[${i}].linkedAt`) };
  });
  if (new Set(linkedBoards.map((l) => l.boardId)).size !== linkedBoards.length) throw invalid(`${where}.linkedBoards`, 'links a board twice');

  const trackers = checkTrackers(b.trackers, `${where}.trackers`);
  const trackerIds = new Set(trackers.map((t) => t.id));
  const trackerLinks = array(b.trackerLinks, `${where}.trackerLinks`).map((value, i) => {
    const l = object(value, `${where}.trackerLinks[${i}]`);
    const at = `${where}.trackerLinks[${i}]`;
    const trackerId = string(l.trackerId, `${at}.trackerId`, ID_LENGTH, 1);
    if (!trackerIds.has(trackerId)) throw invalid(`${at}.trackerId`, 'names a tracker this export does not hold');
    const state = string(l.state, `${at}.state`, 10);
    if (state !== 'sending' && state !== 'sent' && state !== 'failed') throw invalid(`${at}.state`, 'is not sending, sent or failed');
    return {
      actionId: string(l.actionId, `${at}.actionId`, ID_LENGTH, 1),
      trackerId,
      state: state as 'sending' | 'sent' | 'failed',
      externalId: string(l.externalId, `${at}.externalId`, 200),
      key: string(l.key, `${at}.key`, 200),
      url: string(l.url, `${at}.url`, 2000),
      issueState: string(l.issueState, `${at}.issueState`, 20),
      error: string(l.error, `${at}.error`, 2000),
      failure: string(l.failure, `${at}.failure`, 100),
      attempts: integer(l.attempts, `${at}.attempts`),
      nextAttemptAt: integer(l.nextAttemptAt, `${at}.nextAttemptAt`),
      updatedAt: integer(l.updatedAt, `${at}.updatedAt`),
    };
  });
  if (new Set(trackerLinks.map((l) => l.actionId)).size !== trackerLinks.length) throw invalid(`${where}.trackerLinks`, 'links an action item twice');

  const incidentDate = string(b.incidentDate, `${where}.incidentDate`, 10);
  if (incidentDate !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(incidentDate)) throw invalid(`${where}.incidentDate`, 'is not a date written YYYY-MM-DD');

  return {
    board: {
      id,
      title: string(b.title, `${where}.title`, 1000),
      incidentDate,
      incidentLink: string(b.incidentLink, `${where}.incidentLink`, 2000),
      createdAt: integer(b.createdAt, `${where}.createdAt`),
      participantsMayShare: boolean(b.participantsMayShare, `${where}.participantsMayShare`),
      links,
      retiredLinks,
      documents: docsIn as Record<string, string>,
      people,
      ballots,
      linkedBoards,
      trackers,
      trackerLinks,
    },
    documents,
    title: title || String(b.title ?? ''),
  };
}
