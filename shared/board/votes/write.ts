// Dot-voting: the mutations. Each voter writes only their own ballot.
import * as Y from 'yjs';
import type { VoterId } from '../../ids';
import type { WriteContext } from '../core/context';
import { roots } from '../core/roots';
import { LIMITS } from '../core/schema';
import { BoardValidationError, requireText } from '../core/validate';
import { isVoteTarget, readMyVotes, readVoteSettings } from './read';
import type { Ballot, VoteSettings, VoteTargetId } from './schema';

/** Spends one dot on a target. Returns false (and writes nothing) when the budget or cap says no. */
export function castVote(
  doc: Y.Doc,
  voterId: VoterId,
  targetId: VoteTargetId,
  ctx: WriteContext,
  settings: VoteSettings = readVoteSettings(doc),
): boolean {
  if (!isVoteTarget(roots(doc), targetId)) throw new BoardValidationError('That note no longer exists.');
  const { ballot, left } = readMyVotes(doc, voterId, settings);
  const current = ballot.get(targetId) ?? 0;
  if (left <= 0) return false;
  if (settings.perTargetCap !== null && current >= settings.perTargetCap) return false;
  const next = new Map(ballot);
  next.set(targetId, current + 1);
  doc.transact(() => writeBallot(doc, voterId, next), ctx.origin);
  return true;
}

/** Takes back one dot from a target. Returns false when there was none to take back. */
export function retractVote(
  doc: Y.Doc,
  voterId: VoterId,
  targetId: VoteTargetId,
  ctx: WriteContext,
  settings: VoteSettings = readVoteSettings(doc),
): boolean {
  const { ballot } = readMyVotes(doc, voterId, settings);
  const current = ballot.get(targetId) ?? 0;
  if (current <= 0) return false;
  const next = new Map(ballot);
  if (current <= 1) next.delete(targetId);
  else next.set(targetId, current - 1);
  doc.transact(() => writeBallot(doc, voterId, next), ctx.origin);
  return true;
}

/** Makes a voter's stored ballot exactly `next`. A voter's own write settles their ballot to what
 * they see: dots clamped away (an overspend, a lowered budget) or left on deleted notes are
 * dropped, so a hidden dot can never reappear on another note when one is taken back. */
function writeBallot(doc: Y.Doc, voterId: VoterId, next: Ballot): void {
  const { votes } = roots(doc);
  let mine = votes.get(voterId);
  if (!(mine instanceof Y.Map)) {
    mine = new Y.Map<number>();
    votes.set(voterId, mine);
  }
  for (const key of [...mine.keys()]) if (!next.has(key as VoteTargetId)) mine.delete(key);
  for (const [target, n] of next) if (mine.get(target) !== n) mine.set(target, n);
}

/** Puts a name on a ballot (named voting), or takes it off with `null`. */
export function setVoterName(doc: Y.Doc, voterId: VoterId, name: string | null, ctx: WriteContext): void {
  const clean = name === null ? '' : requireText(name, LIMITS.nameLength, 'Name').trim();
  doc.transact(() => {
    const { voterNames } = roots(doc);
    if (clean === '') voterNames.delete(voterId);
    else if (voterNames.get(voterId) !== clean) voterNames.set(voterId, clean);
  }, ctx.origin);
}

/** Writes the board document's own vote settings (boards before v3; the client now writes the
 * facilitation document's, shared/facilitation setFacilitationVoteSettings). */
export function setVoteSettings(doc: Y.Doc, settings: Partial<VoteSettings>, ctx: WriteContext): void {
  checkVoteSettings(settings);
  doc.transact(() => {
    const s = roots(doc).settings;
    if (settings.voteBudget !== undefined) s.set('voteBudget', settings.voteBudget);
    if (settings.perTargetCap !== undefined) s.set('perTargetCap', settings.perTargetCap);
  }, ctx.origin);
}

/** Throws a BoardValidationError for vote settings a board cannot use. */
export function checkVoteSettings({ voteBudget, perTargetCap }: Partial<VoteSettings>): void {
  if (voteBudget !== undefined && (!Number.isInteger(voteBudget) || voteBudget < 1 || voteBudget > LIMITS.maxVoteBudget)) {
    throw new BoardValidationError(`Dots per person must be a whole number from 1 to ${LIMITS.maxVoteBudget}.`);
  }
  if (perTargetCap !== undefined && perTargetCap !== null && (!Number.isInteger(perTargetCap) || perTargetCap < 1)) {
    throw new BoardValidationError('The most dots on one note must be a whole number of at least 1, or no limit.');
  }
}
