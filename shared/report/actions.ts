// The report's Check-in and Action items sections, with the top-voted factors no action
// addresses and those the facilitator said can wait.
import {
  ACTION_STATUS_LABELS,
  CHECKIN_KINDS,
  CHECKIN_LABELS,
  FACTOR_CATEGORY_LABELS,
  UNNAMED_CLUSTER,
  type BoardSnapshot,
  type FactorCategory,
} from '../board';
import { TOP_FACTOR_COUNT, unaddressedTopFactors } from '../causal';
import { escapeInline, escapeListItem, escapeTableCell, shorten } from './escape';
import { DOT, EMPTY, QUOTE_LENGTH, byline } from './format';

/** The opening check-in: What worked / What didn't / What surprised you, each a list, in the
 * order the lines were added; prompts nobody answered are left out. */
export function checkIn(board: BoardSnapshot): string[] {
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

export function actionItems(board: BoardSnapshot): string[] {
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
        `${ACTION_STATUS_LABELS[action.status] ?? 'Open'}${action.status === 'wont-do' && action.statusReason ? `: ${escapeTableCell(action.statusReason)}` : ''} | ${addresses || '—'} |`,
    );
  }
  return rows;
}

/** The most-voted factors and clusters that no action item addresses, as a list with their dots
 * and column. Empty when every one of them has an action (or nobody voted). */
export function unaddressedFactors(board: BoardSnapshot, canWait: Readonly<Record<string, string>>): string[] {
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

/** The top-voted factors and clusters without an action that the facilitator said can wait, each
 * with the reason given. */
export function factorsThatCanWait(board: BoardSnapshot, canWait: Readonly<Record<string, string>>): string[] {
  const targets = unaddressedTopFactors(board, TOP_FACTOR_COUNT).filter((t) => t.id in canWait);
  return targets.map((t) => {
    const what = t.kind === 'factor' ? escapeInline(shorten(t.text, QUOTE_LENGTH)) || '—' : `**${escapeInline(t.name) || UNNAMED_CLUSTER}** (cluster)`;
    return `- ${what} (${DOT} ${t.dots}): ${escapeInline(canWait[t.id]!)}`;
  });
}
