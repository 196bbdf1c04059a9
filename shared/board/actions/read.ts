// Action items: reading them.
//   actions  Y.Map<ActionItemId, Y.Map>  owner, due, status, factorIds (string[]), createdAt,
//                                        author, text: Y.Text, statusReason (with wont-do)
import type { ActionItemId, FactorId } from '../../ids';
import { authorOf, byCreated, isRec, num, oneOf, str, text } from '../core/fields';
import { defineReader } from '../core/reader';
import { ROOT } from '../core/roots';
import { isCalendarDate } from '../core/schema';
import { ACTION_STATUSES, STATUS_REASON_LENGTH, type ActionItem } from './schema';

/** Action items in creation order. References to factors that no longer exist (a peer may have
 * deleted one while another linked it) are left out. */
export const readActions = defineReader([ROOT.actions, ROOT.factors], ({ actions, factors }): ActionItem[] => {
  const out: ActionItem[] = [];
  actions.forEach((r, id) => {
    if (!isRec(r)) return;
    const ids = r.get('factorIds');
    const due = r.get('due');
    const factorIds = Array.isArray(ids)
      ? [...new Set(ids.filter((x): x is string => typeof x === 'string' && isRec(factors.get(x))))]
      : [];
    const status = oneOf(r.get('status'), ACTION_STATUSES, 'open');
    out.push({
      id: id as ActionItemId,
      text: text(r.get('text')),
      owner: str(r.get('owner')),
      due: isCalendarDate(due) ? due : '',
      status,
      statusReason: status === 'wont-do' ? str(r.get('statusReason')).slice(0, STATUS_REASON_LENGTH) : '',
      factorIds: factorIds as FactorId[],
      createdAt: num(r.get('createdAt')),
      author: authorOf(r),
    });
  });
  return out.sort(byCreated);
});
