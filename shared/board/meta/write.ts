// The board's own fields: the mutations.
import * as Y from 'yjs';
import type { WriteContext } from '../core/context';
import { roots, type Rec } from '../core/roots';
import { LIMITS, SCHEMA_VERSION, isHttpUrl } from '../core/schema';
import { applyTextEdit } from '../core/text';
import { BoardValidationError, newText, requireDate, requireText, textOf } from '../core/validate';
import type { BoardInit, BoardMeta } from './schema';

function requireLink(link: string): string {
  if (link !== '' && !isHttpUrl(link)) throw new BoardValidationError('Incident link must be an http(s) address.');
  return link;
}

/** Writes a new board's metadata and schema version. Safe to call on a board that has them. */
export function initializeBoard(doc: Y.Doc, init: BoardInit, ctx: WriteContext): void {
  const title = requireText((init.title ?? '').trim(), LIMITS.titleLength, 'Title');
  const incidentDate = requireDate(init.incidentDate ?? '', 'Incident date');
  const incidentLink = requireLink(init.incidentLink ?? '');
  doc.transact(() => {
    const { meta } = roots(doc);
    if (!meta.has('createdAt')) meta.set('createdAt', ctx.now());
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('title', title);
    meta.set('incidentDate', incidentDate);
    meta.set('incidentLink', incidentLink);
    if (!(meta.get('summary') instanceof Y.Text)) meta.set('summary', newText(''));
  }, ctx.origin);
}

export function updateMeta(
  doc: Y.Doc,
  patch: Partial<Pick<BoardMeta, 'title' | 'incidentDate' | 'incidentLink'>>,
  ctx: WriteContext,
): void {
  if (patch.title !== undefined) requireText(patch.title, LIMITS.titleLength, 'Title');
  if (patch.incidentDate !== undefined) requireDate(patch.incidentDate, 'Incident date');
  if (patch.incidentLink !== undefined) requireLink(patch.incidentLink);
  doc.transact(() => {
    const { meta } = roots(doc);
    // Only the fields named here: an untyped caller's extra keys (summary, schemaVersion) are ignored.
    if (patch.title !== undefined) meta.set('title', patch.title);
    if (patch.incidentDate !== undefined) meta.set('incidentDate', patch.incidentDate);
    if (patch.incidentLink !== undefined) meta.set('incidentLink', patch.incidentLink);
  }, ctx.origin);
}

export function setSummary(doc: Y.Doc, value: string, ctx: WriteContext): void {
  requireText(value, LIMITS.summaryLength, 'Summary');
  doc.transact(() => applyTextEdit(textOf(roots(doc).meta as Rec, 'summary'), value, ctx.origin), ctx.origin);
}
