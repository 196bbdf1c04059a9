// The `boards` table as both stores lay it out: its columns, a record as a row's values, and a row
// read back as a BoardRecord. Only the column types differ between SQLite and PostgreSQL (each
// store's SCHEMA); the names, their order and the mapping are written here once.
import type { BoardId, PersonId } from '../../shared/ids';
import { ROLES, type Role } from '../../shared/protocol';
import type { BoardRecord, PersonRecord } from './types';

/** The columns of `boards`, in the order `boardValues` gives them. */
export const BOARD_COLUMNS = [
  'id',
  'title',
  'incident_date',
  'incident_link',
  'created_at',
  'facilitator_hash',
  'participant_hash',
  'viewer_hash',
  'participant_token',
  'viewer_token',
  'facilitator_token',
  'participants_may_share',
] as const;

/** A `boards` row as a driver returns it. PostgreSQL answers a bigint as text. */
export interface BoardRow {
  id: string;
  title: string;
  incident_date: string;
  incident_link: string;
  created_at: number | string;
  facilitator_hash: Uint8Array;
  participant_hash: Uint8Array;
  viewer_hash: Uint8Array;
  participant_token: string;
  viewer_token: string;
  /** Null on boards made before the facilitator token was kept. */
  facilitator_token: string | null;
  /** 1 or 0. */
  participants_may_share: number;
}

/** A record's values in BOARD_COLUMNS order, for an INSERT with positional parameters. */
export function boardValues(record: BoardRecord): Array<string | number | Uint8Array | null> {
  const row: { [K in (typeof BOARD_COLUMNS)[number]]: BoardRow[K] } = {
    id: record.id,
    title: record.title,
    incident_date: record.incidentDate,
    incident_link: record.incidentLink,
    created_at: record.createdAt,
    facilitator_hash: record.tokenHashes.facilitator,
    participant_hash: record.tokenHashes.participant,
    viewer_hash: record.tokenHashes.viewer,
    participant_token: record.shareTokens.participant,
    viewer_token: record.shareTokens.viewer,
    facilitator_token: record.facilitatorToken ?? null,
    participants_may_share: record.participantsMayShare === false ? 0 : 1,
  };
  return BOARD_COLUMNS.map((column) => row[column]);
}

/** A stored row as the record the rest of the server uses (hashes copied out of the driver's buffers). */
export function boardFromRow(row: BoardRow): BoardRecord {
  return {
    id: row.id as BoardId,
    title: row.title,
    incidentDate: row.incident_date,
    incidentLink: row.incident_link,
    createdAt: Number(row.created_at),
    tokenHashes: {
      facilitator: new Uint8Array(row.facilitator_hash),
      participant: new Uint8Array(row.participant_hash),
      viewer: new Uint8Array(row.viewer_hash),
    },
    shareTokens: { participant: row.participant_token, viewer: row.viewer_token },
    facilitatorToken: row.facilitator_token,
    participantsMayShare: Number(row.participants_may_share) !== 0,
  };
}

/** The columns holding each link's token hash and its token in clear (for a reissued link). */
export const LINK_COLUMNS: Record<Role, readonly [string, string]> = {
  facilitator: ['facilitator_hash', 'facilitator_token'],
  participant: ['participant_hash', 'participant_token'],
  viewer: ['viewer_hash', 'viewer_token'],
};

/** The columns of `people`, in the order `personValues` gives them. */
export const PERSON_COLUMNS = ['board_id', 'id', 'name', 'role', 'secret_hash', 'external_subject', 'created_at'] as const;

/** A `people` row as a driver returns it. */
export interface PersonRow {
  board_id: string;
  id: string;
  name: string;
  role: string;
  secret_hash: Uint8Array;
  external_subject: string | null;
  created_at: number | string;
}

/** A person's values in PERSON_COLUMNS order. */
export function personValues(person: PersonRecord): Array<string | number | Uint8Array | null> {
  return [person.boardId, person.id, person.name, person.role, person.secretHash, person.externalSubject, person.createdAt];
}

/** A stored row as a PersonRecord. A role this version does not know reads as participant. */
export function personFromRow(row: PersonRow): PersonRecord {
  return {
    boardId: row.board_id as BoardId,
    id: row.id as PersonId,
    name: row.name,
    role: ROLES.includes(row.role as Role) ? (row.role as Role) : 'participant',
    secretHash: new Uint8Array(row.secret_hash),
    externalSubject: row.external_subject,
    createdAt: Number(row.created_at),
  };
}
