// Writing this person's ballot: a dot spent or taken back, with the facilitation document's
// rules. Under named voting a dot spent also puts the voter's display name on their ballot; a dot
// spent while voting is anonymous takes it off again, so a name never outlives the vote it was
// given for.
import type * as Y from 'yjs';
import { castVote, LIMITS, retractVote, setVoterName, type VoteTargetId, type WriteContext } from '../../../../shared/board';
import type { FacilitationSnapshot } from '../../../../shared/facilitation';
import type { VoterId } from '../../../../shared/ids';
import { settingsOf } from './useVotes';

type VoteRules = FacilitationSnapshot['votes'];

/** Spends one dot (one transaction). Returns false, writing nothing, when the rules say no. */
export function spendDot(
  doc: Y.Doc,
  ballotId: VoterId,
  targetId: VoteTargetId,
  votes: VoteRules,
  displayName: string,
  ctx: WriteContext,
): boolean {
  let spent = false;
  doc.transact(() => {
    spent = castVote(doc, ballotId, targetId, ctx, settingsOf(votes));
    if (!spent) return;
    const name = displayName.trim().slice(0, LIMITS.nameLength).trim();
    setVoterName(doc, ballotId, votes.named && name !== '' ? name : null, ctx);
  }, ctx.origin);
  return spent;
}

/** Takes one dot back. Returns false when there was none to take back. */
export function takeBackDot(doc: Y.Doc, ballotId: VoterId, targetId: VoteTargetId, votes: VoteRules, ctx: WriteContext): boolean {
  return retractVote(doc, ballotId, targetId, ctx, settingsOf(votes));
}

/** The rules in words: "3 dots each, at most 2 on one note". */
export function describeRules(votes: Pick<VoteRules, 'voteBudget' | 'perTargetCap'>): string {
  const each = `${votes.voteBudget} ${votes.voteBudget === 1 ? 'dot' : 'dots'} each`;
  return votes.perTargetCap === null ? each : `${each}, at most ${votes.perTargetCap} on one note`;
}
