// The report's Contributing factors and "Where the dots went": factors arranged by column and
// dots, clusters with their notes, and who placed the dots (under named voting, after the reveal).
import {
  FACTOR_CATEGORIES,
  FACTOR_CATEGORY_LABELS,
  type BoardSnapshot,
  type ContributingFactor,
  type FactorCategory,
  type FactorCluster,
  type VoteTargetId,
} from '../board';
import type { FacilitationSnapshot } from '../facilitation/schema';
import { escapeInline, escapeListItem, escapeTableCell } from './escape';
import { DOT, EMPTY, TOP_VOTED_LIMIT, byline, clusterName, dotsLabel, plural, sameAsLabel } from './format';

/** What the facilitation state lets a report say about the dots. */
export interface VoteVisibility {
  /** Tallies, rankings and dots may be shown. */
  shown: boolean;
  /** Voters' names may be shown with their dots (named voting, after the reveal). */
  named: boolean;
}

export function voteVisibility(facilitation: FacilitationSnapshot | undefined): VoteVisibility {
  if (!facilitation) return { shown: true, named: false };
  const shown = facilitation.votes.revealed === true;
  return { shown, named: shown && facilitation.votes.named === true };
}

export const VOTES_HIDDEN = 'Votes are hidden until the facilitator reveals them.';

export interface ClusterGroup {
  cluster: FactorCluster;
  dots: number;
  members: Array<{ factor: ContributingFactor; dots: number }>;
  /** The cluster's own dots plus its notes': what places it among its column. */
  weight: number;
}

export type ColumnItem = { kind: 'cluster'; group: ClusterGroup } | { kind: 'factor'; factor: ContributingFactor; dots: number };

export interface Column {
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
export function arrangeFactors(board: BoardSnapshot, tallies: Map<VoteTargetId, number>): Column[] {
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

export function contributingFactors(columns: Column[]): string[] {
  if (columns.every((c) => c.items.length === 0)) return [`_${EMPTY.factors}_`];
  const out: string[] = [];
  for (const column of columns) {
    if (column.category === null && column.items.length === 0) continue;
    out.push(`### ${column.category === null ? 'Unsorted' : column.label}`, '');
    if (column.category === null) out.push('_Still in the tray, not yet given a category._', '');
    if (column.items.length === 0) out.push(`_${EMPTY.category}_`, '');
    for (const item of column.items) {
      if (item.kind === 'factor') {
        out.push(`- ${escapeListItem(item.factor.text, '  ')}${byline(item.factor.author)}${dotsLabel(item.dots)}${sameAsLabel(item.factor.sameAs)}`);
        continue;
      }
      const { group } = item;
      const memberDots = group.weight - group.dots;
      const withNotes = memberDots > 0 ? ` (${DOT} ${group.weight} with its notes)` : '';
      out.push(`- **${clusterName(group.cluster)}**${dotsLabel(group.dots)}${withNotes}`);
      for (const member of group.members) {
        out.push(`  - ${escapeListItem(member.factor.text, '    ')}${byline(member.factor.author)}${dotsLabel(member.dots)}${sameAsLabel(member.factor.sameAs)}`);
      }
    }
    if (column.items.length > 0) out.push('');
  }
  while (out[out.length - 1] === '') out.pop();
  return out;
}

export function whereTheDotsWent(board: BoardSnapshot, columns: Column[], tallies: Map<VoteTargetId, number>, votes: VoteVisibility): string[] {
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
