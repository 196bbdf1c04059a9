// The postmortem report: one pure function from a board snapshot to GitHub-flavoured Markdown.
// The export button and `GET /api/boards/<id>/export.md` both call it, so they give the same file.
//
// Stable enough to commit: the same board and export time always give the same bytes. Nothing
// in the text depends on ids, creation timestamps, the locale or the clock; ties are broken by
// the board's own order. Every piece of user text goes through ./escape.ts.
//
// Sections the domain expects in every report (Summary, Timeline, Incident metrics, Contributing
// factors, Action items) are always present, with a quiet italic line when empty, so a reader can
// see what has not been filled in. Extras (What we knew at the time, Unsorted, Where the dots
// went, Check-in, the top-voted factors no action addresses, Learnings) appear only when they have
// something to show. With `redactNames`, people's names are replaced before anything is rendered.
//
// The facilitation state (`options.facilitation`) decides what the report may say: a closed board's
// report is final; until the facilitator reveals the votes no tally, ranking or dot appears (the
// factors keep the board's order, so not even the order gives them away); and a voter's name
// appears with their dots only under named voting. An author's name appears only on the notes
// that carry one (written while the board showed authors). The format is described in
// docs/document.md.
import type * as Y from 'yjs';
import {
  ACTION_STATUS_LABELS,
  UNNAMED_CLUSTER,
  readBoard,
  CHECKIN_KINDS,
  CHECKIN_LABELS,
  EVENT_CONTEXT_FIELDS,
  EVENT_CONTEXT_LABELS,
  EVENT_KIND_LABELS,
  FACTOR_CATEGORIES,
  FACTOR_CATEGORY_LABELS,
  MARKER_LABELS,
  MARKER_NAMES,
  type BoardSnapshot,
  type ContributingFactor,
  type FactorCategory,
  type FactorCluster,
  type VoteTargetId,
} from '../board';
import {
  escapeInline,
  escapeListItem,
  escapeParagraphs,
  escapeTableCell,
  safeHttpUrl,
  shorten,
} from './escape';
import { tallyVotes, unaddressedTopFactors, TOP_FACTOR_COUNT } from '../causal';
import { METRICS, computeMetrics, formatDuration, type MetricValue } from '../metrics';
import { exhaustiveSwitchError } from '../exhaustive';
import { redactBoard, redactor } from './redact';
import type { FacilitationSnapshot } from '../facilitation/schema';

export interface ReportOptions {
  /** When the report was produced; shown in UTC. The only clock the report reads. */
  exportedAt: Date;
  /** Where the board lives, linked from the metadata when it is an http(s) address. */
  boardUrl?: string;
  /** Names to leave out of a report that is shared beyond the team: each person becomes
   * "Participant A", "Participant B", … wherever their name (or, when unambiguous, first name)
   * appears. Pass the participants' names and the action items' owners. */
  redactNames?: readonly string[];
  /** The board's facilitation state (shared/facilitation): a closed board's report is final;
   * tallies stay out of the report until the facilitator reveals them, and voters' names appear
   * with their dots only under named voting. Without it the report is a draft with tallies shown
   * and no voter named (a board that was never facilitated). */
  facilitation?: FacilitationSnapshot;
}

/** What the facilitation state lets a report say about the dots. */
interface VoteVisibility {
  /** Tallies, rankings and dots may be shown. */
  shown: boolean;
  /** Voters' names may be shown with their dots (named voting, after the reveal). */
  named: boolean;
}

function voteVisibility(facilitation: FacilitationSnapshot | undefined): VoteVisibility {
  if (!facilitation) return { shown: true, named: false };
  const shown = facilitation.votes.revealed === true;
  return { shown, named: shown && facilitation.votes.named === true };
}

/** The dot each vote is drawn as. */
export const DOT = '●';
/** How many of the most-voted notes "Where the dots went" lists. */
export const TOP_VOTED_LIMIT = 5;
/** Longest factor text quoted in another table (action items, top votes), in characters. */
export const QUOTE_LENGTH = 60;

const BLAMELESS_NOTE =
  'A blameless review: it looks at the conditions that made each decision seem reasonable at the time, not at who is to blame.';
const EMPTY = {
  summary: 'No summary has been written yet.',
  timeline: 'No events on the timeline yet.',
  factors: 'No contributing factors recorded yet.',
  category: 'Nothing noted here yet.',
  actions: 'No action items yet.',
  metrics: 'No timeline events are marked yet. Mark when impact started, and when the incident was detected, acknowledged, mitigated and resolved, to measure these.',
} as const;
const VOTES_HIDDEN = 'Votes are hidden until the facilitator reveals them.';
const METRICS_NOTE =
  'Measured between marked timeline events: detecting, mitigating and resolving from when impact started; acknowledging from detection.';

/** Renders a board as a Markdown report (ends with a newline, no trailing spaces). */
export function renderReport(original: BoardSnapshot, options: ReportOptions): string {
  const redacting = (options.redactNames ?? []).some((n) => typeof n === 'string' && n.trim().length >= 2);
  const board = redacting ? redactBoard(original, namesToRedact(original, options.redactNames!)) : original;
  const votes = voteVisibility(options.facilitation);
  // Hidden votes: no tally reaches the rendering at all, so no dot, total or order can show.
  const tallies = votes.shown ? tallyVotes(board) : new Map<VoteTargetId, number>();
  const columns = arrangeFactors(board, tallies);
  const out: string[] = [];

  out.push(`# ${escapeInline(board.meta.title) || 'Untitled postmortem'}`, '');
  out.push(...metadata(board, options, redacting), '');
  out.push(`_${BLAMELESS_NOTE}_`, '');

  out.push('## Summary', '');
  const paragraphs = escapeParagraphs(board.meta.summary);
  if (paragraphs.length === 0) out.push(`_${EMPTY.summary}_`, '');
  for (const paragraph of paragraphs) out.push(paragraph, '');

  out.push('## Timeline', '');
  out.push(...timeline(board), '');
  const knew = whatWeKnew(board);
  if (knew.length > 0) out.push('### What we knew at the time', '', ...knew, '');

  out.push('## Incident metrics', '');
  out.push(...incidentMetrics(board), '');

  out.push('## Contributing factors', '');
  out.push(...contributingFactors(columns), '');

  if (votes.shown) {
    const dots = whereTheDotsWent(board, columns, tallies, votes);
    if (dots.length > 0) out.push('## Where the dots went', '', ...dots, '');
  } else {
    out.push('## Where the dots went', '', `_${VOTES_HIDDEN}_`, '');
  }

  const checkin = checkIn(board);
  if (checkin.length > 0) out.push('## Check-in', '', ...checkin, '');

  out.push('## Action items', '');
  out.push(...actionItems(board), '');
  // The reasons are the facilitator's words: names in them are replaced like the board's.
  const redactReason = redacting ? redactor(namesToRedact(original, options.redactNames!)) : (t: string) => t;
  const canWait = Object.fromEntries(Object.entries(options.facilitation?.canWait ?? {}).map(([id, why]) => [id, redactReason(why)]));
  const unaddressed = votes.shown ? unaddressedFactors(board, canWait) : [];
  if (unaddressed.length > 0) out.push('### Top-voted factors no action addresses', '', ...unaddressed, '');
  const waiting = votes.shown ? factorsThatCanWait(board, canWait) : [];
  if (waiting.length > 0) out.push('### Top-voted factors that can wait', '', ...waiting, '');

  const learnings = board.learnings
    .map((l) => ({ text: escapeListItem(l.text, '  ', ''), author: l.author }))
    .filter((l) => l.text !== '');
  if (learnings.length > 0) {
    out.push('## Learnings', '', ...learnings.map((l) => `- ${l.text}${byline(l.author)}`), '');
  }

  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

/** The report of a live board document (vote settings from `options.facilitation`, when given). */
export function renderBoardReport(doc: Y.Doc, options: ReportOptions): string {
  const settings = options.facilitation?.votes;
  return renderReport(readBoard(doc, settings && { voteBudget: settings.voteBudget, perTargetCap: settings.perTargetCap }), options);
}

/** A file name for the report: `postmortem-<incident date>-<title words>.md`, ASCII only. */
export function reportFileName(board: Pick<BoardSnapshot, 'meta'>): string {
  const full = board.meta.title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // At most 60 characters, cut between words ("checkout-errors-after", not "checkout-errors-af").
  const slug = full.length <= 60 ? full : full.slice(0, 61).replace(/-[^-]*$/, '') || full.slice(0, 60);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(board.meta.incidentDate) ? board.meta.incidentDate : '';
  return `${['postmortem', date, slug].filter(Boolean).join('-')}.md`;
}

/** The top-voted factors and clusters without an action that the facilitator said can wait, each
 * with the reason given. */
function factorsThatCanWait(board: BoardSnapshot, canWait: Readonly<Record<string, string>>): string[] {
  const targets = unaddressedTopFactors(board, TOP_FACTOR_COUNT).filter((t) => t.id in canWait);
  return targets.map((t) => {
    const what = t.kind === 'factor' ? escapeInline(shorten(t.text, QUOTE_LENGTH)) || '—' : `**${escapeInline(t.name) || 'Unnamed cluster'}** (cluster)`;
    return `- ${what} (${DOT} ${t.dots}): ${escapeInline(canWait[t.id]!)}`;
  });
}

// ---------------------------------------------------------------------------------------------

function metadata(board: BoardSnapshot, options: ReportOptions, redacting: boolean): string[] {
  const { meta } = board;
  const notSet = '_Not set_';
  const lines = [
    `- **Status:** ${status(options.facilitation)}`,
    `- **Incident date:** ${escapeInline(meta.incidentDate) || notSet}`,
    `- **Incident link:** ${linkOrText(meta.incidentLink) || notSet}`,
    `- **Participants:** ${board.participants.length}`,
    `- **Exported:** ${formatUtcMinute(options.exportedAt)} UTC`,
  ];
  const boardUrl = options.boardUrl ? safeHttpUrl(options.boardUrl) : null;
  if (boardUrl) lines.push(`- **Board:** <${boardUrl}>`);
  if (redacting) lines.push('- **Names:** replaced with Participant A, B, … for sharing beyond the team');
  return lines;
}

/** The names to replace: those given, then any name written on the board's notes (authors) or
 * ballots (named voting) that they leave a word of. Added after the given ones, and only when
 * needed, so the given names keep the labels they would have had. */
function namesToRedact(board: BoardSnapshot, given: readonly string[]): string[] {
  const onBoard = [
    ...[...board.events, ...board.factors, ...board.actions, ...board.learnings, ...board.checkins].map((n) => n.author),
    ...board.voterNames.values(),
  ];
  const r = redactor(given);
  const words = (name: string) => name.split(/\s+/).filter((w) => w.length >= 2);
  const extra = onBoard.filter((name) => {
    const left = r(name);
    return words(name).some((w) => left.includes(w));
  });
  return [...given, ...new Set(extra)];
}

/** "Draft", or "Final — closed <UTC>" once the facilitator has closed the board. */
function status(facilitation: FacilitationSnapshot | undefined): string {
  if (!facilitation || facilitation.phase !== 'closed') return 'Draft';
  const closedAt = facilitation.closedAt;
  return closedAt > 0 && Number.isFinite(closedAt) ? `Final — closed ${formatUtcMinute(new Date(closedAt))} UTC` : 'Final';
}

/** ` — _Name_` after a note that carries its author's name; nothing for an anonymous one. */
function byline(author: string): string {
  const name = escapeInline(author);
  return name ? ` — _${name}_` : '';
}

/** An http(s) address as an autolink; anything else as plain text, never a link. */
function linkOrText(value: string): string {
  const url = safeHttpUrl(value);
  if (url) return `<${url}>`;
  const text = escapeInline(value);
  return text && `${text} (not an http(s) address, so not linked)`;
}

/** `YYYY-MM-DD HH:MM` in UTC. */
function formatUtcMinute(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return 'unknown';
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function timeline(board: BoardSnapshot): string[] {
  if (board.events.length === 0) return [`_${EMPTY.timeline}_`];
  const rows = ['| Time (UTC) | Kind | What happened |', '| --- | --- | --- |'];
  for (const event of board.events) {
    // Event times are `YYYY-MM-DDTHH:MMZ` (readers drop any other); shown as `YYYY-MM-DD HH:MM`.
    const time = escapeTableCell(showTime(event.time));
    const marker = event.marker !== null && MARKER_NAMES.includes(event.marker) ? `**${MARKER_LABELS[event.marker]}:** ` : '';
    rows.push(`| ${time} | ${EVENT_KIND_LABELS[event.kind] ?? 'Other'} | ${marker}${escapeTableCell(event.text)}${byline(event.author)} |`);
  }
  return rows;
}

/** An event time (`YYYY-MM-DDTHH:MMZ`) as `YYYY-MM-DD HH:MM`. */
const showTime = (time: string) => time.replace('T', ' ').replace(/Z$/, '');

/** Each event someone gave context, with what was seen, thought and why the step made sense. */
function whatWeKnew(board: BoardSnapshot): string[] {
  const out: string[] = [];
  for (const event of board.events) {
    const fields = EVENT_CONTEXT_FIELDS.map((field) => ({ field, text: escapeListItem(event[field], '    ', '') })).filter((f) => f.text !== '');
    if (fields.length === 0) continue;
    out.push(`- **${escapeInline(showTime(event.time))}** ${escapeInline(shorten(event.text, QUOTE_LENGTH)) || '—'}`);
    for (const { field, text } of fields) out.push(`  - _${EVENT_CONTEXT_LABELS[field]}:_ ${text}`);
  }
  return out;
}

function incidentMetrics(board: BoardSnapshot): string[] {
  const { markers, values } = computeMetrics(board.events);
  if (Object.keys(markers).length === 0) return [`_${EMPTY.metrics}_`];
  const moment = (name: (typeof MARKER_NAMES)[number]) => {
    const time = markers[name];
    return time ? `${MARKER_LABELS[name]}, ${showTime(time)}` : `${MARKER_LABELS[name]}, _not marked_`;
  };
  const rows = ['| Metric | From | To | Time |', '| --- | --- | --- | --- |'];
  for (const metric of METRICS) {
    rows.push(`| ${metric.label} (${metric.abbreviation}) | ${moment(metric.from)} | ${moment(metric.to)} | ${metricCell(values[metric.name])} |`);
  }
  return [...rows, '', `_${METRICS_NOTE}_`];
}

function metricCell(value: MetricValue): string {
  switch (value.status) {
    case 'ok':
      return formatDuration(value.ms);
    case 'missing':
      return '_Not measured_';
    case 'out-of-order':
      return `_Out of order: ${escapeInline(value.detail)}_`;
    default:
      return exhaustiveSwitchError(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Contributing factors and dots.

interface ClusterGroup {
  cluster: FactorCluster;
  dots: number;
  members: Array<{ factor: ContributingFactor; dots: number }>;
  /** The cluster's own dots plus its notes': what places it among its column. */
  weight: number;
}
type ColumnItem = { kind: 'cluster'; group: ClusterGroup } | { kind: 'factor'; factor: ContributingFactor; dots: number };
interface Column {
  category: FactorCategory | null;
  label: string;
  items: ColumnItem[];
}

const weightOf = (item: ColumnItem) => (item.kind === 'cluster' ? item.group.weight : item.dots);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The factors as the report shows them: People, Process, Technology, then the unsorted tray;
 * in each, clusters and loose notes by dots (highest first), ties in the board's order with
 * clusters before loose notes. */
function arrangeFactors(board: BoardSnapshot, tallies: Map<VoteTargetId, number>): Column[] {
  const dotsOf = (id: VoteTargetId) => tallies.get(id) ?? 0;
  const byDots = <T extends { dots: number }>(list: T[]) =>
    list.map((entry, position) => ({ entry, position }))
      .sort((a, b) => b.entry.dots - a.entry.dots || a.position - b.position)
      .map(({ entry }) => entry);

  const columns: Column[] = [
    ...FACTOR_CATEGORIES.map((category) => ({ category, label: FACTOR_CATEGORY_LABELS[category], items: [] })),
    { category: null, label: 'Unsorted', items: [] },
  ];
  const columnOf = (category: FactorCategory | null) => columns.find((c) => c.category === category) ?? columns[columns.length - 1]!;

  const groups = new Map<string, ClusterGroup>();
  const clusterItems = new Map<Column, ColumnItem[]>();
  for (const cluster of board.clusters) {
    const group: ClusterGroup = { cluster, dots: dotsOf(cluster.id), members: [], weight: 0 };
    groups.set(cluster.id, group);
    push(clusterItems, columnOf(cluster.category), { kind: 'cluster', group });
  }
  const looseItems = new Map<Column, ColumnItem[]>();
  for (const factor of board.factors) {
    const group = factor.clusterId !== null ? groups.get(factor.clusterId) : undefined;
    if (group) {
      group.members.push({ factor, dots: dotsOf(factor.id) });
      continue;
    }
    push(looseItems, columnOf(factor.category), { kind: 'factor', factor, dots: dotsOf(factor.id) });
  }
  for (const group of groups.values()) {
    group.members = byDots(group.members);
    group.weight = group.dots + group.members.reduce((sum, m) => sum + m.dots, 0);
  }
  for (const column of columns) {
    const items = [...(clusterItems.get(column) ?? []), ...(looseItems.get(column) ?? [])];
    column.items = items
      .map((item, position) => ({ item, position }))
      .sort((a, b) => weightOf(b.item) - weightOf(a.item) || a.position - b.position)
      .map(({ item }) => item);
  }
  return columns;
}

const dotsLabel = (dots: number) => (dots > 0 ? ` ${DOT} ${dots}` : '');
const clusterName = (cluster: FactorCluster) => escapeInline(cluster.name) || UNNAMED_CLUSTER;

function contributingFactors(columns: Column[]): string[] {
  if (columns.every((c) => c.items.length === 0)) return [`_${EMPTY.factors}_`];
  const out: string[] = [];
  for (const column of columns) {
    if (column.category === null && column.items.length === 0) continue;
    out.push(`### ${column.category === null ? 'Unsorted' : column.label}`, '');
    if (column.category === null) out.push('_Still in the tray, not yet given a category._', '');
    if (column.items.length === 0) out.push(`_${EMPTY.category}_`, '');
    for (const item of column.items) {
      if (item.kind === 'factor') {
        out.push(`- ${escapeListItem(item.factor.text, '  ')}${byline(item.factor.author)}${dotsLabel(item.dots)}`);
        continue;
      }
      const { group } = item;
      const memberDots = group.weight - group.dots;
      const withNotes = memberDots > 0 ? ` (${DOT} ${group.weight} with its notes)` : '';
      out.push(`- **${clusterName(group.cluster)}**${dotsLabel(group.dots)}${withNotes}`);
      for (const member of group.members) {
        out.push(`  - ${escapeListItem(member.factor.text, '    ')}${byline(member.factor.author)}${dotsLabel(member.dots)}`);
      }
    }
    if (column.items.length > 0) out.push('');
  }
  while (out[out.length - 1] === '') out.pop();
  return out;
}

function whereTheDotsWent(board: BoardSnapshot, columns: Column[], tallies: Map<VoteTargetId, number>, votes: VoteVisibility): string[] {
  // Ranked by dots; ties in the order the notes appear above.
  const ranked: Array<{ id: VoteTargetId; note: string; category: string; dots: number }> = [];
  for (const column of columns) {
    for (const item of column.items) {
      if (item.kind === 'factor') {
        // Tables carry the whole note: a cut one ("…but the PR…") leaves a reader guessing.
        ranked.push({ id: item.factor.id, note: escapeTableCell(item.factor.text) || '—', category: column.label, dots: item.dots });
        continue;
      }
      ranked.push({ id: item.group.cluster.id, note: `**${clusterName(item.group.cluster)}** (cluster)`, category: column.label, dots: item.group.dots });
      for (const m of item.group.members) {
        ranked.push({ id: m.factor.id, note: escapeTableCell(m.factor.text) || '—', category: column.label, dots: m.dots });
      }
    }
  }
  const voted = ranked
    .map((entry, position) => ({ entry, position }))
    .filter(({ entry }) => entry.dots > 0)
    .sort((a, b) => b.entry.dots - a.entry.dots || a.position - b.position)
    .map(({ entry }) => entry);
  if (voted.length === 0) return [];

  let spent = 0;
  for (const n of tallies.values()) spent += n;
  let voters = 0;
  for (const ballot of board.ballots.values()) {
    if ([...ballot].some(([target, n]) => n > 0 && tallies.has(target))) voters++;
  }
  const people = voters === 1 ? '1 person' : `${voters} people`;
  const budget = board.settings.voteBudget;
  // Under named voting (and only then), who placed the dots, for the notes listed.
  const shownIds = new Set<string>(voted.slice(0, TOP_VOTED_LIMIT).map((e) => e.id));
  const named = votes.named ? votersByTarget(board, shownIds) : new Map<VoteTargetId, string>();
  const withNames = named.size > 0;
  const out = [
    `${people} placed ${plural(spent, 'dot')}, with ${plural(budget, 'dot')} each to spend.`,
    '',
    withNames ? '| Dots | Note | Category | Voted by |' : '| Dots | Note | Category |',
    withNames ? '| ---: | --- | --- | --- |' : '| ---: | --- | --- |',
  ];
  for (const entry of voted.slice(0, TOP_VOTED_LIMIT)) {
    const who = withNames ? ` ${named.get(entry.id) ?? '—'} |` : '';
    out.push(`| ${DOT} ${entry.dots} | ${entry.note} | ${entry.category} |${who}`);
  }
  if (voted.length > TOP_VOTED_LIMIT) {
    const more = voted.length - TOP_VOTED_LIMIT;
    out.push('', `_${more === 1 ? 'One more note' : `${more} more notes`} received dots; see Contributing factors._`);
  }
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** For each of `targets`, who put dots on it under named voting: `Kim ● 2, Sam ● 1`, most dots
 * first, then by name; dots from ballots without a name are summed as `unnamed ● n`. Escaped
 * for a table cell. Only targets that received dots are in the map. */
function votersByTarget(board: BoardSnapshot, targets: ReadonlySet<string>): Map<VoteTargetId, string> {
  const perTarget = new Map<VoteTargetId, Map<string, number>>();
  const unnamed = new Map<VoteTargetId, number>();
  for (const [voterId, ballot] of board.ballots) {
    const name = (board.voterNames.get(voterId) ?? '').trim();
    for (const [target, n] of ballot) {
      if (!targets.has(target) || !(n > 0)) continue;
      if (name === '') {
        unnamed.set(target, (unnamed.get(target) ?? 0) + n);
        continue;
      }
      let names = perTarget.get(target);
      if (!names) perTarget.set(target, (names = new Map()));
      names.set(name, (names.get(name) ?? 0) + n);
    }
  }
  const out = new Map<VoteTargetId, string>();
  for (const target of new Set([...perTarget.keys(), ...unnamed.keys()])) {
    const names = [...(perTarget.get(target) ?? new Map<string, number>())]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([name, n]) => `${escapeInline(name)} ${DOT} ${n}`);
    const rest = unnamed.get(target);
    if (rest) names.push(`unnamed ${DOT} ${rest}`);
    out.set(target, names.join(', '));
  }
  // A table without a single name would say nothing the Dots column does not.
  return [...perTarget.keys()].length > 0 ? out : new Map();
}

/** The opening check-in: What worked / What didn't / What surprised you, each a list, in the
 * order the lines were added; prompts nobody answered are left out. */
function checkIn(board: BoardSnapshot): string[] {
  const out: string[] = [];
  for (const kind of CHECKIN_KINDS) {
    const lines = board.checkins
      .filter((c) => c.kind === kind)
      .map((c) => ({ text: escapeListItem(c.text, '  ', ''), author: c.author }))
      .filter((c) => c.text !== '');
    if (lines.length === 0) continue;
    out.push(`### ${CHECKIN_LABELS[kind]}`, '', ...lines.map((c) => `- ${c.text}${byline(c.author)}`), '');
  }
  while (out[out.length - 1] === '') out.pop();
  return out;
}

function actionItems(board: BoardSnapshot): string[] {
  if (board.actions.length === 0) return [`_${EMPTY.actions}_`];
  const factorText = new Map(board.factors.map((f) => [f.id as string, f.text]));
  const rows = ['| Item | Owner | Due | Status | Addresses |', '| --- | --- | --- | --- | --- |'];
  for (const action of board.actions) {
    const addresses = action.factorIds
      .filter((id) => factorText.has(id))
      .map((id) => escapeTableCell(factorText.get(id)!) || '—')
      .join('<br>');
    rows.push(
      `| ${escapeTableCell(action.text)}${byline(action.author)} | ${escapeTableCell(action.owner)} | ${escapeTableCell(action.due)} | ` +
        `${ACTION_STATUS_LABELS[action.status] ?? 'Open'} | ${addresses || '—'} |`,
    );
  }
  return rows;
}

/** The most-voted factors and clusters that no action item addresses, as a list with their dots
 * and column. Empty when every one of them has an action (or nobody voted). */
function unaddressedFactors(board: BoardSnapshot, canWait: Readonly<Record<string, string>>): string[] {
  const targets = unaddressedTopFactors(board, TOP_FACTOR_COUNT).filter((t) => !(t.id in canWait));
  if (targets.length === 0) return [];
  const column = (category: FactorCategory | null) => (category === null ? 'Unsorted' : FACTOR_CATEGORY_LABELS[category]);
  return [
    `_Of the ${TOP_FACTOR_COUNT} notes with the most dots (and any tied with the last of them), these have no action item yet._`,
    '',
    ...targets.map((t) =>
      t.kind === 'factor'
        ? `- ${escapeInline(shorten(t.text, QUOTE_LENGTH)) || '—'} (${DOT} ${t.dots}, ${column(t.category)})`
        : `- **${escapeInline(t.name) || UNNAMED_CLUSTER}** (cluster, ${DOT} ${t.dots}, ${column(t.category)})`,
    ),
  ];
}
