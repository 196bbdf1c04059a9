// What a person may see of the votes (client/src/features/voting): until the reveal only their
// own dots leave the reader; names only under named voting, after the reveal; the rules in words.
// Plus the
// "new since you last looked" window (client/src/features/prework).
import { describe, expect, it, beforeEach } from 'vitest';
import * as Y from 'yjs';
import { addFactor, castVote, setVoterName, type VoteTargetId } from '../../shared/board';
import type { FacilitationSnapshot } from '../../shared/facilitation';
import type { VoterId } from '../../shared/ids';
import { describeRules } from '../../client/src/features/voting/ballot';
import { readVoteState } from '../../client/src/features/voting/useVotes';
import { formatLastLooked, isInWindow } from '../../client/src/features/prework/visits';
import { testContext } from '../helpers/context';

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

type Rules = FacilitationSnapshot['votes'];
const rules = (r: Partial<Rules> = {}): Rules => ({ voteBudget: 3, perTargetCap: null, revealed: false, named: false, ...r });
const ana = 'ballot-ana-0001' as VoterId;
const ben = 'ballot-ben-0001' as VoterId;

/** A dot on a ballot as the server publishes it at the reveal (server/ballots.ts): with the
 * voter's name under named voting. */
function spendDot(doc: Y.Doc, ballotId: VoterId, targetId: VoteTargetId, votes: Rules, name: string, c: typeof ctx): void {
  doc.transact(() => {
    castVote(doc, ballotId, targetId, c, { voteBudget: votes.voteBudget, perTargetCap: votes.perTargetCap });
    setVoterName(doc, ballotId, votes.named ? name : null, c);
  }, c.origin);
}

function board() {
  const doc = new Y.Doc();
  const muted = addFactor(doc, { text: 'Alert routed to a muted channel', category: 'process' }, ctx) as VoteTargetId;
  const pool = addFactor(doc, { text: 'Pool size not covered by any test', category: 'technology' }, ctx) as VoteTargetId;
  return { doc, muted, pool };
}

describe('readVoteState', () => {
  it('gives, before the reveal, only this person’s own dots: no tally, ranking or name', () => {
    const { doc, muted, pool } = board();
    spendDot(doc, ana, muted, rules({ named: true }), 'Ana', ctx);
    spendDot(doc, ana, muted, rules({ named: true }), 'Ana', ctx);
    spendDot(doc, ben, pool, rules(), 'Ben', ctx);
    const seenByBen = readVoteState(doc, ben, rules({ named: true }));
    expect([...seenByBen.mine]).toEqual([[pool, 1]]);
    expect(seenByBen.left).toBe(2);
    expect(seenByBen.tallies.size).toBe(0);
    expect(seenByBen.ranked).toEqual([]);
    expect(seenByBen.voters.size).toBe(0);
    expect(JSON.stringify({ ...seenByBen, mine: [...seenByBen.mine] })).not.toContain('Ana');
  });

  it('gives everyone’s tallies once revealed, and names only under named voting', () => {
    const { doc, muted, pool } = board();
    spendDot(doc, ana, muted, rules({ named: true }), 'Ana', ctx);
    spendDot(doc, ana, muted, rules({ named: true }), 'Ana', ctx);
    spendDot(doc, ben, muted, rules(), 'Ben', ctx);
    spendDot(doc, ben, pool, rules(), 'Ben', ctx);
    const anonymous = readVoteState(doc, ben, rules({ revealed: true }));
    expect(anonymous.ranked).toEqual([
      { targetId: muted, dots: 3 },
      { targetId: pool, dots: 1 },
    ]);
    expect(anonymous.voters.size).toBe(0);
    const named = readVoteState(doc, ben, rules({ revealed: true, named: true }));
    expect(named.voters.get(muted)).toEqual([
      { name: 'Ana', dots: 2 },
      { name: null, dots: 1 },
    ]);
  });

  it('counts by the facilitation document’s settings', () => {
    const { doc, muted, pool } = board();
    for (const target of [muted, muted, pool, pool]) spendDot(doc, ana, target, rules({ voteBudget: 5 }), 'Ana', ctx);
    expect(readVoteState(doc, ana, rules({ voteBudget: 5 })).left).toBe(1);
    // Lowered to three: the fourth dot no longer counts.
    expect(readVoteState(doc, ana, rules({ voteBudget: 3, revealed: true })).ranked.reduce((n, r) => n + r.dots, 0)).toBe(3);
  });
});

describe('the voting rules', () => {
  it('say the rules in words', () => {
    expect(describeRules({ voteBudget: 3, perTargetCap: null })).toBe('3 dots each');
    expect(describeRules({ voteBudget: 1, perTargetCap: 1 })).toBe('1 dot each, at most 1 on one note');
  });
});

describe('new since you last looked', () => {
  it('counts what was written after the last look and before this visit began', () => {
    const window = { from: 1_000, until: 5_000 };
    expect(isInWindow(1_000, window)).toBe(false);
    expect(isInWindow(1_001, window)).toBe(true);
    expect(isInWindow(4_999, window)).toBe(true);
    expect(isInWindow(5_000, window)).toBe(false);
    expect(isInWindow(3_000, null)).toBe(false);
  });

  it('says when, as a weekday this week and a date before', () => {
    const now = Date.UTC(2026, 10, 6, 12, 0);
    expect(formatLastLooked(now - 60 * 60_000, now)).toMatch(/^\S+ \d{1,2}[:.]\d{2}/);
    expect(formatLastLooked(now - 20 * 24 * 60 * 60_000, now)).toMatch(/\d/);
  });
});
