// The search box's language, parsed once here and compiled for each database, so that SQLite
// (FTS5 MATCH) and PostgreSQL (websearch_to_tsquery) accept exactly the same queries and a query
// the database would choke on is refused here first, with a sentence saying what to fix.
//   words          all must appear (in any of the review's texts' one item)
//   "a phrase"     these words, in this order
//   -word, -"..."  leave out items that have it
//   a OR b         either side (AND binds tighter: `a b OR c` is `(a b) OR c`)
// Case and accents do not matter; words are stemmed (english), so "timeouts" finds "timeout".

/** Longest query accepted (characters) and most terms in it. */
export const MAX_QUERY_LENGTH = 200;
export const MAX_QUERY_TERMS = 16;

/** A query the search box cannot run; the message says why, for a person. */
export class SearchQueryError extends Error {
  override readonly name = 'SearchQueryError';
}

export interface SearchTerm {
  /** The words of a word or phrase, as typed (without quotes). */
  words: string[];
  negated: boolean;
}

/** A parsed query: alternatives (OR) of groups whose terms must all hold. */
export interface SearchQuery {
  groups: SearchTerm[][];
}

// A word is a run of letters, digits and connecting marks; everything else separates words, as
// both databases' tokenizers do.
const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

/** Parses the search box's text; throws SearchQueryError with a clear message. */
export function parseSearchQuery(input: string): SearchQuery {
  const text = input.trim();
  if (text === '') throw new SearchQueryError('Type a word to search for.');
  if (text.length > MAX_QUERY_LENGTH) throw new SearchQueryError(`A search is at most ${MAX_QUERY_LENGTH} characters.`);
  const groups: SearchTerm[][] = [[]];
  let pendingOr = false;
  let i = 0;
  let terms = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let negated = false;
    let start = i;
    if (c === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      negated = true;
      start = i + 1;
    }
    let raw: string;
    let quoted = false;
    if (text[start] === '"') {
      const end = text.indexOf('"', start + 1);
      if (end < 0) throw new SearchQueryError(`The quote at character ${start + 1} is not closed: add a " after the phrase.`);
      raw = text.slice(start + 1, end);
      i = end + 1;
      quoted = true;
    } else {
      let end = start;
      while (end < text.length && !/\s/.test(text[end]!) && text[end] !== '"') end++;
      raw = text.slice(start, end);
      i = end;
    }
    if (!quoted && !negated && raw === 'OR') {
      if (pendingOr || groups[groups.length - 1]!.length === 0) throw new SearchQueryError('OR needs something to search for on each side.');
      pendingOr = true;
      continue;
    }
    const words = raw.match(WORD) ?? [];
    if (words.length === 0) {
      if (quoted) throw new SearchQueryError('A quoted phrase needs at least one word inside the quotes.');
      continue; // punctuation alone: nothing to look for, as the databases would read it
    }
    if (++terms > MAX_QUERY_TERMS) throw new SearchQueryError(`A search has at most ${MAX_QUERY_TERMS} words or phrases.`);
    if (pendingOr) {
      groups.push([]);
      pendingOr = false;
    }
    groups[groups.length - 1]!.push({ words, negated });
  }
  if (pendingOr) throw new SearchQueryError('OR needs something to search for on each side.');
  if (groups[0]!.length === 0) throw new SearchQueryError('Type a word to search for.');
  for (const group of groups) {
    if (!group.some((t) => !t.negated)) {
      throw new SearchQueryError('Say what to look for, not only what to leave out: add a word without a minus.');
    }
  }
  return { groups };
}

/** The query as an FTS5 MATCH expression: every word quoted, so no input is read as syntax. */
export function toFts5(query: SearchQuery): string {
  const phrase = (t: SearchTerm) => `"${t.words.join(' ').replace(/"/g, '""')}"`;
  return query.groups
    .map((group) => {
      const positive = group.filter((t) => !t.negated).map(phrase).join(' AND ');
      const negative = group.filter((t) => t.negated).map((t) => ` NOT ${phrase(t)}`).join('');
      return `(${positive}${negative})`;
    })
    .join(' OR ');
}

/** The query as text for PostgreSQL's websearch_to_tsquery (which never raises on its input). */
export function toWebsearch(query: SearchQuery): string {
  const term = (t: SearchTerm) => {
    const body = t.words.length === 1 ? t.words[0]! : `"${t.words.join(' ')}"`;
    return t.negated ? `-${body}` : body;
  };
  return query.groups.map((group) => group.map(term).join(' ')).join(' or ');
}

/** Markers the databases put around matching words in a snippet (never in indexed text). */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

/** Removes the match markers from text before it is indexed. */
export function indexableText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0002\u0003]/g, ' ');
}

/** Splits a database's marked snippet into parts (the marked ones are matches). */
export function snippetParts(marked: string): Array<{ text: string; match: boolean }> {
  const parts: Array<{ text: string; match: boolean }> = [];
  let match = false;
  let current = '';
  for (const ch of marked) {
    if (ch === MATCH_START || ch === MATCH_END) {
      if (current !== '') parts.push({ text: current, match });
      current = '';
      match = ch === MATCH_START;
    } else current += ch;
  }
  if (current !== '') parts.push({ text: current, match });
  // Neighbouring matches separated only by spaces read as one highlight.
  return parts;
}
