// The facilitation document: phases, the timer on the server's clock, vote settings and reveal,
// authorship, ground rules; readers facing garbage; and the meeting's records in the board
// document (check-in lines, "done with this phase", names on ballots, authors).
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BoardValidationError,
  LIMITS,
  addCheckin,
  addEvent,
  addFactor,
  addLearning,
  castVote,
  deleteCheckin,
  readBallots,
  readCheckins,
  readEvents,
  readFactors,
  readLearnings,
  readReady,
  readTallies,
  readVoterNames,
  readinessKey,
  roots,
  setReady,
  setVoterName,
} from '../../shared/board';
import {
  DEFAULT_GROUND_RULES,
  FACILITATION_LIMITS,
  PHASES,
  PHASE_PURPOSES,
  extendTimer,
  facilitationRoots,
  isClosed,
  readFacilitation,
  readFacilitationVoteSettings,
  readPhase,
  setFacilitationVoteSettings,
  setGroundRules,
  setCanWait,
  setNamedVoting,
  setPhase,
  setShowAuthors,
  setVotesRevealed,
  startTimer,
  stopTimer,
  subscribeFacilitation,
} from '../../shared/facilitation';
import type { VoterId } from '../../shared/ids';
import { testContext } from '../helpers/context';

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

const T0 = Date.UTC(2026, 10, 30, 14, 0);

describe('phases', () => {
  it('starts in pre-work, moves to any phase, and only closed is closed', () => {
    const doc = new Y.Doc();
    expect(readPhase(doc)).toBe('prework');
    expect(readFacilitation(doc).phase).toBe('prework');
    for (const phase of PHASES) {
      setPhase(doc, phase, T0, ctx);
      expect(readPhase(doc)).toBe(phase);
      expect(isClosed(doc)).toBe(phase === 'closed');
    }
    expect(readFacilitation(doc).closedAt).toBe(T0);
    // Closing reveals the votes: the final report says where the dots went.
    expect(readFacilitation(doc).votes.revealed).toBe(true);
    setPhase(doc, 'learnings', T0 + 1, ctx);
    expect(readFacilitation(doc)).toMatchObject({ phase: 'learnings', closedAt: 0, phaseChangedAt: T0 + 1 });
  });

  it('gives every phase a one-sentence purpose', () => {
    for (const phase of PHASES) {
      expect(PHASE_PURPOSES[phase].length).toBeGreaterThan(20);
      expect(PHASE_PURPOSES[phase].split(/[.!?](\s|$)/).filter((s) => s && s.trim()).length).toBeLessThanOrEqual(2);
    }
  });

  it('refuses a phase it does not know, and reads a garbage phase as pre-work', () => {
    const doc = new Y.Doc();
    expect(() => setPhase(doc, 'lunch' as never, T0, ctx)).toThrow(BoardValidationError);
    facilitationRoots(doc).state.set('phase', 42);
    expect(readPhase(doc)).toBe('prework');
    facilitationRoots(doc).state.set('phase', 'closed ');
    expect(isClosed(doc)).toBe(false);
  });

  it('moving to the same phase again changes nothing (no fresh readiness count)', () => {
    const doc = new Y.Doc();
    setPhase(doc, 'timeline', T0, ctx);
    setPhase(doc, 'timeline', T0 + 5_000, ctx);
    expect(readFacilitation(doc).phaseChangedAt).toBe(T0);
  });
});

describe('timer', () => {
  it('ends at a moment on the server clock and belongs to its phase', () => {
    const doc = new Y.Doc();
    setPhase(doc, 'timeline', T0, ctx);
    startTimer(doc, 5 * 60_000, T0 + 1_000, ctx);
    expect(readFacilitation(doc).timer).toEqual({ endsAt: T0 + 1_000 + 300_000, durationMs: 300_000, phase: 'timeline' });
    extendTimer(doc, 60_000, T0 + 2_000, ctx);
    expect(readFacilitation(doc).timer?.endsAt).toBe(T0 + 361_000);
    // Moving on stops a countdown that was for the phase before.
    setPhase(doc, 'factors', T0 + 3_000, ctx);
    expect(readFacilitation(doc).timer).toBeNull();
  });

  it('extending a countdown that already ended counts from now', () => {
    const doc = new Y.Doc();
    startTimer(doc, 60_000, T0, ctx);
    extendTimer(doc, 60_000, T0 + 120_000, ctx);
    expect(readFacilitation(doc).timer?.endsAt).toBe(T0 + 180_000);
    stopTimer(doc, ctx);
    expect(readFacilitation(doc).timer).toBeNull();
  });

  it('refuses durations outside 10 seconds to 3 hours, and reads a broken timer as none', () => {
    const doc = new Y.Doc();
    for (const ms of [0, 9_999, FACILITATION_LIMITS.maxTimerMs + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => startTimer(doc, ms, T0, ctx), String(ms)).toThrow(BoardValidationError);
    }
    facilitationRoots(doc).timer.set('endsAt', 'soon');
    facilitationRoots(doc).timer.set('durationMs', 1);
    facilitationRoots(doc).timer.set('phase', 'voting');
    expect(readFacilitation(doc).timer).toBeNull();
  });
});

describe('vote settings, reveal and authorship', () => {
  it('defaults to three hidden, anonymous dots and anonymous notes', () => {
    const doc = new Y.Doc();
    expect(readFacilitation(doc).votes).toEqual({ voteBudget: 3, perTargetCap: null, revealed: false, named: false });
    expect(readFacilitation(doc).showAuthors).toBe(false);
  });

  it('keeps what the facilitator sets, and refuses nonsense', () => {
    const doc = new Y.Doc();
    setFacilitationVoteSettings(doc, { voteBudget: 5, perTargetCap: 2 }, ctx);
    setVotesRevealed(doc, true, ctx);
    setNamedVoting(doc, true, ctx);
    setShowAuthors(doc, true, ctx);
    expect(readFacilitation(doc)).toMatchObject({ votes: { voteBudget: 5, perTargetCap: 2, revealed: true, named: true }, showAuthors: true });
    for (const bad of [0, -1, 2.5, LIMITS.maxVoteBudget + 1]) {
      expect(() => setFacilitationVoteSettings(doc, { voteBudget: bad }, ctx), String(bad)).toThrow(BoardValidationError);
    }
    expect(() => setFacilitationVoteSettings(doc, { perTargetCap: 0 }, ctx)).toThrow(BoardValidationError);
    setFacilitationVoteSettings(doc, { perTargetCap: null }, ctx);
    expect(readFacilitationVoteSettings(doc)).toEqual({ voteBudget: 5, perTargetCap: null });
  });

  it('keeps why a top factor can wait, refuses a missing or long reason, and takes it back', () => {
    const doc = new Y.Doc();
    setCanWait(doc, 'f-1', '  The channel is retired\n next sprint. ', ctx);
    expect(readFacilitation(doc).canWait).toEqual({ 'f-1': 'The channel is retired next sprint.' });
    expect(() => setCanWait(doc, 'f-2', '   ', ctx)).toThrow(BoardValidationError);
    expect(() => setCanWait(doc, 'f-2', 'x'.repeat(FACILITATION_LIMITS.canWaitReasonLength + 1), ctx)).toThrow(BoardValidationError);
    setCanWait(doc, 'f-1', null, ctx);
    expect(readFacilitation(doc).canWait).toEqual({});
    // Garbage written by hand is dropped.
    facilitationRoots(doc).state.set('canWait', { a: 3, b: '', c: 'ok' });
    expect(readFacilitation(doc).canWait).toEqual({ c: 'ok' });
  });

  it('reads garbage settings as safe values', () => {
    const doc = new Y.Doc();
    const { state } = facilitationRoots(doc);
    state.set('voteBudget', 1e9);
    state.set('perTargetCap', -3);
    state.set('votesRevealed', 'yes');
    state.set('showAuthors', 1);
    expect(readFacilitation(doc)).toMatchObject({
      votes: { voteBudget: LIMITS.maxVoteBudget, perTargetCap: null, revealed: false },
      showAuthors: false,
    });
  });

  it('dots are counted against the facilitation settings, not the board document', () => {
    const doc = new Y.Doc();
    const fac = new Y.Doc();
    const a = addFactor(doc, { text: 'No capacity review', category: 'process' }, ctx);
    const me = 'ballot-1' as VoterId;
    setFacilitationVoteSettings(fac, { voteBudget: 1 }, ctx);
    const settings = readFacilitationVoteSettings(fac);
    expect(castVote(doc, me, a, ctx, settings)).toBe(true);
    expect(castVote(doc, me, a, ctx, settings)).toBe(false);
    expect(readTallies(doc, settings)).toEqual([{ targetId: a, dots: 1 }]);
    // A peer that wrote more dots than the budget still weighs one.
    roots(doc).votes.get(me)!.set(a, 9);
    expect(readBallots(doc, settings).get(me)?.get(a)).toBe(1);
  });
});

describe('ground rules', () => {
  it('starts from the blameless defaults and keeps an edited list', () => {
    const doc = new Y.Doc();
    expect(readFacilitation(doc).groundRules).toEqual(DEFAULT_GROUND_RULES);
    setGroundRules(doc, ['  No blame. ', '', 'Cameras optional.'], ctx);
    expect(readFacilitation(doc).groundRules).toEqual(['No blame.', 'Cameras optional.']);
    setGroundRules(doc, [], ctx);
    expect(readFacilitation(doc).groundRules).toEqual(DEFAULT_GROUND_RULES);
  });

  it('refuses too many or too long rules, and reads garbage as the defaults or strings only', () => {
    const doc = new Y.Doc();
    expect(() => setGroundRules(doc, Array.from({ length: 13 }, (_, i) => `Rule ${i}`), ctx)).toThrow(/At most 12/);
    expect(() => setGroundRules(doc, ['x'.repeat(301)], ctx)).toThrow(/300 characters/);
    facilitationRoots(doc).state.set('groundRules', 'be nice');
    expect(readFacilitation(doc).groundRules).toEqual(DEFAULT_GROUND_RULES);
    facilitationRoots(doc).state.set('groundRules', ['ok', 7, null, { rule: 'x' }]);
    expect(readFacilitation(doc).groundRules).toEqual(['ok']);
  });
});

describe('change notifications', () => {
  it('calls back once per transaction that touched the document', () => {
    const doc = new Y.Doc();
    let calls = 0;
    const stop = subscribeFacilitation(doc, () => calls++);
    setPhase(doc, 'voting', T0, ctx);
    startTimer(doc, 60_000, T0, ctx);
    doc.transact(() => {
      setVotesRevealed(doc, true, ctx);
      setShowAuthors(doc, true, ctx);
    });
    expect(calls).toBe(3);
    stop();
    setPhase(doc, 'actions', T0, ctx);
    expect(calls).toBe(3);
  });

  it('two copies converge on the same phase and timer', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    setPhase(a, 'timeline', T0, ctx);
    startTimer(a, 120_000, T0, ctx);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readFacilitation(b)).toEqual(readFacilitation(a));
  });
});

describe('the meeting in the board document', () => {
  // Records added in the same millisecond have no order between them: each gets its own here.
  let tick = T0;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());
  const later = () => vi.setSystemTime((tick += 1_000));
  it('keeps check-in lines by prompt, in the order they were added, and refuses empty or long ones', () => {
    const doc = new Y.Doc();
    const one = addCheckin(doc, { kind: 'worked', text: ' The runbook link in the alert. ' }, ctx);
    later();
    addCheckin(doc, { kind: 'surprised', text: 'How quickly the queue drained', author: 'Priya' }, ctx);
    expect(readCheckins(doc).map((c) => [c.kind, c.text, c.author])).toEqual([
      ['worked', 'The runbook link in the alert.', ''],
      ['surprised', 'How quickly the queue drained', 'Priya'],
    ]);
    expect(() => addCheckin(doc, { kind: 'worked', text: '   ' }, ctx)).toThrow(BoardValidationError);
    expect(() => addCheckin(doc, { kind: 'blame' as never, text: 'Luis' }, ctx)).toThrow(BoardValidationError);
    expect(() => addCheckin(doc, { kind: 'didnt', text: 'x'.repeat(LIMITS.checkinLength + 1) }, ctx)).toThrow(BoardValidationError);
    deleteCheckin(doc, one, ctx);
    expect(readCheckins(doc)).toHaveLength(1);
  });

  it('reads garbage check-in records defensively', () => {
    const doc = new Y.Doc();
    const { checkins } = roots(doc);
    const weird = new Y.Map<unknown>();
    weird.set('kind', 'rant');
    weird.set('text', 'Plain text from another tool');
    weird.set('author', 12);
    checkins.set('weird', weird as never);
    checkins.set('not-a-record', 'hello' as never);
    expect(readCheckins(doc)).toEqual([{ id: 'weird', kind: 'worked', text: 'Plain text from another tool', createdAt: 0, author: '' }]);
  });

  it('counts who is done with each visit of a phase separately', () => {
    const doc = new Y.Doc();
    const first = readinessKey('timeline', T0);
    const again = readinessKey('timeline', T0 + 60_000);
    setReady(doc, first, 'p1' as VoterId, true, ctx);
    setReady(doc, first, 'p2' as VoterId, true, ctx);
    setReady(doc, first, 'p2' as VoterId, false, ctx);
    setReady(doc, again, 'p3' as VoterId, true, ctx);
    expect([...readReady(doc, first)]).toEqual(['p1']);
    expect([...readReady(doc, again)]).toEqual(['p3']);
    expect(() => setReady(doc, '', 'p1' as VoterId, true, ctx)).toThrow(BoardValidationError);
  });

  it('writes a name on a ballot only when asked, and a note author only when given', () => {
    const doc = new Y.Doc();
    setVoterName(doc, 'b1' as VoterId, ' Dana ', ctx);
    setVoterName(doc, 'b2' as VoterId, 'Luis', ctx);
    setVoterName(doc, 'b2' as VoterId, null, ctx);
    expect(readVoterNames(doc)).toEqual(new Map([['b1', 'Dana']]));
    addEvent(doc, { time: '2026-11-30T14:00Z', text: 'Alert fired' }, ctx);
    addEvent(doc, { time: '2026-11-30T14:01Z', text: 'Paged the database team', author: 'Priya' }, ctx);
    addLearning(doc, { text: 'Check the connection pool first' }, ctx);
    later();
    addLearning(doc, { text: 'Ask for help sooner', author: 'Mei' }, ctx);
    expect(readEvents(doc).map((e) => e.author)).toEqual(['', 'Priya']);
    expect(readLearnings(doc).map((l) => l.author)).toEqual(['', 'Mei']);
    addFactor(doc, { text: 'No alert on pool saturation', author: '' }, ctx);
    expect(readFactors(doc)[0]!.author).toBe('');
    expect(() => addFactor(doc, { text: 'x', author: 'n'.repeat(LIMITS.nameLength + 1) }, ctx)).toThrow(BoardValidationError);
  });
});
