// Causal chains (event -> factor -> action) for highlighting, and the check that the factors people
// voted for most have an action. On the connection-pool review, whose factors are linked to the
// events they explain.
import * as Y from 'yjs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addActionItem,
  addFactor,
  castVote,
  createCluster,
  deleteEvent,
  readBoard,
  setVoteSettings,
  updateActionItem,
  type BoardSnapshot,
} from '../../shared/board';
import { causalChain, causalChains, tallyVotes, unaddressedTopFactors, type CausalChain } from '../../shared/causal';
import type { ActionItemId, ClusterId, EventId, FactorId, VoterId } from '../../shared/ids';
import { connectionPoolBoard, emptyBoard } from './fixtures';
import { testContext } from '../helpers/context';

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

/** Finders by the words a person sees on each note. */
function notes(board: BoardSnapshot) {
  const one = <T extends { id: string; text?: string; name?: string }>(list: T[], words: string) => {
    const found = list.filter((x) => (x.text ?? x.name ?? '').includes(words));
    if (found.length !== 1) throw new Error(`${found.length} notes say "${words}"`);
    return found[0]!.id;
  };
  return {
    event: (words: string) => one(board.events, words) as EventId,
    factor: (words: string) => one(board.factors, words) as FactorId,
    cluster: (words: string) => one(board.clusters, words) as ClusterId,
    action: (words: string) => one(board.actions, words) as ActionItemId,
  };
}

/** A chain as the words on its highlighted notes (events by time). */
function lit(board: BoardSnapshot, chain: CausalChain) {
  const words = (list: Array<{ id: string; text?: string; name?: string }>, ids: ReadonlySet<string>) =>
    list.filter((x) => ids.has(x.id)).map((x) => (x.text ?? x.name ?? '').slice(0, 24));
  return {
    events: words(board.events, chain.events),
    factors: words(board.factors, chain.factors),
    clusters: words(board.clusters, chain.clusters),
    actions: words(board.actions, chain.actions),
  };
}

describe('causalChains', () => {
  const board = () => readBoard(connectionPoolBoard(ctx));

  it('from an event, lights the factors that explain it and the actions that address them', () => {
    const b = board();
    const chainOf = causalChains(b);
    expect(lit(b, chainOf({ kind: 'event', id: notes(b).event('Deploy 4812 of order-service rolls out') }))).toEqual({
      events: ['Deploy 4812 of order-ser'],
      factors: ['Each worker opens its ow', 'Reviewer and author held'],
      clusters: ['Connection budget'],
      actions: ['Refuse to start order-se'],
    });
  });

  it('from an event, does not light other events that share a factor with it', () => {
    const b = board();
    const chain = causalChain(b, { kind: 'event', id: notes(b).event('Checkout errors climb') });
    expect(lit(b, chain).events).toEqual(['Checkout errors climb to']);
    expect(lit(b, chain).factors).toEqual(['Each worker opens its ow']);
  });

  it('from an action, lights the factors it addresses and the events they explain', () => {
    const b = board();
    expect(lit(b, causalChain(b, { kind: 'action', id: notes(b).action('Chart database connections') }))).toEqual({
      events: ['Error-rate alert fires a', 'Database CPU looks norma', 'The database on-call spo'],
      factors: ['The database connection ', 'The error-rate alert wai'],
      clusters: ['Connection budget'],
      actions: ['Chart database connectio'],
    });
  });

  it('from a factor, lights both ways: its events and its actions', () => {
    const b = board();
    expect(lit(b, causalChain(b, { kind: 'factor', id: notes(b).factor('runbook has no section') }))).toEqual({
      events: ['Database CPU looks norma'],
      factors: ['The order-service runboo'],
      clusters: [],
      actions: ['Add a "database connecti'],
    });
  });

  it('from a cluster, lights the chains of every factor in it', () => {
    const b = board();
    expect(lit(b, causalChain(b, { kind: 'cluster', id: notes(b).cluster('Connection budget') }))).toEqual({
      events: ['Deploy 4812 of order-ser', 'Checkout errors climb to', 'Database CPU looks norma', 'The database on-call spo'],
      factors: ['Each worker opens its ow', 'The database connection '],
      clusters: ['Connection budget'],
      actions: ['Refuse to start order-se', 'Chart database connectio'],
    });
  });

  it('lights only the note itself when nothing links to it', () => {
    const b = board();
    const chain = causalChain(b, { kind: 'event', id: notes(b).event('Support told which customers') });
    expect(lit(b, chain)).toEqual({ events: ['Support told which custo'], factors: [], clusters: [], actions: [] });
  });

  it('lights nothing for no selection, or for a note someone just deleted', () => {
    const b = board();
    const chainOf = causalChains(b);
    const nothing = { events: [], factors: [], clusters: [], actions: [] };
    expect(lit(b, chainOf(null))).toEqual(nothing);
    for (const kind of ['event', 'factor', 'cluster', 'action'] as const) {
      expect(lit(b, chainOf({ kind, id: 'deleted' } as never))).toEqual(nothing);
    }
  });

  it('follows the board after an event is deleted', () => {
    const doc = connectionPoolBoard(ctx);
    const before = readBoard(doc);
    deleteEvent(doc, notes(before).event('Deploy 4812 of order-service rolls out'), ctx);
    const b = readBoard(doc);
    expect(lit(b, causalChain(b, { kind: 'factor', id: notes(b).factor('Reviewer and author') })).events).toEqual([]);
  });
});

describe('unaddressedTopFactors', () => {
  it('flags the voted-for factors that no action addresses, most dots first', () => {
    const b = readBoard(connectionPoolBoard(ctx));
    // Dots: workers × pool 3 (addressed), Connection budget 2 (a member is addressed), then four
    // notes with 1 each, two of them without an action.
    expect(unaddressedTopFactors(b).map((t) => (t.kind === 'factor' ? t.text.slice(0, 30) : t.name))).toEqual([
      'Worker-count changes get the s',
      'Reviewer and author held diffe',
    ]);
    expect(unaddressedTopFactors(b)[0]).toMatchObject({ kind: 'factor', category: 'process', dots: 1 });
  });

  it('looks only at the top n, including notes tied with the last of them', () => {
    const b = readBoard(connectionPoolBoard(ctx));
    expect(unaddressedTopFactors(b, 2)).toEqual([]);
    // Third place is a four-way tie at one dot, so all four count.
    expect(unaddressedTopFactors(b, 3)).toHaveLength(2);
    expect(unaddressedTopFactors(b, 0)).toEqual([]);
  });

  it('stops flagging a factor once an action addresses it', () => {
    const doc = connectionPoolBoard(ctx);
    const b = readBoard(doc);
    const runbookAction = notes(b).action('runbook');
    updateActionItem(doc, runbookAction, { factorIds: [notes(b).factor('runbook has no section'), notes(b).factor('Worker-count changes')] }, ctx);
    expect(unaddressedTopFactors(readBoard(doc)).map((t) => t.kind === 'factor' && t.text.slice(0, 20))).toEqual(['Reviewer and author ']);
  });

  it('flags a cluster with dots when no action addresses any of its factors', () => {
    const doc = emptyBoard(ctx);
    setVoteSettings(doc, { voteBudget: 5 }, ctx);
    const a = addFactor(doc, { text: 'No load test before peak', category: 'process' }, ctx);
    const c = addFactor(doc, { text: 'Capacity plan is a year old', category: 'process' }, ctx);
    const other = addFactor(doc, { text: 'Alert fires late', category: 'technology' }, ctx);
    const cluster = createCluster(doc, { name: 'Capacity planning', category: 'process', factorIds: [a, c] }, ctx);
    const voter = 'v1' as VoterId;
    for (const target of [cluster, cluster, cluster, other]) castVote(doc, voter, target, ctx);
    addActionItem(doc, { text: 'Page at 2 minutes', factorIds: [other] }, ctx);
    expect(unaddressedTopFactors(readBoard(doc))).toEqual([{ kind: 'cluster', id: cluster, name: 'Capacity planning', category: 'process', dots: 3 }]);
    addActionItem(doc, { text: 'Load test before every peak', factorIds: [a] }, ctx);
    expect(unaddressedTopFactors(readBoard(doc))).toEqual([]);
  });

  it('flags nothing when nobody voted', () => {
    const doc = emptyBoard(ctx);
    addFactor(doc, { text: 'Unvoted', category: 'people' }, ctx);
    expect(unaddressedTopFactors(readBoard(doc))).toEqual([]);
  });

  it('counts dots the same way on every copy of the board', () => {
    const doc = connectionPoolBoard(ctx);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(unaddressedTopFactors(readBoard(copy))).toEqual(unaddressedTopFactors(readBoard(doc)));
    const tallies = tallyVotes(readBoard(doc));
    expect([...tallies.values()].reduce((x, y) => x + y, 0)).toBe(9);
  });
});
