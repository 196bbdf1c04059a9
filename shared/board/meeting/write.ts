// The meeting's records: the mutations.
import * as Y from 'yjs';
import type { CheckinId, VoterId } from '../../ids';
import { RECORD_ID_BITS, type WriteContext } from '../core/context';
import { isRec } from '../core/fields';
import { roots, type Rec } from '../core/roots';
import { LIMITS } from '../core/schema';
import { BoardValidationError, requireAuthor, requireText } from '../core/validate';
import { CHECKIN_KINDS, type CheckinKind } from './schema';

export interface NewCheckin {
  kind: CheckinKind;
  text: string;
  /** The writer's name, given only while the board shows authors. */
  author?: string;
}

/** Adds one line to the check-in ("what worked / what didn't / what surprised you"). */
export function addCheckin(doc: Y.Doc, input: NewCheckin, ctx: WriteContext): CheckinId {
  if (!CHECKIN_KINDS.includes(input.kind)) throw new BoardValidationError(`Unknown check-in prompt: ${String(input.kind)}.`);
  const value = requireText(input.text, LIMITS.checkinLength, 'Check-in line', false).trim();
  if (value === '') throw new BoardValidationError('Check-in line cannot be empty.');
  const author = requireAuthor(input.author);
  const id = ctx.newId(RECORD_ID_BITS) as CheckinId;
  doc.transact(() => {
    const r: Rec = new Y.Map();
    r.set('kind', input.kind);
    r.set('text', value);
    r.set('createdAt', ctx.now());
    if (author) r.set('author', author);
    roots(doc).checkins.set(id, r);
  }, ctx.origin);
  return id;
}

export function deleteCheckin(doc: Y.Doc, id: CheckinId, ctx: WriteContext): void {
  doc.transact(() => roots(doc).checkins.delete(id), ctx.origin);
}

/** Says this voter is done (or not) with one visit of a phase (key from readinessKey). */
export function setReady(doc: Y.Doc, key: string, voterId: VoterId, ready: boolean, ctx: WriteContext): void {
  if (typeof key !== 'string' || key === '' || key.length > 100) throw new BoardValidationError('Unknown phase.');
  doc.transact(() => {
    const { ready: map } = roots(doc);
    if (ready) map.set(`${key}:${voterId}`, ctx.now());
    else map.delete(`${key}:${voterId}`);
  }, ctx.origin);
}

/** Records that someone opened the board under a display name. */
export function upsertParticipant(doc: Y.Doc, id: VoterId, name: string, ctx: WriteContext): void {
  const clean = requireText(name.trim(), LIMITS.nameLength, 'Name', false);
  doc.transact(() => {
    const { participants } = roots(doc);
    const existing = participants.get(id);
    if (isRec(existing)) {
      if (existing.get('name') !== clean) existing.set('name', clean);
      return;
    }
    const r: Rec = new Y.Map();
    r.set('name', clean);
    r.set('firstSeen', ctx.now());
    participants.set(id, r);
  }, ctx.origin);
}
