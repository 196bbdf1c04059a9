// Validation at the boundary: what the mutations check before they write, and the error they throw
// (its message is fit to show a person). Also the helpers mutations write text with.
import * as Y from 'yjs';
import { isRec } from './fields';
import type { Rec } from './roots';
import { LIMITS, isCalendarDate } from './schema';

/** Thrown by a mutation given input the board cannot hold; the message is fit to show a person. */
export class BoardValidationError extends Error {
  override readonly name = 'BoardValidationError';
}

export function requireText(value: string, max: number, what: string, allowEmpty = true): string {
  if (typeof value !== 'string') throw new BoardValidationError(`${what} must be text.`);
  if (!allowEmpty && value.trim() === '') throw new BoardValidationError(`${what} cannot be empty.`);
  if (value.length > max) throw new BoardValidationError(`${what} is too long (at most ${max} characters).`);
  return value;
}

/** Checks an author's name; `undefined` or empty means anonymous (nothing is written). */
export function requireAuthor(author: string | undefined): string {
  if (author === undefined) return '';
  return requireText(author, LIMITS.nameLength, 'Name').trim();
}

export function requireDate(value: string, what: 'Due date' | 'Incident date'): string {
  if (value !== '' && !isCalendarDate(value)) throw new BoardValidationError(`${what} must be a date such as 2027-01-15.`);
  return value;
}

/** The record under `id`, or a BoardValidationError saying it is gone. */
export function requireRecord(map: Y.Map<Rec>, id: string, what: string): Rec {
  const r = map.get(id);
  if (!isRec(r)) throw new BoardValidationError(`That ${what} no longer exists.`);
  return r;
}

/** A record's Y.Text field, made (keeping a plain string's content) if it is not one yet. */
export function textOf(r: Rec, key = 'text'): Y.Text {
  const t = r.get(key);
  if (t instanceof Y.Text) return t;
  const fresh = new Y.Text(typeof t === 'string' ? t : '');
  r.set(key, fresh);
  return fresh;
}

export const newText = (value: string) => new Y.Text(value);
