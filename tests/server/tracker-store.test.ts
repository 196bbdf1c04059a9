// The TrackerStore contract (tests/server/tracker-store-contract.ts) on SQLite; PostgreSQL runs it
// in tests/scale/postgres-store.test.ts.
import fs from 'node:fs';
import { openSqliteStore } from '../../server/storage/sqlite';
import { tempDir } from './helpers';
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
