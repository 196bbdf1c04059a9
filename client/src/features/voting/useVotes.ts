// Dot-voting as plain data: this person's dots and what is left of their budget, the board's
// settings, and every note's tally.
import type * as Y from 'yjs';
import { readMyVotes, readTallies, readVoteSettings, type VoteTargetId } from '../../../../shared/board';
import { VOTE_ROOTS } from '../../sync/boardHooks';
import type { VoterId } from '../../../../shared/ids';
import { useBoard } from '../../sync/BoardContext';
import { useBoardValue } from '../../sync/useBoardValue';

export interface VoteState {
  /** This person's dots per note. */
  mine: ReadonlyMap<VoteTargetId, number>;
  left: number;
  budget: number;
  /** Most dots one person may put on one note; null for no cap. */
  cap: number | null;
  /** Everyone's dots per note. */
  tallies: ReadonlyMap<VoteTargetId, number>;
  /** Notes with dots, most first. */
  ranked: ReadonlyArray<{ targetId: VoteTargetId; dots: number }>;
}


function readVoteState(doc: Y.Doc, voterId: VoterId): VoteState {
  const my = readMyVotes(doc, voterId);
  const settings = readVoteSettings(doc);
  const ranked = readTallies(doc);
  return {
    mine: my.ballot,
    left: my.left,
    budget: my.budget,
    cap: settings.perTargetCap,
    tallies: new Map(ranked.map((t) => [t.targetId, t.dots])),
    ranked,
  };
}

export function useVotes(): VoteState {
  const { doc, voterId } = useBoard();
  return useBoardValue(doc, VOTE_ROOTS, (d) => readVoteState(d, voterId), [voterId]);
}

/** Whether this person may spend one more dot on a note. */
export function canSpendOn(votes: VoteState, targetId: VoteTargetId): boolean {
  const mine = votes.mine.get(targetId) ?? 0;
  return votes.left > 0 && (votes.cap === null || mine < votes.cap);
}
