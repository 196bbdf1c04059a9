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
//
// This module assembles the report; each section is rendered by its own module (timeline.ts,
// factors.ts, actions.ts), and format.ts holds the small pieces they share.
import type * as Y from 'yjs';
import { readBoard, type BoardSnapshot, type VoteTargetId } from '../board';
import { tallyVotes } from '../causal';
import type { FacilitationSnapshot } from '../facilitation/schema';
import { reviewStatusOf } from '../library/schema';
import { actionItems, checkIn, factorsThatCanWait, unaddressedFactors } from './actions';
import { escapeInline, escapeListItem, escapeParagraphs, safeHttpUrl } from './escape';
import { arrangeFactors, contributingFactors, voteVisibility, whereTheDotsWent, VOTES_HIDDEN } from './factors';
import { EMPTY, byline, formatUtcMinute, linkOrText } from './format';
import { redactBoard, redactor } from './redact';
import { incidentMetrics, timeline, whatWeKnew } from './timeline';

export { DOT, QUOTE_LENGTH, TOP_VOTED_LIMIT } from './format';

export interface ReportOptions {
  /** When the report was produced; shown in UTC. The only clock the report reads. */
  exportedAt: Date;
  /** Where the board lives, linked from the metadata when it is an http(s) address. */
  boardUrl?: string;
  /** Whether `boardUrl` carries the view-only link (reportBoardUrl). When not (the default), a line
   * says how a reader gets access, since the bare address opens the board for its members only. */
  boardUrlIsViewerLink?: boolean;
  /** Names to leave out of a report that is shared beyond the team: each person becomes
   * "Participant A", "Participant B", … wherever their name (or, when unambiguous, first name)
   * appears. Pass the participants' names and the action items' owners. */
  redactNames?: readonly string[];
  /** The board's facilitation state (shared/facilitation): a closed board's report is final;
   * tallies stay out of the report until the facilitator reveals them, and voters' names appear
   * with their dots only under named voting. Without it the report is a draft with tallies shown
   * and no voter named (a board that was never facilitated). */
  facilitation?: FacilitationSnapshot;
  /** Start with YAML front matter (title, incident date, status, severity, services, tags), for
   * wikis and static site generators. The export button and the export route ask for it. */
  frontMatter?: boolean;
}

/** The board's address for a report: bare, or the view-only link when `viewerToken` is given. */
export function reportBoardUrl(origin: string, boardId: string, viewerToken: string | null): string {
  const base = `${origin}/b/${encodeURIComponent(boardId)}`;
  return viewerToken ? `${base}#token=${encodeURIComponent(viewerToken)}` : base;
}

const BLAMELESS_NOTE =
  'A blameless review: it looks at the conditions that made each decision seem reasonable at the time, not at who is to blame.';

/** Renders a board as a Markdown report (ends with a newline, no trailing spaces). */
export function renderReport(original: BoardSnapshot, options: ReportOptions): string {
  const redacting = (options.redactNames ?? []).some((n) => typeof n === 'string' && n.trim().length >= 2);
  const board = redacting ? redactBoard(original, namesToRedact(original, options.redactNames!)) : original;
  const votes = voteVisibility(options.facilitation);
  // Hidden votes: no tally reaches the rendering at all, so no dot, total or order can show.
  const tallies = votes.shown ? tallyVotes(board) : new Map<VoteTargetId, number>();
  const columns = arrangeFactors(board, tallies);
  const out: string[] = [];

  if (options.frontMatter) out.push(...frontMatter(board, options), '');
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

/**
 * YAML front matter, so that wikis and static site generators can file the report: every value a
 * JSON string or list (JSON is YAML), so nothing a person typed can break out of it.
 */
function frontMatter(board: BoardSnapshot, options: ReportOptions): string[] {
  const incident = options.facilitation?.incident;
  const q = (value: string) => JSON.stringify(value);
  const list = (values: readonly string[]) => `[${values.map(q).join(', ')}]`;
  return [
    '---',
    `title: ${q(board.meta.title || 'Untitled postmortem')}`,
    `incident_date: ${q(board.meta.incidentDate)}`,
    `status: ${q(reviewStatusOf(options.facilitation?.phase ?? 'prework'))}`,
    `severity: ${q(incident?.severity ?? '')}`,
    `services: ${list(incident?.services ?? [])}`,
    `tags: ${list(incident?.tags ?? [])}`,
    `exported: ${q(options.exportedAt.toISOString())}`,
    '---',
  ];
}

function metadata(board: BoardSnapshot, options: ReportOptions, redacting: boolean): string[] {
  const { meta } = board;
  const notSet = '_Not set_';
  const incident = options.facilitation?.incident;
  const lines = [
    `- **Status:** ${status(options.facilitation)}`,
    // The incident fields, when the facilitator set them.
    ...(incident?.severity ? [`- **Severity:** ${incident.severity}`] : []),
    ...(incident?.services.length ? [`- **Services:** ${incident.services.map(escapeInline).join(', ')}`] : []),
    ...(incident?.tags.length ? [`- **Tags:** ${incident.tags.map(escapeInline).join(', ')}`] : []),
    `- **Incident date:** ${escapeInline(meta.incidentDate) || notSet}`,
    `- **Incident link:** ${linkOrText(meta.incidentLink) || notSet}`,
    `- **Participants:** ${board.participants.length}`,
    `- **Exported:** ${formatUtcMinute(options.exportedAt)} UTC`,
  ];
  const boardUrl = options.boardUrl ? safeHttpUrl(options.boardUrl) : null;
  if (boardUrl && options.boardUrlIsViewerLink) lines.push(`- **Board:** <${boardUrl}> (view-only link)`);
  else if (boardUrl) {
    lines.push(`- **Board:** <${boardUrl}>`);
    lines.push('- **Access:** the board opens for the people on it; to read it, ask its facilitator for the view-only link');
  }
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
