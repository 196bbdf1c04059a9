// Action items: the vocabulary.
import type { ActionItemId, FactorId } from '../../ids';

/** `wont-do`: decided against, with a reason (`statusReason`), rather than left to rot as open. */
export type ActionStatus = 'open' | 'in-progress' | 'done' | 'wont-do';
export const ACTION_STATUSES: readonly ActionStatus[] = ['open', 'in-progress', 'done', 'wont-do'];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  'wont-do': "Won't do",
};

/** Longest reason for not doing an action item. */
export const STATUS_REASON_LENGTH = 300;

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
  /** Why it will not be done (status `wont-do`); empty otherwise. */
  statusReason: string;
  factorIds: FactorId[];
  createdAt: number;
  /** Who wrote it: a name only when the board showed authors at the time; empty otherwise. */
  author: string;
}
