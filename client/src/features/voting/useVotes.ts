// Dot-voting as plain data, as this person may see it. This person's own dots come from the
// server (myBallot.ts: nobody's dots are in the shared documents before the reveal); the rules
// (dots per person, the cap, hidden or revealed, named or not) from the facilitation document; the
// tallies from the ballots the server publishes into the board document at the reveal. Until then
// no total, ranking or name is computed, so none can reach the screen by mistake.
import {
  defineReader,
  readBallots,
  readMyVotes,
  readVoterNames,
  type Ballots,
  type VoteSettings,
  type VoteTargetId,
} from '../../../../shared/board';
import type { FacilitationSnapshot } from '../../../../shared/facilitation';
import type { VoterId } from '../../../../shared/ids';
import { useMemo } from 'react';
import { useBoard, useConnectionState } from '../../sync/BoardContext';
import { useMyBallot, type MyBallot } from './myBallot';
import { useFacilitation } from '../../sync/facilitationHooks';
import { useBoardValue } from '../../sync/useBoardValue';

/** Someone who put dots on a note, under named voting; `name: null` sums the ballots without one. */
export interface NamedDots {
  name: string | null;
  dots: number;
}

export interface VoteState {
  /** This person's dots per note. */
  mine: ReadonlyMap<VoteTargetId, number>;
  left: number;
  budget: number;
  /** Most dots one person may put on one note; null for no cap. */
  cap: number | null;
  /** The facilitator has revealed the votes. Until then `tallies`, `ranked` and `voters` are empty. */
  revealed: boolean;
  /** Named voting: voters' names travel with their dots (shown only once revealed). */
  named: boolean;
  /** Everyone's dots per note (once revealed). */
  tallies: ReadonlyMap<VoteTargetId, number>;
  /** Notes with dots, most first (once revealed). */
  ranked: ReadonlyArray<{ targetId: VoteTargetId; dots: number }>;
  /** Who put dots on each note, most first (named voting, once revealed). */
  voters: ReadonlyMap<VoteTargetId, readonly NamedDots[]>;
}

type VoteRules = FacilitationSnapshot['votes'];

const NONE = new Map<never, never>();

/** The settings the readers clamp ballots with. */
export const settingsOf = (votes: VoteRules): VoteSettings => ({ voteBudget: votes.voteBudget, perTargetCap: votes.perTargetCap });

/** What one person may see of the votes on a board (ballots, the notes they may go to, names on
 * ballots). Exported for tests. */
export const readVoteState = defineReader(
  [...readMyVotes.roots, ...readBallots.roots, ...readVoterNames.roots],
  (r, ballotId: VoterId, votes: VoteRules): VoteState => {
    const settings = settingsOf(votes);
    const my = readMyVotes.from(r, ballotId, settings);
    const base = {
      mine: my.ballot,
      left: my.left,
      budget: my.budget,
      cap: settings.perTargetCap,
      revealed: votes.revealed,
      named: votes.named,
    };
    if (!votes.revealed) return { ...base, tallies: NONE, ranked: [], voters: NONE };

    const ballots = readBallots.from(r, settings);
    const totals = new Map<VoteTargetId, number>();
    for (const ballot of ballots.values()) for (const [target, n] of ballot) totals.set(target, (totals.get(target) ?? 0) + n);
    const ranked = [...totals]
      .filter(([, dots]) => dots > 0)
      .map(([targetId, dots]) => ({ targetId, dots }))
      .sort((a, b) => b.dots - a.dots || (a.targetId < b.targetId ? -1 : 1));
    return { ...base, tallies: totals, ranked, voters: votes.named ? votersOf(ballots, readVoterNames.from(r)) : NONE };
  },
);

function votersOf(ballots: Ballots, names: ReadonlyMap<VoterId, string>): Map<VoteTargetId, NamedDots[]> {
  const per = new Map<VoteTargetId, Map<string | null, number>>();
  for (const [voterId, ballot] of ballots) {
    const name = names.get(voterId) ?? null;
    for (const [target, n] of ballot) {
      if (!(n > 0)) continue;
      let m = per.get(target);
      if (!m) per.set(target, (m = new Map()));
      m.set(name, (m.get(name) ?? 0) + n);
    }
  }
  const out = new Map<VoteTargetId, NamedDots[]>();
  for (const [target, m] of per) {
    const named = [...m]
      .filter(([name]) => name !== null)
      .map(([name, dots]) => ({ name, dots }))
      .sort((a, b) => b.dots - a.dots || a.name!.localeCompare(b.name!));
    const unnamed = m.get(null);
    out.set(target, unnamed ? [...named, { name: null, dots: unnamed }] : named);
  }
  return out;
}

/** The votes with this person's own dots as the server keeps them (myBallot.ts): the shared
 * documents carry nobody's dots before the reveal, and afterwards not under this person's id. */
export function withMyBallot(state: VoteState, my: MyBallot): VoteState {
  let spent = 0;
  for (const n of my.dots.values()) spent += n;
  return { ...state, mine: my.dots, left: Math.max(0, state.budget - spent) };
}

/** The votes as this person may see them; re-renders when they change. */
export function useVotes(): VoteState {
  const { doc, ballotId, connection, token } = useBoard();
  const { votes, phase } = useFacilitation();
  const shared = useBoardValue(doc, readVoteState, ballotId, votes);
  // The state, not the whole status: the whole changes twice a keystroke (the unsent count), and
  // would re-render every section that shows votes (the factor board with its drag context).
  const state = useConnectionState(connection);
  const my = useMyBallot(connection.boardId, token, `${phase}:${votes.revealed}:${votes.voteBudget}:${votes.perTargetCap}:${state}`);
  return useMemo(() => withMyBallot(shared, my), [shared, my]);
}

/** Whether this person may spend one more dot on a note. */
export function canSpendOn(votes: VoteState, targetId: VoteTargetId): boolean {
  const mine = votes.mine.get(targetId) ?? 0;
  return votes.left > 0 && (votes.cap === null || mine < votes.cap);
}

/** Everyone's dots on a note as this person may see them: null while the votes are hidden. */
export function tallyOf(votes: VoteState, targetId: VoteTargetId): number | null {
  return votes.revealed ? (votes.tallies.get(targetId) ?? 0) : null;
}
