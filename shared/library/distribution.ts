// Incident metrics across reviews (docs/library.md, "Metrics across incidents"): time to detect,
// acknowledge, mitigate and resolve as distributions, never averages. Durations are skewed (most
// incidents short, a few very long), so a mean hides more than it shows: each summary is a median
// and a 90th percentile, both by nearest rank (every number shown is a real incident's duration),
// a histogram on human-sized, roughly logarithmic buckets, and the trend by month or quarter.
// Pure: the server computes these from its index (shared/metrics.ts gives each review's values).
import type { MetricName } from '../metrics';
import type { Severity } from './schema';

/** A metric of one review: its minutes' worth in ms, or why it has none. */
export type IndexedMetric = number | 'missing' | 'out-of-order';

/** What the index keeps about one review's metrics. */
export interface ReviewMetrics {
  /** The day the trend files it under: incident date, else the day impact started, else creation (YYYY-MM-DD). */
  day: string;
  severity: Severity | '';
  services: string[];
  values: Record<MetricName, IndexedMetric>;
}

export const METRIC_NAMES: readonly MetricName[] = ['timeToDetect', 'timeToAcknowledge', 'timeToMitigate', 'timeToResolve'];

const MIN = 60_000;
/** Upper bounds of the histogram's buckets (the last bucket has none). */
export const HISTOGRAM_BOUNDS_MS: readonly number[] = [5 * MIN, 15 * MIN, 30 * MIN, 60 * MIN, 2 * 60 * MIN, 4 * 60 * MIN, 8 * 60 * MIN, 24 * 60 * MIN, 3 * 24 * 60 * MIN];

export type TrendPeriod = 'month' | 'quarter';
export const TREND_PERIODS: readonly TrendPeriod[] = ['month', 'quarter'];
/** Most periods a trend shows (the latest ones). */
export const TREND_LIMIT = 36;
/** Most services listed in a breakdown (those with the most measured reviews). */
export const SERVICES_LIMIT = 20;

export interface HistogramBucket {
  /** Inclusive lower bound. */
  fromMs: number;
  /** Exclusive upper bound; null for the last, open-ended bucket. */
  toMs: number | null;
  count: number;
}

/** Median and 90th percentile of a group of reviews (null when none was measured). */
export interface Summary {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface TrendPoint extends Summary {
  /** `2026-03` for a month, `2026-Q1` for a quarter. */
  period: string;
}

export interface MetricDistribution extends Summary {
  metric: MetricName;
  /** Reviews where one of its moments is not marked. */
  notMeasured: number;
  /** Reviews whose markers are in the wrong order (a marker on the wrong event). */
  outOfOrder: number;
  /** Longest and shortest measured: the ends of the range, not an average. */
  min: number | null;
  max: number | null;
  histogram: HistogramBucket[];
  trend: TrendPoint[];
  bySeverity: Array<Summary & { severity: Severity | '' }>;
  byService: Array<Summary & { service: string }>;
}

/** GET /api/workspace/metrics */
export interface MetricsOverview {
  /** Reviews the filters kept. */
  reviews: number;
  period: TrendPeriod;
  metrics: MetricDistribution[];
}

/** The value at rank ceil(p·n) of ascending `sorted` (nearest rank), or null when empty. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, median: nearestRank(sorted, 0.5), p90: nearestRank(sorted, 0.9) };
}

export function histogramOf(values: readonly number[]): HistogramBucket[] {
  const buckets: HistogramBucket[] = [];
  let from = 0;
  for (const bound of HISTOGRAM_BOUNDS_MS) {
    buckets.push({ fromMs: from, toMs: bound, count: 0 });
    from = bound;
  }
  buckets.push({ fromMs: from, toMs: null, count: 0 });
  for (const v of values) {
    const i = HISTOGRAM_BOUNDS_MS.findIndex((bound) => v < bound);
    buckets[i < 0 ? buckets.length - 1 : i]!.count++;
  }
  return buckets;
}

/** The period a day (YYYY-MM-DD) falls in. */
export function periodOf(day: string, period: TrendPeriod): string {
  switch (period) {
    case 'month':
      return day.slice(0, 7);
    case 'quarter':
      return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
    default: {
      const never: never = period;
      throw new Error(`Unhandled period: ${String(never)}`);
    }
  }
}

function groupSummaries<K>(entries: ReadonlyArray<[K, number]>): Map<K, Summary> {
  const groups = new Map<K, number[]>();
  for (const [key, value] of entries) {
    const list = groups.get(key);
    if (list) list.push(value);
    else groups.set(key, [value]);
  }
  return new Map([...groups].map(([key, values]) => [key, summarize(values)]));
}

/** Every metric's distribution over these reviews. */
export function metricsOverview(reviews: readonly ReviewMetrics[], period: TrendPeriod): MetricsOverview {
  const metrics = METRIC_NAMES.map((metric): MetricDistribution => {
    const measured: Array<{ review: ReviewMetrics; ms: number }> = [];
    let notMeasured = 0;
    let outOfOrder = 0;
    for (const review of reviews) {
      const v = review.values[metric];
      if (v === 'missing') notMeasured++;
      else if (v === 'out-of-order') outOfOrder++;
      else measured.push({ review, ms: v });
    }
    const values = measured.map((m) => m.ms);
    const sorted = [...values].sort((a, b) => a - b);
    const trend = [...groupSummaries(measured.map((m): [string, number] => [periodOf(m.review.day, period), m.ms]))]
      .map(([p, s]) => ({ period: p, ...s }))
      .sort((a, b) => a.period.localeCompare(b.period))
      .slice(-TREND_LIMIT);
    const bySeverity = [...groupSummaries(measured.map((m): [Severity | '', number] => [m.review.severity, m.ms]))]
      .map(([severity, s]) => ({ severity, ...s }))
      .sort((a, b) => (a.severity || 'SEV9').localeCompare(b.severity || 'SEV9'));
    const byService = [...groupSummaries(measured.flatMap((m) => m.review.services.map((service): [string, number] => [service.toLowerCase(), m.ms])))]
      .map(([service, s]) => ({ service, ...s }))
      .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service))
      .slice(0, SERVICES_LIMIT);
    return {
      metric,
      ...summarize(values),
      notMeasured,
      outOfOrder,
      min: sorted[0] ?? null,
      max: sorted[sorted.length - 1] ?? null,
      histogram: histogramOf(values),
      trend,
      bySeverity,
      byService,
    };
  });
  return { reviews: reviews.length, period, metrics };
}
