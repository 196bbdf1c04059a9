// Running the coach: hints for one text as someone types, and counts across a board for the
// facilitator. Hints never block anything; they are offered next to the words.
import type { BoardSnapshot } from '../board';
import { COACH_RULES, type CoachContext, type CoachRule, type Span } from './rules';

/** One gentle hint on a stretch of text. Offsets are UTF-16 (String.prototype.slice). */
export interface CoachHint {
  ruleId: string;
  start: number;
  end: number;
  message: string;
  suggestion: string;
}

export interface CheckOptions {
  /** Names of the people on the board; without them, no hint names a person as a cause. */
  participantNames?: readonly string[];
  /** The rules to apply; COACH_RULES by default. */
  rules?: readonly CoachRule[];
}

// What is blanked out before the rules look: fenced and inline code, links, e-mail addresses,
// and quotations (a log line or someone's words, quoted, are not the writer's framing).
const BLANKED = [
  /```[\s\S]*?(?:```|$)/g,
  /`[^`\n]*`/g,
  /\b(?:https?|ftp):\/\/[^\s<>"“”]+/gi,
  /\bwww\.[^\s<>"“”]+/gi,
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  /"[^"\n]*"/g,
  /“[^”\n]*”/g,
];

/** The text with code, links and quotations replaced by spaces, so offsets stay the same. */
export function blankOut(text: string): string {
  let out = text;
  for (const re of BLANKED) out = out.replace(re, (m) => ' '.repeat(m.length));
  return out;
}

function matches(rule: CoachRule, text: string, context: CoachContext): Span[] {
  if (typeof rule.pattern === 'function') return rule.pattern(text, context);
  const re = new RegExp(rule.pattern.source, rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`);
  const out: Span[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// The latest answers with the default rules, by names and text: a board of 1,000 notes checks each
// note once, and the facilitator's count re-checks only the note being typed in, not all of them.
// About half a millisecond per text is saved each time (the rules' Unicode patterns). Bounded:
// emptied when full. The arrays handed out are shared: callers read them, never change them.
const CACHE_LIMIT = 20_000;
const cache = new Map<string, CoachHint[]>();

/** Hints for one text, in the order they appear. */
export function checkText(text: string, options: CheckOptions = {}): CoachHint[] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  if (options.rules) return check(text, options.rules, options.participantNames);
  const key = `${(options.participantNames ?? []).join('\u0000')}\u0001${text}`;
  let hints = cache.get(key);
  if (!hints) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    hints = check(text, COACH_RULES, options.participantNames);
    cache.set(key, hints);
  }
  return hints;
}

function check(text: string, rules: readonly CoachRule[], participantNames: readonly string[] | undefined): CoachHint[] {
  const context: CoachContext = { participantNames: (participantNames ?? []).filter((n) => typeof n === 'string') };
  const blanked = blankOut(text);
  const hints: CoachHint[] = [];
  rules.forEach((rule) => {
    const seen = new Set<string>();
    for (const { start, end } of matches(rule, blanked, context)) {
      const key = `${start}:${end}`;
      if (seen.has(key) || end <= start) continue;
      seen.add(key);
      hints.push({ ruleId: rule.id, start, end, message: rule.message, suggestion: rule.suggestion });
    }
  });
  const order = new Map(rules.map((r, i) => [r.id, i]));
  return hints.sort((a, b) => a.start - b.start || order.get(a.ruleId)! - order.get(b.ruleId)! || a.end - b.end);
}

/** How many hints these texts draw, in total. */
export function countHints(texts: Iterable<string>, options: CheckOptions = {}): number {
  let n = 0;
  for (const text of texts) n += checkText(text, options).length;
  return n;
}

/** Hints per part of the meeting, for the facilitator: the timeline (events and what was known at
 * the time), contributing factors (notes and cluster names), action items, learnings and the summary. */
export interface BoardHintCounts {
  timeline: number;
  factors: number;
  actions: number;
  learnings: number;
  summary: number;
  total: number;
}

/** Counts hints across a board. Participant names default to the board's participants. */
export function countBoardHints(
  board: Pick<BoardSnapshot, 'meta' | 'events' | 'factors' | 'clusters' | 'actions' | 'learnings' | 'participants'>,
  options: CheckOptions = {},
): BoardHintCounts {
  const opts: CheckOptions = { ...options, participantNames: options.participantNames ?? board.participants.map((p) => p.name) };
  const counts = {
    timeline: countHints(board.events.flatMap((e) => [e.text, e.sawAtTheTime, e.thoughtAtTheTime, e.whyItMadeSense]), opts),
    factors: countHints([...board.factors.map((f) => f.text), ...board.clusters.map((c) => c.name)], opts),
    actions: countHints(board.actions.map((a) => a.text), opts),
    learnings: countHints(board.learnings.map((l) => l.text), opts),
    summary: countHints([board.meta.summary], opts),
  };
  return { ...counts, total: counts.timeline + counts.factors + counts.actions + counts.learnings + counts.summary };
}
