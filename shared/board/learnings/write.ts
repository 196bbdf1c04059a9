// Learnings: the mutations.
import * as Y from 'yjs';
import type { LearningId } from '../../ids';
import { RECORD_ID_BITS, type WriteContext } from '../core/context';
import { roots, type Rec } from '../core/roots';
import { LIMITS } from '../core/schema';
import { applyTextEdit } from '../core/text';
import { newText, requireAuthor, requireRecord, requireText, textOf } from '../core/validate';

export interface NewLearning {
  text: string;
  /** The writer's name, given only while the board shows authors. */
  author?: string;
}

export function addLearning(doc: Y.Doc, input: NewLearning, ctx: WriteContext): LearningId {
  requireText(input.text, LIMITS.noteLength, 'Learning', false);
  const author = requireAuthor(input.author);
  const id = ctx.newId(RECORD_ID_BITS) as LearningId;
  doc.transact(() => {
    const r: Rec = new Y.Map();
    if (author) r.set('author', author);
    r.set('createdAt', ctx.now());
    r.set('text', newText(input.text));
    roots(doc).learnings.set(id, r);
  }, ctx.origin);
  return id;
}

export function updateLearning(doc: Y.Doc, id: LearningId, value: string, ctx: WriteContext): void {
  requireText(value, LIMITS.noteLength, 'Learning');
  doc.transact(
    () => applyTextEdit(textOf(requireRecord(roots(doc).learnings, id, 'learning')), value, ctx.origin),
    ctx.origin,
  );
}

export function deleteLearning(doc: Y.Doc, id: LearningId, ctx: WriteContext): void {
  doc.transact(() => roots(doc).learnings.delete(id), ctx.origin);
}
