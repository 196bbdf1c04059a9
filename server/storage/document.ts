// Stored rows back into a document: the one way a snapshot and its logged updates become a Y.Doc,
// used by a room loading its document, by the registry reading a document nobody has open, by the
// cluster link catching up, and by the tests.
import * as Y from 'yjs';
import type { StoredDocument } from './types';

/** Told about a stored part that could not be applied: `part` is its index, or 'merge' for the merged whole. */
export type DamagedPart = (error: unknown, part: number | 'merge') => void;

/** The snapshot (when there is one) followed by the updates, in the order they apply. */
export function storedParts(stored: Pick<StoredDocument, 'snapshot' | 'updates'>): Uint8Array[] {
  return stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
}

/**
 * Applies stored rows to `doc` with `origin`, as one merged update (far faster than thousands of
 * small ones). A damaged row must not make the whole document unreadable: when the merge fails,
 * the parts are applied one by one and those that fail are skipped, each reported to `onDamaged`.
 */
export function applyStored(
  doc: Y.Doc,
  stored: Pick<StoredDocument, 'snapshot' | 'updates'>,
  origin: unknown,
  onDamaged: DamagedPart = () => {},
): void {
  const parts = storedParts(stored);
  if (parts.length === 0) return;
  try {
    Y.applyUpdate(doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), origin);
  } catch (error) {
    onDamaged(error, 'merge');
    parts.forEach((part, index) => {
      try {
        Y.applyUpdate(doc, part, origin);
      } catch (partError) {
        onDamaged(partError, index);
      }
    });
  }
}

/** A new Y.Doc holding what was stored (see `applyStored`); the caller destroys it. */
export function documentFromStored(
  stored: Pick<StoredDocument, 'snapshot' | 'updates'>,
  origin: unknown = null,
  onDamaged?: DamagedPart,
): Y.Doc {
  const doc = new Y.Doc();
  applyStored(doc, stored, origin, onDamaged);
  return doc;
}
