// The board document's vocabulary: record types, enums, limits and the current schema version.
// Plain data only; shared/board/doc.ts maps these onto the Y.Doc.
import type { ActionItemId, CheckinId, ClusterId, EventId, FactorId, LearningId, VoterId } from '../ids';

/** Bumped with each entry in migrations.ts. */
export const SCHEMA_VERSION = 3;

/** What kind of moment a timeline event records. */
export type EventKind = 'impact' | 'detection' | 'action' | 'communication' | 'resolution' | 'other';
export const EVENT_KINDS: readonly EventKind[] = [
  'impact',
  'detection',
  'action',
  'communication',
  'resolution',
  'other',
];
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  impact: 'Impact',
  detection: 'Detection',
  action: 'Action',
  communication: 'Communication',
  resolution: 'Resolution',
  other: 'Other',
};

/** The moments of an incident that its metrics are measured between. Each marks at most one
 * event on a board; an event carries at most one. In the order an incident usually meets them. */
export type MarkerName = 'impactStarted' | 'detected' | 'acknowledged' | 'mitigated' | 'resolved';
export const MARKER_NAMES: readonly MarkerName[] = ['impactStarted', 'detected', 'acknowledged', 'mitigated', 'resolved'];
export const MARKER_LABELS: Record<MarkerName, string> = {
  impactStarted: 'Impact started',
  detected: 'Detected',
  acknowledged: 'Acknowledged',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

/** What responders knew when an event happened: recorded to guard the review against hindsight. */
export type EventContextField = 'sawAtTheTime' | 'thoughtAtTheTime' | 'whyItMadeSense';
export const EVENT_CONTEXT_FIELDS: readonly EventContextField[] = ['sawAtTheTime', 'thoughtAtTheTime', 'whyItMadeSense'];
export const EVENT_CONTEXT_LABELS: Record<EventContextField, string> = {
  sawAtTheTime: 'What we saw',
  thoughtAtTheTime: 'What we thought',
  whyItMadeSense: 'Why it made sense then',
};
/** A question to put in each empty context field: asks about that moment, not about what we know now. */
export const EVENT_CONTEXT_PROMPTS: Record<EventContextField, string> = {
  sawAtTheTime: 'Which dashboards, alerts, logs or messages were in front of people at this moment?',
  thoughtAtTheTime: 'What did people believe was going on, before anyone knew how it would end?',
  whyItMadeSense: 'Given what they saw and believed, why was this a reasonable next step?',
};

/** The three lenses a contributing factor is seen through. Never a single "root cause". */
export type FactorCategory = 'people' | 'process' | 'technology';
export const FACTOR_CATEGORIES: readonly FactorCategory[] = ['people', 'process', 'technology'];
export const FACTOR_CATEGORY_LABELS: Record<FactorCategory, string> = {
  people: 'People',
  process: 'Process',
  technology: 'Technology',
};

export type ActionStatus = 'open' | 'in-progress' | 'done';
export const ACTION_STATUSES: readonly ActionStatus[] = ['open', 'in-progress', 'done'];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
};

/** Something dots can be spent on. */
export type VoteTargetId = FactorId | ClusterId;

/** A sticky note on the timeline: what happened, and when (UTC, to the minute). */
export interface TimelineEvent {
  id: EventId;
  /** `YYYY-MM-DDTHH:MMZ`, UTC. */
  time: string;
  kind: EventKind;
  text: string;
  createdAt: number;
  /** The incident moment this event marks, if any; at most one event on a board has each. */
  marker: MarkerName | null;
  /** What responders saw at the time (dashboards, alerts, messages). */
  sawAtTheTime: string;
  /** What responders believed was happening then. */
  thoughtAtTheTime: string;
  /** Why the action taken made sense with what was known then. */
  whyItMadeSense: string;
  /** Who wrote it: a name only when the board showed authors at the time; empty otherwise. */
  author: string;
}

/** A condition that allowed the incident; `category: null` means it is still in the unsorted tray. */
export interface ContributingFactor {
  id: FactorId;
  text: string;
  category: FactorCategory | null;
  clusterId: ClusterId | null;
  /** Position within its column or cluster; fractional so inserts never renumber others. */
  order: number;
  createdAt: number;
  /** The timeline events this factor helps explain, in timeline order. */
  eventIds: EventId[];
  /** Who wrote it: a name only when the board showed authors at the time; empty otherwise. */
  author: string;
}

/** A named stack of factors within one category. */
export interface FactorCluster {
  id: ClusterId;
  name: string;
  category: FactorCategory;
  order: number;
  createdAt: number;
}

/** A specific, owned, dated change, traced to the factors it addresses. */
export interface ActionItem {
  id: ActionItemId;
  text: string;
  owner: string;
  /** `YYYY-MM-DD` or empty when not yet decided. */
  due: string;
  status: ActionStatus;
  factorIds: FactorId[];
  createdAt: number;
  /** Who wrote it: a name only when the board showed authors at the time; empty otherwise. */
  author: string;
}

/** One thing someone learned or will change. */
export interface Learning {
  id: LearningId;
  text: string;
  createdAt: number;
  /** Who wrote it: a name only when the board showed authors at the time; empty otherwise. */
  author: string;
}

/** The three prompts of the meeting's opening check-in. */
export type CheckinKind = 'worked' | 'didnt' | 'surprised';
export const CHECKIN_KINDS: readonly CheckinKind[] = ['worked', 'didnt', 'surprised'];
export const CHECKIN_LABELS: Record<CheckinKind, string> = {
  worked: 'What worked',
  didnt: "What didn't",
  surprised: 'What surprised you',
};

/** One line someone added at check-in. */
export interface CheckinLine {
  id: CheckinId;
  kind: CheckinKind;
  text: string;
  createdAt: number;
  /** Who wrote it: a name only when the board showed authors at the time; empty otherwise. */
  author: string;
}

/** Someone who has opened the board (for counts; names are shown only where the board allows). */
export interface Participant {
  id: VoterId;
  name: string;
  firstSeen: number;
}

export interface BoardMeta {
  schemaVersion: number;
  title: string;
  /** `YYYY-MM-DD` or empty. */
  incidentDate: string;
  /** An http(s) URL or empty. */
  incidentLink: string;
  summary: string;
  createdAt: number;
}

export interface VoteSettings {
  /** Dots each participant may spend. */
  voteBudget: number;
  /** Most dots one participant may put on one target; null for no cap. */
  perTargetCap: number | null;
}

/** One voter's dots: target id -> number of dots. */
export type Ballot = ReadonlyMap<VoteTargetId, number>;

/** Everything on a board, as plain data (what the report renders). */
export interface BoardSnapshot {
  meta: BoardMeta;
  settings: VoteSettings;
  events: TimelineEvent[];
  factors: ContributingFactor[];
  clusters: FactorCluster[];
  actions: ActionItem[];
  learnings: Learning[];
  checkins: CheckinLine[];
  participants: Participant[];
  ballots: ReadonlyMap<VoterId, Ballot>;
  /** Names voters chose to show with their dots (named voting only); anonymous ballots have none. */
  voterNames: ReadonlyMap<VoterId, string>;
}

/** Limits that keep one note from swallowing a board. */
export const LIMITS = {
  titleLength: 200,
  noteLength: 2_000,
  summaryLength: 20_000,
  ownerLength: 100,
  nameLength: 60,
  clusterNameLength: 100,
  maxVoteBudget: 20,
  checkinLength: 300,
} as const;

export const DEFAULT_VOTE_SETTINGS: VoteSettings = { voteBudget: 3, perTargetCap: null };

/** More action items than this earns a gentle nudge to focus. */
export const ACTION_ITEM_FOCUS_LIMIT = 5;

const EVENT_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})Z$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real UTC minute written `YYYY-MM-DDTHH:MMZ`. */
export function isEventTime(value: unknown): value is string {
  if (typeof value !== 'string' || !EVENT_TIME.test(value)) return false;
  const d = new Date(value.replace('Z', ':00Z'));
  return !Number.isNaN(d.getTime()) && toEventTime(d) === value;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Formats a Date as an event time, truncated to the minute, in UTC. */
export function toEventTime(date: Date): string {
  return `${date.toISOString().slice(0, 16)}Z`;
}

/** Milliseconds since the epoch for an event time. */
export function eventTimeMs(time: string): number {
  return Date.parse(time.replace('Z', ':00Z'));
}

/** True for an http(s) URL. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2_000) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
