// The one module that knows the board's Y.Doc layout. It declares the root types, reads them into
// plain records (defensively: a peer may have written anything), and offers typed mutations, each
// one `doc.transact(fn, origin)`. Nothing else in the codebase calls `doc.getMap(...)`.
//
// Layout (see docs/document.md):
//   meta          Y.Map   schemaVersion, title, incidentDate, incidentLink, createdAt, summary: Y.Text
//   settings      Y.Map   voteBudget, perTargetCap
//   events        Y.Map<EventId, Y.Map>     time, kind, createdAt, marker, text: Y.Text,
//                                           sawAtTheTime, thoughtAtTheTime, whyItMadeSense: Y.Text
//   factors       Y.Map<FactorId, Y.Map>    category, clusterId, order, createdAt, text: Y.Text,
//                                           eventIds: Y.Map<EventId, true>
//   clusters      Y.Map<ClusterId, Y.Map>   name, category, order, createdAt
//   actions       Y.Map<ActionItemId, Y.Map> owner, due, status, factorIds (string[]), createdAt, text: Y.Text
//   learnings     Y.Map<LearningId, Y.Map>  createdAt, text: Y.Text
//   votes         Y.Map<VoterId, Y.Map<VoteTargetId, number>>   each voter writes only their own
//   participants  Y.Map<VoterId, Y.Map>     name, firstSeen
//   checkins      Y.Map<CheckinId, Y.Map>   kind, text (string), createdAt
//   ready         Y.Map<string, number>     `<phase>@<phaseChangedAt>:<VoterId>` -> when
//   voterNames    Y.Map<VoterId, string>    a ballot's name, written only under named voting
// Any record a person writes may carry `author` (a name), written only while the facilitation
// document says authors are shown: what was written anonymously never names anyone.
import * as Y from 'yjs';
import {
  newActionItemId,
  newCheckinId,
  newClusterId,
  newEventId,
  newFactorId,
  newLearningId,
  type ActionItemId,
  type CheckinId,
  type ClusterId,
  type EventId,
  type FactorId,
  type LearningId,
  type VoterId,
} from '../ids';
import { LOCAL_ORIGIN, type TransactionOrigin } from './origins';
import {
  ACTION_STATUSES,
  CHECKIN_KINDS,
  DEFAULT_VOTE_SETTINGS,
  EVENT_CONTEXT_FIELDS,
  EVENT_KINDS,
  FACTOR_CATEGORIES,
  LIMITS,
  MARKER_NAMES,
  SCHEMA_VERSION,
  eventTimeMs,
  isCalendarDate,
  isEventTime,
  isHttpUrl,
  type ActionItem,
  type ActionStatus,
  type Ballot,
  type BoardMeta,
  type BoardSnapshot,
  type CheckinKind,
  type CheckinLine,
  type ContributingFactor,
  type EventContextField,
  type EventKind,
  type FactorCategory,
  type FactorCluster,
  type Learning,
  type MarkerName,
  type Participant,
  type TimelineEvent,
  type VoteSettings,
  type VoteTargetId,
} from './schema';
import { applyTextEdit } from './text';

/** The root names of the board document, in one place. */
export const ROOT = {
  meta: 'meta',
  settings: 'settings',
  events: 'events',
  factors: 'factors',
  clusters: 'clusters',
  actions: 'actions',
  learnings: 'learnings',
  votes: 'votes',
  participants: 'participants',
  checkins: 'checkins',
  ready: 'ready',
  voterNames: 'voterNames',
} as const;
export type RootName = (typeof ROOT)[keyof typeof ROOT];

/** Thrown by a mutation given input the board cannot hold; the message is fit to show a person. */
export class BoardValidationError extends Error {
  override readonly name = 'BoardValidationError';
}

type Rec = Y.Map<unknown>;

/** Typed access to the root maps. The only place the layout's names are used. */
export function roots(doc: Y.Doc) {
  return {
    meta: doc.getMap<unknown>(ROOT.meta),
    settings: doc.getMap<unknown>(ROOT.settings),
    events: doc.getMap<Rec>(ROOT.events),
    factors: doc.getMap<Rec>(ROOT.factors),
    clusters: doc.getMap<Rec>(ROOT.clusters),
    actions: doc.getMap<Rec>(ROOT.actions),
    learnings: doc.getMap<Rec>(ROOT.learnings),
    votes: doc.getMap<Y.Map<number>>(ROOT.votes),
    participants: doc.getMap<Rec>(ROOT.participants),
    checkins: doc.getMap<Rec>(ROOT.checkins),
    ready: doc.getMap<unknown>(ROOT.ready),
    voterNames: doc.getMap<unknown>(ROOT.voterNames),
  };
}

/** The root types a person's undo should cover: everything they write, except the participant
 * list (opening a board is not an edit to take back). For a client's Y.UndoManager. */
// `any` is what Y.UndoManager's own signature takes: a Y.Map<T> is not assignable to
// AbstractType<unknown> (its event handler type is invariant in T).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function undoScope(doc: Y.Doc): Y.AbstractType<any>[] {
  const r = roots(doc);
  return [r.meta, r.settings, r.events, r.factors, r.clusters, r.actions, r.learnings, r.votes, r.checkins];
}

// ---------------------------------------------------------------------------------------------
// Defensive readers: a field of the wrong type reads as its default, never as a crash.

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const text = (v: unknown): string => (v instanceof Y.Text ? v.toString() : typeof v === 'string' ? v : '');
const oneOf = <T extends string>(v: unknown, options: readonly T[], fallback: T): T =>
  typeof v === 'string' && (options as readonly string[]).includes(v) ? (v as T) : fallback;
const isRec = (v: unknown): v is Rec => v instanceof Y.Map;
const authorOf = (r: Rec): string => str(r.get('author')).slice(0, LIMITS.nameLength);

export function readMeta(doc: Y.Doc): BoardMeta {
  const m = roots(doc).meta;
  return {
    schemaVersion: num(m.get('schemaVersion'), 0),
    title: str(m.get('title')),
    incidentDate: str(m.get('incidentDate')),
    // Only an http(s) address is a link: anything else a raw update wrote (javascript:, data:) reads as none.
    incidentLink: isHttpUrl(m.get('incidentLink')) ? (m.get('incidentLink') as string) : '',
    summary: text(m.get('summary')),
    createdAt: num(m.get('createdAt')),
  };
}

export function readVoteSettings(doc: Y.Doc): VoteSettings {
  return readVoteSettingsOf(roots(doc).settings);
}

/** Vote settings as kept in a map (`voteBudget`, `perTargetCap`): the board's old `settings` map
 * or the facilitation document's `state`. Wrong types and out-of-range values read as safe ones. */
export function readVoteSettingsOf(map: Y.Map<unknown>): VoteSettings {
  const budget = num(map.get('voteBudget'), DEFAULT_VOTE_SETTINGS.voteBudget);
  const cap = map.get('perTargetCap');
  return {
    voteBudget: Math.min(LIMITS.maxVoteBudget, Math.max(0, Math.floor(budget))),
    perTargetCap: typeof cap === 'number' && Number.isFinite(cap) && cap >= 1 ? Math.floor(cap) : null,
  };
}

const byTime = (a: TimelineEvent, b: TimelineEvent) =>
  a.time < b.time ? -1 : a.time > b.time ? 1 : a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
const byOrder = <T extends { order: number; createdAt: number; id: string }>(a: T, b: T) =>
  a.order - b.order || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
const byCreated = <T extends { createdAt: number; id: string }>(a: T, b: T) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);

/** Timeline events in time order (ties: creation order). Events with an unreadable time are skipped.
 * A marker claimed by more than one event (two people set it at once on different events) stays
 * with the earliest of them, so every copy shows it on the same one. */
export function readEvents(doc: Y.Doc): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  roots(doc).events.forEach((r, id) => {
    if (!isRec(r)) return;
    const time = r.get('time');
    if (!isEventTime(time)) return;
    const marker = r.get('marker');
    out.push({
      id: id as EventId,
      time,
      kind: oneOf(r.get('kind'), EVENT_KINDS, 'other'),
      text: text(r.get('text')),
      createdAt: num(r.get('createdAt')),
      marker: typeof marker === 'string' && (MARKER_NAMES as readonly string[]).includes(marker) ? (marker as MarkerName) : null,
      sawAtTheTime: text(r.get('sawAtTheTime')),
      thoughtAtTheTime: text(r.get('thoughtAtTheTime')),
      whyItMadeSense: text(r.get('whyItMadeSense')),
      author: authorOf(r),
    });
  });
  out.sort(byTime);
  const claimed = new Set<MarkerName>();
  for (const event of out) {
    if (event.marker === null) continue;
    if (claimed.has(event.marker)) event.marker = null;
    else claimed.add(event.marker);
  }
  return out;
}

/** Each readable event's place in timeline order, read without touching any text (factors need
 * only this to order their links, and are read far more often than they change). */
function timelinePositions(doc: Y.Doc): Map<string, number> {
  const keys: Array<{ id: string; time: string; createdAt: number }> = [];
  roots(doc).events.forEach((r, id) => {
    if (!isRec(r)) return;
    const time = r.get('time');
    if (isEventTime(time)) keys.push({ id, time, createdAt: num(r.get('createdAt')) });
  });
  keys.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)));
  return new Map(keys.map((k, i) => [k.id, i]));
}

/** The event ids a factor's `eventIds` field names: the keys of its Y.Map, or (written by a tool
 * that copied the shape of an action's `factorIds`) the strings of an array. */
function linkedIds(v: unknown): string[] {
  if (v instanceof Y.Map) return [...v.keys()];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/** Factors in display order. A factor whose cluster is gone reads as unclustered. */
export function readFactors(doc: Y.Doc): ContributingFactor[] {
  const { factors, clusters } = roots(doc);
  // Links to events that are gone or unreadable are left out; the rest are in timeline order.
  const timelineOrder = timelinePositions(doc);
  const out: ContributingFactor[] = [];
  factors.forEach((r, id) => {
    if (!isRec(r)) return;
    const clusterId = r.get('clusterId');
    const cluster = typeof clusterId === 'string' ? clusters.get(clusterId) : undefined;
    const category = r.get('category');
    out.push({
      id: id as FactorId,
      text: text(r.get('text')),
      // A clustered factor always sits in its cluster's column.
      category: isRec(cluster)
        ? oneOf(cluster.get('category'), FACTOR_CATEGORIES, 'process')
        : category === null || category === undefined
          ? null
          : oneOf(category, FACTOR_CATEGORIES, 'process'),
      clusterId: isRec(cluster) ? (clusterId as ClusterId) : null,
      order: num(r.get('order')),
      createdAt: num(r.get('createdAt')),
      eventIds: [...new Set(linkedIds(r.get('eventIds')))]
        .filter((eventId) => timelineOrder.has(eventId))
        .sort((a, b) => timelineOrder.get(a)! - timelineOrder.get(b)!) as EventId[],
      author: authorOf(r),
    });
  });
  return out.sort(byOrder);
}

export function readClusters(doc: Y.Doc): FactorCluster[] {
  const out: FactorCluster[] = [];
  roots(doc).clusters.forEach((r, id) => {
    if (!isRec(r)) return;
    out.push({
      id: id as ClusterId,
      name: str(r.get('name')),
      category: oneOf(r.get('category'), FACTOR_CATEGORIES, 'process'),
      order: num(r.get('order')),
      createdAt: num(r.get('createdAt')),
    });
  });
  return out.sort(byOrder);
}

/** Action items in creation order. References to factors that no longer exist (a peer may have
 * deleted one while another linked it) are left out. */
export function readActions(doc: Y.Doc): ActionItem[] {
  const { actions, factors } = roots(doc);
  const out: ActionItem[] = [];
  actions.forEach((r, id) => {
    if (!isRec(r)) return;
    const ids = r.get('factorIds');
    const due = r.get('due');
    const factorIds = Array.isArray(ids)
      ? [...new Set(ids.filter((x): x is string => typeof x === 'string' && isRec(factors.get(x))))]
      : [];
    out.push({
      id: id as ActionItemId,
      text: text(r.get('text')),
      owner: str(r.get('owner')),
      due: isCalendarDate(due) ? due : '',
      status: oneOf(r.get('status'), ACTION_STATUSES, 'open'),
      factorIds: factorIds as FactorId[],
      createdAt: num(r.get('createdAt')),
      author: authorOf(r),
    });
  });
  return out.sort(byCreated);
}

export function readLearnings(doc: Y.Doc): Learning[] {
  const out: Learning[] = [];
  roots(doc).learnings.forEach((r, id) => {
    if (!isRec(r)) return;
    out.push({ id: id as LearningId, text: text(r.get('text')), createdAt: num(r.get('createdAt')), author: authorOf(r) });
  });
  return out.sort(byCreated);
}

/** Check-in lines in the order they were added. */
export function readCheckins(doc: Y.Doc): CheckinLine[] {
  const out: CheckinLine[] = [];
  roots(doc).checkins.forEach((r, id) => {
    if (!isRec(r)) return;
    out.push({
      id: id as CheckinId,
      kind: oneOf(r.get('kind'), CHECKIN_KINDS, 'worked'),
      text: text(r.get('text')).slice(0, LIMITS.checkinLength),
      createdAt: num(r.get('createdAt')),
      author: authorOf(r),
    });
  });
  return out.filter((c) => c.text.trim() !== '').sort(byCreated);
}

/** The key under which readiness for one visit of a phase is kept: moving to a phase (again)
 * starts a fresh count. */
export function readinessKey(phase: string, phaseChangedAt: number): string {
  return `${phase}@${phaseChangedAt}`;
}

/** The voters who said they are done with one visit of a phase (see readinessKey). */
export function readReady(doc: Y.Doc, key: string): Set<VoterId> {
  const out = new Set<VoterId>();
  const prefix = `${key}:`;
  roots(doc).ready.forEach((v, k) => {
    if (k.startsWith(prefix) && typeof v === 'number') out.add(k.slice(prefix.length) as VoterId);
  });
  return out;
}

/** Names voters gave their ballots under named voting. */
export function readVoterNames(doc: Y.Doc): Map<VoterId, string> {
  const out = new Map<VoterId, string>();
  roots(doc).voterNames.forEach((v, k) => {
    if (typeof v === 'string' && v.trim() !== '') out.set(k as VoterId, v.slice(0, LIMITS.nameLength));
  });
  return out;
}

export function readParticipants(doc: Y.Doc): Participant[] {
  const out: Participant[] = [];
  roots(doc).participants.forEach((r, id) => {
    if (!isRec(r)) return;
    out.push({ id: id as VoterId, name: str(r.get('name')), firstSeen: num(r.get('firstSeen')) });
  });
  return out.sort((a, b) => a.firstSeen - b.firstSeen || (a.id < b.id ? -1 : 1));
}

/** True when a factor or cluster with this id exists (dots can be spent on it). */
function isVoteTarget(doc: Y.Doc, id: string): boolean {
  const { factors, clusters } = roots(doc);
  return isRec(factors.get(id)) || isRec(clusters.get(id));
}

/** Every voter's dots. Dots on a note that no longer exists are not counted (they go back to the
 * voter). Counts are clamped to the board's settings, in a stable order (target id), so a peer
 * that overspent (by bug or on purpose) cannot weigh more than its budget. */
export function readBallots(doc: Y.Doc, settings: VoteSettings = readVoteSettings(doc)): Map<VoterId, Ballot> {
  const out = new Map<VoterId, Ballot>();
  roots(doc).votes.forEach((ballot, voterId) => {
    if (!(ballot instanceof Y.Map)) return;
    const entries = [...ballot.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let left = settings.voteBudget;
    const clean = new Map<VoteTargetId, number>();
    for (const [target, raw] of entries) {
      if (!isVoteTarget(doc, target)) continue;
      let n = typeof raw === 'number' && Number.isFinite(raw) ? Math.floor(raw) : 0;
      if (settings.perTargetCap !== null) n = Math.min(n, settings.perTargetCap);
      n = Math.min(n, left);
      if (n > 0) {
        clean.set(target as VoteTargetId, n);
        left -= n;
      }
    }
    out.set(voterId as VoterId, clean);
  });
  return out;
}

/** Dots per target (factor or cluster), highest first; targets that no longer exist are left out. */
export function readTallies(
  doc: Y.Doc,
  settings: VoteSettings = readVoteSettings(doc),
): Array<{ targetId: VoteTargetId; dots: number }> {
  const totals = new Map<VoteTargetId, number>();
  for (const ballot of readBallots(doc, settings).values()) {
    for (const [target, n] of ballot) {
      totals.set(target, (totals.get(target) ?? 0) + n);
    }
  }
  return [...totals]
    .map(([targetId, dots]) => ({ targetId, dots }))
    .sort((a, b) => b.dots - a.dots || (a.targetId < b.targetId ? -1 : 1));
}

/** One voter's own dots and how many they have left. */
export function readMyVotes(
  doc: Y.Doc,
  voterId: VoterId,
  settings: VoteSettings = readVoteSettings(doc),
): { ballot: Ballot; left: number; budget: number } {
  const ballot = readBallots(doc, settings).get(voterId) ?? new Map<VoteTargetId, number>();
  let spent = 0;
  for (const n of ballot.values()) spent += n;
  return { ballot, left: Math.max(0, settings.voteBudget - spent), budget: settings.voteBudget };
}

/** The whole board as plain data. `settings` are the board's vote settings (the facilitation
 * document's, where there is one; shared/facilitation). */
export function readBoard(doc: Y.Doc, settings: VoteSettings = readVoteSettings(doc)): BoardSnapshot {
  return {
    meta: readMeta(doc),
    settings,
    events: readEvents(doc),
    factors: readFactors(doc),
    clusters: readClusters(doc),
    actions: readActions(doc),
    learnings: readLearnings(doc),
    checkins: readCheckins(doc),
    participants: readParticipants(doc),
    ballots: readBallots(doc, settings),
    voterNames: readVoterNames(doc),
  };
}

// ---------------------------------------------------------------------------------------------
// Validation at the boundary.

function requireText(value: string, max: number, what: string, allowEmpty = true): string {
  if (typeof value !== 'string') throw new BoardValidationError(`${what} must be text.`);
  if (!allowEmpty && value.trim() === '') throw new BoardValidationError(`${what} cannot be empty.`);
  if (value.length > max) throw new BoardValidationError(`${what} is too long (at most ${max} characters).`);
  return value;
}

function requireEventTime(time: string): string {
  if (!isEventTime(time)) {
    throw new BoardValidationError('Event time must be a UTC minute such as 2026-11-03T14:02Z.');
  }
  return time;
}

function requireKind(kind: EventKind): EventKind {
  if (!EVENT_KINDS.includes(kind)) throw new BoardValidationError(`Unknown event kind: ${String(kind)}.`);
  return kind;
}

function requireMarker(marker: MarkerName | null): MarkerName | null {
  if (marker !== null && !MARKER_NAMES.includes(marker)) throw new BoardValidationError(`Unknown marker: ${String(marker)}.`);
  return marker;
}

function requireCategory(category: FactorCategory): FactorCategory {
  if (!FACTOR_CATEGORIES.includes(category)) {
    throw new BoardValidationError(`Unknown factor category: ${String(category)}.`);
  }
  return category;
}

function requireDate(value: string, what: 'Due date' | 'Incident date'): string {
  if (value !== '' && !isCalendarDate(value)) throw new BoardValidationError(`${what} must be a date such as 2027-01-15.`);
  return value;
}

function requireRecord(map: Y.Map<Rec>, id: string, what: string): Rec {
  const r = map.get(id);
  if (!isRec(r)) throw new BoardValidationError(`That ${what} no longer exists.`);
  return r;
}

const textOf = (r: Rec, key = 'text'): Y.Text => {
  const t = r.get(key);
  if (t instanceof Y.Text) return t;
  const fresh = new Y.Text(typeof t === 'string' ? t : '');
  r.set(key, fresh);
  return fresh;
};

const newText = (value: string) => new Y.Text(value);
const now = () => Date.now();

// ---------------------------------------------------------------------------------------------
// Board metadata.

export interface BoardInit {
  title?: string;
  incidentDate?: string;
  incidentLink?: string;
}

/** Writes a new board's metadata and schema version. Safe to call on a board that has them. */
export function initializeBoard(doc: Y.Doc, init: BoardInit, origin: TransactionOrigin): void {
  const title = requireText((init.title ?? '').trim(), LIMITS.titleLength, 'Title');
  const incidentDate = requireDate(init.incidentDate ?? '', 'Incident date');
  const incidentLink = init.incidentLink ?? '';
  if (incidentLink !== '' && !isHttpUrl(incidentLink)) {
    throw new BoardValidationError('Incident link must be an http(s) address.');
  }
  doc.transact(() => {
    const { meta } = roots(doc);
    if (!meta.has('createdAt')) meta.set('createdAt', now());
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('title', title);
    meta.set('incidentDate', incidentDate);
    meta.set('incidentLink', incidentLink);
    if (!(meta.get('summary') instanceof Y.Text)) meta.set('summary', newText(''));
  }, origin);
}

export function updateMeta(
  doc: Y.Doc,
  patch: Partial<Pick<BoardMeta, 'title' | 'incidentDate' | 'incidentLink'>>,
  origin: TransactionOrigin = LOCAL_ORIGIN,
): void {
  if (patch.title !== undefined) requireText(patch.title, LIMITS.titleLength, 'Title');
  if (patch.incidentDate !== undefined) requireDate(patch.incidentDate, 'Incident date');
  if (patch.incidentLink !== undefined && patch.incidentLink !== '' && !isHttpUrl(patch.incidentLink)) {
    throw new BoardValidationError('Incident link must be an http(s) address.');
  }
  doc.transact(() => {
    const { meta } = roots(doc);
    // Only the fields named here: an untyped caller's extra keys (summary, schemaVersion) are ignored.
    if (patch.title !== undefined) meta.set('title', patch.title);
    if (patch.incidentDate !== undefined) meta.set('incidentDate', patch.incidentDate);
    if (patch.incidentLink !== undefined) meta.set('incidentLink', patch.incidentLink);
  }, origin);
}

export function setSummary(doc: Y.Doc, value: string, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  requireText(value, LIMITS.summaryLength, 'Summary');
  doc.transact(() => applyTextEdit(textOf(roots(doc).meta as Rec, 'summary'), value), origin);
}

export function setVoteSettings(doc: Y.Doc, settings: Partial<VoteSettings>, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  checkVoteSettings(settings);
  doc.transact(() => {
    const s = roots(doc).settings;
    if (settings.voteBudget !== undefined) s.set('voteBudget', settings.voteBudget);
    if (settings.perTargetCap !== undefined) s.set('perTargetCap', settings.perTargetCap);
  }, origin);
}

/** Throws a BoardValidationError for vote settings a board cannot use. */
export function checkVoteSettings({ voteBudget, perTargetCap }: Partial<VoteSettings>): void {
  if (voteBudget !== undefined && (!Number.isInteger(voteBudget) || voteBudget < 1 || voteBudget > LIMITS.maxVoteBudget)) {
    throw new BoardValidationError(`Dots per person must be a whole number from 1 to ${LIMITS.maxVoteBudget}.`);
  }
  if (perTargetCap !== undefined && perTargetCap !== null && (!Number.isInteger(perTargetCap) || perTargetCap < 1)) {
    throw new BoardValidationError('The most dots on one note must be a whole number of at least 1, or no limit.');
  }
}

/** Records that someone opened the board under a display name. */
export function upsertParticipant(doc: Y.Doc, id: VoterId, name: string, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  const clean = requireText(name.trim(), LIMITS.nameLength, 'Name', false);
  doc.transact(() => {
    const { participants } = roots(doc);
    const existing = participants.get(id);
    if (isRec(existing)) {
      if (existing.get('name') !== clean) existing.set('name', clean);
      return;
    }
    const r: Rec = new Y.Map();
    r.set('name', clean);
    r.set('firstSeen', now());
    participants.set(id, r);
  }, origin);
}

// ---------------------------------------------------------------------------------------------
// Timeline.

export interface NewTimelineEvent {
  time: string;
  text: string;
  kind?: EventKind;
  /** Marks the new event as this incident moment, taking the marker from any event that had it
   * (an import that knows when the incident was detected, say). */
  marker?: MarkerName | null;
  /** The writer's name, given only while the board shows authors. */
  author?: string;
}

/** Checks an author's name; `undefined` or empty means anonymous (nothing is written). */
function requireAuthor(author: string | undefined): string {
  if (author === undefined) return '';
  return requireText(author, LIMITS.nameLength, 'Name').trim();
}

export function addEvent(doc: Y.Doc, input: NewTimelineEvent, origin: TransactionOrigin = LOCAL_ORIGIN): EventId {
  return addEvents(doc, [input], origin)[0]!;
}

/** Adds several events in one transaction (one undo step, one sync message): imports use this. */
export function addEvents(doc: Y.Doc, inputs: NewTimelineEvent[], origin: TransactionOrigin = LOCAL_ORIGIN): EventId[] {
  const checked = inputs.map((e) => ({
    time: requireEventTime(e.time),
    text: requireText(e.text, LIMITS.noteLength, 'Event text'),
    kind: requireKind(e.kind ?? 'other'),
    marker: requireMarker(e.marker ?? null),
    author: requireAuthor(e.author),
  }));
  const ids: EventId[] = [];
  doc.transact(() => {
    const { events } = roots(doc);
    const t = now();
    checked.forEach((e, i) => {
      const id = newEventId();
      const r: Rec = new Y.Map();
      r.set('time', e.time);
      r.set('kind', e.kind);
      r.set('createdAt', t + i);
      r.set('text', newText(e.text));
      if (e.author) r.set('author', e.author);
      // Made with the event, so two people filling in its context at once share one text each.
      for (const field of EVENT_CONTEXT_FIELDS) r.set(field, newText(''));
      events.set(id, r);
      ids.push(id);
    });
    // Later events in the list win a marker named twice, as if set one after the other.
    checked.forEach((e, i) => {
      if (e.marker !== null) moveMarker(doc, ids[i]!, e.marker);
    });
  }, origin);
  return ids;
}

/** Puts `marker` on one event and takes it off every other (within the caller's transaction). */
function moveMarker(doc: Y.Doc, id: EventId, marker: MarkerName): void {
  const { events } = roots(doc);
  events.forEach((r, otherId) => {
    if (otherId !== id && isRec(r) && r.get('marker') === marker) r.delete('marker');
  });
  requireRecord(events, id, 'event').set('marker', marker);
}

/** Marks an event as a moment of the incident (impact started, detected, …), or clears its marker
 * with null. A marker is on one event at most: setting it here takes it off any other, in the same
 * transaction. */
export function setEventMarker(doc: Y.Doc, id: EventId, marker: MarkerName | null, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  requireMarker(marker);
  doc.transact(() => {
    const r = requireRecord(roots(doc).events, id, 'event');
    if (marker === null) r.delete('marker');
    else if (r.get('marker') !== marker || countMarked(doc, marker) > 1) moveMarker(doc, id, marker);
  }, origin);
}

function countMarked(doc: Y.Doc, marker: MarkerName): number {
  let n = 0;
  roots(doc).events.forEach((r) => {
    if (isRec(r) && r.get('marker') === marker) n++;
  });
  return n;
}

/** Edits what responders saw, thought, and why it made sense, for one event. Fields left out are
 * unchanged. */
export function updateEventContext(
  doc: Y.Doc,
  id: EventId,
  patch: Partial<Record<EventContextField, string>>,
  origin: TransactionOrigin = LOCAL_ORIGIN,
): void {
  const fields = EVENT_CONTEXT_FIELDS.filter((field) => patch[field] !== undefined);
  for (const field of fields) requireText(patch[field]!, LIMITS.noteLength, EVENT_CONTEXT_NAMES[field]);
  doc.transact(() => {
    const r = requireRecord(roots(doc).events, id, 'event');
    for (const field of fields) applyTextEdit(textOf(r, field), patch[field]!);
  }, origin);
}

/** How validation messages name the context fields. */
const EVENT_CONTEXT_NAMES: Record<EventContextField, string> = {
  sawAtTheTime: 'What we saw',
  thoughtAtTheTime: 'What we thought',
  whyItMadeSense: 'Why it made sense',
};

export function updateEvent(
  doc: Y.Doc,
  id: EventId,
  patch: Partial<Pick<TimelineEvent, 'time' | 'kind' | 'text'>>,
  origin: TransactionOrigin = LOCAL_ORIGIN,
): void {
  if (patch.time !== undefined) requireEventTime(patch.time);
  if (patch.kind !== undefined) requireKind(patch.kind);
  if (patch.text !== undefined) requireText(patch.text, LIMITS.noteLength, 'Event text');
  doc.transact(() => {
    const r = requireRecord(roots(doc).events, id, 'event');
    if (patch.time !== undefined) r.set('time', patch.time);
    if (patch.kind !== undefined) r.set('kind', patch.kind);
    if (patch.text !== undefined) applyTextEdit(textOf(r), patch.text);
  }, origin);
}

export function deleteEvent(doc: Y.Doc, id: EventId, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const { events, factors } = roots(doc);
    events.delete(id);
    // Factors stop pointing at an event that is gone.
    factors.forEach((f) => {
      if (!isRec(f)) return;
      const links = f.get('eventIds');
      if (links instanceof Y.Map) links.delete(id);
      else if (Array.isArray(links) && links.includes(id)) f.set('eventIds', links.filter((x) => x !== id));
    });
  }, origin);
}

// ---------------------------------------------------------------------------------------------
// Contributing factors and clusters.

/** Where a factor goes: the unsorted tray (category null), a column, or a cluster in a column. */
export interface FactorPlacement {
  category: FactorCategory | null;
  clusterId?: ClusterId | null;
  /** Position among its siblings; defaults to the end. */
  order?: number;
}

function lastOrder(doc: Y.Doc, category: FactorCategory | null, clusterId: ClusterId | null): number {
  let max = 0;
  for (const f of readFactors(doc)) {
    if (f.category === category && f.clusterId === clusterId) max = Math.max(max, f.order);
  }
  return max + 1;
}

/** The order value that places an item between two neighbours (either may be missing). */
export function orderBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return after! - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

export function addFactor(
  doc: Y.Doc,
  input: { text: string; category?: FactorCategory | null; eventIds?: EventId[]; author?: string },
  origin: TransactionOrigin = LOCAL_ORIGIN,
): FactorId {
  const value = requireText(input.text, LIMITS.noteLength, 'Factor text');
  const author = requireAuthor(input.author);
  const category = input.category ?? null;
  if (category !== null) requireCategory(category);
  const eventIds = [...new Set(input.eventIds ?? [])];
  for (const eventId of eventIds) requireRecord(roots(doc).events, eventId, 'event');
  const id = newFactorId();
  doc.transact(() => {
    const r: Rec = new Y.Map();
    r.set('category', category);
    r.set('clusterId', null);
    r.set('order', lastOrder(doc, category, null));
    r.set('createdAt', now());
    r.set('text', newText(value));
    if (author) r.set('author', author);
    // Made with the factor, so two people linking events to it at once both keep their links.
    const links = new Y.Map<boolean>();
    for (const eventId of eventIds) links.set(eventId, true);
    r.set('eventIds', links);
    roots(doc).factors.set(id, r);
  }, origin);
  return id;
}

/** A factor's event links as a Y.Map, made (keeping what an array held) if it is not one yet. */
function eventLinksOf(r: Rec): Y.Map<boolean> {
  const v = r.get('eventIds');
  if (v instanceof Y.Map) return v as Y.Map<boolean>;
  const fresh = new Y.Map<boolean>();
  for (const eventId of linkedIds(v)) fresh.set(eventId, true);
  r.set('eventIds', fresh);
  return fresh;
}

/** Links a factor to timeline events it helps explain (links it already has are kept). Refuses,
 * writing nothing, when the factor or any of the events is gone. */
export function linkFactorToEvents(doc: Y.Doc, id: FactorId, eventIds: EventId[], origin: TransactionOrigin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const { factors, events } = roots(doc);
    const r = requireRecord(factors, id, 'factor');
    for (const eventId of eventIds) requireRecord(events, eventId, 'event');
    const links = eventLinksOf(r);
    for (const eventId of eventIds) if (links.get(eventId) !== true) links.set(eventId, true);
  }, origin);
}

/** Removes links between a factor and events; ids it is not linked to are ignored. */
export function unlinkFactorFromEvents(doc: Y.Doc, id: FactorId, eventIds: EventId[], origin: TransactionOrigin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const links = eventLinksOf(requireRecord(roots(doc).factors, id, 'factor'));
    for (const eventId of eventIds) if (links.has(eventId)) links.delete(eventId);
  }, origin);
}

/** Makes a factor's links exactly `eventIds` (what a pick-the-events dialog commits), touching only
 * the links that change, so a link someone else adds meanwhile is kept. */
export function setFactorEvents(doc: Y.Doc, id: FactorId, eventIds: EventId[], origin: TransactionOrigin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const { factors, events } = roots(doc);
    const r = requireRecord(factors, id, 'factor');
    for (const eventId of eventIds) requireRecord(events, eventId, 'event');
    const links = eventLinksOf(r);
    const wanted = new Set<string>(eventIds);
    for (const key of [...links.keys()]) if (!wanted.has(key)) links.delete(key);
    for (const eventId of wanted) if (links.get(eventId) !== true) links.set(eventId, true);
  }, origin);
}

export function updateFactorText(doc: Y.Doc, id: FactorId, value: string, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  requireText(value, LIMITS.noteLength, 'Factor text');
  doc.transact(() => applyTextEdit(textOf(requireRecord(roots(doc).factors, id, 'factor')), value), origin);
}

/** Moves a factor in one transaction: what a drop commits. Joining a cluster takes its column. */
export function moveFactor(doc: Y.Doc, id: FactorId, to: FactorPlacement, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  const clusterId = to.clusterId ?? null;
  let category = to.category;
  doc.transact(() => {
    const { factors, clusters } = roots(doc);
    const r = requireRecord(factors, id, 'factor');
    if (clusterId !== null) {
      const c = requireRecord(clusters, clusterId, 'cluster');
      category = oneOf(c.get('category'), FACTOR_CATEGORIES, 'process');
    } else if (category !== null) {
      requireCategory(category);
    }
    const previousCluster = r.get('clusterId');
    r.set('category', category);
    r.set('clusterId', clusterId);
    r.set('order', to.order ?? lastOrder(doc, category, clusterId));
    if (typeof previousCluster === 'string' && previousCluster !== clusterId) dissolveIfSmall(doc, previousCluster as ClusterId);
  }, origin);
}

/** A cluster left with fewer than one factor has nothing to name; remove it. */
function dissolveIfSmall(doc: Y.Doc, clusterId: ClusterId): void {
  const remaining = readFactors(doc).filter((f) => f.clusterId === clusterId);
  if (remaining.length === 0) roots(doc).clusters.delete(clusterId);
}

export function deleteFactor(doc: Y.Doc, id: FactorId, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const { factors, actions } = roots(doc);
    const r = factors.get(id);
    const clusterId = isRec(r) ? r.get('clusterId') : null;
    factors.delete(id);
    // Action items stop pointing at a factor that is gone.
    actions.forEach((a) => {
      if (!isRec(a)) return;
      const ids = a.get('factorIds');
      if (Array.isArray(ids) && ids.includes(id)) a.set('factorIds', ids.filter((x) => x !== id));
    });
    if (typeof clusterId === 'string') dissolveIfSmall(doc, clusterId as ClusterId);
  }, origin);
}

/** Stacks factors into a new named cluster in a column (e.g. one factor dropped onto another). */
export function createCluster(
  doc: Y.Doc,
  input: { name: string; category: FactorCategory; factorIds: FactorId[] },
  origin: TransactionOrigin = LOCAL_ORIGIN,
): ClusterId {
  const name = requireText(input.name, LIMITS.clusterNameLength, 'Cluster name').trim();
  requireCategory(input.category);
  const factorIds = [...new Set(input.factorIds)];
  const id = newClusterId();
  doc.transact(() => {
    const { clusters, factors } = roots(doc);
    // Check every factor before writing anything: a throw half-way would leave a half-made cluster.
    const members = factorIds.map((fid) => requireRecord(factors, fid, 'factor'));
    let max = 0;
    clusters.forEach((c) => {
      if (isRec(c) && c.get('category') === input.category) max = Math.max(max, num(c.get('order')));
    });
    const r: Rec = new Y.Map();
    r.set('name', name);
    r.set('category', input.category);
    r.set('order', max + 1);
    r.set('createdAt', now());
    clusters.set(id, r);
    members.forEach((f, i) => {
      const old = f.get('clusterId');
      f.set('category', input.category);
      f.set('clusterId', id);
      f.set('order', i + 1);
      if (typeof old === 'string' && old !== id) dissolveIfSmall(doc, old as ClusterId);
    });
  }, origin);
  return id;
}

export function renameCluster(doc: Y.Doc, id: ClusterId, name: string, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  const clean = requireText(name, LIMITS.clusterNameLength, 'Cluster name');
  doc.transact(() => requireRecord(roots(doc).clusters, id, 'cluster').set('name', clean), origin);
}

/** Removes a cluster; its factors stay in the column, unclustered. */
export function ungroupCluster(doc: Y.Doc, id: ClusterId, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const { clusters, factors } = roots(doc);
    const c = clusters.get(id);
    if (!isRec(c)) return;
    const category = oneOf(c.get('category'), FACTOR_CATEGORIES, 'process');
    let order = lastOrder(doc, category, null);
    // In display order, so the notes land in the column in the order they sat in the cluster.
    for (const member of readFactors(doc)) {
      if (member.clusterId !== id) continue;
      const f = factors.get(member.id);
      if (!isRec(f)) continue;
      f.set('clusterId', null);
      f.set('category', category);
      f.set('order', order++);
    }
    clusters.delete(id);
  }, origin);
}

// ---------------------------------------------------------------------------------------------
// Dot-voting. Each voter writes only their own ballot.

/** Spends one dot on a target. Returns false (and writes nothing) when the budget or cap says no. */
export function castVote(
  doc: Y.Doc,
  voterId: VoterId,
  targetId: VoteTargetId,
  origin: TransactionOrigin = LOCAL_ORIGIN,
  settings: VoteSettings = readVoteSettings(doc),
): boolean {
  if (!isVoteTarget(doc, targetId)) throw new BoardValidationError('That note no longer exists.');
  const { ballot, left } = readMyVotes(doc, voterId, settings);
  const current = ballot.get(targetId) ?? 0;
  if (left <= 0) return false;
  if (settings.perTargetCap !== null && current >= settings.perTargetCap) return false;
  const next = new Map(ballot);
  next.set(targetId, current + 1);
  doc.transact(() => writeBallot(doc, voterId, next), origin);
  return true;
}

/** Takes back one dot from a target. Returns false when there was none to take back. */
export function retractVote(
  doc: Y.Doc,
  voterId: VoterId,
  targetId: VoteTargetId,
  origin: TransactionOrigin = LOCAL_ORIGIN,
  settings: VoteSettings = readVoteSettings(doc),
): boolean {
  const { ballot } = readMyVotes(doc, voterId, settings);
  const current = ballot.get(targetId) ?? 0;
  if (current <= 0) return false;
  const next = new Map(ballot);
  if (current <= 1) next.delete(targetId);
  else next.set(targetId, current - 1);
  doc.transact(() => writeBallot(doc, voterId, next), origin);
  return true;
}

/** Makes a voter's stored ballot exactly `next`. A voter's own write settles their ballot to what
 * they see: dots clamped away (an overspend, a lowered budget) or left on deleted notes are
 * dropped, so a hidden dot can never reappear on another note when one is taken back. */
function writeBallot(doc: Y.Doc, voterId: VoterId, next: Ballot): void {
  const { votes } = roots(doc);
  let mine = votes.get(voterId);
  if (!(mine instanceof Y.Map)) {
    mine = new Y.Map<number>();
    votes.set(voterId, mine);
  }
  for (const key of [...mine.keys()]) if (!next.has(key as VoteTargetId)) mine.delete(key);
  for (const [target, n] of next) if (mine.get(target) !== n) mine.set(target, n);
}

// ---------------------------------------------------------------------------------------------
// Action items.

export interface NewActionItem {
  text: string;
  owner?: string;
  due?: string;
  status?: ActionStatus;
  factorIds?: FactorId[];
  /** The writer's name, given only while the board shows authors (ignored by updates). */
  author?: string;
}

function checkAction(input: Partial<NewActionItem>): void {
  if (input.text !== undefined) requireText(input.text, LIMITS.noteLength, 'Action text');
  if (input.owner !== undefined) requireText(input.owner, LIMITS.ownerLength, 'Owner');
  if (input.due !== undefined) requireDate(input.due, 'Due date');
  if (input.status !== undefined && !ACTION_STATUSES.includes(input.status)) {
    throw new BoardValidationError(`Unknown status: ${String(input.status)}.`);
  }
}

export function addActionItem(doc: Y.Doc, input: NewActionItem, origin: TransactionOrigin = LOCAL_ORIGIN): ActionItemId {
  checkAction(input);
  const author = requireAuthor(input.author);
  const id = newActionItemId();
  doc.transact(() => {
    const r: Rec = new Y.Map();
    if (author) r.set('author', author);
    r.set('owner', input.owner?.trim() ?? '');
    r.set('due', input.due ?? '');
    r.set('status', input.status ?? 'open');
    r.set('factorIds', [...new Set(input.factorIds ?? [])]);
    r.set('createdAt', now());
    r.set('text', newText(input.text));
    roots(doc).actions.set(id, r);
  }, origin);
  return id;
}

export function updateActionItem(
  doc: Y.Doc,
  id: ActionItemId,
  patch: Partial<NewActionItem>,
  origin: TransactionOrigin = LOCAL_ORIGIN,
): void {
  checkAction(patch);
  doc.transact(() => {
    const r = requireRecord(roots(doc).actions, id, 'action item');
    if (patch.text !== undefined) applyTextEdit(textOf(r), patch.text);
    if (patch.owner !== undefined) r.set('owner', patch.owner);
    if (patch.due !== undefined) r.set('due', patch.due);
    if (patch.status !== undefined) r.set('status', patch.status);
    if (patch.factorIds !== undefined) r.set('factorIds', [...new Set(patch.factorIds)]);
  }, origin);
}

export function deleteActionItem(doc: Y.Doc, id: ActionItemId, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  doc.transact(() => roots(doc).actions.delete(id), origin);
}

// ---------------------------------------------------------------------------------------------
// Learnings.

export function addLearning(
  doc: Y.Doc,
  value: string,
  origin: TransactionOrigin = LOCAL_ORIGIN,
  author?: string,
): LearningId {
  requireText(value, LIMITS.noteLength, 'Learning', false);
  const name = requireAuthor(author);
  const id = newLearningId();
  doc.transact(() => {
    const r: Rec = new Y.Map();
    if (name) r.set('author', name);
    r.set('createdAt', now());
    r.set('text', newText(value));
    roots(doc).learnings.set(id, r);
  }, origin);
  return id;
}

export function updateLearning(doc: Y.Doc, id: LearningId, value: string, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  requireText(value, LIMITS.noteLength, 'Learning');
  doc.transact(() => applyTextEdit(textOf(requireRecord(roots(doc).learnings, id, 'learning')), value), origin);
}

export function deleteLearning(doc: Y.Doc, id: LearningId, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  doc.transact(() => roots(doc).learnings.delete(id), origin);
}

// ---------------------------------------------------------------------------------------------
// The meeting: check-in lines, "done with this phase", names on ballots.

/** Adds one line to the check-in ("what worked / what didn't / what surprised you"). */
export function addCheckin(
  doc: Y.Doc,
  input: { kind: CheckinKind; text: string; author?: string },
  origin: TransactionOrigin = LOCAL_ORIGIN,
): CheckinId {
  if (!CHECKIN_KINDS.includes(input.kind)) throw new BoardValidationError(`Unknown check-in prompt: ${String(input.kind)}.`);
  const value = requireText(input.text, LIMITS.checkinLength, 'Check-in line', false).trim();
  if (value === '') throw new BoardValidationError('Check-in line cannot be empty.');
  const author = requireAuthor(input.author);
  const id = newCheckinId();
  doc.transact(() => {
    const r: Rec = new Y.Map();
    r.set('kind', input.kind);
    r.set('text', value);
    r.set('createdAt', now());
    if (author) r.set('author', author);
    roots(doc).checkins.set(id, r);
  }, origin);
  return id;
}

export function deleteCheckin(doc: Y.Doc, id: CheckinId, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  doc.transact(() => roots(doc).checkins.delete(id), origin);
}

/** Says this voter is done (or not) with one visit of a phase (key from readinessKey). */
export function setReady(doc: Y.Doc, key: string, voterId: VoterId, ready: boolean, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  if (typeof key !== 'string' || key === '' || key.length > 100) throw new BoardValidationError('Unknown phase.');
  doc.transact(() => {
    const { ready: map } = roots(doc);
    if (ready) map.set(`${key}:${voterId}`, now());
    else map.delete(`${key}:${voterId}`);
  }, origin);
}

/** Puts a name on a ballot (named voting), or takes it off with `null`. */
export function setVoterName(doc: Y.Doc, voterId: VoterId, name: string | null, origin: TransactionOrigin = LOCAL_ORIGIN): void {
  const clean = name === null ? '' : requireText(name, LIMITS.nameLength, 'Name').trim();
  doc.transact(() => {
    const { voterNames } = roots(doc);
    if (clean === '') voterNames.delete(voterId);
    else if (voterNames.get(voterId) !== clean) voterNames.set(voterId, clean);
  }, origin);
}

/** Milliseconds of an event's time, for placing it on the axis. */
export const eventMs = (e: TimelineEvent) => eventTimeMs(e.time);

/** Calls `onChange` once after any transaction that touched one of the named roots (however deep);
 * returns the unsubscribe function. */
export function subscribeRoots(doc: Y.Doc, names: readonly RootName[], onChange: () => void): () => void {
  let dirty = false;
  const mark = () => {
    dirty = true;
  };
  const types = names.map((n) => doc.getMap<unknown>(n));
  for (const t of types) t.observeDeep(mark);
  const flush = () => {
    if (!dirty) return;
    dirty = false;
    onChange();
  };
  doc.on('afterTransaction', flush);
  return () => {
    for (const t of types) t.unobserveDeep(mark);
    doc.off('afterTransaction', flush);
  };
}
