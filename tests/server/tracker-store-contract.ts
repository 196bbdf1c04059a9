// The TrackerStore contract (server/storage/trackers.ts): every store (SQLite in
// tests/server/tracker-store.test.ts, PostgreSQL in tests/scale/postgres-store.test.ts) must pass it.
// The claim is the idempotency record: one of two concurrent claims wins, a sent link is never
// claimed again, a fresh claim is busy, a stale one is claimed again with `reconcile`.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { BoardStore } from '../../server/storage/types';
import type { TrackerConfigRecord } from '../../server/storage/trackers';
import { boardRecord } from './store-contract';

const config = (id: string, scope: `board:${string}`): TrackerConfigRecord => ({
  id,
  scope,
  kind: 'github',
  baseUrl: 'https://api.github.com',
  project: 'acme/payments',
  sealedCredentials: new Uint8Array([1, 2, 3]),
  sealedWebhookSecret: new Uint8Array([4, 5]),
  createdAt: 1_790_000_000_000,
});

export function describeTrackerStore(name: string, open: () => Promise<{ store: BoardStore; dispose(): Promise<void> }>) {
  describe(`TrackerStore contract: ${name}`, () => {
    let store: BoardStore;
    let dispose: () => Promise<void>;
    let boardId: string;
    beforeEach(async () => {
      ({ store, dispose } = await open());
      const board = boardRecord();
      await store.createBoard(board);
      boardId = board.id;
      await store.trackers.putConfig(config('t1', `board:${boardId}`));
    });
    afterEach(async () => {
      await dispose();
    });

    test('configurations read back with their sealed bytes, listed by scope, removed with their links', async () => {
      const read = await store.trackers.getConfig('t1');
      expect(read).toMatchObject({ id: 't1', kind: 'github', project: 'acme/payments', scope: `board:${boardId}` });
      expect([...read!.sealedCredentials]).toEqual([1, 2, 3]);
      expect((await store.trackers.listConfigs(`board:${boardId}`)).map((c) => c.id)).toEqual(['t1']);
      expect(await store.trackers.listConfigs('server')).toEqual([]);
      await store.trackers.claim(boardId, 'a1', 't1', 1000, 0, false);
      expect(await store.trackers.deleteConfig('t1')).toBe(true);
      expect(await store.trackers.getLink(boardId, 'a1')).toBeNull();
      expect(await store.trackers.deleteConfig('t1')).toBe(false);
    });

    test('one of two concurrent claims wins; a fresh claim is busy; a sent link is never claimed again', async () => {
      const [a, b] = await Promise.all([
        store.trackers.claim(boardId, 'a1', 't1', 1000, 0, false),
        store.trackers.claim(boardId, 'a1', 't1', 1000, 0, false),
      ]);
      expect([a.kind, b.kind].sort()).toEqual(['busy', 'claimed']);
      await store.trackers.complete(boardId, 'a1', { externalId: '7', key: '#7', url: 'https://x/7', issueState: 'open' }, 1001);
      const again = await store.trackers.claim(boardId, 'a1', 't1', 999_999, 999_000, true);
      expect(again).toMatchObject({ kind: 'sent', link: { key: '#7', state: 'sent' } });
    });

    test('a stale claim is claimed again to reconcile; a failure waits for its time unless forced (not past a Retry-After)', async () => {
      await store.trackers.claim(boardId, 'a1', 't1', 1000, 0, false);
      const stale = await store.trackers.claim(boardId, 'a1', 't1', 5000, 2000, false);
      expect(stale).toMatchObject({ kind: 'claimed', reconcile: true, link: { attempts: 2 } });
      await store.trackers.fail(boardId, 'a1', { error: 'down', failure: 'unreachable', nextAttemptAt: 9000 }, 5001);
      expect((await store.trackers.listDue(8999, 0)).length).toBe(0);
      expect((await store.trackers.listDue(9000, 0)).map((l) => l.actionId)).toEqual(['a1']);
      expect((await store.trackers.claim(boardId, 'a1', 't1', 6000, 0, false)).kind).toBe('busy');
      expect((await store.trackers.claim(boardId, 'a1', 't1', 6000, 0, true)).kind).toBe('claimed');
      await store.trackers.fail(boardId, 'a1', { error: 'slow down', failure: 'rate-limited', nextAttemptAt: 20_000 }, 6001);
      expect((await store.trackers.claim(boardId, 'a1', 't1', 7000, 0, true)).kind).toBe('busy');
    });

    test('issue state changes are reported once, by tracker and external id', async () => {
      await store.trackers.claim(boardId, 'a1', 't1', 1000, 0, false);
      await store.trackers.complete(boardId, 'a1', { externalId: '7', key: '#7', url: 'https://x/7', issueState: 'open' }, 1001);
      expect(await store.trackers.setIssueState('t1', '7', 'open', 1002)).toBeNull();
      expect(await store.trackers.setIssueState('t1', '7', 'closed', 1003)).toMatchObject({ actionId: 'a1', issueState: 'closed' });
      expect(await store.trackers.setIssueState('t1', '7', 'closed', 1004)).toBeNull();
      expect(await store.trackers.setIssueState('t1', '8', 'closed', 1005)).toBeNull();
      expect((await store.trackers.claimForCheck(10, 1006, 1006)).map((l) => l.actionId)).toEqual(['a1']);
    });

    test('the periodic check takes the least recently checked links first, so every link is read over rounds', async () => {
      const ids = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
      for (const [i, id] of ids.entries()) {
        await store.trackers.claim(boardId, id, 't1', 1000 + i, 0, false);
        await store.trackers.complete(boardId, id, { externalId: String(i), key: `#${i}`, url: `https://x/${i}`, issueState: 'open' }, 1000 + i);
      }
      // A state change (a webhook) makes a link the most recently updated: it must not starve the rest.
      await store.trackers.setIssueState('t1', '0', 'closed', 5000);
      const rounds: string[][] = [];
      for (let round = 1; round <= 3; round += 1) {
        const batch = await store.trackers.claimForCheck(3, 10_000 + round, 10_000 + round);
        expect(batch).toHaveLength(3);
        expect(batch.map((l) => l.checkedAt)).toEqual([10_000 + round, 10_000 + round, 10_000 + round]);
        rounds.push(batch.map((l) => l.actionId));
      }
      expect(new Set(rounds.flat()).size).toBe(7);
      // Round 4 goes on with those read longest ago: round 1's last, then two of round 2's.
      const fourth = (await store.trackers.claimForCheck(3, 10_004, 10_004)).map((l) => l.actionId);
      expect(fourth).toHaveLength(3);
      expect(fourth.filter((id) => rounds[0]!.includes(id))).toHaveLength(1);
      expect(fourth.filter((id) => rounds[1]!.includes(id))).toHaveLength(2);
      expect((await store.trackers.getLink(boardId, fourth[0]!))?.checkedAt).toBe(10_004);
    });

    test('instances checking at the same moment share the links instead of reading the same ones', async () => {
      for (let i = 0; i < 12; i++) {
        await store.trackers.claim(boardId, `a${i}`, 't1', 1000 + i, 0, false);
        await store.trackers.complete(boardId, `a${i}`, { externalId: String(i), key: `#${i}`, url: `https://x/${i}`, issueState: 'open' }, 1000 + i);
      }
      const batches = await Promise.all([1, 2, 3].map(() => store.trackers.claimForCheck(4, 20_000, 20_000)));
      const taken = batches.flatMap((b) => b.map((l) => l.actionId));
      expect(new Set(taken).size).toBe(taken.length);
      expect(taken).toHaveLength(12);
      // None is read again within the window the check leaves alone.
      expect(await store.trackers.claimForCheck(4, 20_001, 20_000)).toEqual([]);
    });

    test('deleting the board removes its links', async () => {
      await store.trackers.claim(boardId, 'a1', 't1', 1000, 0, false);
      await store.deleteBoard(boardId as never);
      expect(await store.trackers.listLinks(boardId)).toEqual([]);
    });
  });
}
