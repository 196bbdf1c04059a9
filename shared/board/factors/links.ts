// Causal links: which timeline events a contributing factor helps explain. Kept on the factor as a
// Y.Map of event ids, so two people linking at once both keep their links.
import * as Y from 'yjs';
import type { EventId, FactorId } from '../../ids';
import type { WriteContext } from '../core/context';
import { roots, type Rec } from '../core/roots';
import { requireRecord } from '../core/validate';
import { linkedIds } from './read';

/** A factor's event links as a Y.Map, made (keeping what an array held) if it is not one yet. */
function eventLinksOf(r: Rec): Y.Map<boolean> {
  const v = r.get('eventIds');
  if (v instanceof Y.Map) return v as Y.Map<boolean>;
  const fresh = new Y.Map<boolean>();
  for (const eventId of linkedIds(v)) fresh.set(eventId, true);
  r.set('eventIds', fresh);
  return fresh;
}

/** Links a factor to timeline events it helps explain (links it already has are kept). Refuses,
 * writing nothing, when the factor or any of the events is gone. */
export function linkFactorToEvents(doc: Y.Doc, id: FactorId, eventIds: EventId[], ctx: WriteContext): void {
  doc.transact(() => {
    const { factors, events } = roots(doc);
    const r = requireRecord(factors, id, 'factor');
    for (const eventId of eventIds) requireRecord(events, eventId, 'event');
    const links = eventLinksOf(r);
    for (const eventId of eventIds) if (links.get(eventId) !== true) links.set(eventId, true);
  }, ctx.origin);
}

/** Removes links between a factor and events; ids it is not linked to are ignored. */
export function unlinkFactorFromEvents(doc: Y.Doc, id: FactorId, eventIds: EventId[], ctx: WriteContext): void {
  doc.transact(() => {
    const links = eventLinksOf(requireRecord(roots(doc).factors, id, 'factor'));
    for (const eventId of eventIds) if (links.has(eventId)) links.delete(eventId);
  }, ctx.origin);
}

/** Makes a factor's links exactly `eventIds` (what a pick-the-events dialog commits), touching only
 * the links that change, so a link someone else adds meanwhile is kept. */
export function setFactorEvents(doc: Y.Doc, id: FactorId, eventIds: EventId[], ctx: WriteContext): void {
  doc.transact(() => {
    const { factors, events } = roots(doc);
    const r = requireRecord(factors, id, 'factor');
    for (const eventId of eventIds) requireRecord(events, eventId, 'event');
    const links = eventLinksOf(r);
    const wanted = new Set<string>(eventIds);
    for (const key of [...links.keys()]) if (!wanted.has(key)) links.delete(key);
    for (const eventId of wanted) if (links.get(eventId) !== true) links.set(eventId, true);
  }, ctx.origin);
}
