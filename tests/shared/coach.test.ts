// The blameless-language coach: every rule's own examples (what it must flag, and the ordinary
// sentences it must leave alone), where hints land in the text, what is never checked (code,
// links, quotations), and the counts the facilitator sees.
import { describe, expect, it, beforeEach } from 'vitest';
import { readBoard } from '../../shared/board';
import { COACH_RULES, blankOut, checkText, countBoardHints, countHints, nameForms, type CoachRule } from '../../shared/coach';
import { connectionPoolBoard } from './fixtures';
import { testContext } from '../helpers/context';

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

/** The words each hint covers, with its rule. */
const flagged = (text: string, participantNames: string[] = []) =>
  checkText(text, { participantNames }).map((h) => `${h.ruleId}: ${text.slice(h.start, h.end)}`);

describe.each(COACH_RULES.map((rule) => [rule.id, rule] as [string, CoachRule]))('rule %s', (id, rule) => {
  const names = rule.exampleParticipants ?? [];

  it('has a message, a gentle suggestion, and examples both ways', () => {
    expect(rule.message.length).toBeGreaterThan(20);
    expect(rule.suggestion.length).toBeGreaterThan(20);
    expect(rule.examples.flag.length).toBeGreaterThanOrEqual(3);
    expect(rule.examples.pass.length).toBeGreaterThanOrEqual(3);
    // A suggestion points at conditions and systems, and never at a person's name.
    for (const name of names) expect(rule.suggestion).not.toContain(name);
  });

  it.each(rule.examples.flag)('flags: %s', (example) => {
    const hints = checkText(example, { participantNames: names }).filter((h) => h.ruleId === id);
    expect(hints, example).toHaveLength(1);
    expect(hints[0]!.message).toBe(rule.message);
    expect(hints[0]!.suggestion).toBe(rule.suggestion);
  });

  it.each(rule.examples.pass)('leaves alone: %s', (example) => {
    expect(checkText(example, { participantNames: names }).filter((h) => h.ruleId === id), example).toEqual([]);
  });
});

describe('ordinary sentences draw no hint at all', () => {
  // The review's own vocabulary, written blamelessly.
  it.each([
    'The cache should have a TTL.',
    'Errors began just after the deploy; checkout recovered just before 14:45.',
    'A just-in-time compiler flag changed in the same release.',
    'Justin and Priya joined the bridge at 14:20.',
    'Who owns this service?',
    'Root causes: the worker count, the five-minute alert delay and the missing runbook section.',
    'Our parser is simply typed, so the config loaded without complaint.',
    'The connection limit was not obvious from the dashboards we had.',
    'Pods failed to connect to the database once 200 connections were in use.',
    'Database CPU looked normal, which pointed us at the application for 20 minutes.',
    'Reviewer and author held different beliefs about whether pools are shared across workers.',
    'Add an integration test for connection-pool settings by 15 Jan.',
  ])('%s', (sentence) => {
    expect(flagged(sentence, ['Priya N.', 'Sam', 'Dana K.'])).toEqual([]);
  });
});

// Sentences written for this test, in the voice of real incident reviews, that no rule's own
// examples contain: the coach should flag every blaming one (whichever rule it is) and none of the
// clean ones. Names are the board's participants.
describe('sentences the rules have not seen', () => {
  const participants = ['Priya N.', 'Marco', 'Dana K.'];
  const blaming = [
    'Marco just didn’t look at the replica lag before failing over.',
    'The DBA simply forgot to re-enable the backup job.',
    'Dana merely clicked through the confirmation dialog.',
    'Honestly, the on-call engineer just ignored the second page.',
    'All they had to do was check the feature flag.',
    'He couldn’t even be bothered to read the deploy notes.',
    'Why did you disable the health check?',
    'Why didn’t she escalate after the first 20 minutes?',
    'Why would Marco run the migration during peak hours?',
    'How could he not see the red banner?',
    'Why on earth did you skip the staging deploy?',
    'What was she thinking, restarting every pod at once?',
    'A careless copy-paste broke the nginx config.',
    'The change review was sloppy at best.',
    'Frankly it was reckless to ship without a rollback plan.',
    'Typical cowboy deploy from the platform team.',
    'Incompetent handling of the failover by the night shift.',
    'The engineer was clearly not paying attention to the graphs.',
    'Priya’s negligence let the certificate expire.',
    'The runbook was ignored because people are lazy.',
  ];
  const clean = [
    'The replica lag graph was on a dashboard nobody had open during the failover.',
    'The backup job stayed disabled after the maintenance window because the re-enable step lived in a personal note.',
    'The confirmation dialog looks the same for staging and production.',
    'The second page arrived while the on-call was already on the bridge for the first one.',
    'Checking the feature flag required VPN access the responder did not have at home.',
    'Why did the health check keep passing while the pool was exhausted?',
    'Why didn’t the error budget alert fire before the SLO was breached?',
    'How did the migration end up scheduled during peak hours?',
    'What did the deploy notes say about the connection pool?',
    'Marco ran the migration at 09:10, following the usual schedule.',
    'Dana failed over to the replica at 14:32 after the primary stopped answering.',
    'Priya didn’t have the permissions to pause the rollout.',
    'We lazy-load the payment widget, so the first error showed only on checkout.',
    'The edge proxy is a dumb pipe; retries happen in the client.',
    'Nobody was careless here: the flag name suggested the opposite behaviour.',
    'The alert simply didn’t exist for the EU region.',
    'Rollback took 11 minutes because the image had to be rebuilt.',
    'Two teams believed the other owned the certificate renewal.',
    'The nginx config template had no test covering the upstream block.',
    'The night shift had one person covering three services.',
  ];

  it.each(blaming)('flags: %s', (sentence) => {
    expect(checkText(sentence, { participantNames: participants }), sentence).not.toEqual([]);
  });

  it.each(clean)('leaves alone: %s', (sentence) => {
    expect(flagged(sentence, participants)).toEqual([]);
  });
});

describe('checkText', () => {
  it('marks exactly the words at fault, in order, several rules in one note', () => {
    const text = 'Obviously Sam should have rolled back; who approved 4812? The root cause was human error.';
    expect(flagged(text, ['Sam'])).toEqual([
      'condescension: Obviously',
      'person-as-cause: Sam should have',
      'counterfactual: should have rolled',
      'who-question: who approved',
      'root-cause: root cause',
      'human-error: human error',
    ]);
  });

  it('gives offsets that slice the original text, whatever comes before', () => {
    const text = '🔥 Checkout down. Dana just restarted it — obviously the wrong call.';
    for (const h of checkText(text)) expect(['just', 'obviously']).toContain(text.slice(h.start, h.end));
  });

  it('leaves words inside code, links and quotations alone', () => {
    expect(flagged('Ran `kubectl rollout undo --just-this`, see https://wiki.example.com/obviously-fine/should-have-known')).toEqual([]);
    expect(flagged('The log said "connection failed to acknowledge, should have retried" at 14:07.')).toEqual([]);
    expect(flagged('Priya wrote “just restart it” in the channel.', ['Priya'])).toEqual([]);
    expect(flagged('```\nif only(x) { just(); }\n```\nThen we rolled back.')).toEqual([]);
    expect(flagged('Mail oncall@obviously.example.com if it recurs.')).toEqual([]);
    // Outside the quotation, the same words still count.
    expect(flagged('He said "done" but obviously it was not.')).toEqual(['condescension: obviously']);
  });

  it('keeps blanked text the same length, so offsets still match the original', () => {
    const text = 'See `code` and https://x.example/y and "quoted words" here.';
    expect(blankOut(text)).toHaveLength(text.length);
    expect(blankOut(text)).toMatch(/^See\s+and\s+and\s+here\.$/);
  });

  it('names a person only when they are on the board, and matches their first name', () => {
    expect(flagged('Priya forgot to check the limit.')).toEqual([]);
    expect(flagged('Priya forgot to check the limit.', ['Priya N.'])).toEqual(['person-as-cause: Priya forgot']);
    expect(flagged('Priya Nair missed the page.', ['Priya Nair'])).toEqual(['person-as-cause: Priya Nair missed']);
    expect(flagged('José broke the build.', ['José'])).toEqual(['person-as-cause: José broke']);
    expect(nameForms('Alex (SRE)')).toEqual(['Alex']);
    expect(nameForms('Priya N.')).toEqual(['Priya N.', 'Priya']);
  });

  it('does not read a name that is also a word as a person when written in lower case', () => {
    expect(flagged('This may never happen again.', ['May'])).toEqual([]);
    expect(flagged('May never replied to the page.', ['May'])).toEqual(['person-as-cause: May never replied']);
    expect(flagged('The queue will never drain at this rate.', ['Will'])).toEqual([]);
  });

  it('gives no hints for empty text, and never throws on odd input', () => {
    expect(checkText('')).toEqual([]);
    expect(checkText('   ')).toEqual([]);
    expect(checkText(undefined as unknown as string)).toEqual([]);
    expect(checkText('Sam broke it', { participantNames: ['', 'x', '(', 'a.b*c', null as unknown as string] })).toEqual([]);
    expect(() => checkText('who '.repeat(2_000))).not.toThrow();
  });

  it('takes rules as data: a new rule is one object', () => {
    const rule: CoachRule = {
      id: 'blame-word',
      pattern: /\bblame\b/gi,
      message: 'Blame is what this review sets aside.',
      suggestion: 'Ask what made the action reasonable at the time.',
      examples: { flag: ['Who is to blame?'], pass: ['Blameless review'] },
    };
    expect(checkText('Nobody is to blame here.', { rules: [rule] })).toEqual([
      { ruleId: 'blame-word', start: 13, end: 18, message: rule.message, suggestion: rule.suggestion },
    ]);
    expect(checkText('A blameless review.', { rules: [rule] })).toEqual([]);
  });
});

describe('counts for the facilitator', () => {
  it('counts hints across texts', () => {
    expect(countHints(['Obviously broken.', 'Fine.', 'If only we had known. Human error.'])).toBe(3);
    expect(countHints([])).toBe(0);
  });

  it('counts a board’s hints per part of the meeting, with its participants’ names', () => {
    const board = readBoard(connectionPoolBoard(ctx));
    expect(countBoardHints(board)).toEqual({ timeline: 0, factors: 0, actions: 0, learnings: 0, summary: 0, total: 0 });
    const edited = {
      ...board,
      events: board.events.map((e, i) => (i === 0 ? { ...e, whyItMadeSense: 'Luis should have known better.' } : e)),
      factors: board.factors.map((f, i) => (i === 0 ? { ...f, text: 'Human error by Priya.' } : f)),
      learnings: [...board.learnings, { id: 'l' as never, text: 'Just read the runbook.', createdAt: 0, author: '' }],
    };
    // "Luis should have known": a counterfactual, and a participant named as its subject.
    expect(countBoardHints(edited)).toEqual({ timeline: 2, factors: 1, actions: 0, learnings: 1, summary: 0, total: 4 });
    expect(countBoardHints(edited, { participantNames: [] }).timeline).toBe(1);
  });
});

describe('checkText answers kept per text', () => {
  it('checks the same words again against other participants, and gives the same answer for the same ones', () => {
    const text = 'Luis should have known the pool was per worker.';
    const without = checkText(text, { participantNames: [] });
    const withLuis = checkText(text, { participantNames: ['Luis'] });
    expect(withLuis.length).toBeGreaterThan(without.length);
    expect(checkText(text, { participantNames: [] })).toEqual(without);
    expect(checkText(text, { participantNames: ['Luis'] })).toEqual(withLuis);
  });
});
