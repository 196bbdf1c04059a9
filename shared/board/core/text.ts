// Applies a new string to a Y.Text as the smallest edit, so two people typing in the same note
// both keep their words (replacing the whole text would make one of them lose).
import * as Y from 'yjs';
import type { TransactionOrigin } from '../origins';

/** Rewrites `ytext` to equal `next` by deleting and inserting only the changed middle, in one
 * transaction (the caller's, when called inside one; otherwise its own, with `origin`). */
export function applyTextEdit(ytext: Y.Text, next: string, origin: TransactionOrigin): void {
  const prev = ytext.toString();
  if (prev === next) return;
  let start = 0;
  const minLen = Math.min(prev.length, next.length);
  while (start < minLen && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
    endPrev--;
    endNext--;
  }
  // Never split a surrogate pair: widen the edit to whole code points.
  if (start > 0 && isHighSurrogate(prev.charCodeAt(start - 1))) start--;
  if (endPrev < prev.length && isLowSurrogate(prev.charCodeAt(endPrev))) {
    endPrev++;
    endNext++;
  }
  const edit = () => {
    if (endPrev > start) ytext.delete(start, endPrev - start);
    if (endNext > start) ytext.insert(start, next.slice(start, endNext));
  };
  // A Y.Text not yet in a document has no transactions to join.
  if (ytext.doc) ytext.doc.transact(edit, origin);
  else edit();
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
