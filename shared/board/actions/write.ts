// Action items: the mutations.
import * as Y from 'yjs';
import type { ActionItemId, FactorId } from '../../ids';
import { RECORD_ID_BITS, type WriteContext } from '../core/context';
import { roots, type Rec } from '../core/roots';
import { LIMITS } from '../core/schema';
import { applyTextEdit } from '../core/text';
import { BoardValidationError, newText, requireAuthor, requireDate, requireRecord, requireText, textOf } from '../core/validate';
import { ACTION_STATUSES, STATUS_REASON_LENGTH, type ActionStatus } from './schema';

export interface NewActionItem {
  text: string;
  owner?: string;
  due?: string;
  status?: ActionStatus;
  /** Why it will not be done: needed with `wont-do`, dropped with any other status. */
  statusReason?: string;
  factorIds?: FactorId[];
  /** The writer's name, given only while the board shows authors (ignored by updates). */
  author?: string;
}

function checkAction(input: Partial<NewActionItem>): void {
  if (input.text !== undefined) requireText(input.text, LIMITS.noteLength, 'Action text');
  if (input.owner !== undefined) requireText(input.owner, LIMITS.ownerLength, 'Owner');
  if (input.due !== undefined) requireDate(input.due, 'Due date');
  if (input.status !== undefined && !ACTION_STATUSES.includes(input.status)) {
    throw new BoardValidationError(`Unknown status: ${String(input.status)}.`);
  }
  if (input.statusReason !== undefined) requireText(input.statusReason, STATUS_REASON_LENGTH, 'Reason');
  if (input.status === 'wont-do' && (input.statusReason ?? '').trim() === '') {
    throw new BoardValidationError("Say why it won't be done: the reason stays with the action item.");
  }
}

export function addActionItem(doc: Y.Doc, input: NewActionItem, ctx: WriteContext): ActionItemId {
  checkAction(input);
  const author = requireAuthor(input.author);
  const id = ctx.newId(RECORD_ID_BITS) as ActionItemId;
  doc.transact(() => {
    const r: Rec = new Y.Map();
    if (author) r.set('author', author);
    r.set('owner', input.owner?.trim() ?? '');
    r.set('due', input.due ?? '');
    r.set('status', input.status ?? 'open');
    if (input.status === 'wont-do') r.set('statusReason', input.statusReason!.trim());
    r.set('factorIds', [...new Set(input.factorIds ?? [])]);
    r.set('createdAt', ctx.now());
    r.set('text', newText(input.text));
    roots(doc).actions.set(id, r);
  }, ctx.origin);
  return id;
}

export function updateActionItem(doc: Y.Doc, id: ActionItemId, patch: Partial<NewActionItem>, ctx: WriteContext): void {
  checkAction(patch);
  doc.transact(() => {
    const r = requireRecord(roots(doc).actions, id, 'action item');
    if (patch.text !== undefined) applyTextEdit(textOf(r), patch.text, ctx.origin);
    if (patch.owner !== undefined) r.set('owner', patch.owner);
    if (patch.due !== undefined) r.set('due', patch.due);
    if (patch.status !== undefined) r.set('status', patch.status);
    if (patch.status === 'wont-do') r.set('statusReason', patch.statusReason!.trim());
    else if (patch.status !== undefined) r.delete('statusReason');
    if (patch.factorIds !== undefined) r.set('factorIds', [...new Set(patch.factorIds)]);
  }, ctx.origin);
}

export function deleteActionItem(doc: Y.Doc, id: ActionItemId, ctx: WriteContext): void {
  doc.transact(() => roots(doc).actions.delete(id), ctx.origin);
}
