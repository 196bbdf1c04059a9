// Schema versions and migrations: an old board is brought up to date, a board from a newer
// Debrief is left alone, and two peers migrating at once agree.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  SERVER_ORIGIN,
  initializeBoard,
  migrateBoard,
  readMeta,
  roots,
  schemaVersionOf,
  setSummary,
} from '../../shared/board';

/** A board as the first, unversioned Debrief wrote it: a plain-string summary, no version. */
function v0Board(): Y.Doc {
  const doc = new Y.Doc();
  const meta = roots(doc).meta;
  meta.set('title', 'Old board');
  meta.set('summary', 'Written before versions.');
  return doc;
}

describe('migrations', () => {
  it('has one migration for every version up to the current one', () => {
    for (let v = 1; v <= SCHEMA_VERSION; v++) expect(typeof MIGRATIONS[v], `migration ${v}`).toBe('function');
    expect(Object.keys(MIGRATIONS).map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
  });

  it('brings a v0 board up to date in one transaction with the given origin', () => {
    const doc = v0Board();
    expect(schemaVersionOf(doc)).toBe(0);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    expect(migrateBoard(doc, SERVER_ORIGIN)).toBe(true);
    expect(origins).toEqual([SERVER_ORIGIN]);
    expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSION);
    expect(readMeta(doc)).toMatchObject({ title: 'Old board', summary: 'Written before versions.' });
    // The summary is now shared text, so two people can edit it at once.
    expect(roots(doc).meta.get('summary')).toBeInstanceOf(Y.Text);
    setSummary(doc, 'Written before versions. Now editable.');
    expect(readMeta(doc).summary).toBe('Written before versions. Now editable.');
  });

  it('leaves a current board untouched', () => {
    const doc = new Y.Doc();
    initializeBoard(doc, { title: 'New' }, SERVER_ORIGIN);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(migrateBoard(doc, SERVER_ORIGIN)).toBe(true);
    expect(updates).toBe(0);
  });

  it('refuses a board written by a newer Debrief and does not touch it', () => {
    const doc = v0Board();
    roots(doc).meta.set('schemaVersion', SCHEMA_VERSION + 1);
    roots(doc).meta.set('futureField', { kept: true });
    const before = Y.encodeStateAsUpdate(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(migrateBoard(doc, SERVER_ORIGIN)).toBe(false);
    expect(updates).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('treats a version that is not a whole number as 0', () => {
    const doc = v0Board();
    roots(doc).meta.set('schemaVersion', '1');
    expect(schemaVersionOf(doc)).toBe(0);
    roots(doc).meta.set('schemaVersion', 0.5);
    expect(schemaVersionOf(doc)).toBe(0);
  });

  it('converges when two peers migrate the same old board at once', () => {
    const a = v0Board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    migrateBoard(a, SERVER_ORIGIN);
    migrateBoard(b, SERVER_ORIGIN);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readMeta(a)).toEqual(readMeta(b));
    expect(readMeta(a)).toMatchObject({ schemaVersion: SCHEMA_VERSION, summary: 'Written before versions.' });
  });
});
