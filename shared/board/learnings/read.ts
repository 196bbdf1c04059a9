// Learnings: reading them.
//   learnings  Y.Map<LearningId, Y.Map>  createdAt, author, text: Y.Text
import type { LearningId } from '../../ids';
import { authorOf, byCreated, isRec, num, text } from '../core/fields';
import { defineReader } from '../core/reader';
import { ROOT } from '../core/roots';
import type { Learning } from './schema';

/** Learnings in the order they were added. */
export const readLearnings = defineReader([ROOT.learnings], ({ learnings }): Learning[] => {
  const out: Learning[] = [];
  learnings.forEach((r, id) => {
    if (!isRec(r)) return;
    out.push({ id: id as LearningId, text: text(r.get('text')), createdAt: num(r.get('createdAt')), author: authorOf(r) });
  });
  return out.sort(byCreated);
});
