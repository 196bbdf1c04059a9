// The TrackerStore contract (tests/server/tracker-store-contract.ts) on SQLite; PostgreSQL runs it
// in tests/scale/postgres-store.test.ts.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { openSqliteStore } from '../../server/storage/sqlite';
import { tempDir } from './helpers';
import { boardRecord } from './store-contract';
import { describeTrackerStore } from './tracker-store-contract';

describeTrackerStore('sqlite', async () => {
  const dir = tempDir();
  const store = openSqliteStore({ dataDir: dir });
  return {
    store,
    async dispose() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

test('a file made before checked_at gets the column, and its sent links are checked first', async () => {
  const dir = tempDir();
  try {
    const first = openSqliteStore({ dataDir: dir });
    const board = boardRecord();
    await first.createBoard(board);
    await first.trackers.putConfig({ id: 't1', scope: 'server', kind: 'github', baseUrl: 'https://api.github.com', project: 'a/b', sealedCredentials: new Uint8Array([1]), sealedWebhookSecret: new Uint8Array([2]), createdAt: 1 });
    await first.trackers.claim(board.id, 'a1', 't1', 1000, 0, false);
    await first.trackers.complete(board.id, 'a1', { externalId: '1', key: '#1', url: 'https://x/1', issueState: 'open' }, 1001);
    await first.close();
    // As the table was before: no checked_at.
    const raw = new Database(`${dir}/debrief.sqlite`);
    raw.exec('DROP INDEX tracker_links_by_check; ALTER TABLE tracker_links DROP COLUMN checked_at;');
    raw.close();
    const reopened = openSqliteStore({ dataDir: dir });
    try {
      expect((await reopened.trackers.getLink(board.id, 'a1'))?.checkedAt).toBe(0);
      expect(await reopened.trackers.claimForCheck(10, 2000, 2000)).toMatchObject([{ actionId: 'a1', checkedAt: 2000 }]);
      expect((await reopened.trackers.getLink(board.id, 'a1'))?.checkedAt).toBe(2000);
    } finally {
      await reopened.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
