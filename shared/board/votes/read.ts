// Dot-voting: reading ballots, tallies and names.
//   votes       Y.Map<VoterId, Y.Map<VoteTargetId, number>>  each voter writes only their own
//   voterNames  Y.Map<VoterId, string>  a ballot's name, written only under named voting
//   settings    Y.Map  voteBudget, perTargetCap (before v3; now in the facilitation document)
import * as Y from 'yjs';
import type { VoterId } from '../../ids';
import { isRec, num } from '../core/fields';
import { defineReader } from '../core/reader';
import { ROOT, type BoardRoots } from '../core/roots';
import { LIMITS } from '../core/schema';
import { DEFAULT_VOTE_SETTINGS, type Ballot, type MyVotes, type VoteSettings, type VoteTargetId } from './schema';

/** Vote settings as kept in a map (`voteBudget`, `perTargetCap`): the board's old `settings` map
 * or the facilitation document's `state`. Wrong types and out-of-range values read as safe ones. */
export function readVoteSettingsOf(map: Y.Map<unknown>): VoteSettings {
  const budget = num(map.get('voteBudget'), DEFAULT_VOTE_SETTINGS.voteBudget);
  const cap = map.get('perTargetCap');
  return {
    voteBudget: Math.min(LIMITS.maxVoteBudget, Math.max(0, Math.floor(budget))),
    perTargetCap: typeof cap === 'number' && Number.isFinite(cap) && cap >= 1 ? Math.floor(cap) : null,
  };
}

/** The board document's own vote settings (boards before v3; see shared/facilitation). */
export const readVoteSettings = defineReader([ROOT.settings], ({ settings }) => readVoteSettingsOf(settings));

/** True when a factor or cluster with this id exists (dots can be spent on it). */
export function isVoteTarget(r: Pick<BoardRoots, 'factors' | 'clusters'>, id: string): boolean {
  return isRec(r.factors.get(id)) || isRec(r.clusters.get(id));
}

/** Every voter's dots. Dots on a note that no longer exists are not counted (they go back to the
 * voter). Counts are clamped to the settings (by default the board's own), in a stable order
 * (target id), so a peer that overspent (by bug or on purpose) cannot weigh more than its budget. */
export const readBallots = defineReader(
  [ROOT.votes, ROOT.factors, ROOT.clusters, ...readVoteSettings.roots],
  (r, settings: VoteSettings = readVoteSettings.from(r)): Map<VoterId, Ballot> => {
    const out = new Map<VoterId, Ballot>();
    r.votes.forEach((ballot, voterId) => {
      if (!(ballot instanceof Y.Map)) return;
      const entries = [...ballot.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      let left = settings.voteBudget;
      const clean = new Map<VoteTargetId, number>();
      for (const [target, raw] of entries) {
        if (!isVoteTarget(r, target)) continue;
        let n = typeof raw === 'number' && Number.isFinite(raw) ? Math.floor(raw) : 0;
        if (settings.perTargetCap !== null) n = Math.min(n, settings.perTargetCap);
        n = Math.min(n, left);
        if (n > 0) {
          clean.set(target as VoteTargetId, n);
          left -= n;
        }
      }
      out.set(voterId as VoterId, clean);
    });
    return out;
  },
);

/** Dots per target (factor or cluster), highest first; targets that no longer exist are left out. */
export const readTallies = defineReader(
  readBallots.roots,
  (r, settings?: VoteSettings): Array<{ targetId: VoteTargetId; dots: number }> => {
    const totals = new Map<VoteTargetId, number>();
    for (const ballot of readBallots.from(r, settings).values()) {
      for (const [target, n] of ballot) totals.set(target, (totals.get(target) ?? 0) + n);
    }
    return [...totals]
      .map(([targetId, dots]) => ({ targetId, dots }))
      .sort((a, b) => b.dots - a.dots || (a.targetId < b.targetId ? -1 : 1));
  },
);

/** One voter's own dots and how many they have left. */
export const readMyVotes = defineReader(
  readBallots.roots,
  (r, voterId: VoterId, settings: VoteSettings = readVoteSettings.from(r)): MyVotes => {
    const ballot = readBallots.from(r, settings).get(voterId) ?? new Map<VoteTargetId, number>();
    let spent = 0;
    for (const n of ballot.values()) spent += n;
    return { ballot, left: Math.max(0, settings.voteBudget - spent), budget: settings.voteBudget };
  },
);

/** Names voters gave their ballots under named voting. */
export const readVoterNames = defineReader([ROOT.voterNames], ({ voterNames }): Map<VoterId, string> => {
  const out = new Map<VoterId, string>();
  voterNames.forEach((v, k) => {
    if (typeof v === 'string' && v.trim() !== '') out.set(k as VoterId, v.slice(0, LIMITS.nameLength));
  });
  return out;
});
