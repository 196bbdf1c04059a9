// The incident library's vocabulary, shared by the server (index, HTTP API) and the client (the
// library home, search, follow-ups): incident severities, review statuses, the wire types of the
// workspace API (docs/library.md) and the default due dates by severity. Plain data, no I/O.
import type { ActionStatus } from '../board';
import type { Phase } from '../facilitation/schema';

/** How bad an incident was: SEV1 the worst. */
export type Severity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
export const SEVERITIES: readonly Severity[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
export const SEVERITY_LABELS: Record<Severity, string> = {
  SEV1: 'SEV1 (critical)',
  SEV2: 'SEV2 (major)',
  SEV3: 'SEV3 (minor)',
  SEV4: 'SEV4 (low)',
};

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Limits on the incident fields (they are labels, not prose). */
export const INCIDENT_FIELD_LIMITS = {
  labelLength: 40,
  services: 12,
  tags: 12,
} as const;

/** Where a review stands: being written before the meeting, in the meeting, or closed. */
export type ReviewStatus = 'draft' | 'in-review' | 'final';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['draft', 'in-review', 'final'];
export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  draft: 'Draft',
  'in-review': 'In review',
  final: 'Final',
};

/** A review's status from its board's phase: pre-work is a draft, a closed board is final. */
export function reviewStatusOf(phase: Phase): ReviewStatus {
  switch (phase) {
    case 'prework':
      return 'draft';
    case 'groundRules':
    case 'timeline':
    case 'factors':
    case 'voting':
    case 'actions':
    case 'learnings':
      return 'in-review';
    case 'closed':
      return 'final';
    default: {
      const never: never = phase;
      throw new Error(`Unhandled phase: ${String(never)}`);
    }
  }
}

/** Days from the incident to an action item's default due date, by severity (and without one). */
export type DueDays = Record<Severity | 'none', number>;

/** Four weeks for the worst incidents, eight for the rest (Atlassian's incident handbook). */
export const DEFAULT_DUE_DAYS: DueDays = { SEV1: 28, SEV2: 28, SEV3: 56, SEV4: 56, none: 56 };

/** The default due date (YYYY-MM-DD) of an action item on a review of `incidentDate` (YYYY-MM-DD). */
export function defaultDueDate(incidentDate: string, severity: Severity | '', days: DueDays): string {
  const start = Date.parse(`${incidentDate}T00:00:00Z`);
  if (Number.isNaN(start)) return '';
  return new Date(start + days[severity === '' ? 'none' : severity] * 86_400_000).toISOString().slice(0, 10);
}

// --- the workspace API (docs/library.md) ---------------------------------------------------------

/** GET /api/workspace: the workspace and how its members get in. */
export interface WorkspaceInfo {
  name: string;
  /** Members are signed-in people (OpenID Connect); otherwise holders of the workspace link. */
  membersSignIn: boolean;
  severities: Severity[];
  dueDays: DueDays;
}

export type LibrarySort = 'incidentDate' | 'title' | 'severity' | 'updated' | 'openActions';
export const LIBRARY_SORTS: readonly LibrarySort[] = ['incidentDate', 'title', 'severity', 'updated', 'openActions'];

/** One review in the library home. */
export interface LibraryReview {
  boardId: string;
  title: string;
  incidentDate: string;
  severity: Severity | '';
  services: string[];
  tags: string[];
  status: ReviewStatus;
  facilitator: string;
  events: number;
  factors: number;
  actions: number;
  openActions: number;
  createdAt: number;
  /** When the index last read the board (ms since the epoch). */
  updatedAt: number;
  /** Opens the board as a participant: `/b/<id>#token=...`. */
  link: string;
}

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

/** Where a search match is on its board. */
export type SearchKind = 'title' | 'summary' | 'event' | 'factor' | 'action' | 'learning';
export const SEARCH_KINDS: readonly SearchKind[] = ['title', 'summary', 'event', 'factor', 'action', 'learning'];
export const SEARCH_KIND_LABELS: Record<SearchKind, string> = {
  title: 'Title',
  summary: 'Summary',
  event: 'Timeline event',
  factor: 'Contributing factor',
  action: 'Action item',
  learning: 'Learning',
};

/** A piece of a matching text: `match` pieces are the words the query found. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchHit {
  boardId: string;
  boardTitle: string;
  incidentDate: string;
  kind: SearchKind;
  /** The event, factor, action item or learning (empty for title and summary). */
  itemId: string;
  snippet: SnippetPart[];
  /** Opens the board at the match: `/b/<id>#token=...&event=<itemId>`. */
  link: string;
}

export type FollowUpStatus = ActionStatus;
export type FollowUpSort = 'due' | 'severity' | 'review' | 'status';
export const FOLLOW_UP_SORTS: readonly FollowUpSort[] = ['due', 'severity', 'review', 'status'];

/** One action item of the workspace, on the follow-ups page. */
export interface FollowUp {
  boardId: string;
  boardTitle: string;
  severity: Severity | '';
  actionId: string;
  text: string;
  owner: string;
  /** The due date written on the item, else the default for the review's severity (`dueIsDefault`). */
  due: string;
  dueIsDefault: boolean;
  status: FollowUpStatus;
  /** Why it will not be done (status wont-do). */
  statusReason: string;
  /** The contributing factors it addresses (their texts, shortened). */
  factors: string[];
  overdue: boolean;
  link: string;
}

/** PATCH /api/workspace/follow-ups/:boardId/:actionId */
export interface UpdateFollowUpRequest {
  status: FollowUpStatus;
  /** Needed for wont-do. */
  reason?: string;
}

/** GET /api/workspace/changes: grows whenever the index has read a board again. */
export interface LibraryVersion {
  version: number;
}
