// A person's private drafts ("Write privately first", docs/protocol.md "Private drafts"): the
// layout of the drafts document and the reveal that moves its notes into the board.
//
// A drafts document (`drafts:<personId>`, one per person per board) is laid out like the board
// document but uses only two of its roots, written with the board's own mutations:
//   events   Y.Map<EventId, Y.Map>   as on the board (time, kind, createdAt, text, context fields)
//   factors  Y.Map<FactorId, Y.Map>  as on the board (category, order, createdAt, text); no links,
//                                    no cluster: a draft is linked and grouped once it is revealed
// Anything else in it is ignored. What a draft says about its author or marker is ignored too: at
// the reveal the server decides the author (the person's name while the board shows authors,
// otherwise none) and markers stay the facilitator's to set on the board.
import type * as Y from 'yjs';
import type { WriteContext } from './core/context';
import { LIMITS, isEventTime } from './core/schema';
import { addEvents, readEvents, updateEventContext, type NewTimelineEvent, type TimelineEvent } from './events';
import { addFactor, readFactors, type ContributingFactor } from './factors';
import { roots } from './core/roots';
import type { EventId, FactorId } from '../ids';
import { EVENT_CONTEXT_FIELDS, type EventContextField } from './events/schema';

/** The notes of one drafts document, as plain data. */
export interface DraftNotes {
  events: TimelineEvent[];
  factors: ContributingFactor[];
}

/** Reads a drafts document's notes. */
export function readDraftNotes(doc: Y.Doc): DraftNotes {
  return { events: readEvents(doc), factors: readFactors(doc) };
}

/** One person's drafts to reveal, with the name their notes go under (undefined: anonymous). */
export interface DraftsToReveal {
  notes: DraftNotes;
  author?: string;
}

/** What a reveal moved, per drafts document given, by id (to remove them from it afterwards). */
export interface RevealResult {
  events: number;
  factors: number;
  /** Per input, in order: the ids of the notes that moved. */
  moved: Array<{ events: EventId[]; factors: FactorId[] }>;
  /** Notes a client wrote that the board would not take (a time that is not a UTC minute, text
   * over the limit or empty): left where they are. */
  skipped: number;
}

const validText = (t: string) => t.trim() !== '' && t.length <= LIMITS.noteLength;

/**
 * Writes every draft of `people` into the board document in one transaction (ctx.origin: the
 * server's). With no author the notes' order says nothing of who wrote what: `shuffle` mixes them
 * (pass the identity to keep each person's together). Nothing is removed from the drafts here.
 */
export function revealDrafts(
  board: Y.Doc,
  people: readonly DraftsToReveal[],
  ctx: WriteContext,
  shuffle: <T>(items: T[]) => T[],
): RevealResult {
  type EventEntry = { from: number; event: TimelineEvent; author: string | undefined };
  type FactorEntry = { from: number; factor: ContributingFactor; author: string | undefined };
  const events: EventEntry[] = [];
  const factors: FactorEntry[] = [];
  let skipped = 0;
  people.forEach(({ notes, author }, from) => {
    for (const event of notes.events) {
      const contextOk = EVENT_CONTEXT_FIELDS.every((f) => event[f].length <= LIMITS.noteLength);
      if (isEventTime(event.time) && validText(event.text) && contextOk) events.push({ from, event, author });
      else skipped++;
    }
    for (const factor of notes.factors) {
      if (validText(factor.text)) factors.push({ from, factor, author });
      else skipped++;
    }
  });
  const moved = people.map(() => ({ events: [] as EventId[], factors: [] as FactorId[] }));
  const anonymous = people.some((p) => p.author === undefined);
  const eventOrder = anonymous ? shuffle(events) : events;
  const factorOrder = anonymous ? shuffle(factors) : factors;
  board.transact(() => {
    const inputs: NewTimelineEvent[] = eventOrder.map(({ event, author }) => ({
      time: event.time,
      kind: event.kind,
      text: event.text.trim(),
      ...(author ? { author } : {}),
    }));
    const ids = inputs.length > 0 ? addEvents(board, inputs, ctx) : [];
    eventOrder.forEach(({ from, event }, i) => {
      const patch: Partial<Record<EventContextField, string>> = {};
      for (const field of EVENT_CONTEXT_FIELDS) if (event[field] !== '') patch[field] = event[field];
      if (Object.keys(patch).length > 0) updateEventContext(board, ids[i]!, patch, ctx);
      moved[from]!.events.push(event.id);
    });
    for (const { from, factor, author } of factorOrder) {
      addFactor(board, { text: factor.text.trim(), category: factor.category, ...(author ? { author } : {}) }, ctx);
      moved[from]!.factors.push(factor.id);
    }
  }, ctx.origin);
  return { events: eventOrder.length, factors: factorOrder.length, moved, skipped };
}

/** Removes revealed notes from a drafts document (one transaction); notes written since stay. */
export function removeDraftNotes(doc: Y.Doc, ids: { events: readonly string[]; factors: readonly string[] }, ctx: WriteContext): void {
  if (ids.events.length === 0 && ids.factors.length === 0) return;
  doc.transact(() => {
    const r = roots(doc);
    for (const id of ids.events) r.events.delete(id);
    for (const id of ids.factors) r.factors.delete(id);
  }, ctx.origin);
}
