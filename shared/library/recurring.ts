// Factors that recur across reviews (docs/library.md, "Factors that recur"): how a factor being
// written is compared with the factors of other reviews (its significant words, lightly stemmed,
// and the share of them two factors have in common), and the wire types of the suggestions and the
// themes page. Computed by the server on its own index; no outside service. Pure.
import type { FactorCategory } from '../board';
import type { Severity } from './schema';
import type { SearchQuery } from './query';

/** Words that say nothing about which condition a factor names. */
const STOP_WORDS = new Set(
  `a about after again all also an and any are as at be been before being but by can could did do does doing down during each
  few for from had has have having he her here him his how i if in into is it its itself just me more most my no nor not now of
  off on once only or other our out over own same she should so some such than that the their them then there these they this
  those through to too under until up very was we were what when where which while who whom why will with would you your
  there's it's didn't wasn't weren't don't doesn't isn't aren't`.split(/\s+/),
);

/** Most words of a factor a suggestion search looks for. */
export const SIMILAR_WORDS_LIMIT = 12;
/** Shortest text (characters) worth suggesting for. */
export const SUGGEST_MIN_LENGTH = 8;
/** Longest text the suggestion route reads (a factor's own limit). */
export const SUGGEST_MAX_LENGTH = 2_000;

const WORD = /[\p{L}\p{N}]+/gu;

/** A word's stem, roughly as the databases' english stemmers make it (only for comparing two factors). */
export function stemWord(word: string): string {
  const w = word.toLowerCase();
  if (w.length <= 4) return w;
  for (const [suffix, replacement] of [['ies', 'y'], ['ing', ''], ['ed', ''], ['es', ''], ['s', '']] as const) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && !w.endsWith('ss')) return w.slice(0, -suffix.length) + replacement;
  }
  return w;
}

/** A factor's significant words, in order of appearance, without repeats (at most SIMILAR_WORDS_LIMIT). */
export function significantWords(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.toLowerCase().normalize('NFKC').match(WORD) ?? []) {
    if (raw.length < 3 || STOP_WORDS.has(raw) || /^\d+$/.test(raw)) continue;
    const stem = stemWord(raw);
    if (seen.has(stem)) continue;
    seen.add(stem);
    out.push(raw);
    if (out.length >= SIMILAR_WORDS_LIMIT) break;
  }
  return out;
}

/** The search that finds candidates: any of the words (each its own alternative). */
export function anyOfQuery(words: readonly string[]): SearchQuery {
  return { groups: words.map((w) => [{ words: [w], negated: false }]) };
}

/**
 * How alike two factors' wordings are, 0 to 1: the Dice coefficient of their stemmed significant
 * words. Null when they share too little to be suggested: two words at least, or the only word of
 * a one-word factor.
 */
export function factorSimilarity(a: string, b: string): number | null {
  const x = new Set(significantWords(a).map(stemWord));
  const y = new Set(significantWords(b).map(stemWord));
  if (x.size === 0 || y.size === 0) return null;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  if (shared < Math.min(2, x.size, y.size)) return null;
  return (2 * shared) / (x.size + y.size);
}

/** Most suggestions shown while writing a factor. */
export const SUGGESTIONS_LIMIT = 5;

/** A factor of another review that reads like the one being written (GET /api/workspace/similar-factors). */
export interface FactorSuggestion {
  boardId: string;
  factorId: string;
  reviewTitle: string;
  incidentDate: string;
  severity: Severity | '';
  text: string;
  category: FactorCategory | null;
  /** 0 to 1: the share of significant words in common. */
  similarity: number;
  /** Action items meant to address it, and how many of them are done. */
  actions: number;
  actionsDone: number;
  /** Opens that review at the factor. */
  link: string;
}

/** One factor of a theme. */
export interface ThemeFactor {
  boardId: string;
  factorId: string;
  reviewTitle: string;
  incidentDate: string;
  severity: Severity | '';
  text: string;
  actions: number;
  actionsDone: number;
  link: string;
}

/**
 * Factors linked to one another ("same as in <review>") across at least two reviews: a condition
 * that keeps coming back. `recurredAfterDone`: a review whose actions for it are all marked done
 * was followed by a later incident with the same factor.
 */
export interface Theme {
  /** `<boardId>/<factorId>` of its earliest factor. */
  id: string;
  /** The earliest factor's words. */
  title: string;
  reviews: number;
  firstSeen: string;
  lastSeen: string;
  services: string[];
  recurredAfterDone: boolean;
  /** Oldest incident first. */
  factors: ThemeFactor[];
}

export interface ThemesPage {
  total: number;
  /** Themes that recurred after their actions were done (of all, not only this page). */
  recurredAfterDone: number;
  page: number;
  pageSize: number;
  items: Theme[];
}
