// The storage contract: boards (metadata and token hashes), each board document's update log, the
// links from a board to the earlier boards whose action items it reviews, and the people of a board
// (who joined it, with their role and a hash of their personal secret).
// Asynchronous on purpose: SQLite (embedded, one process) and PostgreSQL (shared by several server
// instances) implement it and pass the same test suite (tests/server/store-contract.ts). A store that
// several instances share is a SequencedStore: the cluster layer (server/cluster/) needs its
// gapless numbers and asks for it by `numbering`, not by the store's class.
import type { BoardId, PersonId } from '../../shared/ids';
import type { DocumentName, Role } from '../../shared/protocol';
import type { LibraryStore } from './library';
import type { SignInSessionStore } from './sign-in-sessions';
import type { TrackerStore } from './trackers';
import type { TransferSql } from './transfer-sql';

/** A board as stored. Tokens are kept as SHA-256 hashes for verification; the participant and
 * viewer tokens are also kept in clear because they are share links the facilitator may copy
 * again from another device. The facilitator token exists only as its hash. */
export interface BoardRecord {
  id: BoardId;
  title: string;
  /** YYYY-MM-DD or '' */
  incidentDate: string;
  /** http(s) URL or '' */
  incidentLink: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  tokenHashes: Record<Role, Uint8Array>;
  shareTokens: { participant: string; viewer: string };
  /**
   * The facilitator link's token in clear, so that any facilitator can copy it for a co-facilitator.
   * Null on boards created before it was kept (until a facilitator reissues that link). Absent when
   * creating a board means null.
   */
  facilitatorToken?: string | null;
  /** Whether participants are given the participant link to share (absent when creating: true). */
  participantsMayShare?: boolean;
}

/**
 * A person on a board (docs/protocol.md, "People"). The personal secret exists only as its SHA-256
 * hash. Ballots and drafts kept by the server key on (boardId, id).
 */
export interface PersonRecord {
  boardId: BoardId;
  id: PersonId;
  name: string;
  role: Role;
  secretHash: Uint8Array;
  /** The identity provider's subject (OIDC `sub`, with its issuer) this person signed in as, or null. */
  externalSubject: string | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

/** What a facilitator may change about a person (and a person about themselves: the name). */
export interface PersonChanges {
  name?: string;
  role?: Role;
}

/** A link token that was replaced: kept as its hash so its holders can be told it was revoked. */
export interface RetiredLink {
  role: Role;
  /** When it was replaced, in milliseconds since the epoch. */
  retiredAt: number;
}

/** Names one document of one board. */
export interface DocumentKey {
  boardId: BoardId;
  name: DocumentName;
}

/** An earlier board linked to a board (`BoardStore.listLinkedBoards`). */
export interface BoardLink {
  boardId: BoardId;
  /** When the link was made, in milliseconds since the epoch. */
  linkedAt: number;
}

/** What is stored for one document: an optional snapshot plus the updates logged after it. */
export interface StoredDocument {
  /** Y.encodeStateAsUpdate of everything up to and including `snapshotSeq`, or null. */
  snapshot: Uint8Array | null;
  /** Highest sequence number folded into the snapshot (0 when there is none). */
  snapshotSeq: number;
  /** Updates with sequence numbers above `snapshotSeq`, in order. */
  updates: Uint8Array[];
  /** Sequence number of the last update in `updates` (or `snapshotSeq` when there are none). */
  lastSeq: number;
}

/** One string per document, for maps keyed by document (`SequencedStore.latestSeqs` answers by it). */
export const documentKeyId = (key: DocumentKey): string => `${key.boardId}\u0000${key.name}`;

/**
 * How a store numbers a document's updates. `increasing`: numbers only grow, and may skip values
 * (SQLite numbers all documents from one counter). `gapless`: each document is numbered 1, 2, 3...
 * without gaps, so that an instance can tell it missed one (a SequencedStore).
 */
export type SequenceNumbering = 'increasing' | 'gapless';

/**
 * Board storage. A document's sequence numbers increase with every appended update, in the order
 * the appends became durable; they are never reused (see `numbering` for gaps). Implementations
 * must be safe to call concurrently from many rooms.
 */
export interface BoardStore {
  /** Whether a document's numbers may skip values; `gapless` stores are SequencedStores. */
  readonly numbering: SequenceNumbering;
  /** Sign-in sessions (OpenID Connect), in the same database (sign-in-sessions.ts). */
  readonly signInSessions: SignInSessionStore;
  /** The workspace and the incident library's index, in the same database (library.ts). */
  readonly library: LibraryStore;
  /** Tracker configurations and action item -> issue links, in the same database (trackers.ts). */
  readonly trackers: TrackerStore;
  /** Raw reads and all-or-nothing writes for export, import, backup and restore (transfer-sql.ts). */
  readonly transfer: TransferSql;
  /** Stores a new board and, optionally, its documents' first state, in one transaction. */
  createBoard(record: BoardRecord, initialDocuments?: Partial<Record<DocumentName, Uint8Array>>): Promise<void>;
  /** The board, or null when there is none (any string is accepted and simply not found). */
  getBoard(id: string): Promise<BoardRecord | null>;
  /** Removes the board, every document of it and its links in both directions. Resolves false when there was no such board. */
  deleteBoard(id: BoardId): Promise<boolean>;
  /**
   * Links `linkedBoardId` to `boardId` (one direction: `boardId` lists it). Linking again keeps the
   * first link. Resolves with the link's time (the earlier one when it existed), or 0 when either
   * board does not exist (nothing is stored).
   */
  linkBoard(boardId: BoardId, linkedBoardId: BoardId, linkedAt: number): Promise<number>;
  /**
   * Stores a new person. Resolves false (nothing stored) when the board does not exist, or when
   * `externalSubject` is set and another person of the board already has it.
   */
  createPerson(person: PersonRecord): Promise<boolean>;
  /** A person of a board, or null (any string is accepted and simply not found). */
  getPerson(boardId: BoardId, personId: string): Promise<PersonRecord | null>;
  /** The person of a board who signed in as `externalSubject`, or null. */
  findPersonBySubject(boardId: BoardId, externalSubject: string): Promise<PersonRecord | null>;
  /** Every person of a board, in the order they joined (ties by id). */
  listPeople(boardId: BoardId): Promise<PersonRecord[]>;
  /**
   * One person's ballot as the server keeps it (docs/protocol.md, "Ballots"): target id -> dots,
   * only targets with at least one dot. Empty when they have none (or there is no such board).
   */
  getBallot(boardId: BoardId, personId: string): Promise<Map<string, number>>;
  /** Every ballot of a board with at least one dot, by person id. */
  listBallots(boardId: BoardId): Promise<Map<string, Map<string, number>>>;
  /**
   * Makes a person's ballot exactly `ballot` (entries of 0 or less are dropped), in one transaction.
   * Resolves false when the board does not exist. The rules (budget, cap, window) are the caller's.
   */
  setBallot(boardId: BoardId, personId: string, ballot: ReadonlyMap<string, number>): Promise<boolean>;
  /** Changes a person's name and/or role; resolves the person as stored now, or null when there is none. */
  updatePerson(boardId: BoardId, personId: PersonId, changes: PersonChanges): Promise<PersonRecord | null>;
  /**
   * Replaces the token of one of the board's links (in one transaction): the new hash (and, for every
   * role, the token in clear) takes its place and the old hash is kept as a RetiredLink. Resolves
   * false when there is no such board.
   */
  replaceLinkToken(boardId: BoardId, role: Role, tokenHash: Uint8Array, token: string, retiredAt: number): Promise<boolean>;
  /** Whether `tokenHash` was one of the board's link tokens before it was replaced. */
  findRetiredLink(boardId: BoardId, tokenHash: Uint8Array): Promise<RetiredLink | null>;
  /** Sets whether participants are given the participant link; false when there is no such board. */
  setParticipantsMayShare(boardId: BoardId, value: boolean): Promise<boolean>;
  /** Removes the link from `boardId` to `linkedBoardId`. Resolves whether there was one. */
  unlinkBoard(boardId: BoardId, linkedBoardId: BoardId): Promise<boolean>;
  /** The boards `boardId` links to, oldest link first (ties by id); none for an unknown board. */
  listLinkedBoards(boardId: BoardId): Promise<BoardLink[]>;
  /**
   * Appends updates to a document's log. When the promise resolves they are durable; it resolves
   * with the sequence number of the last one. Updates for a board that no longer exists are
   * dropped (resolves 0). Writes requested in the same tick may be grouped into one transaction.
   */
  appendUpdates(key: DocumentKey, updates: Uint8Array[]): Promise<number>;
  /** Everything stored for a document (an empty document when nothing is). */
  loadDocument(key: DocumentKey): Promise<StoredDocument>;
  /**
   * What a reader holding every update up to `afterSeq` lacks: the updates after it, in order. When
   * compaction has folded some of those into the snapshot, the snapshot (and `snapshotSeq`) comes
   * too, with the updates after it; otherwise `snapshot` is null and `snapshotSeq` 0. `lastSeq` is
   * the highest number the reader then holds: the last update's, else the snapshot's, else `afterSeq`.
   */
  loadUpdatesSince(key: DocumentKey, afterSeq: number): Promise<StoredDocument>;
  /**
   * Replaces the snapshot with `snapshot` and drops logged updates with seq <= `upToSeq`.
   * The caller guarantees `snapshot` contains every update with seq <= `upToSeq` (it may contain
   * more); updates appended during compaction have higher numbers and are kept, so none is lost.
   * A compaction older than the stored snapshot (`upToSeq` <= its seq) is ignored.
   */
  compact(key: DocumentKey, snapshot: Uint8Array, upToSeq: number): Promise<void>;
  /** Counts for tests and health: logged updates after the snapshot and whether one exists. */
  documentStats(key: DocumentKey): Promise<{ updates: number; hasSnapshot: boolean }>;
  /** Resolves when every write requested so far is durable. */
  flush(): Promise<void>;
  /** Flushes and releases the store; later calls reject. */
  close(): Promise<void>;
}

/**
 * A store several server instances share (PostgreSQL). Each document is numbered 1, 2, 3... in the
 * order its appends committed, and whoever sees number n can be sure 1..n-1 are committed too:
 * that is what lets an instance detect an update whose announcement it missed, and catch up with
 * `loadUpdatesSince` (server/cluster/).
 */
export interface SequencedStore extends BoardStore {
  readonly numbering: 'gapless';
  /** The highest stored number of each document, by `documentKeyId` (none for an unknown document). */
  latestSeqs(keys: DocumentKey[]): Promise<Map<string, number>>;
}

/** Whether the store can be shared by several instances (REDIS_URL needs one). */
export function isSequencedStore(store: BoardStore): store is SequencedStore {
  return store.numbering === 'gapless';
}
