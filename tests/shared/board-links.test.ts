// Schema v2 of the board: incident markers on events, what responders knew at the time, and links
// from contributing factors to the events they explain. Each as a person at the board sees it, and
// as two people doing it at once see it after their copies sync.
import * as Y from 'yjs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BoardValidationError,
  LIMITS,
  LOCAL_ORIGIN,
  SERVER_ORIGIN,
  addEvent,
  addEvents,
  addFactor,
  deleteEvent,
  initializeBoard,
  linkFactorToEvents,
  readBoard,
  readEvents,
  readFactors,
  roots,
  setEventMarker,
  setFactorEvents,
  unlinkFactorFromEvents,
  updateEvent,
  updateEventContext,
  type MarkerName,
  type TimelineEvent,
  withOrigin,
} from '../../shared/board';
import type { EventId, FactorId } from '../../shared/ids';
import { testContext } from '../helpers/context';

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

function board(): Y.Doc {
  const doc = new Y.Doc();
  initializeBoard(doc, { title: 'Checkout outage', incidentDate: '2026-11-03' }, withOrigin(ctx, SERVER_ORIGIN));
  return doc;
}

/** A copy of `doc`, as another person's browser holds it. */
function peerOf(doc: Y.Doc): Y.Doc {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  return peer;
}

/** Exchanges what each copy has that the other lacks. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

function expectRefused(fn: () => unknown, message: string | RegExp): void {
  expect(fn).toThrow(BoardValidationError);
  expect(fn).toThrow(message);
}

function updatesDuring(doc: Y.Doc, fn: () => unknown): number {
  let n = 0;
  const count = () => n++;
  doc.on('update', count);
  try {
    fn();
  } catch {
    // counted all the same
  } finally {
    doc.off('update', count);
  }
  return n;
}

/** Marker -> text of the event that has it, as the timeline shows them. */
const markersOf = (events: TimelineEvent[]) =>
  Object.fromEntries(events.filter((e) => e.marker !== null).map((e) => [e.marker, e.text])) as Partial<Record<MarkerName, string>>;

/** The connection-pool outage's timeline, unmarked. */
function timeline(doc: Y.Doc) {
  const [deploy, errors, alert, ack, rollback, resolved] = addEvents(doc, [
    { time: '2026-11-03T13:58Z', kind: 'action', text: 'Deploy 4812 rolls out' },
    { time: '2026-11-03T14:02Z', kind: 'impact', text: 'Checkout errors climb to 38%' },
    { time: '2026-11-03T14:07Z', kind: 'detection', text: 'Error-rate alert pages on-call' },
    { time: '2026-11-03T14:11Z', kind: 'action', text: 'On-call acknowledges' },
    { time: '2026-11-03T14:38Z', kind: 'action', text: 'Deploy 4812 rolled back' },
    { time: '2026-11-03T14:45Z', kind: 'resolution', text: 'Errors under 0.1%' },
  ], ctx);
  return { deploy: deploy!, errors: errors!, alert: alert!, ack: ack!, rollback: rollback!, resolved: resolved! };
}

describe('incident markers', () => {
  it('marks events as the moments of the incident, one event per marker', () => {
    const doc = board();
    const e = timeline(doc);
    setEventMarker(doc, e.errors, 'impactStarted', ctx);
    setEventMarker(doc, e.alert, 'detected', ctx);
    setEventMarker(doc, e.ack, 'acknowledged', ctx);
    setEventMarker(doc, e.rollback, 'mitigated', ctx);
    setEventMarker(doc, e.resolved, 'resolved', ctx);
    expect(markersOf(readEvents(doc))).toEqual({
      impactStarted: 'Checkout errors climb to 38%',
      detected: 'Error-rate alert pages on-call',
      acknowledged: 'On-call acknowledges',
      mitigated: 'Deploy 4812 rolled back',
      resolved: 'Errors under 0.1%',
    });
  });

  it('moves a marker to the event it is set on, taking it off the other in the same transaction', () => {
    const doc = board();
    const e = timeline(doc);
    setEventMarker(doc, e.errors, 'impactStarted', ctx);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    setEventMarker(doc, e.deploy, 'impactStarted', ctx);
    expect(origins).toEqual([LOCAL_ORIGIN]);
    const events = readEvents(doc);
    expect(events.find((x) => x.id === e.deploy)!.marker).toBe('impactStarted');
    expect(events.find((x) => x.id === e.errors)!.marker).toBeNull();
  });

  it('gives an event one marker: a new one replaces the old', () => {
    const doc = board();
    const e = timeline(doc);
    setEventMarker(doc, e.rollback, 'mitigated', ctx);
    setEventMarker(doc, e.rollback, 'resolved', ctx);
    expect(markersOf(readEvents(doc))).toEqual({ resolved: 'Deploy 4812 rolled back' });
  });

  it('clears a marker with null, and writes nothing when the marker is already there', () => {
    const doc = board();
    const e = timeline(doc);
    setEventMarker(doc, e.alert, 'detected', ctx);
    expect(updatesDuring(doc, () => setEventMarker(doc, e.alert, 'detected', ctx))).toBe(0);
    setEventMarker(doc, e.alert, null, ctx);
    expect(markersOf(readEvents(doc))).toEqual({});
  });

  it('refuses an unknown marker or an event that is gone, and writes nothing', () => {
    const doc = board();
    const e = timeline(doc);
    expect(updatesDuring(doc, () => setEventMarker(doc, e.alert, 'blamed' as MarkerName, ctx))).toBe(0);
    expectRefused(() => setEventMarker(doc, e.alert, 'blamed' as MarkerName, ctx), 'Unknown marker: blamed.');
    deleteEvent(doc, e.ack, ctx);
    expectRefused(() => setEventMarker(doc, e.ack, 'acknowledged', ctx), 'That event no longer exists.');
    expect(markersOf(readEvents(doc))).toEqual({});
  });

  it('adds imported events with their markers, taking a marker from an event that had it', () => {
    const doc = board();
    const e = timeline(doc);
    setEventMarker(doc, e.alert, 'detected', ctx);
    addEvents(doc, [
      { time: '2026-11-03T14:06Z', kind: 'detection', text: 'PagerDuty: triggered', marker: 'detected' },
      { time: '2026-11-03T14:09Z', kind: 'action', text: 'PagerDuty: acknowledged', marker: 'acknowledged' },
    ], ctx);
    expect(markersOf(readEvents(doc))).toEqual({ detected: 'PagerDuty: triggered', acknowledged: 'PagerDuty: acknowledged' });
    expectRefused(() => addEvents(doc, [{ time: '2026-11-03T14:10Z', text: 'x', marker: 'oops' as MarkerName }], ctx), 'Unknown marker: oops.');
  });

  it('keeps a marker two people set at once on different events on one of them, the same on both copies', () => {
    const a = board();
    const e = timeline(a);
    const b = peerOf(a);
    setEventMarker(a, e.resolved, 'mitigated', ctx);
    setEventMarker(b, e.rollback, 'mitigated', ctx);
    sync(a, b);
    // The earlier event keeps it, on every copy.
    expect(markersOf(readEvents(a))).toEqual({ mitigated: 'Deploy 4812 rolled back' });
    expect(readEvents(b)).toEqual(readEvents(a));
    // Setting it again settles the document too.
    setEventMarker(a, e.resolved, 'mitigated', ctx);
    sync(a, b);
    expect(markersOf(readEvents(b))).toEqual({ mitigated: 'Errors under 0.1%' });
  });

  it('keeps the marker with its event when the event is moved in time', () => {
    const doc = board();
    const e = timeline(doc);
    setEventMarker(doc, e.alert, 'detected', ctx);
    updateEvent(doc, e.alert, { time: '2026-11-03T14:06Z' }, ctx);
    expect(readEvents(doc).find((x) => x.id === e.alert)).toMatchObject({ time: '2026-11-03T14:06Z', marker: 'detected' });
  });
});

describe('what we knew at the time', () => {
  it('records what people saw, thought, and why it made sense, field by field', () => {
    const doc = board();
    const id = addEvent(doc, { time: '2026-11-03T14:19Z', kind: 'action', text: 'Two pods restarted' }, ctx);
    updateEventContext(doc, id, { sawAtTheTime: 'Database CPU at 30%; error rate 38%.' }, ctx);
    updateEventContext(doc, id, {
      thoughtAtTheTime: 'One pod was stuck, as in last month’s incident.',
      whyItMadeSense: 'A restart had fixed the same symptom twice before.',
    }, ctx);
    expect(readEvents(doc)[0]).toMatchObject({
      text: 'Two pods restarted',
      sawAtTheTime: 'Database CPU at 30%; error rate 38%.',
      thoughtAtTheTime: 'One pod was stuck, as in last month’s incident.',
      whyItMadeSense: 'A restart had fixed the same symptom twice before.',
    });
    // Each field is shared text from the start.
    const record = roots(doc).events.get(id)!;
    for (const field of ['sawAtTheTime', 'thoughtAtTheTime', 'whyItMadeSense']) expect(record.get(field)).toBeInstanceOf(Y.Text);
  });

  it('keeps both people’s words when two of them fill in the same field at once', () => {
    const a = board();
    const id = addEvent(a, { time: '2026-11-03T14:19Z', text: 'Two pods restarted' }, ctx);
    const b = peerOf(a);
    updateEventContext(a, id, { sawAtTheTime: 'CPU normal.' }, ctx);
    updateEventContext(b, id, { sawAtTheTime: 'No deploy alert.' }, ctx);
    sync(a, b);
    const seen = readEvents(a)[0]!.sawAtTheTime;
    expect(seen).toContain('CPU normal.');
    expect(seen).toContain('No deploy alert.');
    expect(readEvents(b)[0]!.sawAtTheTime).toBe(seen);
  });

  it('refuses over-long context or an event that is gone, and writes nothing', () => {
    const doc = board();
    const id = addEvent(doc, { time: '2026-11-03T14:19Z', text: 'x' }, ctx);
    const tooLong = 'x'.repeat(LIMITS.noteLength + 1);
    expect(updatesDuring(doc, () => updateEventContext(doc, id, { sawAtTheTime: 'fine', whyItMadeSense: tooLong }, ctx))).toBe(0);
    expectRefused(() => updateEventContext(doc, id, { whyItMadeSense: tooLong }, ctx), 'Why it made sense then is too long (at most 2000 characters).');
    deleteEvent(doc, id, ctx);
    expectRefused(() => updateEventContext(doc, id, { sawAtTheTime: 'late' }, ctx), 'That event no longer exists.');
  });

  it('repairs a context field a peer wrote as a plain string when someone next edits it', () => {
    const doc = board();
    const id = addEvent(doc, { time: '2026-11-03T14:19Z', text: 'x' }, ctx);
    roots(doc).events.get(id)!.set('thoughtAtTheTime', 'typed by a tool');
    expect(readEvents(doc)[0]!.thoughtAtTheTime).toBe('typed by a tool');
    updateEventContext(doc, id, { thoughtAtTheTime: 'typed by a tool, then edited' }, ctx);
    expect(roots(doc).events.get(id)!.get('thoughtAtTheTime')).toBeInstanceOf(Y.Text);
    expect(readEvents(doc)[0]!.thoughtAtTheTime).toBe('typed by a tool, then edited');
  });
});

describe('links from factors to events', () => {
  function linked(doc: Y.Doc, factorId: FactorId): string[] {
    const texts = new Map(readEvents(doc).map((e) => [e.id as string, e.text]));
    return readFactors(doc).find((f) => f.id === factorId)!.eventIds.map((id) => texts.get(id)!);
  }

  it('links a factor to the events it explains, listed in timeline order', () => {
    const doc = board();
    const e = timeline(doc);
    const f = addFactor(doc, { text: 'Nothing checks workers × pool size against the database limit.', category: 'technology' }, ctx);
    expect(readFactors(doc)[0]!.eventIds).toEqual([]);
    linkFactorToEvents(doc, f, [e.errors, e.deploy], ctx);
    linkFactorToEvents(doc, f, [e.deploy], ctx);
    expect(linked(doc, f)).toEqual(['Deploy 4812 rolls out', 'Checkout errors climb to 38%']);
    unlinkFactorFromEvents(doc, f, [e.deploy, e.alert], ctx);
    expect(linked(doc, f)).toEqual(['Checkout errors climb to 38%']);
  });

  it('adds a factor already linked to the event it came from', () => {
    const doc = board();
    const e = timeline(doc);
    const f = addFactor(doc, { text: 'The alert waits 5 minutes before paging.', category: 'technology', eventIds: [e.alert, e.alert] }, ctx);
    expect(linked(doc, f)).toEqual(['Error-rate alert pages on-call']);
  });

  it('sets exactly the links a person picked, keeping a link someone else added meanwhile', () => {
    const a = board();
    const e = timeline(a);
    const f = addFactor(a, { text: 'Runbook has no section on connection errors.', category: 'process', eventIds: [e.alert] }, ctx);
    const b = peerOf(a);
    setFactorEvents(a, f, [e.ack, e.rollback], ctx);
    linkFactorToEvents(b, f, [e.errors], ctx);
    sync(a, b);
    expect(linked(a, f)).toEqual(['Checkout errors climb to 38%', 'On-call acknowledges', 'Deploy 4812 rolled back']);
    expect(readFactors(b)).toEqual(readFactors(a));
  });

  it('refuses a link to an event or factor that is gone, and writes nothing', () => {
    const doc = board();
    const e = timeline(doc);
    const f = addFactor(doc, { text: 'f' }, ctx);
    deleteEvent(doc, e.ack, ctx);
    expect(updatesDuring(doc, () => linkFactorToEvents(doc, f, [e.alert, e.ack], ctx))).toBe(0);
    expectRefused(() => linkFactorToEvents(doc, f, [e.alert, e.ack], ctx), 'That event no longer exists.');
    expectRefused(() => setFactorEvents(doc, f, [e.ack], ctx), 'That event no longer exists.');
    expectRefused(() => addFactor(doc, { text: 'g', eventIds: [e.ack] }, ctx), 'That event no longer exists.');
    expectRefused(() => linkFactorToEvents(doc, 'gone' as FactorId, [e.alert], ctx), 'That factor no longer exists.');
    expect(readFactors(doc).map((x) => x.eventIds)).toEqual([[]]);
  });

  it('drops the link when its event is deleted, here or by a peer', () => {
    const a = board();
    const e = timeline(a);
    const f = addFactor(a, { text: 'f', eventIds: [e.alert, e.ack] }, ctx);
    deleteEvent(a, e.alert, ctx);
    expect(linked(a, f)).toEqual(['On-call acknowledges']);
    // A peer links to an event another peer deletes at the same moment: readers leave it out.
    const b = peerOf(a);
    linkFactorToEvents(a, f, [e.rollback], ctx);
    deleteEvent(b, e.rollback, ctx);
    sync(a, b);
    expect(linked(a, f)).toEqual(['On-call acknowledges']);
    expect(readBoard(b)).toEqual(readBoard(a));
  });

  it('reads links a tool wrote as a plain array, and turns them into shared links on the next edit', () => {
    const doc = board();
    const e = timeline(doc);
    const f = addFactor(doc, { text: 'f' }, ctx);
    roots(doc).factors.get(f)!.set('eventIds', [e.ack, e.alert, 'missing']);
    expect(linked(doc, f)).toEqual(['Error-rate alert pages on-call', 'On-call acknowledges']);
    linkFactorToEvents(doc, f, [e.errors], ctx);
    expect(roots(doc).factors.get(f)!.get('eventIds')).toBeInstanceOf(Y.Map);
    expect(linked(doc, f)).toEqual(['Checkout errors climb to 38%', 'Error-rate alert pages on-call', 'On-call acknowledges']);
    // Deleting an event cleans an array too.
    roots(doc).factors.get(f)!.set('eventIds', [e.ack]);
    deleteEvent(doc, e.ack, ctx);
    expect(roots(doc).factors.get(f)!.get('eventIds')).toEqual([]);
  });

  it('unlinks nothing when asked to unlink an event it was never linked to', () => {
    const doc = board();
    const e = timeline(doc);
    const f = addFactor(doc, { text: 'f', eventIds: [e.alert] }, ctx);
    expect(updatesDuring(doc, () => unlinkFactorFromEvents(doc, f, ['never' as EventId], ctx))).toBe(0);
    expect(linked(doc, f)).toEqual(['Error-rate alert pages on-call']);
  });
});
