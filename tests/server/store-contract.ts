// The BoardStore contract: every implementation (SQLite in tests/server/storage.test.ts, PostgreSQL
// in tests/scale/postgres-store.test.ts) must pass these tests. A module of its own so that each
// project can run it against its store without running the other's.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { hashToken, newToken } from '../../server/auth';
import { documentFromStored } from '../../server/storage/document';
import type { BoardRecord, BoardStore, DocumentKey, PersonRecord, StoredDocument } from '../../server/storage/types';
import { newBoardId, type BoardId, type PersonId } from '../../shared/ids';
import { docJson, TEST_MAP, TEST_TEXT } from './helpers';
import { anyOfQuery, parseSearchQuery, snippetParts } from '../../shared/library';
import { SEARCH_COUNT_CAP, SEARCH_RANK_WINDOW, type IndexedBoard } from '../../server/storage/library';

/** A board record as the API would make it. */
export function boardRecord(id: BoardId = newBoardId()): BoardRecord {
  const tokens = { facilitator: newToken(), participant: newToken(), viewer: newToken() };
  return {
    id,
    title: 'Checkout outage',
    incidentDate: '2026-11-02',
    incidentLink: 'https://example.com/INC-42',
    createdAt: 1_790_000_000_000,
    tokenHashes: {
      facilitator: hashToken(tokens.facilitator),
      participant: hashToken(tokens.participant),
      viewer: hashToken(tokens.viewer),
    },
    shareTokens: { participant: tokens.participant, viewer: tokens.viewer },
  };
}

/** `count` updates, one per transaction, as a client would send them; and the doc they build. */
export function makeUpdates(count: number): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) doc.getText(TEST_TEXT).insert(doc.getText(TEST_TEXT).length, `${i % 10}`);
    else doc.getMap(TEST_MAP).set(`k${i % 500}`, i);
  }
  return { updates, doc };
}

/** A doc built from what a store answered, as the server builds it; a damaged row fails the test. */
export function rebuild(stored: Pick<StoredDocument, 'snapshot' | 'updates'>): Y.Doc {
  return documentFromStored(stored, null, (error) => {
    throw error;
  });
}

/** The contract every BoardStore implementation must meet. */
export function describeBoardStore(name: string, open: () => Promise<{ store: BoardStore; dispose(): Promise<void> }>) {
  describe(`BoardStore contract: ${name}`, () => {
    let store: BoardStore;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(async () => {
      await dispose();
    });

    test('a created board reads back; any other string is simply not found', async () => {
      const record = boardRecord();
      await store.createBoard(record);
      const read = await store.getBoard(record.id);
      expect(read).toMatchObject({ id: record.id, title: record.title, incidentDate: '2026-11-02', shareTokens: record.shareTokens });
      expect(Buffer.from(read!.tokenHashes.facilitator)).toEqual(Buffer.from(record.tokenHashes.facilitator));
      for (const odd of ['', '../..', 'x'.repeat(5000), '\u0000', "' OR 1=1 --", `${record.id}'`]) {
        expect(await store.getBoard(odd)).toBeNull();
      }
    });

    test('appended updates load back in order, also after compaction and later appends', async () => {
      const record = boardRecord();
      await store.createBoard(record);
      const key: DocumentKey = { boardId: record.id, name: 'board' };
      const { updates, doc } = makeUpdates(30);
      const seqs = await Promise.all(updates.slice(0, 20).map((u) => store.appendUpdates(key, [u])));
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

      // Compact up to the 20th, while the next ten are being appended.
      const upTo = seqs[19]!;
      const partial = rebuild(await store.loadDocument(key));
      const appending = Promise.all(updates.slice(20).map((u) => store.appendUpdates(key, [u])));
      await store.compact(key, Y.encodeStateAsUpdate(partial), upTo);
      await appending;

      const loaded = await store.loadDocument(key);
      expect(loaded.snapshot).not.toBeNull();
      expect(loaded.updates).toHaveLength(10);
      expect(docJson(rebuild(loaded))).toEqual(docJson(doc));

      // Numbers are never reused once compaction deleted the highest rows.
      await store.compact(key, Y.encodeStateAsUpdate(doc), loaded.lastSeq);
      doc.getMap(TEST_MAP).set('after', 'compaction');
      const last = Y.encodeStateAsUpdate(doc);
      expect(await store.appendUpdates(key, [last])).toBeGreaterThan(loaded.lastSeq);
      expect(docJson(rebuild(await store.loadDocument(key)))).toEqual(docJson(doc));
      // An older compaction than the stored snapshot is ignored.
      await store.compact(key, Y.encodeStateAsUpdate(partial), upTo);
      expect(docJson(rebuild(await store.loadDocument(key)))).toEqual(docJson(doc));
    });

    test('documents of a board are separate', async () => {
      const record = boardRecord();
      await store.createBoard(record, { board: makeUpdates(3).updates[0]! });
      const facilitation = { boardId: record.id, name: 'facilitation' } as const;
      expect((await store.loadDocument(facilitation)).updates).toHaveLength(0);
      expect((await store.loadDocument({ boardId: record.id, name: 'board' })).updates).toHaveLength(1);
    });

    test('updates since a number: only the newer ones, or the snapshot when it folded some of them', async () => {
      const record = boardRecord();
      await store.createBoard(record);
      const key: DocumentKey = { boardId: record.id, name: 'board' };
      const { updates, doc } = makeUpdates(30);
      const seqs = await Promise.all(updates.map((u) => store.appendUpdates(key, [u])));

      // A reader holding the first ten gets the other twenty, and the number it then holds.
      const since = await store.loadUpdatesSince(key, seqs[9]!);
      expect(since.snapshot).toBeNull();
      expect(since.updates.map((u) => Buffer.from(u))).toEqual(updates.slice(10).map((u) => Buffer.from(u)));
      expect(since.lastSeq).toBe(seqs[29]);
      // Nothing newer: nothing, and the reader's own number back.
      expect(await store.loadUpdatesSince(key, seqs[29]!)).toMatchObject({ snapshot: null, updates: [], lastSeq: seqs[29] });

      // After the first twenty are folded, a reader holding ten needs the snapshot.
      const partial = new Y.Doc();
      for (const u of updates.slice(0, 20)) Y.applyUpdate(partial, u);
      await store.compact(key, Y.encodeStateAsUpdate(partial), seqs[19]!);
      const behind = await store.loadUpdatesSince(key, seqs[9]!);
      expect(behind.snapshot).not.toBeNull();
      expect(behind.snapshotSeq).toBe(seqs[19]);
      expect(behind.updates).toHaveLength(10);
      expect(behind.lastSeq).toBe(seqs[29]);
      const caughtUp = new Y.Doc();
      for (const u of updates.slice(0, 10)) Y.applyUpdate(caughtUp, u);
      Y.applyUpdate(caughtUp, behind.snapshot!);
      for (const u of behind.updates) Y.applyUpdate(caughtUp, u);
      expect(docJson(caughtUp)).toEqual(docJson(doc));
      // A reader past the snapshot does not get it again.
      const ahead = await store.loadUpdatesSince(key, seqs[24]!);
      expect(ahead).toMatchObject({ snapshot: null, snapshotSeq: 0, lastSeq: seqs[29] });
      expect(ahead.updates).toHaveLength(5);
    });

    test('deleting a board removes it and its documents; late writes for it are dropped', async () => {
      const record = boardRecord();
      await store.createBoard(record);
      const key: DocumentKey = { boardId: record.id, name: 'board' };
      await store.appendUpdates(key, makeUpdates(5).updates);
      expect(await store.deleteBoard(record.id)).toBe(true);
      expect(await store.getBoard(record.id)).toBeNull();
      expect(await store.appendUpdates(key, makeUpdates(1).updates)).toBe(0);
      expect(await store.documentStats(key)).toEqual({ updates: 0, hasSnapshot: false });
      expect((await store.loadDocument(key)).updates).toHaveLength(0);
      expect(await store.deleteBoard(record.id)).toBe(false);
    });

    test('links to earlier boards: one way, oldest first, made once, removed on request', async () => {
      const [review, first, second, third] = [boardRecord(), boardRecord(), boardRecord(), boardRecord()];
      for (const r of [review, first, second, third]) await store.createBoard(r);
      expect(await store.listLinkedBoards(review.id)).toEqual([]);

      expect(await store.linkBoard(review.id, second.id, 2_000)).toBe(2_000);
      expect(await store.linkBoard(review.id, first.id, 1_000)).toBe(1_000);
      expect(await store.linkBoard(review.id, third.id, 2_000)).toBe(2_000);
      // Linking again keeps the first link and its time.
      expect(await store.linkBoard(review.id, first.id, 9_000)).toBe(1_000);
      const tied = [second.id, third.id].sort();
      expect(await store.listLinkedBoards(review.id)).toEqual([
        { boardId: first.id, linkedAt: 1_000 },
        { boardId: tied[0], linkedAt: 2_000 },
        { boardId: tied[1], linkedAt: 2_000 },
      ]);
      // One way only.
      expect(await store.listLinkedBoards(first.id)).toEqual([]);

      expect(await store.unlinkBoard(review.id, second.id)).toBe(true);
      expect(await store.unlinkBoard(review.id, second.id)).toBe(false);
      expect(await store.unlinkBoard(first.id, review.id)).toBe(false);
      expect((await store.listLinkedBoards(review.id)).map((l) => l.boardId)).toEqual([first.id, third.id]);
    });

    test('a link needs both boards; deleting a board removes its links in both directions', async () => {
      const [a, b, c] = [boardRecord(), boardRecord(), boardRecord()];
      for (const r of [a, b, c]) await store.createBoard(r);
      const unknown = newBoardId();
      expect(await store.linkBoard(a.id, unknown, 1)).toBe(0);
      expect(await store.linkBoard(unknown, a.id, 1)).toBe(0);
      expect(await store.listLinkedBoards(a.id)).toEqual([]);
      expect(await store.listLinkedBoards(unknown)).toEqual([]);
      expect(await store.unlinkBoard(unknown, a.id)).toBe(false);

      await store.linkBoard(b.id, a.id, 10); // b reviews a
      await store.linkBoard(a.id, c.id, 20); // a reviews c
      await store.linkBoard(b.id, c.id, 30);
      expect(await store.deleteBoard(a.id)).toBe(true);
      expect(await store.listLinkedBoards(b.id)).toEqual([{ boardId: c.id, linkedAt: 30 }]);
      expect(await store.listLinkedBoards(a.id)).toEqual([]);
      // A board of the same id made again starts with no links.
      await store.createBoard(a);
      expect(await store.listLinkedBoards(a.id)).toEqual([]);
      expect(await store.linkBoard(b.id, a.id, 40)).toBe(40);
    });

    test('sign-in sessions: kept by kind until they expire, taken once, deleted on request', async () => {
      const sessions = store.signInSessions;
      const now = 1_790_000_000_000;
      const pending = hashToken(newToken());
      const signedIn = hashToken(newToken());
      await sessions.put(pending, 'pending', '{"state":"s1"}', now + 600_000);
      await sessions.put(signedIn, 'signed-in', '{"name":"Robin"}', now + 3_600_000);

      // A record answers only to its own kind, and not after it expired.
      expect(await sessions.get(pending, 'pending', now)).toBe('{"state":"s1"}');
      expect(await sessions.get(pending, 'signed-in', now)).toBeNull();
      expect(await sessions.get(pending, 'pending', now + 600_001)).toBeNull();
      expect(await sessions.get(hashToken(newToken()), 'signed-in', now)).toBeNull();

      // Taken once: two callbacks racing with the same sign-in get it once between them.
      const takes = await Promise.all([sessions.take(pending, 'pending', now), sessions.take(pending, 'pending', now)]);
      expect(takes.filter((t) => t !== null)).toEqual(['{"state":"s1"}']);
      expect(await sessions.get(pending, 'pending', now)).toBeNull();

      // Put replaces; delete removes; the signed-in record was untouched by all of the above.
      await sessions.put(signedIn, 'signed-in', '{"name":"Robin Quill"}', now + 3_600_000);
      expect(await sessions.get(signedIn, 'signed-in', now)).toBe('{"name":"Robin Quill"}');
      expect(await sessions.delete(signedIn)).toBe(true);
      expect(await sessions.delete(signedIn)).toBe(false);
      expect(await sessions.get(signedIn, 'signed-in', now)).toBeNull();

      // Expired records are swept; live ones stay.
      const old = hashToken(newToken());
      const live = hashToken(newToken());
      await sessions.put(old, 'signed-in', '{}', now - 1);
      await sessions.put(live, 'signed-in', '{}', now + 1);
      expect(await sessions.deleteExpired(now)).toBe(1);
      expect(await sessions.get(live, 'signed-in', now)).toBe('{}');
    });

    test('people: stored with their role and secret hash, found by id or subject, changed, gone with their board', async () => {
      const record = boardRecord();
      await store.createBoard(record);
      const person = (id: string, subject: string | null, createdAt: number): PersonRecord => ({
        boardId: record.id,
        id: id as PersonId,
        name: `Person ${id}`,
        role: 'participant',
        secretHash: hashToken(`secret-${id}`),
        externalSubject: subject,
        createdAt,
      });
      expect(await store.createPerson(person('AAAAAAAAAAAAAAAA', null, 2))).toBe(true);
      expect(await store.createPerson(person('BBBBBBBBBBBBBBBB', 'issuer sub-1', 1))).toBe(true);
      // A subject is one person per board; a board that does not exist takes nobody.
      expect(await store.createPerson(person('CCCCCCCCCCCCCCCC', 'issuer sub-1', 3))).toBe(false);
      expect(await store.createPerson({ ...person('DDDDDDDDDDDDDDDD', null, 4), boardId: newBoardId() })).toBe(false);

      const read = await store.getPerson(record.id, 'AAAAAAAAAAAAAAAA');
      expect(read).toMatchObject({ id: 'AAAAAAAAAAAAAAAA', name: 'Person AAAAAAAAAAAAAAAA', role: 'participant', externalSubject: null });
      expect(Buffer.from(read!.secretHash)).toEqual(Buffer.from(hashToken('secret-AAAAAAAAAAAAAAAA')));
      expect(await store.getPerson(record.id, 'nobody')).toBeNull();
      expect((await store.findPersonBySubject(record.id, 'issuer sub-1'))?.id).toBe('BBBBBBBBBBBBBBBB');
      expect((await store.listPeople(record.id)).map((p) => p.id)).toEqual(['BBBBBBBBBBBBBBBB', 'AAAAAAAAAAAAAAAA']);

      const promoted = await store.updatePerson(record.id, 'AAAAAAAAAAAAAAAA' as PersonId, { role: 'facilitator' });
      expect(promoted).toMatchObject({ role: 'facilitator', name: 'Person AAAAAAAAAAAAAAAA' });
      expect(await store.updatePerson(record.id, 'AAAAAAAAAAAAAAAA' as PersonId, { name: 'Robin' })).toMatchObject({ role: 'facilitator', name: 'Robin' });
      expect(await store.updatePerson(record.id, 'ZZZZZZZZZZZZZZZZ' as PersonId, { name: 'x' })).toBeNull();

      await store.deleteBoard(record.id);
      expect(await store.listPeople(record.id)).toEqual([]);
    });

    test('ballots: replaced whole per person, listed per board, gone with their board', async () => {
      const record = boardRecord();
      await store.createBoard(record);
      expect(await store.getBallot(record.id, 'AAAAAAAAAAAAAAAA')).toEqual(new Map());
      expect(await store.setBallot(record.id, 'AAAAAAAAAAAAAAAA', new Map([['f1', 2], ['f2', 1]]))).toBe(true);
      expect(await store.setBallot(record.id, 'BBBBBBBBBBBBBBBB', new Map([['f2', 3]]))).toBe(true);
      // Replaced whole: f2 taken back, a zero dropped.
      expect(await store.setBallot(record.id, 'AAAAAAAAAAAAAAAA', new Map([['f1', 3], ['f3', 0]]))).toBe(true);
      expect(await store.getBallot(record.id, 'AAAAAAAAAAAAAAAA')).toEqual(new Map([['f1', 3]]));
      expect(await store.listBallots(record.id)).toEqual(
        new Map([
          ['AAAAAAAAAAAAAAAA', new Map([['f1', 3]])],
          ['BBBBBBBBBBBBBBBB', new Map([['f2', 3]])],
        ]),
      );
      // A board that does not exist keeps no ballot.
      expect(await store.setBallot(newBoardId(), 'AAAAAAAAAAAAAAAA', new Map([['f1', 1]]))).toBe(false);
      await store.deleteBoard(record.id);
      expect(await store.listBallots(record.id)).toEqual(new Map());
    });

    test('a replaced link opens nothing, is remembered as retired, and the new one is kept in clear', async () => {
      const record = boardRecord();
      await store.createBoard(record);
      const fresh = newToken();
      expect(await store.replaceLinkToken(record.id, 'participant', hashToken(fresh), fresh, 77)).toBe(true);
      const read = (await store.getBoard(record.id))!;
      expect(Buffer.from(read.tokenHashes.participant)).toEqual(Buffer.from(hashToken(fresh)));
      expect(read.shareTokens.participant).toBe(fresh);
      expect(Buffer.from(read.tokenHashes.viewer)).toEqual(Buffer.from(record.tokenHashes.viewer));
      expect(await store.findRetiredLink(record.id, record.tokenHashes.participant)).toEqual({ role: 'participant', retiredAt: 77 });
      expect(await store.findRetiredLink(record.id, hashToken(fresh))).toBeNull();
      // The facilitator link: none in clear on a board made without it, until it is replaced.
      expect(read.facilitatorToken ?? null).toBeNull();
      const facilitator = newToken();
      await store.replaceLinkToken(record.id, 'facilitator', hashToken(facilitator), facilitator, 78);
      expect((await store.getBoard(record.id))!.facilitatorToken).toBe(facilitator);
      expect(await store.replaceLinkToken(newBoardId(), 'viewer', hashToken(fresh), fresh, 79)).toBe(false);

      expect((await store.getBoard(record.id))!.participantsMayShare).toBe(true);
      expect(await store.setParticipantsMayShare(record.id, false)).toBe(true);
      expect((await store.getBoard(record.id))!.participantsMayShare).toBe(false);
    });

    const NOTHING_ELSE = {
      factors: [],
      metrics: { day: '2026-01-01', values: { timeToDetect: 'missing', timeToAcknowledge: 'missing', timeToMitigate: 'missing', timeToResolve: 'missing' } },
    } as const satisfies Pick<IndexedBoard, 'factors' | 'metrics'>;

    test('library: factors found by their words in other reviews, both ends of "same as" links, and metrics filtered', async () => {
      const a = boardRecord();
      const b = boardRecord();
      await store.createBoard(a);
      await store.createBoard(b);
      const review = (record: BoardRecord, title: string, severity: 'SEV1' | 'SEV3', services: string[], incidentDate: string) => ({
        boardId: record.id, title, incidentDate, severity, services, tags: [], status: 'final' as const, facilitator: '',
        events: 0, factors: 1, actions: 0, openActions: 0, createdAt: 1,
      });
      const factor = (factorId: string, text: string, sameAs: Array<{ boardId: string; factorId: string }> = [], done = 0) => ({
        factorId, text, category: 'process' as const, createdAt: 1, sameAs, actions: done, actionsDone: done,
      });
      await store.library.putIndexed({
        review: review(a, 'Checkout outage', 'SEV1', ['checkout'], '2026-01-10'),
        texts: [], actions: [],
        factors: [factor('fa', 'The config change skipped the canary stage', [], 1), factor('fb', 'Dashboards lacked saturation panels')],
        metrics: { day: '2026-01-10', values: { timeToDetect: 600_000, timeToAcknowledge: 'out-of-order', timeToMitigate: 3_600_000, timeToResolve: 'missing' } },
        version: 1, indexedAt: 1,
      });
      await store.library.putIndexed({
        review: review(b, 'Search outage', 'SEV3', ['Search'], '2026-03-02'),
        texts: [], actions: [],
        factors: [factor('fc', 'Config changes roll out without a canary', [{ boardId: a.id, factorId: 'fa' }, { boardId: a.id, factorId: 'gone' }])],
        metrics: { day: '2026-03-02', values: { timeToDetect: 60_000, timeToAcknowledge: 0, timeToMitigate: 'missing', timeToResolve: 'missing' } },
        version: 1, indexedAt: 2,
      });
      const similar = await store.library.similarFactors(anyOfQuery(['canary', 'configuration']), b.id, 10);
      expect(similar.map((f) => f.factorId)).toEqual(['fa']);
      expect(similar[0]).toMatchObject({ boardId: a.id, reviewTitle: 'Checkout outage', severity: 'SEV1', actions: 1, actionsDone: 1, participantToken: a.shareTokens.participant });
      expect((await store.library.similarFactors(anyOfQuery(['canary']), null, 10)).map((f) => f.factorId).sort()).toEqual(['fa', 'fc']);
      expect(await store.library.similarFactors(anyOfQuery(['nothinglikethis']), null, 10)).toEqual([]);

      const linked = await store.library.linkedFactors();
      expect(linked.map((f) => f.factorId).sort()).toEqual(['fa', 'fc']);
      expect(linked.find((f) => f.factorId === 'fc')!.sameAs).toEqual(expect.arrayContaining([{ boardId: a.id, factorId: 'fa' }, { boardId: a.id, factorId: 'gone' }]));
      expect(linked.find((f) => f.factorId === 'fa')!.sameAs).toEqual([]);

      const all = await store.library.reviewMetrics({});
      expect(all.map((m) => m.day).sort()).toEqual(['2026-01-10', '2026-03-02']);
      expect(all.find((m) => m.day === '2026-01-10')).toEqual({
        day: '2026-01-10', severity: 'SEV1', services: ['checkout'],
        values: { timeToDetect: 600_000, timeToAcknowledge: 'out-of-order', timeToMitigate: 3_600_000, timeToResolve: 'missing' },
      });
      expect((await store.library.reviewMetrics({ service: 'search' })).map((m) => m.day)).toEqual(['2026-03-02']);
      expect((await store.library.reviewMetrics({ severities: ['SEV1'] })).map((m) => m.day)).toEqual(['2026-01-10']);
      expect((await store.library.reviewMetrics({ from: '2026-02-01', to: '2026-12-31' })).map((m) => m.day)).toEqual(['2026-03-02']);

      // A deleted review takes its factors, links and metrics with it.
      await store.deleteBoard(b.id);
      expect(await store.library.linkedFactors()).toEqual([]);
      expect((await store.library.reviewMetrics({})).length).toBe(1);
      await store.library.removeIndexed(a.id);
      expect(await store.library.similarFactors(anyOfQuery(['canary']), null, 10)).toEqual([]);
    });

    test('library: one workspace, made once; its member link replaced and remembered as retired', async () => {
      const first = { name: 'SRE reviews', linkHash: hashToken('one'), createdAt: 5, indexFormat: '' };
      expect(await store.library.getWorkspace()).toBeNull();
      expect((await store.library.ensureWorkspace(first)).created).toBe(true);
      const again = await store.library.ensureWorkspace({ ...first, name: 'Other', linkHash: hashToken('two') });
      expect(again.created).toBe(false);
      expect(again.workspace.name).toBe('SRE reviews');
      expect(Buffer.from(again.workspace.linkHash!)).toEqual(Buffer.from(hashToken('one')));
      expect(await store.library.rotateWorkspaceLink(hashToken('three'), 9)).toBe(true);
      expect(Buffer.from((await store.library.getWorkspace())!.linkHash!)).toEqual(Buffer.from(hashToken('three')));
      expect(await store.library.findRetiredWorkspaceLink(hashToken('one'))).toBe(9);
      expect(await store.library.findRetiredWorkspaceLink(hashToken('three'))).toBeNull();
      await store.library.setIndexFormat('1:x');
      expect((await store.library.getWorkspace())!.indexFormat).toBe('1:x');
    });

    test('library: index rows replaced per board, listed, searched with marked matches, and gone with their board', async () => {
      const a = boardRecord();
      const b = boardRecord();
      await store.createBoard(a, { board: makeUpdates(1).updates[0]! });
      await store.createBoard(b);
      const versionsBefore = await store.library.boardVersions();
      expect(versionsBefore.get(a.id)).toBeGreaterThan(0);
      await store.appendUpdates({ boardId: a.id, name: 'facilitation' }, makeUpdates(2).updates);
      expect((await store.library.boardVersions([a.id])).get(a.id)).toBeGreaterThan(versionsBefore.get(a.id)!);

      const review = (record: BoardRecord, title: string, severity: 'SEV1' | 'SEV3' | '', incidentDate: string) => ({
        boardId: record.id, title, incidentDate, severity, services: severity ? ['checkout'] : [], tags: ['config'],
        status: 'draft' as const, facilitator: 'Ana', events: 2, factors: 1, actions: 1, openActions: 1, createdAt: 1,
      });
      const action = (actionId: string, owner: string, due: string, defaultDue: string) => ({
        actionId, text: `Fix ${actionId}`, owner, due, defaultDue, status: 'open' as const, statusReason: '', factors: ['Pool too small'], createdAt: 1,
      });
      expect(await store.library.putIndexed({
        review: review(a, 'Checkout outage', 'SEV1', '2026-10-02'),
        texts: [
          { kind: 'title', itemId: '', text: 'Checkout outage' },
          { kind: 'factor', itemId: 'f1', text: 'The connection pool was sized for staging traffic' },
        ],
        actions: [action('a1', 'Ana', '', '2026-10-30')],
        ...NOTHING_ELSE,
        version: 3,
        indexedAt: 100,
      })).toBe(true);
      // Replaced whole: the old texts are no longer found.
      expect(await store.library.putIndexed({
        review: review(a, 'Checkout outage', 'SEV1', '2026-10-02'),
        texts: [{ kind: 'factor', itemId: 'f1', text: 'The connection pools were sized for staging traffic' }, { kind: 'event', itemId: 'e1', text: 'Pager fired' }],
        actions: [action('a1', 'Ana', '', '2026-10-30'), action('a2', 'Bo', '2026-09-01', '2026-10-30')],
        ...NOTHING_ELSE,
        version: 4,
        indexedAt: 101,
      })).toBe(true);
      await store.library.putIndexed({
        review: review(b, 'Login slowness', '', ''),
        texts: [{ kind: 'event', itemId: 'e9', text: 'Login pages slow; pager stayed silent' }],
        actions: [action('a9', 'ana', '', '')],
        ...NOTHING_ELSE,
        version: 1,
        indexedAt: 102,
      });
      expect(await store.library.putIndexed({ review: review(boardRecord(), 'Ghost', '', ''), texts: [], actions: [], ...NOTHING_ELSE, version: 1, indexedAt: 1 })).toBe(false);
      expect(await store.library.indexedVersions()).toEqual(new Map([[a.id, 4], [b.id, 1]]));
      expect(await store.library.indexVersion()).toBe(102);

      const all = await store.library.listReviews({ sort: 'incidentDate', descending: true, offset: 0, limit: 10 });
      expect(all.total).toBe(2);
      expect(all.items.map((r) => r.title)).toEqual(['Checkout outage', 'Login slowness']);
      expect(all.items[0]).toMatchObject({ severity: 'SEV1', services: ['checkout'], tags: ['config'], updatedAt: 101, participantToken: a.shareTokens.participant });
      expect((await store.library.listReviews({ severities: ['SEV1'], sort: 'title', descending: false, offset: 0, limit: 10 })).items.map((r) => r.title)).toEqual(['Checkout outage']);
      expect((await store.library.listReviews({ service: 'CHECKOUT', tag: 'config', sort: 'title', descending: false, offset: 0, limit: 10 })).total).toBe(1);
      expect((await store.library.listReviews({ sort: 'title', descending: true, offset: 1, limit: 1 })).items.map((r) => r.title)).toEqual(['Checkout outage']);

      const pool = await store.library.search(parseSearchQuery('pool staging'), 0, 10);
      expect(pool.total).toBe(1);
      expect(pool.hits[0]).toMatchObject({ boardId: a.id, kind: 'factor', itemId: 'f1', boardTitle: 'Checkout outage' });
      const marked = snippetParts(pool.hits[0]!.snippet);
      expect(marked.filter((p) => p.match).map((p) => p.text.toLowerCase())).toEqual(['pools', 'staging']);
      expect(marked.map((p) => p.text).join('')).toContain('The connection pools were sized for staging traffic');
      expect((await store.library.search(parseSearchQuery('pager -login'), 0, 10)).hits.map((h) => h.itemId)).toEqual(['e1']);
      expect((await store.library.search(parseSearchQuery('"pager stayed" OR outage'), 0, 10)).hits.map((h) => h.itemId)).toEqual(['e9']);
      expect((await store.library.search(parseSearchQuery('"OR" AND NEAR'), 0, 10)).total).toBe(0);

      const due = await store.library.listFollowUps({ sort: 'due', offset: 0, limit: 10 });
      expect(due.items.map((f) => f.actionId)).toEqual(['a2', 'a1', 'a9']);
      expect(due.items[1]).toMatchObject({ due: '', defaultDue: '2026-10-30', factors: ['Pool too small'], boardTitle: 'Checkout outage', severity: 'SEV1' });
      expect((await store.library.listFollowUps({ owner: 'ANA', sort: 'due', offset: 0, limit: 10 })).items.map((f) => f.actionId)).toEqual(['a1', 'a9']);
      expect((await store.library.listFollowUps({ overdueBefore: '2026-10-01', sort: 'due', offset: 0, limit: 10 })).items.map((f) => f.actionId)).toEqual(['a2']);

      await store.deleteBoard(a.id);
      expect((await store.library.listReviews({ sort: 'title', descending: false, offset: 0, limit: 10 })).total).toBe(1);
      expect((await store.library.search(parseSearchQuery('staging'), 0, 10)).total).toBe(0);
      expect((await store.library.listFollowUps({ sort: 'due', offset: 0, limit: 10 })).total).toBe(1);
      await store.library.removeIndexed(b.id);
      expect((await store.library.search(parseSearchQuery('pager'), 0, 10)).total).toBe(0);
    });

    test('library: a phrase finds its words next to each other and in order, alone, excluded, or beside other terms', async () => {
      const board = boardRecord();
      await store.createBoard(board);
      const texts = [
        'The connection pool ran dry during the deploy',
        'Pool connection limits were raised',
        'Connection retries exhausted the pool',
        'A connection pool timeout paged the on-call engineer',
        'Timeout on the connection pool; the pool was resized',
      ].map((text, i) => ({ kind: 'event' as const, itemId: `e${i + 1}`, text }));
      await store.library.putIndexed({
        review: { boardId: board.id, title: 'Pool exhaustion', incidentDate: '', severity: '', services: [], tags: [], status: 'draft', facilitator: '', events: texts.length, factors: 0, actions: 0, openActions: 0, createdAt: 1 },
        texts, actions: [], ...NOTHING_ELSE, version: 1, indexedAt: 1,
      });
      const found = async (q: string) => (await store.library.search(parseSearchQuery(q), 0, 10)).hits.map((h) => h.itemId).sort();
      expect(await found('"connection pool"')).toEqual(['e1', 'e4', 'e5']);
      expect(await found('"pool connection"')).toEqual(['e2']);
      expect(await found('"connection pool timeout"')).toEqual(['e4']);
      expect(await found('"connection pool" deploy')).toEqual(['e1']);
      expect(await found('"connection pool" -timeout')).toEqual(['e1']);
      expect(await found('"connection pool" -"pool was resized"')).toEqual(['e1', 'e4']);
      expect(await found('"connection pool" OR "pool connection"')).toEqual(['e1', 'e2', 'e4', 'e5']);
      expect(await found('"pool ran" "the deploy"')).toEqual(['e1']);
      // A hyphenated word, and a phrase with only a stop word between its words.
      expect(await found('"on-call engineer"')).toEqual(['e4']);
      expect(await found('"pool was resized"')).toEqual(['e5']);
      expect(await found('"raised limits"')).toEqual([]);
      const phrase = await store.library.search(parseSearchQuery('"connection pool timeout"'), 0, 10);
      expect(phrase.total).toBe(1);
      // Marked as one run (SQLite) or word by word (PostgreSQL): the same words read highlighted.
      expect(snippetParts(phrase.hits[0]!.snippet).filter((p) => p.match).map((p) => p.text.toLowerCase()).join(' ')).toBe('connection pool timeout');
    });

    test('library: a search with more matches than are ranked still pages through every one, the best of the newest first', async () => {
      // 1,500 matching texts (more than SEARCH_RANK_WINDOW): the oldest says "deadlock" three times
      // (it ranks best but is past the window), one of the newest four times (the best in it).
      const board = boardRecord();
      await store.createBoard(board);
      const texts = Array.from({ length: SEARCH_RANK_WINDOW + 500 }, (_, i) => ({
        kind: 'event' as const,
        itemId: `e${i}`,
        text: i === 0 ? 'deadlock deadlock deadlock in the ledger' : i === SEARCH_RANK_WINDOW + 400 ? 'deadlock deadlock deadlock deadlock on retry' : `deadlock number ${i} while the batch job ran long`,
      }));
      await store.library.putIndexed({
        review: { boardId: board.id, title: 'Ledger deadlocks', incidentDate: '', severity: '', services: [], tags: [], status: 'draft', facilitator: '', events: texts.length, factors: 0, actions: 0, openActions: 0, createdAt: 1 },
        texts, actions: [], ...NOTHING_ELSE, version: 1, indexedAt: 1,
      });
      const first = await store.library.search(parseSearchQuery('deadlock'), 0, 25);
      expect(first.total).toBe(SEARCH_COUNT_CAP + 1);
      expect(first.hits[0]).toMatchObject({ itemId: `e${SEARCH_RANK_WINDOW + 400}`, boardTitle: 'Ledger deadlocks' });
      expect(snippetParts(first.hits[0]!.snippet).filter((p) => p.match)).toHaveLength(4);
      const seen: string[] = [];
      for (let offset = 0; offset < texts.length + 100; offset += 100) {
        seen.push(...(await store.library.search(parseSearchQuery('deadlock'), offset, 100)).hits.map((h) => h.itemId));
      }
      expect(seen).toHaveLength(texts.length);
      expect(new Set(seen).size).toBe(texts.length);
      // Past the ranked window, the rest come newest first: the oldest text is the last result.
      expect(seen[seen.length - 1]).toBe('e0');
    });
  });
}
