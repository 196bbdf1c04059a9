// The storage contract of the incident library (docs/library.md): the workspace (its name and the
// hash of its member link), and the index the library reads instead of opening every board: one
// row per review (title, incident fields, status, counts), its texts for full-text search (SQLite
// FTS5, PostgreSQL tsvector), and its action items for the follow-ups page. The index is derived
// data: server/library/indexer.ts writes it from the board documents, and a board's row carries the
// board's stored version it was made from, so that a restart re-reads only what changed since.
// Both stores implement it in the same database as the boards (library-sqlite.ts, library-postgres.ts)
// and pass one contract (tests/server/store-contract.ts).
import type { ActionStatus } from '../../shared/board';
import type { BoardId } from '../../shared/ids';
import type { FactorCategory } from '../../shared/board';
import type { LibraryReview, ReviewMetrics, ReviewStatus, SearchKind, SearchQuery, Severity } from '../../shared/library';
import type { LibrarySort, FollowUpSort } from '../../shared/library';

/** The one workspace of this server. */
export interface WorkspaceRecord {
  name: string;
  /** SHA-256 of the member link's token; null when members are signed-in people. */
  linkHash: Uint8Array | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** What the index was built with (indexer format and due-date settings): a change rebuilds it. */
  indexFormat: string;
}

/** A review as the index keeps it: the library's row without what the server adds on reading. */
export type ReviewRow = Omit<LibraryReview, 'boardId' | 'updatedAt' | 'link'> & { boardId: BoardId };

/** One searchable text of a review. */
export interface SearchText {
  kind: SearchKind;
  /** The record's id; empty for the title and the summary. */
  itemId: string;
  text: string;
}

/** An action item as the follow-ups page lists it. */
export interface ActionRow {
  actionId: string;
  text: string;
  owner: string;
  /** As written on the item, or ''. */
  due: string;
  /** The default for the review's severity when `due` is empty (or '' without an incident date). */
  defaultDue: string;
  status: ActionStatus;
  statusReason: string;
  /** Texts of the factors it addresses. */
  factors: string[];
  createdAt: number;
}

/** A contributing factor as the index keeps it: for suggestions while writing one, and for themes. */
export interface FactorRow {
  factorId: string;
  text: string;
  category: FactorCategory | null;
  createdAt: number;
  /** The factors of other reviews it is "the same as". */
  sameAs: Array<{ boardId: string; factorId: string }>;
  /** Action items that address it, and how many of them are done. */
  actions: number;
  actionsDone: number;
}

/** A factor with its review, as suggestions and themes need it. */
export interface StoredFactor extends FactorRow {
  boardId: BoardId;
  reviewTitle: string;
  incidentDate: string;
  severity: Severity | '';
  services: string[];
  reviewCreatedAt: number;
  participantToken: string;
}

/** Which reviews the metrics page takes (all when empty). */
export interface MetricsFilter {
  severities?: Severity[];
  /** Compared without regard to case. */
  service?: string;
  /** Inclusive YYYY-MM-DD bounds on the review's day. */
  from?: string;
  to?: string;
}

/** Everything the index holds about one board, written at once. */
export interface IndexedBoard {
  review: ReviewRow;
  texts: SearchText[];
  actions: ActionRow[];
  factors: FactorRow[];
  /** Its incident metrics (severity and services are the review's). */
  metrics: Pick<ReviewMetrics, 'day' | 'values'>;
  /** The board's stored version this was read at (`boardVersions`). */
  version: number;
  /** When it was read, in ms since the epoch. */
  indexedAt: number;
}

/** A review listed, with what the library needs to link to it. */
export interface StoredReview extends ReviewRow {
  updatedAt: number;
  participantToken: string;
}

export interface ReviewFilter {
  severities?: Severity[];
  statuses?: ReviewStatus[];
  service?: string;
  tag?: string;
  sort: LibrarySort;
  descending: boolean;
  offset: number;
  limit: number;
}

export interface StoredFollowUp extends ActionRow {
  boardId: BoardId;
  boardTitle: string;
  severity: Severity | '';
  participantToken: string;
}

export interface FollowUpFilter {
  statuses?: ActionStatus[];
  /** Owner, compared without regard to case. */
  owner?: string;
  /** Only items whose (effective) due date is before this YYYY-MM-DD and that are open or in progress. */
  overdueBefore?: string;
  severities?: Severity[];
  sort: FollowUpSort;
  offset: number;
  limit: number;
}

export interface StoredSearchHit {
  boardId: BoardId;
  boardTitle: string;
  incidentDate: string;
  participantToken: string;
  kind: SearchKind;
  itemId: string;
  /** The matching text (shortened around the matches), matches between MATCH_START and MATCH_END. */
  snippet: string;
}

/** Most results a search counts; past it the answer says "more than". */
export const SEARCH_COUNT_CAP = 1000;

/**
 * How many matches a search ranks: the newest this many (by when their review was last indexed),
 * best first; any further matches follow newest first. Ranking every match of a common word
 * (tens of thousands of texts) is what made a search slow (docs/benchmarks.md); a query that
 * finds no more than this is ranked whole, as before. Equal to SEARCH_COUNT_CAP, so a search that
 * finds more than it counts says "more than" anyway.
 */
export const SEARCH_RANK_WINDOW = SEARCH_COUNT_CAP;

/**
 * The order of a page of results from the newest matches' ids with their scores (higher is
 * better; past SEARCH_RANK_WINDOW of them, they only say there are more): the window best first (ties newest first), then
 * `rest` (the matches past the window, newest first, fetched only for a page that reaches them).
 */
export async function rankedPage(
  window: ReadonlyArray<{ id: number; score: number }>,
  offset: number,
  limit: number,
  rest: (offset: number, limit: number) => Promise<number[]>,
): Promise<number[]> {
  const ranked = window.slice(0, SEARCH_RANK_WINDOW).sort((a, b) => b.score - a.score || b.id - a.id).map((m) => m.id);
  const page = ranked.slice(offset, offset + limit);
  if (window.length >= SEARCH_RANK_WINDOW && offset + limit > SEARCH_RANK_WINDOW) {
    const from = Math.max(offset, SEARCH_RANK_WINDOW);
    page.push(...(await rest(from, offset + limit - from)));
  }
  return page;
}

export interface LibraryStore {
  /** The workspace; `create` is stored when there is none yet (first start). `created` says which. */
  ensureWorkspace(create: WorkspaceRecord): Promise<{ workspace: WorkspaceRecord; created: boolean }>;
  getWorkspace(): Promise<WorkspaceRecord | null>;
  /** Replaces the member link's hash, keeping the old one as retired. False when there is no workspace. */
  rotateWorkspaceLink(linkHash: Uint8Array, retiredAt: number): Promise<boolean>;
  /** When a member link with this hash was replaced, or null. */
  findRetiredWorkspaceLink(linkHash: Uint8Array): Promise<number | null>;
  setIndexFormat(format: string): Promise<void>;
  /**
   * A number per board that grows with every update stored for any of its documents (all boards,
   * or those named). A board without stored updates has 0.
   */
  boardVersions(boardIds?: readonly BoardId[]): Promise<Map<BoardId, number>>;
  /** The version each indexed board was read at. */
  indexedVersions(): Promise<Map<BoardId, number>>;
  /** Replaces what the index holds about a board, in one transaction. False (nothing stored) when the board is gone. */
  putIndexed(board: IndexedBoard): Promise<boolean>;
  /** Forgets a board (its index rows also go with the board when it is deleted). */
  removeIndexed(boardId: BoardId): Promise<void>;
  /** A page of reviews, and how many match. */
  listReviews(filter: ReviewFilter): Promise<{ total: number; items: StoredReview[] }>;
  /** A page of matches, best first, and how many there are (at most SEARCH_COUNT_CAP + 1). */
  search(query: SearchQuery, offset: number, limit: number): Promise<{ total: number; hits: StoredSearchHit[] }>;
  /** A page of action items, and how many match. */
  listFollowUps(filter: FollowUpFilter): Promise<{ total: number; items: StoredFollowUp[] }>;
  /**
   * Factors of other reviews than `excludeBoardId` that have any of the query's words, best match
   * first (the full-text index's ranking); at most `limit`.
   */
  similarFactors(query: SearchQuery, excludeBoardId: BoardId | null, limit: number): Promise<StoredFactor[]>;
  /** Every factor that names another as "same as", and every factor so named (both ends of every link). */
  linkedFactors(): Promise<StoredFactor[]>;
  /** The metrics of the reviews the filter keeps. */
  reviewMetrics(filter: MetricsFilter): Promise<ReviewMetrics[]>;
  /** The latest `indexedAt` (0 when empty): a client polls it to refresh when anything changed. */
  indexVersion(): Promise<number>;
}

/** Raised by a store when the database refuses a search expression (a 400, never a crash). */
export class SearchSyntaxError extends Error {
  override readonly name = 'SearchSyntaxError';
}
