// Schema versions and migrations: an old board is brought up to date, a board from a newer
// Debrief is left alone, and two peers migrating at once agree.
import * as Y from 'yjs';
import { describe, expect, it, beforeEach } from 'vitest';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  SERVER_ORIGIN,
  initializeBoard,
  linkFactorToEvents,
  migrateBoard,
  readEvents,
  readFactors,
  readMeta,
  roots,
  schemaVersionOf,
  setSummary,
  updateEventContext,
  withOrigin,
} from '../../shared/board';
import type { EventId, FactorId } from '../../shared/ids';
import { testContext } from '../helpers/context';

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

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
    setSummary(doc, 'Written before versions. Now editable.', ctx);
    expect(readMeta(doc).summary).toBe('Written before versions. Now editable.');
  });

  it('leaves a current board untouched', () => {
    const doc = new Y.Doc();
    initializeBoard(doc, { title: 'New' }, withOrigin(ctx, SERVER_ORIGIN));
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

/** A board as Debrief wrote it at version 1: events without markers or context, factors without
 * event links (one given a plain array by a tool that copied the shape of an action's factorIds). */
function v1Board(): Y.Doc {
  const doc = new Y.Doc();
  initializeBoard(doc, { title: 'Version 1 board' }, withOrigin(ctx, SERVER_ORIGIN));
  const { meta, events, factors } = roots(doc);
  meta.set('schemaVersion', 1);
  const event = (time: string, text: string) => {
    const r = new Y.Map<unknown>();
    r.set('time', time);
    r.set('kind', 'detection');
    r.set('createdAt', 1);
    r.set('text', new Y.Text(text));
    return r;
  };
  events.set('e1', event('2026-11-03T14:07Z', 'Alert fires'));
  events.set('e2', event('2026-11-03T14:11Z', 'On-call acknowledges'));
  const factor = (text: string, eventIds?: unknown) => {
    const r = new Y.Map<unknown>();
    r.set('category', 'technology');
    r.set('clusterId', null);
    r.set('order', 1);
    r.set('createdAt', 1);
    r.set('text', new Y.Text(text));
    if (eventIds !== undefined) r.set('eventIds', eventIds);
    return r;
  };
  factors.set('f1', factor('Alert waits 5 minutes'));
  factors.set('f2', factor('Written by a tool', ['e2', 'e1']));
  return doc;
}

describe('migration to version 2: markers, context and event links', () => {
  it('gives every event its context texts and every factor its event links, keeping what was there', () => {
    const doc = v1Board();
    expect(migrateBoard(doc, SERVER_ORIGIN)).toBe(true);
    expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSION);
    for (const id of ['e1', 'e2']) {
      for (const field of ['sawAtTheTime', 'thoughtAtTheTime', 'whyItMadeSense']) {
        expect(roots(doc).events.get(id)!.get(field), `${id}.${field}`).toBeInstanceOf(Y.Text);
      }
    }
    expect(roots(doc).factors.get('f1')!.get('eventIds')).toBeInstanceOf(Y.Map);
    expect(readEvents(doc).map((e) => [e.text, e.marker, e.sawAtTheTime])).toEqual([
      ['Alert fires', null, ''],
      ['On-call acknowledges', null, ''],
    ]);
    expect(readFactors(doc).map((f) => [f.text, f.eventIds])).toEqual([
      ['Alert waits 5 minutes', []],
      ['Written by a tool', ['e1', 'e2']],
    ]);
  });

  it('is safe to run twice: the second run writes nothing', () => {
    const doc = v1Board();
    migrateBoard(doc, SERVER_ORIGIN);
    let updates = 0;
    doc.on('update', () => updates++);
    doc.transact(() => MIGRATIONS[2]!(doc));
    expect(updates).toBe(0);
  });

  it('lets two people fill in the same event’s context after the server migrated it, keeping both', () => {
    const server = v1Board();
    migrateBoard(server, SERVER_ORIGIN);
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(server));
    updateEventContext(a, 'e1' as EventId, { sawAtTheTime: 'Error rate at 38%.' }, ctx);
    updateEventContext(b, 'e1' as EventId, { sawAtTheTime: 'Database CPU normal.' }, ctx);
    linkFactorToEvents(a, 'f1' as FactorId, ['e1' as EventId], ctx);
    linkFactorToEvents(b, 'f1' as FactorId, ['e2' as EventId], ctx);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const seen = readEvents(a)[0]!.sawAtTheTime;
    expect(seen).toContain('Error rate at 38%.');
    expect(seen).toContain('Database CPU normal.');
    expect(readFactors(a)[0]!.eventIds).toEqual(['e1', 'e2']);
    expect(readEvents(b)).toEqual(readEvents(a));
  });

  it('brings a v0 board all the way up', () => {
    const doc = v0Board();
    roots(doc).events.set('e', new Y.Map<unknown>([['time', '2026-11-03T14:07Z'], ['text', 'plain string'], ['sawAtTheTime', 'a plain note']]));
    migrateBoard(doc, SERVER_ORIGIN);
    expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSION);
    expect(roots(doc).events.get('e')!.get('sawAtTheTime')).toBeInstanceOf(Y.Text);
    expect(readEvents(doc)[0]).toMatchObject({ text: 'plain string', sawAtTheTime: 'a plain note', thoughtAtTheTime: '' });
  });
});
