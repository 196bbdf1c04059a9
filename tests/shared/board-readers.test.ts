// The readers against a hostile or buggy peer: whatever arrives in the document, a board still
// opens, shows sensible defaults, and renders its report. Garbage is written the way a peer would
// send it: on another copy, then applied as an update.
import * as Y from 'yjs';
import { describe, expect, it, beforeEach } from 'vitest';
import {
  SERVER_ORIGIN,
  addActionItem,
  addFactor,
  castVote,
  createCluster,
  initializeBoard,
  moveFactor,
  readActions,
  readBallots,
  readBoard,
  readClusters,
  readEvents,
  readFactors,
  readLearnings,
  readMeta,
  readParticipants,
  readTallies,
  readVoteSettings,
  roots,
  updateEvent,
  updateFactorText,
  type FactorCategory,
  withOrigin,
} from '../../shared/board';
import type { EventId, FactorId, VoterId } from '../../shared/ids';
import { renderBoardReport } from '../../shared/report';
import { testContext } from '../helpers/context';

let ctx = testContext();
beforeEach(() => {
  ctx = testContext();
});

/** Applies `write` on a peer's copy of `doc`, then brings the peer's update back. */
function fromPeer(doc: Y.Doc, write: (peer: Y.Doc) => void): void {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  peer.transact(() => write(peer));
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
}

function record(fields: Record<string, unknown>): Y.Map<unknown> {
  const r = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(fields)) r.set(k, v);
  return r;
}

/** The fields of an event nobody has marked or given context. */
const noContext = { marker: null, sawAtTheTime: '', thoughtAtTheTime: '', whyItMadeSense: '', author: '' };

const WRONG_VALUES: unknown[] = [null, 42, -1, Number.NaN, true, 'text', ['array'], { object: 1 }, new Uint8Array([1, 2])];

function board(): Y.Doc {
  const doc = new Y.Doc();
  initializeBoard(doc, { title: 'T' }, withOrigin(ctx, SERVER_ORIGIN));
  return doc;
}

describe('readers facing garbage', () => {
  it('reads metadata of the wrong types as defaults', () => {
    const doc = board();
    fromPeer(doc, (p) => {
      const m = roots(p).meta;
      m.set('title', 42);
      m.set('incidentDate', ['2026-11-03']);
      m.set('incidentLink', { href: 'https://x' });
      m.set('summary', new Y.Map());
      m.set('createdAt', 'yesterday');
      m.set('schemaVersion', Number.NaN);
    });
    expect(readMeta(doc)).toEqual({ schemaVersion: 0, title: '', incidentDate: '', incidentLink: '', summary: '', createdAt: 0 });
  });

  it('reads vote settings within their limits', () => {
    const cases: Array<[unknown, unknown, { voteBudget: number; perTargetCap: number | null }]> = [
      [1000, 0, { voteBudget: 20, perTargetCap: null }],
      [-5, -2, { voteBudget: 0, perTargetCap: null }],
      ['7', '2', { voteBudget: 3, perTargetCap: null }],
      [4.7, 2.9, { voteBudget: 4, perTargetCap: 2 }],
      [Number.POSITIVE_INFINITY, Number.NaN, { voteBudget: 3, perTargetCap: null }],
    ];
    for (const [voteBudget, perTargetCap, expected] of cases) {
      const doc = board();
      fromPeer(doc, (p) => {
        roots(p).settings.set('voteBudget', voteBudget);
        roots(p).settings.set('perTargetCap', perTargetCap);
      });
      expect(readVoteSettings(doc), JSON.stringify([voteBudget, perTargetCap])).toEqual(expected);
    }
  });

  it('skips records that are not records, and reads wrong-typed fields as defaults', () => {
    const doc = board();
    fromPeer(doc, (p) => {
      const r = roots(p);
      WRONG_VALUES.forEach((v, i) => {
        (r.events as Y.Map<unknown>).set(`bad-event-${i}`, v);
        (r.factors as Y.Map<unknown>).set(`bad-factor-${i}`, v);
        (r.clusters as Y.Map<unknown>).set(`bad-cluster-${i}`, v);
        (r.actions as Y.Map<unknown>).set(`bad-action-${i}`, v);
        (r.learnings as Y.Map<unknown>).set(`bad-learning-${i}`, v);
        (r.participants as Y.Map<unknown>).set(`bad-participant-${i}`, v);
        (r.votes as Y.Map<unknown>).set(`bad-voter-${i}`, v);
      });
      r.events.set('event', record({ time: '2026-11-03T14:02Z', kind: 'blame', text: 7, createdAt: 'now', marker: 'blamed', sawAtTheTime: 5, thoughtAtTheTime: ['x'] }));
      r.events.set('no-time', record({ time: 1730642520000, kind: 'impact', text: new Y.Text('no usable time') }));
      r.events.set('string-text', record({ time: '2026-11-03T14:03Z', kind: 'impact', text: 'plain string', marker: 'detected', whyItMadeSense: 'plain reason' }));
      r.factors.set('factor', record({ category: 'blame', clusterId: 99, order: 'first', createdAt: null, text: new Y.Map(), eventIds: 'event', sameAs: 'board/factor' }));
      r.factors.set('tray', record({ text: new Y.Text('in the tray'), order: 2, eventIds: ['string-text', 7, 'missing', 'no-time', 'event', 'event'] }));
      r.clusters.set('cluster', record({ name: ['x'], category: 7, order: Number.NaN }));
      r.actions.set('action', record({ text: null, owner: 5, due: 'tomorrow', status: 'blocked', factorIds: 'factor', createdAt: {} }));
      r.actions.set('action-2', record({ text: new Y.Text('fix'), factorIds: [1, null, 'factor', 'factor', 'missing'] }));
      r.learnings.set('learning', record({ text: 3 }));
      r.participants.set('participant', record({ name: 9, firstSeen: 'x' }));
    });

    expect(readEvents(doc)).toEqual([
      // An unknown marker reads as none; context that is not text reads as empty.
      { id: 'event', time: '2026-11-03T14:02Z', kind: 'other', text: '', createdAt: 0, ...noContext },
      { id: 'string-text', time: '2026-11-03T14:03Z', kind: 'impact', text: 'plain string', createdAt: 0, ...noContext, marker: 'detected', whyItMadeSense: 'plain reason' },
    ]);
    expect(readFactors(doc)).toEqual([
      // An unknown category reads as Process; a cluster that is not a string id reads as none.
      { id: 'factor', text: '', category: 'process', clusterId: null, order: 0, createdAt: 0, eventIds: [], author: '', sameAs: [] },
      // Links to events that are gone or have no readable time are left out, the rest in timeline order.
      { id: 'tray', text: 'in the tray', category: null, clusterId: null, order: 2, createdAt: 0, eventIds: ['event', 'string-text'], author: '', sameAs: [] },
    ]);
    expect(readClusters(doc)).toEqual([{ id: 'cluster', name: '', category: 'process', order: 0, createdAt: 0 }]);
    expect(readActions(doc)).toEqual([
      { id: 'action', text: '', owner: '', due: '', status: 'open', statusReason: '', factorIds: [], createdAt: 0, author: '' },
      { id: 'action-2', text: 'fix', owner: '', due: '', status: 'open', statusReason: '', factorIds: ['factor'], createdAt: 0, author: '' },
    ]);
    expect(readLearnings(doc)).toEqual([{ id: 'learning', text: '', createdAt: 0, author: '' }]);
    expect(readParticipants(doc)).toEqual([{ id: 'participant', name: '', firstSeen: 0 }]);
    expect(readBallots(doc).size).toBe(0);

    // The board still renders, and mutations still work on the damaged records.
    expect(() => renderBoardReport(doc, { exportedAt: new Date(0) })).not.toThrow();
    updateFactorText(doc, 'factor' as FactorId, 'now readable', ctx);
    updateEvent(doc, 'event' as EventId, { text: 'and this' }, ctx);
    expect(readFactors(doc)[0]!.text).toBe('now readable');
    expect(readEvents(doc)[0]!.text).toBe('and this');
  });

  it('reads a factor whose cluster is gone as loose in its own column', () => {
    const doc = board();
    const a = addFactor(doc, { text: 'a', category: 'process' }, ctx);
    const cluster = createCluster(doc, { name: 'C', category: 'technology', factorIds: [a] }, ctx);
    fromPeer(doc, (p) => roots(p).clusters.delete(cluster));
    expect(readFactors(doc)[0]).toMatchObject({ id: a, category: 'technology', clusterId: null });
    // And it can be moved on from there.
    moveFactor(doc, a, { category: 'people' }, ctx);
    expect(readFactors(doc)[0]).toMatchObject({ category: 'people', clusterId: null });
  });

  it('puts a clustered factor in its cluster’s column whatever its own field says', () => {
    const doc = board();
    const a = addFactor(doc, { text: 'a', category: 'process' }, ctx);
    const cluster = createCluster(doc, { name: 'C', category: 'people', factorIds: [a] }, ctx);
    fromPeer(doc, (p) => (roots(p).factors.get(a) as Y.Map<unknown>).set('category', 'technology' satisfies FactorCategory));
    expect(readFactors(doc)[0]).toMatchObject({ category: 'people', clusterId: cluster });
  });

  it('reads ballot entries of the wrong type as no dots, and ignores dots on notes that never existed', () => {
    const doc = board();
    const a = addFactor(doc, { text: 'a', category: 'process' }, ctx);
    const b = addFactor(doc, { text: 'b', category: 'process' }, ctx);
    fromPeer(doc, (p) => {
      const ballot = new Y.Map<unknown>();
      (roots(p).votes as Y.Map<unknown>).set('peer', ballot);
      ballot.set(a, '3');
      ballot.set(b, Number.POSITIVE_INFINITY);
      ballot.set('nowhere', 2);
      const other = new Y.Map<unknown>();
      (roots(p).votes as Y.Map<unknown>).set('other', other);
      other.set(a, -4);
      other.set(b, 1.9);
    });
    expect(readBallots(doc)).toEqual(
      new Map([
        ['peer', new Map()],
        ['other', new Map([[b, 1]])],
      ]),
    );
    expect(readTallies(doc)).toEqual([{ targetId: b, dots: 1 }]);
    // The peer's own next vote is counted normally.
    expect(castVote(doc, 'peer' as VoterId, a, ctx)).toBe(true);
  });

  it('reads a board with no roots at all', () => {
    const doc = new Y.Doc();
    const snapshot = readBoard(doc);
    expect(snapshot.meta).toEqual({ schemaVersion: 0, title: '', incidentDate: '', incidentLink: '', summary: '', createdAt: 0 });
    expect(snapshot.settings).toEqual({ voteBudget: 3, perTargetCap: null });
    expect([snapshot.events, snapshot.factors, snapshot.clusters, snapshot.actions, snapshot.learnings, snapshot.participants]).toEqual([[], [], [], [], [], []]);
  });

  it('does not let a peer’s dangling action link survive into the snapshot', () => {
    const doc = board();
    const f = addFactor(doc, { text: 'f', category: 'process' }, ctx);
    const action = addActionItem(doc, { text: 'a', factorIds: [f] }, ctx);
    // The factor is deleted on one copy while another copy links it again.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    roots(peer).factors.delete(f);
    (roots(doc).actions.get(action) as Y.Map<unknown>).set('factorIds', [f, f]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
    expect(readActions(doc)[0]!.factorIds).toEqual([]);
  });
});
