// Action items: the vocabulary.
import type { ActionItemId, FactorId } from '../../ids';

export type ActionStatus = 'open' | 'in-progress' | 'done';
export const ACTION_STATUSES: readonly ActionStatus[] = ['open', 'in-progress', 'done'];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
};

/** More action items than this earns a gentle nudge to focus. */
export const ACTION_ITEM_FOCUS_LIMIT = 5;

/** A specific, owned, dated change, traced to the factors it addresses. */
export interface ActionItem {
  id: ActionItemId;
  text: string;
  owner: string;
  /** `YYYY-MM-DD` or empty when not yet decided. */
  due: string;
  status: ActionStatus;
  factorIds: FactorId[];
  createdAt: number;
  /** Who wrote it: a name only when the board showed authors at the time; empty otherwise. */
  author: string;
}
