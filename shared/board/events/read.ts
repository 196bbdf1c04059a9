// Timeline events: reading them.
//   events  Y.Map<EventId, Y.Map>  time, kind, createdAt, marker, author, text: Y.Text,
//                                  sawAtTheTime, thoughtAtTheTime, whyItMadeSense: Y.Text
import type * as Y from 'yjs';
import type { EventId } from '../../ids';
import { authorOf, isRec, num, oneOf, text } from '../core/fields';
import { defineReader } from '../core/reader';
import { cachedRecord, cachedSlice } from '../core/recordCache';
import { ROOT, SLICE } from '../core/roots';
import { eventTimeMs, isEventTime } from '../core/schema';
import { EVENT_KINDS, MARKER_NAMES, type MarkerName, type TimelineEvent } from './schema';

const byTime = (
  a: { time: string; createdAt: number; id: string },
  b: { time: string; createdAt: number; id: string },
) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));

/** An event's place on the timeline without its words: what the order, the lane's slots, the
 * metrics and the factors' links depend on. */
export interface TimelineEntry {
  id: EventId;
  time: string;
  createdAt: number;
  /** The marker this event holds (a marker claimed by two events stays with the earliest). */
  marker: MarkerName | null;
}

const markerOf = (v: unknown): MarkerName | null =>
  typeof v === 'string' && (MARKER_NAMES as readonly string[]).includes(v) ? (v as MarkerName) : null;

/** The readable events in time order (ties: creation order), with their markers, read without
 * touching any text. Woken only by an event added, removed, re-timed or (un)marked (the slice
 * `events.times`), and kept between reads until then: a keystroke in a note reads nothing here. */
export const readTimelineOrder = defineReader(
  [ROOT.events],
  ({ events }): TimelineEntry[] =>
    events.doc
      ? cachedSlice(events.doc, SLICE.eventTimes, 'order', () => buildOrder(events))
      : buildOrder(events),
  [SLICE.eventTimes],
);

function buildOrder(events: Y.Map<Y.Map<unknown>>): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  events.forEach((r, id) => {
    if (!isRec(r)) return;
    const time = r.get('time');
    if (isEventTime(time)) out.push({ id: id as EventId, time, createdAt: num(r.get('createdAt')), marker: markerOf(r.get('marker')) });
  });
  out.sort(byTime);
  const claimed = new Set<MarkerName>();
  for (const [i, entry] of out.entries()) {
    if (entry.marker === null) continue;
    if (claimed.has(entry.marker)) out[i] = { ...entry, marker: null };
    else claimed.add(entry.marker);
  }
  return out;
}

/** Each entry of an order by id (kept per order: the order is kept between reads). */
const entriesById = new WeakMap<TimelineEntry[], Map<string, TimelineEntry>>();
function entryIndex(order: TimelineEntry[]): Map<string, TimelineEntry> {
  let index = entriesById.get(order);
  if (!index) {
    index = new Map(order.map((e) => [e.id, e]));
    entriesById.set(order, index);
  }
  return index;
}

/** An event's record as the timeline shows it: its marker as the order resolved it. */
function withMarker(event: TimelineEvent, entry: TimelineEntry): TimelineEvent {
  // A copy: the record read is shared with later reads (core/recordCache).
  return event.marker === entry.marker ? event : { ...event, marker: entry.marker };
}

/** Timeline events in time order (ties: creation order). Events with an unreadable time are skipped.
 * A marker claimed by more than one event (two people set it at once on different events) stays
 * with the earliest of them, so every copy shows it on the same one. */
export const readEvents = defineReader([ROOT.events], (r): TimelineEvent[] => {
  const order = readTimelineOrder.from(r);
  const out: TimelineEvent[] = [];
  for (const entry of order) {
    const record = r.events.get(entry.id);
    if (!isRec(record)) continue;
    const event = cachedRecord(record, entry.id, () => readEvent(record, entry.id));
    if (event) out.push(withMarker(event, entry));
  }
  return out;
});

/** One event, as `readEvents` reads it (null if there is none, or its time is unreadable): what a
 * note on the timeline shows. Reading it again after a change elsewhere costs a look-up. */
export const readTimelineEvent = defineReader([ROOT.events], (r, id: EventId): TimelineEvent | null => {
  const entry = entryIndex(readTimelineOrder.from(r)).get(id);
  const record = r.events.get(id);
  if (!entry || !isRec(record)) return null;
  const event = cachedRecord(record, id, () => readEvent(record, id));
  return event ? withMarker(event, entry) : null;
});

function readEvent(r: Y.Map<unknown>, id: string): TimelineEvent | null {
  const time = r.get('time');
  if (!isEventTime(time)) return null;
  return {
    id: id as EventId,
    time,
    kind: oneOf(r.get('kind'), EVENT_KINDS, 'other'),
    text: text(r.get('text')),
    createdAt: num(r.get('createdAt')),
    marker: markerOf(r.get('marker')),
    sawAtTheTime: text(r.get('sawAtTheTime')),
    thoughtAtTheTime: text(r.get('thoughtAtTheTime')),
    whyItMadeSense: text(r.get('whyItMadeSense')),
    author: authorOf(r),
  };
}

/** Each readable event's place in timeline order (factors need only this to order their links,
 * and are read far more often than they change). */
export const readTimelinePositions = defineReader(
  [ROOT.events],
  (r): Map<string, number> => {
    const order = readTimelineOrder.from(r);
    const known = positionsOf.get(order);
    if (known) return known;
    const next = new Map(order.map((e, i) => [e.id as string, i]));
    // The same Map while no event moved (a marker set, say): readers that depend on it (factors)
    // keep their records.
    const prev = lastPositions.get(r.events);
    const kept = prev && prev.size === next.size && order.every((e, i) => prev.get(e.id) === i) ? prev : next;
    lastPositions.set(r.events, kept);
    positionsOf.set(order, kept);
    return kept;
  },
  [SLICE.eventTimes],
);
const lastPositions = new WeakMap<object, Map<string, number>>();
const positionsOf = new WeakMap<TimelineEntry[], Map<string, number>>();

/** Milliseconds of an event's time, for placing it on the axis. */
export const eventMs = (e: TimelineEvent) => eventTimeMs(e.time);
