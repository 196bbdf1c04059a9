// Timeline events: the mutations. Each is one transaction with the context's origin.
import * as Y from 'yjs';
import type { EventId } from '../../ids';
import { RECORD_ID_BITS, type WriteContext } from '../core/context';
import { isRec } from '../core/fields';
import { roots, type Rec } from '../core/roots';
import { LIMITS, isEventTime } from '../core/schema';
import { applyTextEdit } from '../core/text';
import { BoardValidationError, newText, requireAuthor, requireRecord, requireText, textOf } from '../core/validate';
import {
  EVENT_CONTEXT_FIELDS,
  EVENT_CONTEXT_LABELS,
  EVENT_KINDS,
  MARKER_NAMES,
  type EventContextField,
  type EventKind,
  type MarkerName,
  type TimelineEvent,
} from './schema';

export interface NewTimelineEvent {
  time: string;
  text: string;
  kind?: EventKind;
  /** Marks the new event as this incident moment, taking the marker from any event that had it
   * (an import that knows when the incident was detected, say). */
  marker?: MarkerName | null;
  /** The writer's name, given only while the board shows authors. */
  author?: string;
}

function requireEventTime(time: string): string {
  if (!isEventTime(time)) {
    throw new BoardValidationError('Event time must be a UTC minute such as 2026-11-03T14:02Z.');
  }
  return time;
}

function requireKind(kind: EventKind): EventKind {
  if (!EVENT_KINDS.includes(kind)) throw new BoardValidationError(`Unknown event kind: ${String(kind)}.`);
  return kind;
}

function requireMarker(marker: MarkerName | null): MarkerName | null {
  if (marker !== null && !MARKER_NAMES.includes(marker)) throw new BoardValidationError(`Unknown marker: ${String(marker)}.`);
  return marker;
}

export function addEvent(doc: Y.Doc, input: NewTimelineEvent, ctx: WriteContext): EventId {
  return addEvents(doc, [input], ctx)[0]!;
}

/** Adds several events in one transaction (one undo step, one sync message): imports use this. */
export function addEvents(doc: Y.Doc, inputs: NewTimelineEvent[], ctx: WriteContext): EventId[] {
  const checked = inputs.map((e) => ({
    time: requireEventTime(e.time),
    text: requireText(e.text, LIMITS.noteLength, 'Event text'),
    kind: requireKind(e.kind ?? 'other'),
    marker: requireMarker(e.marker ?? null),
    author: requireAuthor(e.author),
  }));
  const ids: EventId[] = [];
  doc.transact(() => {
    const { events } = roots(doc);
    const t = ctx.now();
    checked.forEach((e, i) => {
      const id = ctx.newId(RECORD_ID_BITS) as EventId;
      const r: Rec = new Y.Map();
      r.set('time', e.time);
      r.set('kind', e.kind);
      r.set('createdAt', t + i);
      r.set('text', newText(e.text));
      if (e.author) r.set('author', e.author);
      // Made with the event, so two people filling in its context at once share one text each.
      for (const field of EVENT_CONTEXT_FIELDS) r.set(field, newText(''));
      events.set(id, r);
      ids.push(id);
    });
    // Later events in the list win a marker named twice, as if set one after the other.
    checked.forEach((e, i) => {
      if (e.marker !== null) moveMarker(doc, ids[i]!, e.marker);
    });
  }, ctx.origin);
  return ids;
}

/** Puts `marker` on one event and takes it off every other (within the caller's transaction). */
function moveMarker(doc: Y.Doc, id: EventId, marker: MarkerName): void {
  const { events } = roots(doc);
  events.forEach((r, otherId) => {
    if (otherId !== id && isRec(r) && r.get('marker') === marker) r.delete('marker');
  });
  requireRecord(events, id, 'event').set('marker', marker);
}

function countMarked(doc: Y.Doc, marker: MarkerName): number {
  let n = 0;
  roots(doc).events.forEach((r) => {
    if (isRec(r) && r.get('marker') === marker) n++;
  });
  return n;
}

/** Marks an event as a moment of the incident (impact started, detected, …), or clears its marker
 * with null. A marker is on one event at most: setting it here takes it off any other, in the same
 * transaction. */
export function setEventMarker(doc: Y.Doc, id: EventId, marker: MarkerName | null, ctx: WriteContext): void {
  requireMarker(marker);
  doc.transact(() => {
    const r = requireRecord(roots(doc).events, id, 'event');
    if (marker === null) r.delete('marker');
    else if (r.get('marker') !== marker || countMarked(doc, marker) > 1) moveMarker(doc, id, marker);
  }, ctx.origin);
}

/** Edits what responders saw, thought, and why it made sense, for one event. Fields left out are
 * unchanged. */
export function updateEventContext(
  doc: Y.Doc,
  id: EventId,
  patch: Partial<Record<EventContextField, string>>,
  ctx: WriteContext,
): void {
  const fields = EVENT_CONTEXT_FIELDS.filter((field) => patch[field] !== undefined);
  for (const field of fields) requireText(patch[field]!, LIMITS.noteLength, EVENT_CONTEXT_LABELS[field]);
  doc.transact(() => {
    const r = requireRecord(roots(doc).events, id, 'event');
    for (const field of fields) applyTextEdit(textOf(r, field), patch[field]!, ctx.origin);
  }, ctx.origin);
}

export function updateEvent(
  doc: Y.Doc,
  id: EventId,
  patch: Partial<Pick<TimelineEvent, 'time' | 'kind' | 'text'>>,
  ctx: WriteContext,
): void {
  if (patch.time !== undefined) requireEventTime(patch.time);
  if (patch.kind !== undefined) requireKind(patch.kind);
  if (patch.text !== undefined) requireText(patch.text, LIMITS.noteLength, 'Event text');
  doc.transact(() => {
    const r = requireRecord(roots(doc).events, id, 'event');
    if (patch.time !== undefined) r.set('time', patch.time);
    if (patch.kind !== undefined) r.set('kind', patch.kind);
    if (patch.text !== undefined) applyTextEdit(textOf(r), patch.text, ctx.origin);
  }, ctx.origin);
}

export function deleteEvent(doc: Y.Doc, id: EventId, ctx: WriteContext): void {
  doc.transact(() => {
    const { events, factors } = roots(doc);
    events.delete(id);
    // Factors stop pointing at an event that is gone.
    factors.forEach((f) => {
      if (!isRec(f)) return;
      const links = f.get('eventIds');
      if (links instanceof Y.Map) links.delete(id);
      else if (Array.isArray(links) && links.includes(id)) f.set('eventIds', links.filter((x) => x !== id));
    });
  }, ctx.origin);
}
