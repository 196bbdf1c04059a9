// The export/import format (docs/export.md): one board as a JSON file, and a workspace backup as
// JSON lines. Everything the server keeps about a board is in it: its record and links (token
// hashes, the share tokens in clear), every document as one Yjs update (base64), the people, the
// ballots, the links to earlier boards, and the tracker configurations and issue links of its action
// items. Binary values are standard base64. A reader refuses a `version` newer than it knows.

/** The `format` of a board export file. */
export const BOARD_EXPORT_FORMAT = 'debrief.board';
/** The `format` of a workspace backup's first line. */
export const WORKSPACE_BACKUP_FORMAT = 'debrief.workspace-backup';
/** The newest format version this code writes and reads (both kinds share it). */
export const TRANSFER_VERSION = 1;

/** One of a board's three links: the SHA-256 of its token (base64) and the token in clear (null when not kept). */
export interface ExportedLink {
  tokenHash: string;
  token: string | null;
}

export interface ExportedPerson {
  id: string;
  name: string;
  role: 'facilitator' | 'participant' | 'viewer';
  /** SHA-256 of the personal secret (base64): the personal link keeps working after an import. */
  secretHash: string;
  externalSubject: string | null;
  createdAt: number;
}

export interface ExportedTracker {
  id: string;
  /**
   * `board`: configured on this board only. `workspace`: the workspace's tracker, exported with a
   * board because its action items link to issues there; an import keeps the one the server
   * already has (same id), else stores it as the workspace's tracker when there is none yet, else
   * as this board's.
   */
  scope: 'board' | 'workspace';
  kind: string;
  baseUrl: string;
  project: string;
  /** Sealed with the exporting server's TRACKER_KEY (base64); usable where the same key is set. */
  sealedCredentials: string;
  sealedWebhookSecret: string;
  createdAt: number;
}

export interface ExportedTrackerLink {
  actionId: string;
  trackerId: string;
  state: 'sending' | 'sent' | 'failed';
  externalId: string;
  key: string;
  url: string;
  issueState: string;
  error: string;
  failure: string;
  attempts: number;
  nextAttemptAt: number;
  updatedAt: number;
}

/** Everything stored about one board. */
export interface ExportedBoard {
  id: string;
  title: string;
  incidentDate: string;
  incidentLink: string;
  createdAt: number;
  participantsMayShare: boolean;
  links: { facilitator: ExportedLink; participant: ExportedLink; viewer: ExportedLink };
  /** Replaced links, so that their holders are still told the link was replaced. */
  retiredLinks: Array<{ role: 'facilitator' | 'participant' | 'viewer'; tokenHash: string; retiredAt: number }>;
  /** Document name (`board`, `facilitation`, `drafts:<personId>`) -> its whole state as one Yjs update (base64). */
  documents: Record<string, string>;
  people: ExportedPerson[];
  /** The dots the server keeps for each person (docs/protocol.md, "Ballots"). */
  ballots: Array<{ personId: string; target: string; dots: number }>;
  /** The earlier boards this board reviews the action items of. */
  linkedBoards: Array<{ boardId: string; linkedAt: number }>;
  trackers: ExportedTracker[];
  trackerLinks: ExportedTrackerLink[];
}

/** A board export file (GET /api/boards/:id/export.json). */
export interface BoardExportFile {
  format: typeof BOARD_EXPORT_FORMAT;
  version: number;
  /** ISO 8601, when the file was made. */
  exportedAt: string;
  board: ExportedBoard;
}

/** The first line of a workspace backup. */
export interface WorkspaceBackupHeader {
  format: typeof WORKSPACE_BACKUP_FORMAT;
  version: number;
  createdAt: string;
  workspace: {
    name: string;
    /** SHA-256 of the member link's token (base64), or null when members sign in. */
    linkHash: string | null;
    createdAt: number;
    retiredLinks: Array<{ tokenHash: string; retiredAt: number }>;
  } | null;
  /** Tracker configurations not tied to one board. */
  trackers: ExportedTracker[];
  /** How many board lines follow. */
  boards: number;
}

/** POST /api/workspace/import: what was imported. */
export interface ImportBoardResponse {
  boardId: string;
  title: string;
  /** Opens the imported board as a participant (the same link as on the exporting server). */
  link: string;
  /** Earlier boards the export linked to that this server does not have (those links were left out). */
  missingLinkedBoards: string[];
}
