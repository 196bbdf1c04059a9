// The meeting's records: reading them.
//   checkins      Y.Map<CheckinId, Y.Map>  kind, text (string), createdAt, author
//   ready         Y.Map<string, number>    `<phase>@<phaseChangedAt>:<VoterId>` -> when
//   participants  Y.Map<VoterId, Y.Map>    name, firstSeen
import type { CheckinId, VoterId } from '../../ids';
import { authorOf, byCreated, isRec, num, oneOf, str, text } from '../core/fields';
import { defineReader } from '../core/reader';
import { ROOT } from '../core/roots';
import { LIMITS } from '../core/schema';
import { CHECKIN_KINDS, type CheckinLine, type Participant } from './schema';

/** Check-in lines in the order they were added. */
export const readCheckins = defineReader([ROOT.checkins], ({ checkins }): CheckinLine[] => {
  const out: CheckinLine[] = [];
  checkins.forEach((r, id) => {
    if (!isRec(r)) return;
    out.push({
      id: id as CheckinId,
      kind: oneOf(r.get('kind'), CHECKIN_KINDS, 'worked'),
      text: text(r.get('text')).slice(0, LIMITS.checkinLength),
      createdAt: num(r.get('createdAt')),
      author: authorOf(r),
    });
  });
  return out.filter((c) => c.text.trim() !== '').sort(byCreated);
});

/** The key under which readiness for one visit of a phase is kept: moving to a phase (again)
 * starts a fresh count. */
export function readinessKey(phase: string, phaseChangedAt: number): string {
  return `${phase}@${phaseChangedAt}`;
}

/** The voters who said they are done with one visit of a phase (see readinessKey). */
export const readReady = defineReader([ROOT.ready], ({ ready }, key: string): Set<VoterId> => {
  const out = new Set<VoterId>();
  const prefix = `${key}:`;
  ready.forEach((v, k) => {
    if (k.startsWith(prefix) && typeof v === 'number') out.add(k.slice(prefix.length) as VoterId);
  });
  return out;
});

/** Everyone who has opened the board, in the order they first did. */
export const readParticipants = defineReader([ROOT.participants], ({ participants }): Participant[] => {
  const out: Participant[] = [];
  participants.forEach((r, id) => {
    if (!isRec(r)) return;
    out.push({ id: id as VoterId, name: str(r.get('name')), firstSeen: num(r.get('firstSeen')) });
  });
  return out.sort((a, b) => a.firstSeen - b.firstSeen || (a.id < b.id ? -1 : 1));
});
