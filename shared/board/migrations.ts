// Numbered, idempotent migrations of the board document. Each one brings a board from version
// N-1 to N; two peers may run the same migration concurrently, so each must be safe to repeat.
import * as Y from 'yjs';
import { roots } from './core/roots';
import type { TransactionOrigin } from './origins';
import { SCHEMA_VERSION } from './core/schema';
import { EVENT_CONTEXT_FIELDS } from './events/schema';

type Migration = (doc: Y.Doc) => void;

/** MIGRATIONS[n] upgrades a board from version n-1 to n. */
export const MIGRATIONS: Record<number, Migration> = {
  // v1: the first layout. Boards written before the schema was versioned get a summary text.
  1: (doc) => {
    const { meta } = roots(doc);
    if (!(meta.get('summary') instanceof Y.Text)) meta.set('summary', new Y.Text(String(meta.get('summary') ?? '')));
  },
  // v2: markers, hindsight context and causal links. Markers need nothing (absent means none).
  // Every event gets its three context texts and every factor its event links now, while the
  // server holds the board alone, so no two people can each make their own on first use.
  2: (doc) => {
    const { events, factors } = roots(doc);
    events.forEach((r) => {
      if (!(r instanceof Y.Map)) return;
      for (const field of EVENT_CONTEXT_FIELDS) {
        const value = r.get(field);
        if (!(value instanceof Y.Text)) r.set(field, new Y.Text(typeof value === 'string' ? value : ''));
      }
    });
    factors.forEach((r) => {
      if (!(r instanceof Y.Map)) return;
      const value = r.get('eventIds');
      if (value instanceof Y.Map) return;
      const links = new Y.Map<boolean>();
      if (Array.isArray(value)) for (const id of value) if (typeof id === 'string') links.set(id, true);
      r.set('eventIds', links);
    });
  },
  // v3: facilitated meetings. New roots (checkins, ready, voterNames) and optional `author`
  // fields need nothing: absent reads as empty. Vote settings move to the facilitation document
  // (only the facilitator may write there); the board's old `settings` map is no longer read by
  // the client, and the server copies it there once (shared/facilitation adoptBoardVoteSettings).
  3: () => undefined,
};

/** The version a board document says it is at (0 for a board that never said). */
export function schemaVersionOf(doc: Y.Doc): number {
  const v = roots(doc).meta.get('schemaVersion');
  return typeof v === 'number' && Number.isInteger(v) ? v : 0;
}

/** Brings a board up to SCHEMA_VERSION. Returns false for a board written by a newer Debrief,
 * which this code must not touch (it could lose fields it does not know). */
export function migrateBoard(doc: Y.Doc, origin: TransactionOrigin): boolean {
  const from = schemaVersionOf(doc);
  if (from > SCHEMA_VERSION) return false;
  if (from === SCHEMA_VERSION) return true;
  doc.transact(() => {
    for (let v = from + 1; v <= SCHEMA_VERSION; v++) MIGRATIONS[v]?.(doc);
    roots(doc).meta.set('schemaVersion', SCHEMA_VERSION);
  }, origin);
  return true;
}
