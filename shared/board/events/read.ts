// Timeline events: reading them.
//   events  Y.Map<EventId, Y.Map>  time, kind, createdAt, marker, author, text: Y.Text,
//                                  sawAtTheTime, thoughtAtTheTime, whyItMadeSense: Y.Text
import type * as Y from 'yjs';
import type { EventId } from '../../ids';
import { authorOf, isRec, num, oneOf, text } from '../core/fields';
import { defineReader } from '../core/reader';
import { cachedRecord } from '../core/recordCache';
import { ROOT } from '../core/roots';
import { eventTimeMs, isEventTime } from '../core/schema';
import { EVENT_KINDS, MARKER_NAMES, type MarkerName, type TimelineEvent } from './schema';

const byTime = (
  a: { time: string; createdAt: number; id: string },
  b: { time: string; createdAt: number; id: string },
) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));

/** Timeline events in time order (ties: creation order). Events with an unreadable time are skipped.
 * A marker claimed by more than one event (two people set it at once on different events) stays
 * with the earliest of them, so every copy shows it on the same one. */
export const readEvents = defineReader([ROOT.events], ({ events }): TimelineEvent[] => {
  const out: TimelineEvent[] = [];
  events.forEach((r, id) => {
    if (!isRec(r)) return;
    const event = cachedRecord(r, id, () => readEvent(r, id));
    if (event) out.push(event);
  });
  out.sort(byTime);
  const claimed = new Set<MarkerName>();
  for (const [i, event] of out.entries()) {
    if (event.marker === null) continue;
    // A copy: the record read is shared with later reads (core/recordCache).
    if (claimed.has(event.marker)) out[i] = { ...event, marker: null };
    else claimed.add(event.marker);
  }
  return out;
});

function readEvent(r: Y.Map<unknown>, id: string): TimelineEvent | null {
  const time = r.get('time');
  if (!isEventTime(time)) return null;
  const marker = r.get('marker');
  return {
    id: id as EventId,
    time,
    kind: oneOf(r.get('kind'), EVENT_KINDS, 'other'),
    text: text(r.get('text')),
    createdAt: num(r.get('createdAt')),
    marker: typeof marker === 'string' && (MARKER_NAMES as readonly string[]).includes(marker) ? (marker as MarkerName) : null,
    sawAtTheTime: text(r.get('sawAtTheTime')),
    thoughtAtTheTime: text(r.get('thoughtAtTheTime')),
    whyItMadeSense: text(r.get('whyItMadeSense')),
    author: authorOf(r),
  };
}

/** Each readable event's place in timeline order, read without touching any text (factors need
 * only this to order their links, and are read far more often than they change). */
export const readTimelinePositions = defineReader([ROOT.events], ({ events }): Map<string, number> => {
  const keys: Array<{ id: string; time: string; createdAt: number }> = [];
  events.forEach((r, id) => {
    if (!isRec(r)) return;
    const time = r.get('time');
    if (isEventTime(time)) keys.push({ id, time, createdAt: num(r.get('createdAt')) });
  });
  keys.sort(byTime);
  const next = new Map(keys.map((k, i) => [k.id, i]));
  // The same Map while no event moved: readers that depend on it (factors) keep their records.
  const prev = lastPositions.get(events);
  if (prev && prev.size === next.size && keys.every((k, i) => prev.get(k.id) === i)) return prev;
  lastPositions.set(events, next);
  return next;
});
const lastPositions = new WeakMap<object, Map<string, number>>();

/** Milliseconds of an event's time, for placing it on the axis. */
export const eventMs = (e: TimelineEvent) => eventTimeMs(e.time);
