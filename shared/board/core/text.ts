// Text fields that several people type into at once. A new string is applied to a Y.Text as the
// smallest edit, so two people typing in the same note both keep their words (replacing the whole
// text would make one of them lose); and an edit made on an older copy of the text is moved onto
// the text as it is now, keeping the other person's words too.
import * as Y from 'yjs';
import type { TransactionOrigin } from '../origins';
import { roots } from './roots';

/** The one run in which `prev` and `next` differ: prev[start, endPrev) became next[start, endNext).
 * Never splits a surrogate pair: the run is widened to whole code points. */
export function changedRun(prev: string, next: string): { start: number; endPrev: number; endNext: number } {
  let start = 0;
  const minLen = Math.min(prev.length, next.length);
  while (start < minLen && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
    endPrev--;
    endNext--;
  }
  if (start > 0 && isHighSurrogate(prev.charCodeAt(start - 1))) start--;
  if (endPrev < prev.length && isLowSurrogate(prev.charCodeAt(endPrev))) {
    endPrev++;
    endNext++;
  }
  return { start, endPrev, endNext };
}

/** Rewrites `ytext` to equal `next` by deleting and inserting only the changed middle, in one
 * transaction (the caller's, when called inside one; otherwise its own, with `origin`). */
export function applyTextEdit(ytext: Y.Text, next: string, origin: TransactionOrigin): void {
  const prev = ytext.toString();
  if (prev === next) return;
  const { start, endPrev, endNext } = changedRun(prev, next);
  const edit = () => {
    if (endPrev > start) ytext.delete(start, endPrev - start);
    if (endNext > start) ytext.insert(start, next.slice(start, endNext));
  };
  // A Y.Text not yet in a document has no transactions to join.
  if (ytext.doc) ytext.doc.transact(edit, origin);
  else edit();
}

/**
 * Our edit, made on `base` (giving `mine`), moved onto `theirs` (what `base` became meanwhile by
 * someone else's edit): the text with both. Each side's typing is one changed run, as between two
 * keystrokes. Words either side inserted are kept; where the two runs overlap, what either deleted is
 * gone and both insertions stay, the one that began first first.
 */
export function rebaseText(base: string, mine: string, theirs: string): string {
  if (theirs === base || mine === theirs) return mine;
  if (mine === base) return theirs;
  const ours = changedRun(base, mine);
  const their = changedRun(base, theirs);
  const ins = mine.slice(ours.start, ours.endNext);
  const delta = their.endNext - their.endPrev;
  // Ours wholly before theirs (two insertions at one place: ours first), or wholly after.
  if (ours.endPrev <= their.start) return theirs.slice(0, ours.start) + ins + theirs.slice(ours.endPrev);
  if (ours.start >= their.endPrev) return theirs.slice(0, ours.start + delta) + ins + theirs.slice(ours.endPrev + delta);
  // Overlapping: every base character in the joint range was deleted by one side or the other.
  const left = Math.min(ours.start, their.start);
  const right = Math.max(ours.endPrev, their.endPrev);
  const theirIns = theirs.slice(their.start, their.endNext);
  const middle = ours.start <= their.start ? ins + theirIns : theirIns + ins;
  return theirs.slice(0, left) + middle + theirs.slice(right + delta);
}

/** Where a text field lives in the board document. */
export type TextFieldAt =
  | { root: 'events' | 'factors' | 'actions' | 'learnings' | 'clusters'; id: string; field?: string }
  | { root: 'meta'; field: 'summary' };

/** A text field's contents as the document holds them now ('' when the record is gone). */
export function readTextField(doc: Y.Doc, at: TextFieldAt): string {
  const r = roots(doc);
  const record = at.root === 'meta' ? r.meta : r[at.root].get(at.id);
  const value = record instanceof Y.Map ? record.get(at.field ?? 'text') : undefined;
  return value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
