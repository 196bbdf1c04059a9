// Incident metrics from marked timeline events: the four durations, what a board with missing or
// misplaced markers shows instead, and durations as people read them.
import * as Y from 'yjs';
import { describe, expect, it, beforeEach } from 'vitest';
import { SERVER_ORIGIN, addEvents, initializeBoard, readEvents, setEventMarker, type MarkerName, withOrigin } from '../../shared/board';
import { METRICS, computeMetrics, describeMetric, formatDuration, markedEvents } from '../../shared/metrics';
import { testContext } from '../helpers/context';

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

const at = (time: string, marker: MarkerName | null = null) => ({ time, marker });

/** The connection-pool outage, every moment marked. */
const OUTAGE = [
  at('2026-11-03T13:58Z'),
  at('2026-11-03T14:02Z', 'impactStarted'),
  at('2026-11-03T14:07Z', 'detected'),
  at('2026-11-03T14:11Z', 'acknowledged'),
  at('2026-11-03T14:19Z'),
  at('2026-11-03T14:38Z', 'mitigated'),
  at('2026-11-03T14:45Z', 'resolved'),
];

/** Each metric in words, as the board and the report show it. */
const shown = (events: Array<{ time: string; marker: MarkerName | null }>) => {
  const { values } = computeMetrics(events);
  return Object.fromEntries(METRICS.map((m) => [m.abbreviation, describeMetric(values[m.name])]));
};

describe('computeMetrics', () => {
  it('measures detect, acknowledge, mitigate and resolve from the marked events', () => {
    const { values, markers } = computeMetrics(OUTAGE);
    expect(values).toEqual({
      timeToDetect: { status: 'ok', ms: 5 * 60_000 },
      timeToAcknowledge: { status: 'ok', ms: 4 * 60_000 },
      timeToMitigate: { status: 'ok', ms: 36 * 60_000 },
      timeToResolve: { status: 'ok', ms: 43 * 60_000 },
    });
    expect(markers).toEqual({
      impactStarted: '2026-11-03T14:02Z',
      detected: '2026-11-03T14:07Z',
      acknowledged: '2026-11-03T14:11Z',
      mitigated: '2026-11-03T14:38Z',
      resolved: '2026-11-03T14:45Z',
    });
    expect(shown(OUTAGE)).toEqual({ TTD: '5 min', TTA: '4 min', TTM: '36 min', TTR: '43 min' });
  });

  it('measures acknowledgement from detection, not from the start of the impact', () => {
    const late = [at('2026-11-03T09:00Z', 'impactStarted'), at('2026-11-03T11:30Z', 'detected'), at('2026-11-03T11:32Z', 'acknowledged')];
    expect(shown(late)).toMatchObject({ TTD: '2 h 30 min', TTA: '2 min' });
  });

  it('says which markers are missing instead of showing a number', () => {
    expect(shown([])).toEqual({
      TTD: 'Not measured: mark “Impact started” and “Detected” on the timeline.',
      TTA: 'Not measured: mark “Detected” and “Acknowledged” on the timeline.',
      TTM: 'Not measured: mark “Impact started” and “Mitigated” on the timeline.',
      TTR: 'Not measured: mark “Impact started” and “Resolved” on the timeline.',
    });
    const noImpactStart = OUTAGE.map((e) => (e.marker === 'impactStarted' ? at(e.time) : e));
    const { values } = computeMetrics(noImpactStart);
    expect(values.timeToDetect).toEqual({ status: 'missing', missing: ['impactStarted'] });
    expect(values.timeToAcknowledge).toEqual({ status: 'ok', ms: 4 * 60_000 });
    expect(values.timeToResolve).toEqual({ status: 'missing', missing: ['impactStarted'] });
  });

  it('shows markers in the wrong order as such, never as a negative duration', () => {
    // Someone marked the alert as "impact started" and the earlier errors as "detected".
    const swapped = [at('2026-11-03T14:02Z', 'detected'), at('2026-11-03T14:07Z', 'impactStarted'), at('2026-11-03T14:11Z', 'acknowledged'), at('2026-11-03T14:05Z', 'resolved')];
    const { values } = computeMetrics(swapped);
    expect(values.timeToDetect).toEqual({ status: 'out-of-order', detail: 'Detected (14:02) is marked before Impact started (14:07).' });
    expect(values.timeToAcknowledge).toEqual({ status: 'ok', ms: 9 * 60_000 });
    expect(shown(swapped).TTR).toBe('Out of order: Resolved (14:05) is marked before Impact started (14:07).');
    for (const value of Object.values(values)) if (value.status === 'ok') expect(value.ms).toBeGreaterThanOrEqual(0);
  });

  it('names the dates when out-of-order markers fall on different days', () => {
    const { values } = computeMetrics([at('2026-11-04T00:10Z', 'impactStarted'), at('2026-11-03T23:50Z', 'mitigated')]);
    expect(values.timeToMitigate).toEqual({
      status: 'out-of-order',
      detail: 'Mitigated (2026-11-03 23:50) is marked before Impact started (2026-11-04 00:10).',
    });
  });

  it('counts an incident that spans midnight and days', () => {
    const long = [at('2026-11-03T23:40Z', 'impactStarted'), at('2026-11-04T00:05Z', 'detected'), at('2026-11-05T02:45Z', 'resolved')];
    expect(shown(long)).toMatchObject({ TTD: '25 min', TTR: '1 d 3 h 5 min' });
  });

  it('reads zero when two moments share a minute', () => {
    expect(shown([at('2026-11-03T14:07Z', 'impactStarted'), at('2026-11-03T14:07Z', 'detected')]).TTD).toBe('0 min');
  });

  it('agrees with the board: a marker two people set at once counts where the board shows it', () => {
    const doc = new Y.Doc();
    initializeBoard(doc, { title: 'T' }, withOrigin(ctx, SERVER_ORIGIN));
    const [a, b, c] = addEvents(doc, [
      { time: '2026-11-03T14:02Z', text: 'errors' },
      { time: '2026-11-03T14:07Z', text: 'alert' },
      { time: '2026-11-03T14:09Z', text: 'customer ticket' },
    ], ctx);
    setEventMarker(doc, a!, 'impactStarted', ctx);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    setEventMarker(peer, c!, 'detected', ctx);
    setEventMarker(doc, b!, 'detected', ctx);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
    const events = readEvents(doc);
    expect(markedEvents(events).detected?.time).toBe('2026-11-03T14:07Z');
    expect(shown(events).TTD).toBe('5 min');
    // Given events that both claim a marker (not from the readers), the first one given counts.
    expect(computeMetrics([at('2026-11-03T14:00Z', 'impactStarted'), at('2026-11-03T14:09Z', 'detected'), at('2026-11-03T14:07Z', 'detected')]).markers.detected).toBe(
      '2026-11-03T14:09Z',
    );
  });
});

describe('formatDuration', () => {
  it('writes durations the way people say them, to the minute', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(45 * 60_000)).toBe('45 min');
    expect(formatDuration(72 * 60_000)).toBe('1 h 12 min');
    expect(formatDuration(120 * 60_000)).toBe('2 h');
    expect(formatDuration((24 * 60 + 5) * 60_000)).toBe('1 d 5 min');
    expect(formatDuration(((2 * 24 + 4) * 60 + 10) * 60_000)).toBe('2 d 4 h 10 min');
  });

  it('rounds seconds to the nearest minute', () => {
    expect(formatDuration(29_999)).toBe('0 min');
    expect(formatDuration(30_000)).toBe('1 min');
    expect(formatDuration(59 * 60_000 + 40_000)).toBe('1 h');
  });

  it('shows a dash, not a number, for a negative or unreadable duration', () => {
    for (const bad of [-60_000, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number]) expect(formatDuration(bad)).toBe('—');
  });
});

describe('METRICS', () => {
  it('defines each metric between the markers the docs give', () => {
    expect(METRICS.map((m) => `${m.abbreviation} = ${m.to} - ${m.from}`)).toEqual([
      'TTD = detected - impactStarted',
      'TTA = acknowledged - detected',
      'TTM = mitigated - impactStarted',
      'TTR = resolved - impactStarted',
    ]);
  });
});
