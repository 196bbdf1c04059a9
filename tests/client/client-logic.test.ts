// The client's pure pieces: where the caret goes when a peer edits, which snapshots stay the same
// object, how typed times are read, and what a drop means for the board.
import { describe, expect, it, beforeEach } from 'vitest';
import * as Y from 'yjs';
import * as B from '../../shared/board';
import type { FactorId, VoterId } from '../../shared/ids';
import { caretMapper } from '../../client/src/ui/EditableText';
import { boardStore, replaceEqualDeep } from '../../client/src/sync/useBoardValue';
import { parseUtcInput, gapLabel } from '../../client/src/features/timeline/time';
import { applyDrop, resolveDrop, type ColumnKey } from '../../client/src/features/factors/dnd';
import { testContext } from '../helpers/context';

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

describe('caretMapper', () => {
  it('keeps the caret on the same character when a peer types before, after or around it', () => {
    // Caret after "fail" in "database failover".
    const caret = 'database fail'.length;
    expect(caretMapper('database failover', 'Primary database failover')(caret)).toBe(caret + 'Primary '.length);
    expect(caretMapper('database failover', 'database failover started')(caret)).toBe(caret);
    // The text under the caret was replaced: the caret lands after the replacement.
    expect(caretMapper('abcdef', 'abXYZf')(4)).toBe(5);
  });
});

describe('replaceEqualDeep', () => {
  it('returns the previous value when equal, and keeps unchanged records by id', () => {
    const prev = [
      { id: 'a', text: 'one', tags: ['x'] },
      { id: 'b', text: 'two', tags: [] },
    ];
    expect(replaceEqualDeep(prev, structuredClone(prev))).toBe(prev);
    const next = [{ id: 'z', text: 'new', tags: [] }, { ...prev[0]!, tags: ['x'] }, { id: 'b', text: 'two!', tags: [] }];
    const out = replaceEqualDeep(prev, next);
    expect(out).not.toBe(prev);
    expect(out[1]).toBe(prev[0]);
    expect(out[2]).not.toBe(prev[1]);
    const map = new Map([['k', { n: 1 }]]);
    expect(replaceEqualDeep(map, new Map([['k', { n: 1 }]]))).toBe(map);
  });
});

describe('boardStore', () => {
  it('re-reads only after its roots change, and keeps unchanged events identical', () => {
    const doc = new Y.Doc();
    const store = boardStore(doc, B.readEvents);
    let notified = 0;
    store.subscribe(() => notified++);
    const a = B.addEvent(doc, { time: '2026-11-03T14:02Z', text: 'paged' }, ctx);
    B.addEvent(doc, { time: '2026-11-03T14:05Z', text: 'acknowledged' }, ctx);
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);
    B.addFactor(doc, { text: 'unrelated' }, ctx);
    expect(store.getSnapshot()).toBe(first);
    B.updateEvent(doc, a, { text: 'paged on-call' }, ctx);
    const second = store.getSnapshot();
    expect(second).not.toBe(first);
    expect(second[1]).toBe(first[1]);
    expect(notified).toBe(3);
  });

  it('re-reads factors when only an event they link to moves (a root their reader declares)', () => {
    const doc = new Y.Doc();
    const early = B.addEvent(doc, { time: '2026-11-03T14:02Z', text: 'paged' }, ctx);
    const late = B.addEvent(doc, { time: '2026-11-03T14:05Z', text: 'acknowledged' }, ctx);
    B.addFactor(doc, { text: 'alerts went to a muted channel', eventIds: [late, early] }, ctx);
    const store = boardStore(doc, B.readFactors);
    store.subscribe(() => undefined);
    expect(store.getSnapshot()[0]!.eventIds).toEqual([early, late]);
    B.updateEvent(doc, early, { time: '2026-11-03T14:09Z' }, ctx);
    expect(store.getSnapshot()[0]!.eventIds).toEqual([late, early]);
  });

  it('passes a reader its arguments, reading again for each store', () => {
    const doc = new Y.Doc();
    const key = B.readinessKey('factors', 1);
    B.setReady(doc, key, 'v1' as VoterId, true, ctx);
    const mine = boardStore(doc, B.readReady, key);
    const other = boardStore(doc, B.readReady, B.readinessKey('voting', 2));
    expect([...mine.getSnapshot()]).toEqual(['v1']);
    expect([...other.getSnapshot()]).toEqual([]);
  });
});

describe('parseUtcInput', () => {
  it('reads a clock time on the default day, or a full date and time', () => {
    expect(parseUtcInput('14:02', '2026-11-03')).toEqual({ ok: true, time: '2026-11-03T14:02Z' });
    expect(parseUtcInput(' 9:05 UTC ', '2026-11-03')).toEqual({ ok: true, time: '2026-11-03T09:05Z' });
    expect(parseUtcInput('2026-11-04 00:15', '2026-11-03')).toEqual({ ok: true, time: '2026-11-04T00:15Z' });
    expect(parseUtcInput('2026-11-04T00:15Z', '2026-11-03')).toEqual({ ok: true, time: '2026-11-04T00:15Z' });
  });

  it('explains what it cannot read', () => {
    const bad = (s: string) => {
      const r = parseUtcInput(s, '2026-11-03');
      return r.ok ? '' : r.message;
    };
    expect(bad('')).toMatch(/Add a time/);
    expect(bad('25:99')).toMatch(/25:99 is not a time of day/);
    expect(bad('2026-02-30 10:00')).toMatch(/2026-02-30 is not a real date/);
    expect(bad('after lunch')).toMatch(/not a time Debrief can read/);
  });

  it('labels gaps between events', () => {
    expect(gapLabel('2026-11-03T14:02Z', '2026-11-03T14:14Z')).toBe('+12 min');
    expect(gapLabel('2026-11-03T14:02Z', '2026-11-03T16:07Z')).toBe('+2 h 05 min');
    expect(gapLabel('2026-11-03T14:02Z', '2026-11-06T14:02Z')).toBe('+3 d');
  });
});

describe('resolveDrop', () => {
  const label = (c: ColumnKey) => c;

  function board() {
    const doc = new Y.Doc();
    const tray = B.addFactor(doc, { text: 'in the tray' }, ctx);
    const p1 = B.addFactor(doc, { text: 'process one', category: 'process' }, ctx);
    const p2 = B.addFactor(doc, { text: 'process two', category: 'process' }, ctx);
    const t1 = B.addFactor(doc, { text: 'tech one', category: 'technology' }, ctx);
    const cluster = B.createCluster(doc, { name: 'Reviews', category: 'process', factorIds: [p1, p2] }, ctx);
    const find = (id: FactorId) => B.readFactors(doc).find((f) => f.id === id)!;
    const outcome = (id: FactorId, target: Parameters<typeof resolveDrop>[1]) =>
      resolveDrop(find(id), target, B.readFactors(doc), B.readClusters(doc), label);
    return { doc, tray, p1, p2, t1, cluster, find, outcome };
  }

  it('moves to a column, joins a cluster, stacks onto a loose note, and does nothing in place', () => {
    const { doc, tray, p1, t1, cluster, find, outcome } = board();
    expect(outcome(tray, { type: 'column', column: 'unsorted' })).toBeNull();
    expect(outcome(t1, { type: 'factor', column: 'technology', factorId: t1, clusterId: null })).toBeNull();
    expect(outcome(p1, { type: 'cluster', column: 'process', clusterId: cluster })).toBeNull();

    const toProcess = outcome(tray, { type: 'column', column: 'process' })!;
    expect(toProcess).toMatchObject({ kind: 'move', category: 'process', clusterId: null });

    const intoCluster = outcome(t1, { type: 'factor', column: 'process', factorId: p1, clusterId: cluster })!;
    expect(intoCluster).toMatchObject({ kind: 'move', category: 'process', clusterId: cluster });

    const stack = outcome(tray, { type: 'factor', column: 'technology', factorId: t1, clusterId: null })!;
    expect(stack).toMatchObject({ kind: 'stack', category: 'technology', with: t1 });
    const made = applyDrop(doc, tray, stack, ctx);
    expect(made).not.toBeNull();
    expect(find(tray)).toMatchObject({ category: 'technology', clusterId: made });
    expect(find(t1)).toMatchObject({ category: 'technology', clusterId: made });
    expect(B.readClusters(doc).find((c) => c.id === made)?.name).toBe('Untitled cluster');
  });

  it('commits a drop as one transaction', () => {
    const { doc, tray, outcome } = board();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    applyDrop(doc, tray, outcome(tray, { type: 'column', column: 'people' })!, ctx);
    expect(transactions).toBe(1);
  });
});
