// The voting rules in words. Ballots themselves are kept by the server (server/ballots.ts; the
// client asks it through services/api.ts, features/voting/myBallot.ts).
import type { FacilitationSnapshot } from '../../../../shared/facilitation';

type VoteRules = FacilitationSnapshot['votes'];

/** The rules in words: "3 dots each, at most 2 on one note". */
export function describeRules(votes: Pick<VoteRules, 'voteBudget' | 'perTargetCap'>): string {
  const each = `${votes.voteBudget} ${votes.voteBudget === 1 ? 'dot' : 'dots'} each`;
  return votes.perTargetCap === null ? each : `${each}, at most ${votes.perTargetCap} on one note`;
}
