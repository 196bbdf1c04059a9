// The meeting's pure rules: which part of the board a phase brings forward, Back and Next, how a
// countdown reads and when it has just run out, the timer's minutes field, the first check of a
// pasted link, how readiness is counted, and what the ground-rules editor refuses.
import { describe, expect, it } from 'vitest';
import { FACILITATION_LIMITS, PHASES } from '../../shared/facilitation';
import {
  checkBoardLink,
  describeCountdown,
  formatCountdown,
  justRanOut,
  neighbourPhase,
  parseTimerMinutes,
  readinessSummary,
  zonesOfPhase,
} from '../../client/src/features/meeting/meetingLogic';
import { checkGroundRules } from '../../client/src/features/meeting/GroundRules';

describe('phases', () => {
  it('brings forward the part of the board each phase works on, none once closed', () => {
    expect(PHASES.map(zonesOfPhase)).toEqual([
      ['timeline'],
      ['groundRules'],
      ['timeline'],
      ['factors'],
      // Dots are spent on the factor notes; the top factors show where they went.
      ['factors', 'voting'],
      ['actions'],
      ['learnings'],
      [],
    ]);
  });

  it('steps Back and Next in order, stopping at either end', () => {
    expect(neighbourPhase('prework', -1)).toBeNull();
    expect(neighbourPhase('prework', 1)).toBe('groundRules');
    expect(neighbourPhase('learnings', 1)).toBe('closed');
    expect(neighbourPhase('closed', 1)).toBeNull();
    expect(neighbourPhase('closed', -1)).toBe('learnings');
  });
});

describe('countdown', () => {
  it('reads as m:ss, rounding up so 0:00 shows exactly at the end', () => {
    expect(formatCountdown(5 * 60_000)).toBe('5:00');
    expect(formatCountdown(245_000)).toBe('4:05');
    expect(formatCountdown(244_001)).toBe('4:05');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5_000)).toBe('0:00');
    expect(formatCountdown(2 * 3_600_000 + 61_000)).toBe('2:01:01');
  });

  it('says the time left in words', () => {
    expect(describeCountdown(61_000)).toBe('1 minute 1 second left');
    expect(describeCountdown(120_000)).toBe('2 minutes left');
    expect(describeCountdown(0)).toBe("Time's up");
  });

  it('has just run out only for a page that saw time left', () => {
    expect(justRanOut(400, 0)).toBe(true);
    expect(justRanOut(400, -30)).toBe(true);
    // Opened after the end: never saw time left.
    expect(justRanOut(null, 0)).toBe(false);
    expect(justRanOut(0, 0)).toBe(false);
    expect(justRanOut(2_000, 1_000)).toBe(false);
  });

  it('reads the custom minutes field, refusing what no timer can run', () => {
    expect(parseTimerMinutes('3')).toEqual({ ms: 180_000 });
    expect(parseTimerMinutes(' 1,5 ')).toEqual({ ms: 90_000 });
    expect(parseTimerMinutes('')).toHaveProperty('error');
    expect(parseTimerMinutes('ten')).toHaveProperty('error');
    expect(parseTimerMinutes('-2')).toHaveProperty('error');
    expect(parseTimerMinutes('0.1')).toEqual({ error: 'A timer runs for at least 10 seconds.' });
    expect(parseTimerMinutes('181')).toEqual({ error: 'A timer runs for at most 180 minutes.' });
  });
});

describe('linking an earlier review', () => {
  it('refuses an empty or plainly wrong paste before asking the server', () => {
    expect(checkBoardLink('  ')).toMatchObject({ ok: false });
    expect(checkBoardLink('see the wiki page')).toMatchObject({ ok: false });
    expect(checkBoardLink(' https://debrief.example/b/abc#token=t ')).toEqual({ ok: true, link: 'https://debrief.example/b/abc#token=t' });
  });
});

describe('readiness', () => {
  const present = [
    { voterId: 'fac', role: 'facilitator' as const },
    { voterId: 'a', role: 'participant' as const },
    { voterId: 'b', role: 'participant' as const },
    { voterId: 'c', role: 'participant' as const },
    { voterId: 'v', role: 'viewer' as const },
  ];

  it('counts the people here who can write, other than facilitators', () => {
    expect(readinessSummary(new Set(['a', 'c', 'fac', 'gone']), present, 'fac')).toEqual({ ready: 2, of: 3, text: '2 of 3 ready' });
  });

  it('says only how many are ready when nobody else is here', () => {
    expect(readinessSummary(new Set(['a', 'b', 'fac']), [present[0]!], 'fac')).toEqual({ ready: 2, of: null, text: '2 ready' });
  });
});

describe('ground rules', () => {
  it('refuses too many rules or one too long, ignoring blank lines', () => {
    expect(checkGroundRules(['No blame.', '', '  ', 'Assume good intent.'])).toBeNull();
    expect(checkGroundRules(Array.from({ length: FACILITATION_LIMITS.groundRules + 1 }, (_, i) => `Rule ${i}`))).toMatch(/or fewer/);
    expect(checkGroundRules(['ok', 'x'.repeat(FACILITATION_LIMITS.groundRuleLength + 1)])).toMatch(/^Rule 2 is/);
  });
});
