// Numbered, idempotent migrations of the board document. Each one brings a board from version
// N-1 to N; two peers may run the same migration concurrently, so each must be safe to repeat.
import * as Y from 'yjs';
import { roots } from './doc';
import type { TransactionOrigin } from './origins';
import { SCHEMA_VERSION } from './schema';

type Migration = (doc: Y.Doc) => void;

/** MIGRATIONS[n] upgrades a board from version n-1 to n. */
export const MIGRATIONS: Record<number, Migration> = {
  // v1: the first layout. Boards written before the schema was versioned get a summary text.
  1: (doc) => {
    const { meta } = roots(doc);
    if (!(meta.get('summary') instanceof Y.Text)) meta.set('summary', new Y.Text(String(meta.get('summary') ?? '')));
  },
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
