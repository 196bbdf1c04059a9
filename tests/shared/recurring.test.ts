// Learning across incidents, the pure parts: which factors read alike (and which merely share a
// word), the "same as" links a factor keeps (and refuses), and metric distributions that are
// medians and percentiles of real durations, never averages.
import { describe, expect, it } from 'vitest';
import { addFactor, linkFactorToEarlier, readFactors, unlinkFactorFromEarlier, BoardValidationError, SAME_AS_LIMIT } from '../../shared/board';
import { factorSimilarity, histogramOf, metricsOverview, nearestRank, significantWords, type ReviewMetrics } from '../../shared/library';
import { newBoardId } from '../../shared/ids';
import { LIVE_WRITES } from '../helpers/context';
import { emptyBoard } from './fixtures';

describe('factors that read alike', () => {
  it('compares significant, lightly stemmed words: rewordings match, a shared common word does not', () => {
    expect(significantWords('The alerts were routed to a muted channel, again and again')).toEqual(['alerts', 'routed', 'muted', 'channel']);
    expect(factorSimilarity('The alert went to a muted channel', 'Alerts were routed to the muted Slack channel')).toBeGreaterThan(0.5);
    expect(factorSimilarity('Missing monitoring on the database', 'Missing runbook for the queue')).toBeNull();
    expect(factorSimilarity('Fatigue', 'Fatigue after a night of pages')).toBeCloseTo(2 / 4);
    expect(factorSimilarity('the and of', 'anything at all')).toBeNull();
  });
});

describe('"same as" links on a factor', () => {
  it('are kept with the earlier review\'s title, date and words; malformed or too many are refused', () => {
    const doc = emptyBoard(LIVE_WRITES);
    const earlier = { boardId: newBoardId(), factorId: 'f1', reviewTitle: 'Checkout outage', incidentDate: '2026-01-10', text: 'Config skips canary' };
    const id = addFactor(doc, { text: 'No canary for config', sameAs: [earlier] }, LIVE_WRITES);
    expect(readFactors(doc)[0]!.sameAs).toEqual([earlier]);
    const older = { ...earlier, boardId: newBoardId(), incidentDate: '2025-05-01', reviewTitle: 'Older' };
    linkFactorToEarlier(doc, id, older, LIVE_WRITES);
    expect(readFactors(doc)[0]!.sameAs.map((l) => l.reviewTitle)).toEqual(['Older', 'Checkout outage']);
    unlinkFactorFromEarlier(doc, id, earlier, LIVE_WRITES);
    expect(readFactors(doc)[0]!.sameAs.map((l) => l.reviewTitle)).toEqual(['Older']);
    expect(() => linkFactorToEarlier(doc, id, { ...earlier, boardId: '../x' }, LIVE_WRITES)).toThrow(BoardValidationError);
    expect(() => linkFactorToEarlier(doc, id, { ...earlier, factorId: 'a/b' }, LIVE_WRITES)).toThrow(BoardValidationError);
    for (let i = readFactors(doc)[0]!.sameAs.length; i < SAME_AS_LIMIT; i++) linkFactorToEarlier(doc, id, { ...earlier, boardId: newBoardId() }, LIVE_WRITES);
    expect(() => linkFactorToEarlier(doc, id, { ...earlier, boardId: newBoardId() }, LIVE_WRITES)).toThrow(/at most 10/);
    expect(readFactors(doc)[0]!.sameAs).toHaveLength(SAME_AS_LIMIT);
  });
});

describe('metric distributions', () => {
  const MIN = 60_000;
  it('take the median and 90th percentile by nearest rank: always a real duration', () => {
    expect(nearestRank([], 0.5)).toBeNull();
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2);
    expect(nearestRank([1, 2, 3, 4, 100], 0.9)).toBe(100);
    expect(nearestRank([7], 0.9)).toBe(7);
  });

  it('file durations in human-sized buckets, the longest open-ended', () => {
    const buckets = histogramOf([0, 4 * MIN, 5 * MIN, 59 * MIN, 60 * MIN, 10 * 24 * 60 * MIN]);
    expect(buckets.map((b) => b.count)).toEqual([2, 1, 0, 1, 1, 0, 0, 0, 0, 1]);
    expect(buckets[buckets.length - 1]!.toMs).toBeNull();
  });

  it('count reviews not marked or out of order apart, and group by period, severity and service', () => {
    const review = (day: string, severity: ReviewMetrics['severity'], services: string[], ttr: ReviewMetrics['values']['timeToResolve']): ReviewMetrics => ({
      day, severity, services, values: { timeToDetect: 'missing', timeToAcknowledge: 'missing', timeToMitigate: 'missing', timeToResolve: ttr },
    });
    const overview = metricsOverview(
      [
        review('2026-01-05', 'SEV1', ['Checkout'], 30 * MIN),
        review('2026-01-20', 'SEV2', ['checkout', 'auth'], 600 * MIN),
        review('2026-02-01', '', [], 'out-of-order'),
        review('2026-04-01', 'SEV1', [], 10 * MIN),
      ],
      'quarter',
    );
    const ttr = overview.metrics.find((m) => m.metric === 'timeToResolve')!;
    expect(ttr).toMatchObject({ count: 3, median: 30 * MIN, p90: 600 * MIN, outOfOrder: 1, notMeasured: 0, min: 10 * MIN, max: 600 * MIN });
    expect(ttr.trend.map((t) => [t.period, t.count, t.median])).toEqual([['2026-Q1', 2, 30 * MIN], ['2026-Q2', 1, 10 * MIN]]);
    expect(ttr.bySeverity.map((s) => [s.severity, s.count])).toEqual([['SEV1', 2], ['SEV2', 1]]);
    expect(ttr.byService.map((s) => [s.service, s.count])).toEqual([['checkout', 2], ['auth', 1]]);
    expect(overview.metrics.find((m) => m.metric === 'timeToDetect')).toMatchObject({ count: 0, median: null, notMeasured: 4 });
  });
});
