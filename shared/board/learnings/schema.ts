// Learnings: the vocabulary.
import type { LearningId } from '../../ids';

/** One thing someone learned or will change. */
export interface Learning {
  id: LearningId;
  text: string;
  createdAt: number;
  /** Who wrote it: a name only when the board showed authors at the time; empty otherwise. */
  author: string;
}
