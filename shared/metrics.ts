// Incident metrics: how long the incident took to detect, acknowledge, mitigate and resolve,
// measured between the timeline events people marked. Pure; the board and the report both show
// these. Definitions, and why a metric can be missing or out of order: docs/metrics.md.
// From the board's vocabulary modules, not its index: the workspace pages' code (metrics) then
// does not carry the board's Yjs code.
import { eventTimeMs } from './board/core/schema';
import { MARKER_LABELS, MARKER_NAMES, type MarkerName, type TimelineEvent } from './board/events/schema';
import { exhaustiveSwitchError } from './exhaustive';

export type MetricName = 'timeToDetect' | 'timeToAcknowledge' | 'timeToMitigate' | 'timeToResolve';

/** What a metric measures: the time from one marked moment to another. */
export interface MetricDefinition {
  name: MetricName;
  /** `TTD`, `TTA`, `TTM`, `TTR`. */
  abbreviation: string;
  /** `Time to detect`, … */
  label: string;
  from: MarkerName;
  to: MarkerName;
  /** One sentence a person reads to know what the number means. */
  description: string;
}

/** The four metrics, in the order the report lists them. */
export const METRICS: readonly MetricDefinition[] = [
  {
    name: 'timeToDetect',
    abbreviation: 'TTD',
    label: 'Time to detect',
    from: 'impactStarted',
    to: 'detected',
    description: 'From the moment people or systems were first affected to the moment we knew something was wrong.',
  },
  {
    name: 'timeToAcknowledge',
    abbreviation: 'TTA',
    label: 'Time to acknowledge',
    from: 'detected',
    to: 'acknowledged',
    description: 'From the moment we knew something was wrong to the moment someone took it on.',
  },
  {
    name: 'timeToMitigate',
    abbreviation: 'TTM',
    label: 'Time to mitigate',
    from: 'impactStarted',
    to: 'mitigated',
    description: 'From the start of the impact to the moment it stopped getting worse for those affected.',
  },
  {
    name: 'timeToResolve',
    abbreviation: 'TTR',
    label: 'Time to resolve',
    from: 'impactStarted',
    to: 'resolved',
    description: 'From the start of the impact to the moment the incident was over.',
  },
];

/** A metric's value: a duration, or why there is none. Never a negative duration. */
export type MetricValue =
  | { status: 'ok'; ms: number }
  /** One or both of the events it is measured between are not marked (in marker order). */
  | { status: 'missing'; missing: MarkerName[] }
  /** The end was marked earlier than the start: one of the markers is on the wrong event. */
  | { status: 'out-of-order'; detail: string };

export interface IncidentMetrics {
  /** The time (`YYYY-MM-DDTHH:MMZ`) of each marked moment. */
  markers: Partial<Record<MarkerName, string>>;
  values: Record<MetricName, MetricValue>;
}

/** Which event carries each marker. Events are taken in the order given (readEvents' timeline
 * order); if two claim one marker, the first keeps it, as the readers do. */
export function markedEvents<E extends Pick<TimelineEvent, 'marker' | 'time'>>(events: readonly E[]): Partial<Record<MarkerName, E>> {
  const out: Partial<Record<MarkerName, E>> = {};
  for (const event of events) {
    if (event.marker === null || !MARKER_NAMES.includes(event.marker)) continue;
    if (out[event.marker] === undefined) out[event.marker] = event;
  }
  return out;
}

/** The four incident metrics of a timeline, from its marked events. */
export function computeMetrics(events: ReadonlyArray<Pick<TimelineEvent, 'marker' | 'time'>>): IncidentMetrics {
  const marked = markedEvents(events);
  const markers: Partial<Record<MarkerName, string>> = {};
  for (const name of MARKER_NAMES) {
    const event = marked[name];
    if (event) markers[name] = event.time;
  }
  const values = {} as Record<MetricName, MetricValue>;
  for (const metric of METRICS) values[metric.name] = measure(markers, metric);
  return { markers, values };
}

function measure(markers: Partial<Record<MarkerName, string>>, metric: MetricDefinition): MetricValue {
  const start = markers[metric.from];
  const end = markers[metric.to];
  if (start === undefined || end === undefined) {
    return { status: 'missing', missing: [metric.from, metric.to].filter((m) => markers[m] === undefined) };
  }
  const ms = eventTimeMs(end) - eventTimeMs(start);
  if (!Number.isFinite(ms)) return { status: 'missing', missing: [metric.from, metric.to] };
  if (ms < 0) {
    const [from, to] = clock(start, end);
    return { status: 'out-of-order', detail: `${MARKER_LABELS[metric.to]} (${to}) is marked before ${MARKER_LABELS[metric.from]} (${from}).` };
  }
  return { status: 'ok', ms };
}

/** Two event times as a person would write them: clock times when both fall on one day, dates too
 * when they do not. */
function clock(a: string, b: string): [string, string] {
  const sameDay = a.slice(0, 10) === b.slice(0, 10);
  const show = (t: string) => (sameDay ? t.slice(11, 16) : `${t.slice(0, 10)} ${t.slice(11, 16)}`);
  return [show(a), show(b)];
}

const MINUTE = 60_000;

/** A duration as people say it, to the minute: `0 min`, `45 min`, `1 h 12 min`, `2 h`,
 * `1 d 3 h 5 min`. Seconds are rounded to the nearest minute; anything that is not a
 * non-negative number reads `—`. */
export function formatDuration(ms: number): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return '—';
  let minutes = Math.round(ms / MINUTE);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} d`);
  if (hours > 0) parts.push(`${hours} h`);
  if (minutes > 0 || parts.length === 0) parts.push(`${minutes} min`);
  return parts.join(' ');
}

/** A metric's value in words: the duration, or what is missing, or what is out of order. For the
 * board and the report alike. */
export function describeMetric(value: MetricValue): string {
  switch (value.status) {
    case 'ok':
      return formatDuration(value.ms);
    case 'missing':
      return `Not measured: mark ${joinAnd(value.missing.map((m) => `“${MARKER_LABELS[m]}”`))} on the timeline.`;
    case 'out-of-order':
      return `Out of order: ${value.detail}`;
    default:
      return exhaustiveSwitchError(value);
  }
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
