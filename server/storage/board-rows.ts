// The `boards` table as both stores lay it out: its columns, a record as a row's values, and a row
// read back as a BoardRecord. Only the column types differ between SQLite and PostgreSQL (each
// store's SCHEMA); the names, their order and the mapping are written here once.
import type { BoardId } from '../../shared/ids';
import type { BoardRecord } from './types';

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
}

/** A record's values in BOARD_COLUMNS order, for an INSERT with positional parameters. */
export function boardValues(record: BoardRecord): Array<string | number | Uint8Array> {
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
  };
}
