// "Same as in <review>": links from a contributing factor to factors of earlier reviews of the
// workspace that describe the same condition (docs/library.md, "Factors that recur"). Kept on the
// factor as a Y.Map keyed `<boardId>/<factorId>`, so two people linking at once both keep their
// link; each value copies the earlier review's title and date and the factor's words, so the board
// and its report say what it is the same as without asking the server (and after that review is gone).
import * as Y from 'yjs';
import { isBoardId, type FactorId } from '../../ids';
import type { WriteContext } from '../core/context';
import { isRec, str } from '../core/fields';
import { roots, type Rec } from '../core/roots';
import { isCalendarDate, LIMITS } from '../core/schema';
import { BoardValidationError, requireRecord } from '../core/validate';

/** A factor of another review that a factor is the same as. */
export interface EarlierFactor {
  boardId: string;
  factorId: string;
  /** The review's title when the link was made. */
  reviewTitle: string;
  /** The review's incident date (YYYY-MM-DD), or ''. */
  incidentDate: string;
  /** The earlier factor's words when the link was made (shortened). */
  text: string;
}

/** Most earlier factors one factor names: a theme is found through any of them. */
export const SAME_AS_LIMIT = 10;
/** An earlier factor's words as kept with the link. */
export const SAME_AS_TEXT_LENGTH = 300;
const FACTOR_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const sameAsKey = (link: Pick<EarlierFactor, 'boardId' | 'factorId'>): string => `${link.boardId}/${link.factorId}`;

/** The links a factor's `sameAs` field holds, oldest incident first; malformed entries are left out. */
export function readSameAs(v: unknown): EarlierFactor[] {
  if (!(v instanceof Y.Map)) return [];
  const out: EarlierFactor[] = [];
  v.forEach((value: unknown, key: string) => {
    const slash = key.indexOf('/');
    const boardId = key.slice(0, slash);
    const factorId = key.slice(slash + 1);
    if (slash < 0 || !isBoardId(boardId) || !FACTOR_ID.test(factorId) || typeof value !== 'object' || value === null) return;
    const o = value as Record<string, unknown>;
    const date = str(o.incidentDate);
    out.push({
      boardId,
      factorId,
      reviewTitle: str(o.reviewTitle).slice(0, LIMITS.titleLength),
      incidentDate: isCalendarDate(date) ? date : '',
      text: str(o.text).slice(0, SAME_AS_TEXT_LENGTH),
    });
  });
  return out
    .sort((a, b) => (a.incidentDate || '9').localeCompare(b.incidentDate || '9') || sameAsKey(a).localeCompare(sameAsKey(b)))
    .slice(0, SAME_AS_LIMIT);
}

/** Checks a link as given (by the suggestion a person picked) and answers what is stored. */
export function requireEarlierFactor(link: EarlierFactor, ownBoardId?: string): EarlierFactor {
  if (!isBoardId(link.boardId) || !FACTOR_ID.test(link.factorId)) throw new BoardValidationError('That earlier factor cannot be linked: its address is not valid.');
  if (ownBoardId !== undefined && link.boardId === ownBoardId) throw new BoardValidationError('A factor can only be the same as a factor of another review.');
  return {
    boardId: link.boardId,
    factorId: link.factorId,
    reviewTitle: String(link.reviewTitle ?? '').slice(0, LIMITS.titleLength),
    incidentDate: isCalendarDate(link.incidentDate) ? link.incidentDate : '',
    text: String(link.text ?? '').slice(0, SAME_AS_TEXT_LENGTH),
  };
}

/** Sets the links of a new factor record (within the caller's transaction). */
export function writeSameAs(r: Rec, links: readonly EarlierFactor[]): void {
  const map = new Y.Map<unknown>();
  for (const link of links.slice(0, SAME_AS_LIMIT)) {
    const { boardId: _b, factorId: _f, ...kept } = link;
    map.set(sameAsKey(link), kept);
  }
  r.set('sameAs', map);
}

function sameAsOf(r: Rec): Y.Map<unknown> {
  const v = r.get('sameAs');
  if (v instanceof Y.Map) return v as Y.Map<unknown>;
  const fresh = new Y.Map<unknown>();
  r.set('sameAs', fresh);
  return fresh;
}

/** Records that a factor is the same as a factor of an earlier review. Refuses past SAME_AS_LIMIT. */
export function linkFactorToEarlier(doc: Y.Doc, id: FactorId, earlier: EarlierFactor, ctx: WriteContext): void {
  const link = requireEarlierFactor(earlier);
  doc.transact(() => {
    const map = sameAsOf(requireRecord(roots(doc).factors, id, 'factor'));
    const key = sameAsKey(link);
    if (!map.has(key) && map.size >= SAME_AS_LIMIT) throw new BoardValidationError(`A factor can name at most ${SAME_AS_LIMIT} earlier factors.`);
    const { boardId: _b, factorId: _f, ...kept } = link;
    map.set(key, kept);
  }, ctx.origin);
}

/** Takes a "same as" link off a factor (nothing happens when it has none). */
export function unlinkFactorFromEarlier(doc: Y.Doc, id: FactorId, earlier: Pick<EarlierFactor, 'boardId' | 'factorId'>, ctx: WriteContext): void {
  doc.transact(() => {
    const r = requireRecord(roots(doc).factors, id, 'factor');
    const v = r.get('sameAs');
    if (isRec(v) && v.has(sameAsKey(earlier))) v.delete(sameAsKey(earlier));
  }, ctx.origin);
}
