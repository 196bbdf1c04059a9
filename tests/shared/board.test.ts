// The board document module: each mutation, its validation, the readers' ordering, voting rules,
// origins and change notifications. Readers facing a hostile peer, migrations, text edits and
// convergence have their own files.
import * as Y from 'yjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BoardValidationError,
  LIMITS,
  LOCAL_ORIGIN,
  SCHEMA_VERSION,
  SERVER_ORIGIN,
  addActionItem,
  addEvent,
  addEvents,
  addFactor,
  addLearning,
  castVote,
  createCluster,
  deleteActionItem,
  deleteEvent,
  deleteFactor,
  deleteLearning,
  initializeBoard,
  moveFactor,
  orderBetween,
  readActions,
  readBallots,
  readBoard,
  readClusters,
  readEvents,
  readFactors,
  readLearnings,
  readMeta,
  readMyVotes,
  readParticipants,
  readTallies,
  readTimelineEvent,
  readTimelineOrder,
  readVoteSettings,
  renameCluster,
  retractVote,
  roots,
  setEventMarker,
  setSummary,
  setVoteSettings,
  subscribeRoots,
  ungroupCluster,
  updateActionItem,
  updateEvent,
  updateFactorText,
  updateLearning,
  updateMeta,
  upsertParticipant,
  type FactorCategory,
  type TransactionOrigin,
  withOrigin,
  type WriteContext,
} from '../../shared/board';
import type { FactorId, VoterId } from '../../shared/ids';
import { testContext } from '../helpers/context';

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

function board(): Y.Doc {
  const doc = new Y.Doc();
  initializeBoard(doc, { title: 'Checkout outage', incidentDate: '2026-11-03' }, withOrigin(ctx, SERVER_ORIGIN));
  return doc;
}

/** Expects `fn` to throw a BoardValidationError whose message matches. */
function expectRefused(fn: () => unknown, message: string | RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(BoardValidationError);
  if (typeof message === 'string') expect((error as Error).message).toBe(message);
  else expect((error as Error).message).toMatch(message);
}

/** The updates a doc emits while `fn` runs: a refused mutation must emit none. */
function updatesDuring(doc: Y.Doc, fn: () => unknown): number {
  let n = 0;
  const count = () => n++;
  doc.on('update', count);
  try {
    fn();
  } catch {
    // counted all the same
  } finally {
    doc.off('update', count);
  }
  return n;
}

const long = (n: number) => 'x'.repeat(n);
const voter = (name: string) => name as VoterId;

describe('board metadata', () => {
  it('initialises a board with its title, date, link, schema version and an empty summary', () => {
    const doc = new Y.Doc();
    initializeBoard(doc, { title: '  Checkout outage  ', incidentDate: '2026-11-03', incidentLink: 'https://status.example.com/1' }, withOrigin(ctx, SERVER_ORIGIN));
    expect(readMeta(doc)).toEqual({
      schemaVersion: SCHEMA_VERSION,
      title: 'Checkout outage',
      incidentDate: '2026-11-03',
      incidentLink: 'https://status.example.com/1',
      summary: '',
      createdAt: Date.UTC(2026, 10, 3, 15, 0, 0),
    });
    expect(roots(doc).meta.get('summary')).toBeInstanceOf(Y.Text);
  });

  it('keeps the creation time and summary when initialised again', () => {
    const doc = board();
    setSummary(doc, 'We lost checkout for 43 minutes.', ctx);
    const createdAt = readMeta(doc).createdAt;
    initializeBoard(doc, { title: 'Renamed' }, withOrigin(ctx, SERVER_ORIGIN));
    expect(readMeta(doc)).toMatchObject({ title: 'Renamed', createdAt, summary: 'We lost checkout for 43 minutes.' });
  });

  it('refuses a title, date or link it cannot hold, with a message a person understands', () => {
    const doc = new Y.Doc();
    expectRefused(() => initializeBoard(doc, { title: long(LIMITS.titleLength + 1) }, withOrigin(ctx, SERVER_ORIGIN)), 'Title is too long (at most 200 characters).');
    expectRefused(() => initializeBoard(doc, { incidentDate: '2026-02-30' }, withOrigin(ctx, SERVER_ORIGIN)), 'Incident date must be a date such as 2027-01-15.');
    expectRefused(() => initializeBoard(doc, { incidentLink: 'javascript:alert(1)' }, withOrigin(ctx, SERVER_ORIGIN)), 'Incident link must be an http(s) address.');
    expect(readMeta(doc).schemaVersion).toBe(0);
  });

  it('updates only the fields it is given, and refuses bad ones', () => {
    const doc = board();
    updateMeta(doc, { title: 'Checkout outage, 3 Nov' }, ctx);
    expect(readMeta(doc)).toMatchObject({ title: 'Checkout outage, 3 Nov', incidentDate: '2026-11-03' });
    updateMeta(doc, { incidentLink: '' }, ctx);
    expect(readMeta(doc).incidentLink).toBe('');
    expectRefused(() => updateMeta(doc, { incidentLink: 'ftp://x.example' }, ctx), 'Incident link must be an http(s) address.');
    expectRefused(() => updateMeta(doc, { incidentDate: '3 Nov' }, ctx), 'Incident date must be a date such as 2027-01-15.');
    expectRefused(() => updateMeta(doc, { title: long(201) }, ctx), /Title is too long/);
  });

  it('ignores fields an untyped caller slips into a metadata update', () => {
    const doc = board();
    setSummary(doc, 'Kept', ctx);
    updateMeta(doc, { title: 'T', summary: 'overwritten?', schemaVersion: 99 } as never, ctx);
    expect(readMeta(doc)).toMatchObject({ title: 'T', summary: 'Kept', schemaVersion: SCHEMA_VERSION });
    expect(roots(doc).meta.get('summary')).toBeInstanceOf(Y.Text);
  });

  it('edits the summary, up to its limit', () => {
    const doc = board();
    setSummary(doc, 'First draft.', ctx);
    setSummary(doc, 'First draft, revised.', ctx);
    expect(readMeta(doc).summary).toBe('First draft, revised.');
    expectRefused(() => setSummary(doc, long(LIMITS.summaryLength + 1), ctx), 'Summary is too long (at most 20000 characters).');
  });

  it('sets the dot budget and per-note cap within their limits', () => {
    const doc = board();
    expect(readVoteSettings(doc)).toEqual({ voteBudget: 3, perTargetCap: null });
    setVoteSettings(doc, { voteBudget: 5, perTargetCap: 2 }, ctx);
    expect(readVoteSettings(doc)).toEqual({ voteBudget: 5, perTargetCap: 2 });
    setVoteSettings(doc, { perTargetCap: null }, ctx);
    expect(readVoteSettings(doc)).toEqual({ voteBudget: 5, perTargetCap: null });
    for (const voteBudget of [0, 21, 2.5, Number.NaN]) {
      expectRefused(() => setVoteSettings(doc, { voteBudget }, ctx), 'Dots per person must be a whole number from 1 to 20.');
    }
    for (const perTargetCap of [0, -1, 1.5]) {
      expectRefused(() => setVoteSettings(doc, { perTargetCap }, ctx), 'The most dots on one note must be a whole number of at least 1, or no limit.');
    }
    expect(readVoteSettings(doc)).toEqual({ voteBudget: 5, perTargetCap: null });
  });

  it('records participants once, renames them, and refuses an empty name', () => {
    const doc = board();
    upsertParticipant(doc, voter('a'), 'Priya', ctx);
    upsertParticipant(doc, voter('b'), ' Dana ', ctx);
    upsertParticipant(doc, voter('a'), 'Priya N.', ctx);
    expect(readParticipants(doc).map((p) => [p.id, p.name])).toEqual([
      ['a', 'Priya N.'],
      ['b', 'Dana'],
    ]);
    expectRefused(() => upsertParticipant(doc, voter('c'), '   ', ctx), 'Name cannot be empty.');
    expectRefused(() => upsertParticipant(doc, voter('c'), long(LIMITS.nameLength + 1), ctx), /Name is too long/);
    expect(readParticipants(doc)).toHaveLength(2);
  });
});

describe('timeline events', () => {
  it('adds, edits and deletes an event', () => {
    const doc = board();
    const id = addEvent(doc, { time: '2026-11-03T14:07Z', kind: 'detection', text: 'Alert fires' }, ctx);
    expect(readEvents(doc)).toEqual([
      {
        id,
        time: '2026-11-03T14:07Z',
        kind: 'detection',
        text: 'Alert fires',
        createdAt: expect.any(Number),
        marker: null,
        sawAtTheTime: '',
        thoughtAtTheTime: '',
        whyItMadeSense: '',
        author: '',
      },
    ]);
    updateEvent(doc, id, { text: 'Error-rate alert fires', kind: 'communication', time: '2026-11-03T14:08Z' }, ctx);
    expect(readEvents(doc)[0]).toMatchObject({ time: '2026-11-03T14:08Z', kind: 'communication', text: 'Error-rate alert fires' });
    deleteEvent(doc, id, ctx);
    expect(readEvents(doc)).toEqual([]);
  });

  it('defaults the kind to other', () => {
    const doc = board();
    addEvent(doc, { time: '2026-11-03T14:07Z', text: 'Something' }, ctx);
    expect(readEvents(doc)[0]!.kind).toBe('other');
  });

  it('refuses a time that is not a UTC minute, an unknown kind, or too much text', () => {
    const doc = board();
    const message = 'Event time must be a UTC minute such as 2026-11-03T14:02Z.';
    for (const time of ['2026-11-03 14:02', '2026-11-03T14:02:00Z', '2026-11-03T25:00Z', '2026-02-30T10:00Z', '14:02', '']) {
      expectRefused(() => addEvent(doc, { time, text: 'x' }, ctx), message);
    }
    expectRefused(() => addEvent(doc, { time: '2026-11-03T14:02Z', text: 'x', kind: 'blame' as never }, ctx), 'Unknown event kind: blame.');
    expectRefused(() => addEvent(doc, { time: '2026-11-03T14:02Z', text: long(LIMITS.noteLength + 1) }, ctx), 'Event text is too long (at most 2000 characters).');
    expect(readEvents(doc)).toEqual([]);
    const id = addEvent(doc, { time: '2026-11-03T14:02Z', text: 'ok' }, ctx);
    expectRefused(() => updateEvent(doc, id, { time: 'later' }, ctx), message);
    expect(readEvents(doc)[0]!.time).toBe('2026-11-03T14:02Z');
  });

  it('says so when an event was deleted by someone else', () => {
    const doc = board();
    const id = addEvent(doc, { time: '2026-11-03T14:02Z', text: 'x' }, ctx);
    deleteEvent(doc, id, ctx);
    expectRefused(() => updateEvent(doc, id, { text: 'y' }, ctx), 'That event no longer exists.');
  });

  it('orders events by time, and events in the same minute by when they were added', () => {
    const doc = board();
    addEvent(doc, { time: '2026-11-03T14:38Z', text: 'rollback' }, ctx);
    addEvent(doc, { time: '2026-11-03T13:58Z', text: 'deploy' }, ctx);
    addEvent(doc, { time: '2026-11-03T14:38Z', text: 'support told' }, ctx);
    addEvent(doc, { time: '2026-11-02T23:59Z', text: 'day before' }, ctx);
    addEvent(doc, { time: '2026-11-03T14:38Z', text: 'status page' }, ctx);
    expect(readEvents(doc).map((e) => e.text)).toEqual(['day before', 'deploy', 'rollback', 'support told', 'status page']);
  });

  it('adds an import’s events in one transaction, in the order given within a minute', () => {
    const doc = board();
    const ids = updatesDuring(doc, () =>
      addEvents(doc, [
        { time: '2026-11-03T14:02Z', text: 'b' },
        { time: '2026-11-03T14:01Z', text: 'a' },
        { time: '2026-11-03T14:02Z', text: 'c' },
      ], ctx),
    );
    expect(ids).toBe(1);
    expect(readEvents(doc).map((e) => e.text)).toEqual(['a', 'b', 'c']);
  });

  it('adds none of an import’s events when one of them is invalid', () => {
    const doc = board();
    expectRefused(() => addEvents(doc, [{ time: '2026-11-03T14:02Z', text: 'ok' }, { time: 'bad', text: 'no' }], ctx), /UTC minute/);
    expect(readEvents(doc)).toEqual([]);
  });
});

describe('contributing factors', () => {
  it('adds a factor to the unsorted tray by default, or to a column', () => {
    const doc = board();
    const tray = addFactor(doc, { text: 'Alert too slow' }, ctx);
    const tech = addFactor(doc, { text: 'No pool limit check', category: 'technology' }, ctx);
    expect(readFactors(doc).map((f) => [f.id, f.category, f.clusterId])).toEqual([
      [tray, null, null],
      [tech, 'technology', null],
    ]);
    expectRefused(() => addFactor(doc, { text: 'x', category: 'blame' as FactorCategory }, ctx), 'Unknown factor category: blame.');
    expectRefused(() => addFactor(doc, { text: long(LIMITS.noteLength + 1) }, ctx), 'Factor text is too long (at most 2000 characters).');
  });

  it('edits a factor’s text, and says so when it is gone', () => {
    const doc = board();
    const id = addFactor(doc, { text: 'Runbook old' }, ctx);
    updateFactorText(doc, id, 'Runbook outdated', ctx);
    expect(readFactors(doc)[0]!.text).toBe('Runbook outdated');
    deleteFactor(doc, id, ctx);
    expectRefused(() => updateFactorText(doc, id, 'x', ctx), 'That factor no longer exists.');
  });

  it('orders factors by their order value, so a drop between two notes lands between them', () => {
    const doc = board();
    const a = addFactor(doc, { text: 'a', category: 'process' }, ctx);
    const b = addFactor(doc, { text: 'b', category: 'process' }, ctx);
    const c = addFactor(doc, { text: 'c', category: 'process' }, ctx);
    const orders = Object.fromEntries(readFactors(doc).map((f) => [f.text, f.order]));
    moveFactor(doc, c, { category: 'process', order: orderBetween(orders.a, orders.b) }, ctx);
    expect(readFactors(doc).map((f) => f.text)).toEqual(['a', 'c', 'b']);
    moveFactor(doc, b, { category: 'process', order: orderBetween(undefined, orders.a) }, ctx);
    expect(readFactors(doc).map((f) => f.text)).toEqual(['b', 'a', 'c']);
    moveFactor(doc, a, { category: 'technology' }, ctx);
    expect(readFactors(doc).find((f) => f.id === a)!.category).toBe('technology');
    moveFactor(doc, a, { category: null }, ctx);
    expect(readFactors(doc).find((f) => f.id === a)!.category).toBeNull();
  });

  it('computes order values between neighbours', () => {
    expect(orderBetween(undefined, undefined)).toBe(1);
    expect(orderBetween(undefined, 1)).toBe(0);
    expect(orderBetween(3, undefined)).toBe(4);
    expect(orderBetween(1, 2)).toBe(1.5);
  });

  it('refuses a move to a column that does not exist, and writes nothing', () => {
    const doc = board();
    const id = addFactor(doc, { text: 'x', category: 'people' }, ctx);
    expect(updatesDuring(doc, () => expectRefused(() => moveFactor(doc, id, { category: 'blame' as never }, ctx), 'Unknown factor category: blame.'))).toBe(0);
    expect(readFactors(doc)[0]!.category).toBe('people');
  });

  it('stacks factors into a cluster, which takes them into its column', () => {
    const doc = board();
    const a = addFactor(doc, { text: 'pool per worker', category: 'people' }, ctx);
    const b = addFactor(doc, { text: 'limit not charted' }, ctx);
    const cluster = createCluster(doc, { name: '  Connection budget ', category: 'technology', factorIds: [a, b] }, ctx);
    expect(readClusters(doc)).toEqual([{ id: cluster, name: 'Connection budget', category: 'technology', order: 1, createdAt: expect.any(Number) }]);
    expect(readFactors(doc).map((f) => [f.text, f.category, f.clusterId])).toEqual([
      ['pool per worker', 'technology', cluster],
      ['limit not charted', 'technology', cluster],
    ]);
    renameCluster(doc, cluster, 'Connection limits', ctx);
    expect(readClusters(doc)[0]!.name).toBe('Connection limits');
    expectRefused(() => renameCluster(doc, cluster, long(LIMITS.clusterNameLength + 1), ctx), 'Cluster name is too long (at most 100 characters).');
  });

  it('writes nothing when a cluster names a factor that is gone', () => {
    const doc = board();
    const a = addFactor(doc, { text: 'a', category: 'people' }, ctx);
    const gone = addFactor(doc, { text: 'gone' }, ctx);
    deleteFactor(doc, gone, ctx);
    expect(updatesDuring(doc, () => expectRefused(() => createCluster(doc, { name: 'X', category: 'process', factorIds: [a, gone] }, ctx), 'That factor no longer exists.'))).toBe(0);
    expect(readClusters(doc)).toEqual([]);
    expect(readFactors(doc)[0]).toMatchObject({ category: 'people', clusterId: null });
  });

  it('moves a factor into a cluster’s column whatever column the drop named', () => {
    const doc = board();
    const a = addFactor(doc, { text: 'a', category: 'process' }, ctx);
    const b = addFactor(doc, { text: 'b' }, ctx);
    const cluster = createCluster(doc, { name: 'Review', category: 'process', factorIds: [a] }, ctx);
    moveFactor(doc, b, { category: 'people', clusterId: cluster }, ctx);
    expect(readFactors(doc).find((f) => f.id === b)).toMatchObject({ category: 'process', clusterId: cluster });
    expect(readFactors(doc).filter((f) => f.clusterId === cluster).map((f) => f.text)).toEqual(['a', 'b']);
  });

  it('refuses a move into a cluster that is gone', () => {
    const doc = board();
    const a = addFactor(doc, { text: 'a', category: 'process' }, ctx);
    const b = addFactor(doc, { text: 'b', category: 'process' }, ctx);
    const cluster = createCluster(doc, { name: 'C', category: 'process', factorIds: [a] }, ctx);
    ungroupCluster(doc, cluster, ctx);
    expectRefused(() => moveFactor(doc, b, { category: 'process', clusterId: cluster }, ctx), 'That cluster no longer exists.');
  });

  it('dissolves a cluster when its last factor is moved out, but not before', () => {
    const doc = board();
    const a = addFactor(doc, { text: 'a', category: 'process' }, ctx);
    const b = addFactor(doc, { text: 'b', category: 'process' }, ctx);
    const cluster = createCluster(doc, { name: 'C', category: 'process', factorIds: [a, b] }, ctx);
    moveFactor(doc, a, { category: 'people' }, ctx);
    expect(readClusters(doc).map((c) => c.id)).toEqual([cluster]);
    moveFactor(doc, b, { category: null }, ctx);
    expect(readClusters(doc)).toEqual([]);
  });

  it('ungroups a cluster, leaving its factors in the column in the order they had', () => {
    const doc = board();
    addFactor(doc, { text: 'loose', category: 'technology' }, ctx);
    const a = addFactor(doc, { text: 'a', category: 'technology' }, ctx);
    const b = addFactor(doc, { text: 'b', category: 'technology' }, ctx);
    const c = addFactor(doc, { text: 'c', category: 'technology' }, ctx);
    const cluster = createCluster(doc, { name: 'C', category: 'technology', factorIds: [c, a, b] }, ctx);
    ungroupCluster(doc, cluster, ctx);
    expect(readClusters(doc)).toEqual([]);
    expect(readFactors(doc).map((f) => [f.text, f.category, f.clusterId])).toEqual([
      ['loose', 'technology', null],
      ['c', 'technology', null],
      ['a', 'technology', null],
      ['b', 'technology', null],
    ]);
  });

  it('deleting a factor removes it from action items and dissolves its now-empty cluster', () => {
    const doc = board();
    const a = addFactor(doc, { text: 'a', category: 'process' }, ctx);
    const b = addFactor(doc, { text: 'b', category: 'process' }, ctx);
    const solo = createCluster(doc, { name: 'Solo', category: 'process', factorIds: [a] }, ctx);
    const pair = createCluster(doc, { name: 'Pair', category: 'process', factorIds: [b, addFactor(doc, { text: 'c' }, ctx)] }, ctx);
    const action = addActionItem(doc, { text: 'Fix', factorIds: [a, b] }, ctx);
    deleteFactor(doc, a, ctx);
    expect(readActions(doc)[0]!.factorIds).toEqual([b]);
    expect(readClusters(doc).map((c) => c.id)).toEqual([pair]);
    expect(readClusters(doc).map((c) => c.id)).not.toContain(solo);
    deleteFactor(doc, b, ctx);
    expect(readActions(doc).find((x) => x.id === action)!.factorIds).toEqual([]);
    expect(readClusters(doc).map((c) => c.id)).toEqual([pair]);
  });
});

describe('dot-voting', () => {
  function votingBoard() {
    const doc = board();
    const a = addFactor(doc, { text: 'a', category: 'process' }, ctx);
    const b = addFactor(doc, { text: 'b', category: 'process' }, ctx);
    const c = addFactor(doc, { text: 'c', category: 'process' }, ctx);
    return { doc, a, b, c };
  }

  it('spends dots until the budget is gone, then says no', () => {
    const { doc, a, b } = votingBoard();
    const me = voter('me');
    expect(readMyVotes(doc, me)).toEqual({ ballot: new Map(), left: 3, budget: 3 });
    expect(castVote(doc, me, a, ctx)).toBe(true);
    expect(castVote(doc, me, a, ctx)).toBe(true);
    expect(castVote(doc, me, b, ctx)).toBe(true);
    expect(readMyVotes(doc, me).left).toBe(0);
    expect(updatesDuring(doc, () => expect(castVote(doc, me, b, ctx)).toBe(false))).toBe(0);
    expect(readMyVotes(doc, me).ballot).toEqual(new Map([[a, 2], [b, 1]]));
  });

  it('says no past the per-note cap, while dots are left for other notes', () => {
    const { doc, a, b } = votingBoard();
    setVoteSettings(doc, { perTargetCap: 1 }, ctx);
    const me = voter('me');
    expect(castVote(doc, me, a, ctx)).toBe(true);
    expect(castVote(doc, me, a, ctx)).toBe(false);
    expect(castVote(doc, me, b, ctx)).toBe(true);
    expect(readMyVotes(doc, me).left).toBe(1);
  });

  it('takes dots back, and says no when there is none to take', () => {
    const { doc, a } = votingBoard();
    const me = voter('me');
    expect(retractVote(doc, me, a, ctx)).toBe(false);
    castVote(doc, me, a, ctx);
    castVote(doc, me, a, ctx);
    expect(retractVote(doc, me, a, ctx)).toBe(true);
    expect(readMyVotes(doc, me)).toMatchObject({ left: 2 });
    expect(retractVote(doc, me, a, ctx)).toBe(true);
    expect(retractVote(doc, me, a, ctx)).toBe(false);
    expect(readMyVotes(doc, me)).toEqual({ ballot: new Map(), left: 3, budget: 3 });
  });

  it('lets people vote on a cluster as well as its notes', () => {
    const { doc, a, b } = votingBoard();
    const cluster = createCluster(doc, { name: 'C', category: 'process', factorIds: [a, b] }, ctx);
    expect(castVote(doc, voter('me'), cluster, ctx)).toBe(true);
    expect(castVote(doc, voter('me'), a, ctx)).toBe(true);
    expect(readTallies(doc)).toHaveLength(2);
  });

  it('refuses a vote on a note that is gone', () => {
    const { doc, a } = votingBoard();
    deleteFactor(doc, a, ctx);
    expectRefused(() => castVote(doc, voter('me'), a, ctx), 'That note no longer exists.');
  });

  it('gives dots back when the note they were on is deleted', () => {
    const { doc, a, b } = votingBoard();
    const me = voter('me');
    castVote(doc, me, a, ctx);
    castVote(doc, me, a, ctx);
    castVote(doc, me, b, ctx);
    deleteFactor(doc, a, ctx);
    expect(readMyVotes(doc, me)).toEqual({ ballot: new Map([[b, 1]]), left: 2, budget: 3 });
    expect(castVote(doc, me, b, ctx)).toBe(true);
    expect(readTallies(doc)).toEqual([{ targetId: b, dots: 2 }]);
  });

  it('tallies everyone’s dots, highest first', () => {
    const { doc, a, b, c } = votingBoard();
    for (const [who, targets] of [
      ['p', [a, b, b]],
      ['q', [b, c]],
      ['r', [b]],
    ] as const) {
      for (const t of targets) castVote(doc, voter(who), t, ctx);
    }
    expect(readTallies(doc)).toEqual([
      { targetId: b, dots: 4 },
      ...[
        { targetId: a, dots: 1 },
        { targetId: c, dots: 1 },
      ].sort((x, y) => (x.targetId < y.targetId ? -1 : 1)),
    ]);
  });

  it('clamps a peer that overspent to the budget and cap, the same way on every copy', () => {
    const { doc, a, b, c } = votingBoard();
    // A peer writes its ballot straight into the document, ignoring the rules.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    peer.transact(() => {
      const ballot = new Y.Map<number>();
      roots(peer).votes.set('cheat', ballot);
      ballot.set(a, 50);
      ballot.set(b, 2);
      ballot.set(c, 2);
    });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
    const cheat = readBallots(doc).get(voter('cheat'))!;
    expect([...cheat.values()].reduce((x, y) => x + y, 0)).toBe(3);
    expect(readBallots(doc)).toEqual(readBallots(peer));
    setVoteSettings(doc, { perTargetCap: 1 }, ctx);
    expect([...readBallots(doc).get(voter('cheat'))!.values()]).toEqual([1, 1, 1]);
  });

  it('clamps when the facilitator lowers the budget, and a take-back removes a visible dot', () => {
    const { doc, a, b } = votingBoard();
    const me = voter('me');
    setVoteSettings(doc, { voteBudget: 6 }, ctx);
    for (let i = 0; i < 4; i++) castVote(doc, me, a, ctx);
    castVote(doc, me, b, ctx);
    setVoteSettings(doc, { voteBudget: 2 }, ctx);
    const before = readMyVotes(doc, me);
    expect(before.left).toBe(0);
    const onA = before.ballot.get(a) ?? 0;
    const onB = before.ballot.get(b) ?? 0;
    expect(onA + onB).toBe(2);
    const target = onA > 0 ? a : b;
    expect(retractVote(doc, me, target, ctx)).toBe(true);
    expect(readMyVotes(doc, me).left).toBe(1);
  });
});

describe('action items', () => {
  it('adds an action item with its owner, due date, status and the factors it addresses', () => {
    const doc = board();
    const f = addFactor(doc, { text: 'No capacity checklist', category: 'process' }, ctx);
    const id = addActionItem(doc, { text: 'Add a capacity checklist to worker-count reviews', owner: ' Dana ', due: '2026-11-20', factorIds: [f, f] }, ctx);
    expect(readActions(doc)).toEqual([
      { id, text: 'Add a capacity checklist to worker-count reviews', owner: 'Dana', due: '2026-11-20', status: 'open', statusReason: '', factorIds: [f], createdAt: expect.any(Number), author: '' },
    ]);
    updateActionItem(doc, id, { status: 'in-progress', due: '', owner: 'Luis' }, ctx);
    expect(readActions(doc)[0]).toMatchObject({ status: 'in-progress', due: '', owner: 'Luis' });
    updateActionItem(doc, id, { text: 'Add a capacity checklist', factorIds: [] }, ctx);
    expect(readActions(doc)[0]).toMatchObject({ text: 'Add a capacity checklist', factorIds: [] });
    deleteActionItem(doc, id, ctx);
    expect(readActions(doc)).toEqual([]);
    expectRefused(() => updateActionItem(doc, id, { status: 'done' }, ctx), 'That action item no longer exists.');
  });

  it('refuses a bad due date, an unknown status or an over-long owner', () => {
    const doc = board();
    expectRefused(() => addActionItem(doc, { text: 'x', due: 'next week' }, ctx), 'Due date must be a date such as 2027-01-15.');
    expectRefused(() => addActionItem(doc, { text: 'x', status: 'blocked' as never }, ctx), 'Unknown status: blocked.');
    expectRefused(() => addActionItem(doc, { text: 'x', owner: long(LIMITS.ownerLength + 1) }, ctx), 'Owner is too long (at most 100 characters).');
    expectRefused(() => addActionItem(doc, { text: long(LIMITS.noteLength + 1) }, ctx), /Action text is too long/);
    expect(readActions(doc)).toEqual([]);
  });

  it('lists action items in the order they were added', () => {
    const doc = board();
    addActionItem(doc, { text: 'first' }, ctx);
    addActionItem(doc, { text: 'second' }, ctx);
    addActionItem(doc, { text: 'third' }, ctx);
    expect(readActions(doc).map((a) => a.text)).toEqual(['first', 'second', 'third']);
  });
});

describe('learnings', () => {
  it('adds, edits and deletes learnings, and refuses an empty one', () => {
    const doc = board();
    const a = addLearning(doc, { text: 'Pool size is per process.' }, ctx);
    const b = addLearning(doc, { text: 'Check connection counts early.' }, ctx);
    updateLearning(doc, a, 'Pool size is set per process.', ctx);
    expect(readLearnings(doc).map((l) => l.text)).toEqual(['Pool size is set per process.', 'Check connection counts early.']);
    deleteLearning(doc, b, ctx);
    expect(readLearnings(doc).map((l) => l.id)).toEqual([a]);
    expectRefused(() => addLearning(doc, { text: '  ' }, ctx), 'Learning cannot be empty.');
    expectRefused(() => updateLearning(doc, b, 'x', ctx), 'That learning no longer exists.');
  });
});

describe('origins', () => {
  const mine: TransactionOrigin = Object.freeze({ kind: 'remote', detail: 'bot' });

  /** Each mutation, run with a context. */
  const mutations: Array<[string, (doc: Y.Doc, ctx: WriteContext) => unknown]> = [
    ['updateMeta', (d, c) => updateMeta(d, { title: 'T' }, c)],
    ['setSummary', (d, c) => setSummary(d, `s${Math.random()}`, c)],
    ['setVoteSettings', (d, c) => setVoteSettings(d, { voteBudget: 4 }, c)],
    ['upsertParticipant', (d, c) => upsertParticipant(d, voter(`p${Math.random()}`), 'P', c)],
    ['addEvent', (d, c) => addEvent(d, { time: '2026-11-03T14:00Z', text: 'e' }, c)],
    ['addFactor', (d, c) => addFactor(d, { text: 'f' }, c)],
    ['moveFactor', (d, c) => moveFactor(d, addFactor(d, { text: 'f' }, c), { category: 'people' }, c)],
    ['createCluster', (d, c) => createCluster(d, { name: 'c', category: 'people', factorIds: [addFactor(d, { text: 'f' }, c)] }, c)],
    ['castVote', (d, c) => castVote(d, voter(`v${Math.random()}`), addFactor(d, { text: 'f' }, c), c)],
    ['addActionItem', (d, c) => addActionItem(d, { text: 'a' }, c)],
    ['addLearning', (d, c) => addLearning(d, { text: 'l' }, c)],
    ['deleteFactor', (d, c) => deleteFactor(d, addFactor(d, { text: 'f' }, c), c)],
  ];

  it.each(mutations)('%s writes with the origin of the context it is given', (_name, run) => {
    const doc = board();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    run(doc, ctx);
    expect(origins.at(-1)).toBe(LOCAL_ORIGIN);
    run(doc, withOrigin(ctx, mine));
    expect(origins.at(-1)).toBe(mine);
  });
});

describe('subscribeRoots', () => {
  it('calls back once per transaction that touched its roots, however many changes it made', () => {
    const doc = board();
    const onChange = vi.fn();
    const stop = subscribeRoots(doc, ['events'], onChange);
    addEvents(doc, [
      { time: '2026-11-03T14:00Z', text: 'a' },
      { time: '2026-11-03T14:01Z', text: 'b' },
      { time: '2026-11-03T14:02Z', text: 'c' },
    ], ctx);
    expect(onChange).toHaveBeenCalledTimes(1);
    addFactor(doc, { text: 'not an event' }, ctx);
    castVote(doc, voter('v'), addFactor(doc, { text: 'x' }, ctx), ctx);
    expect(onChange).toHaveBeenCalledTimes(1);
    // A change deep inside a record (the text of an event) counts.
    updateEvent(doc, readEvents(doc)[0]!.id, { text: 'a, edited' }, ctx);
    expect(onChange).toHaveBeenCalledTimes(2);
    stop();
    addEvent(doc, { time: '2026-11-03T14:03Z', text: 'd' }, ctx);
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('calls back once for a transaction that touched two of its roots, and for a peer’s update', () => {
    const doc = board();
    const f = addFactor(doc, { text: 'a', category: 'process' }, ctx);
    addActionItem(doc, { text: 'fix', factorIds: [f] }, ctx);
    const onChange = vi.fn();
    subscribeRoots(doc, ['factors', 'actions'], onChange);
    deleteFactor(doc, f, ctx);
    expect(onChange).toHaveBeenCalledTimes(1);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    addFactor(peer, { text: 'from a peer' }, ctx);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
    expect(onChange).toHaveBeenCalledTimes(2);
  });
});

describe("the events' order (slice events.times)", () => {
  function timeline() {
    const doc = board();
    const [a, b, c] = addEvents(doc, [
      { time: '2026-11-03T14:02Z', text: 'c' },
      { time: '2026-11-03T14:00Z', text: 'a' },
      { time: '2026-11-03T14:01Z', text: 'b', marker: 'detected' },
    ], ctx);
    return { doc, ids: [b!, c!, a!] };
  }

  it('wakes its subscribers when an event is added, removed, re-timed or marked, not when its words change', () => {
    const { doc, ids } = timeline();
    const onChange = vi.fn();
    subscribeRoots(doc, ['events.times'], onChange);
    updateEvent(doc, ids[0]!, { text: 'a, edited', kind: 'detection' }, ctx);
    updateEventContextOf(doc, ids[1]!);
    expect(onChange).toHaveBeenCalledTimes(0);
    updateEvent(doc, ids[0]!, { time: '2026-11-03T14:05Z' }, ctx);
    expect(onChange).toHaveBeenCalledTimes(1);
    setEventMarker(doc, ids[2]!, 'resolved', ctx);
    expect(onChange).toHaveBeenCalledTimes(2);
    addEvent(doc, { time: '2026-11-03T15:00Z', text: 'd' }, ctx);
    expect(onChange).toHaveBeenCalledTimes(3);
    deleteEvent(doc, ids[1]!, ctx);
    expect(onChange).toHaveBeenCalledTimes(4);
    // A peer's re-timing counts too.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    updateEvent(peer, ids[2]!, { time: '2026-11-03T13:00Z' }, ctx);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
    expect(onChange).toHaveBeenCalledTimes(5);
  });

  it('is the same array while only words change, and follows every other change', () => {
    const { doc, ids } = timeline();
    const order = readTimelineOrder(doc);
    expect(order.map((e) => [e.id, e.time, e.marker])).toEqual([
      [ids[0], '2026-11-03T14:00Z', null],
      [ids[1], '2026-11-03T14:01Z', 'detected'],
      [ids[2], '2026-11-03T14:02Z', null],
    ]);
    updateEvent(doc, ids[1]!, { text: 'b, edited' }, ctx);
    expect(readTimelineOrder(doc)).toBe(order);
    updateEvent(doc, ids[0]!, { time: '2026-11-03T14:03Z' }, ctx);
    expect(readTimelineOrder(doc).map((e) => e.id)).toEqual([ids[1], ids[2], ids[0]]);
    setEventMarker(doc, ids[2]!, 'detected', ctx);
    expect(readTimelineOrder(doc).map((e) => e.marker)).toEqual([null, 'detected', null]);
    deleteEvent(doc, ids[2]!, ctx);
    expect(readTimelineOrder(doc).map((e) => e.id)).toEqual([ids[1], ids[0]]);
    // Read inside a transaction: what the transaction has written so far.
    doc.transact(() => {
      updateEvent(doc, ids[1]!, { time: '2026-11-03T16:00Z' }, ctx);
      expect(readTimelineOrder(doc).map((e) => e.id)).toEqual([ids[0], ids[1]]);
    });
    expect(readTimelineOrder(doc).map((e) => e.id)).toEqual([ids[0], ids[1]]);
  });

  it('one event reads as readEvents reads it, marker claims included, and null once it is gone', () => {
    const { doc, ids } = timeline();
    // Two events claim one marker (two people at once): the earlier keeps it, everywhere.
    fromPeerOf(doc, (peer) => roots(peer).events.get(ids[2]!)!.set('marker', 'detected'));
    updateEvent(doc, ids[2]!, { text: 'c, edited' }, ctx);
    const events = readEvents(doc);
    for (const e of events) expect(readTimelineEvent(doc, e.id)).toEqual(e);
    expect(readTimelineEvent(doc, ids[2]!)).toMatchObject({ text: 'c, edited', marker: null });
    expect(readTimelineEvent(doc, ids[1]!)).toMatchObject({ marker: 'detected' });
    deleteEvent(doc, ids[2]!, ctx);
    expect(readTimelineEvent(doc, ids[2]!)).toBeNull();
  });

  it('factors, the metrics and the links are not woken by a keystroke in an event', () => {
    expect(readFactors.watch).not.toContain('events');
    expect(readFactors.watch).toContain('events.times');
    expect(readTimelineOrder.watch).toEqual(['events.times']);
    expect(readEvents.watch).toEqual(['events']);
  });
});

/** Edits an event's "what we saw" (a Y.Text in the record, like its text). */
function updateEventContextOf(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const saw = roots(doc).events.get(id)!.get('sawAtTheTime');
    if (saw instanceof Y.Text) saw.insert(0, 'dashboards ');
    else roots(doc).events.get(id)!.set('sawAtTheTime', new Y.Text('dashboards'));
  }, ctx.origin);
}

/** Applies `write` on a peer's copy of `doc`, then brings the peer's update back. */
function fromPeerOf(doc: Y.Doc, write: (peer: Y.Doc) => void): void {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  peer.transact(() => write(peer));
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
}

describe('readBoard', () => {
  it('reads the whole board as plain data that another copy reads the same', () => {
    const doc = board();
    const f = addFactor(doc, { text: 'f', category: 'people' }, ctx);
    addEvent(doc, { time: '2026-11-03T14:00Z', text: 'e' }, ctx);
    castVote(doc, voter('v'), f, ctx);
    addActionItem(doc, { text: 'a', factorIds: [f as FactorId] }, ctx);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(readBoard(copy)).toEqual(readBoard(doc));
    expect(readBoard(doc).ballots.get(voter('v'))).toEqual(new Map([[f, 1]]));
  });
});

it('an incident link a raw update stored is read only when it is an http(s) address', () => {
  const doc = new Y.Doc();
  for (const [stored, read] of [
    ['javascript:alert(1)', ''],
    ['data:text/html,<script>alert(1)</script>', ''],
    [42, ''],
    ['https://status.example.com/incidents/7', 'https://status.example.com/incidents/7'],
    ['http://intranet/ticket/1', 'http://intranet/ticket/1'],
  ] as const) {
    roots(doc).meta.set('incidentLink', stored);
    expect(readMeta(doc).incidentLink, String(stored)).toBe(read);
  }
});
