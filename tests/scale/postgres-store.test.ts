// The PostgreSQL store against a real PostgreSQL: the same contract as SQLite, then what only a
// shared store must promise: gapless per-document numbers when several instances append at once,
// and compaction by several instances at once that loses and duplicates nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { openPostgresStore, type PostgresBoardStore } from '../../server/storage/postgres';
import { documentKeyId, isSequencedStore, type DocumentKey } from '../../server/storage/types';
import { parseSearchQuery } from '../../shared/library';
import { docJson, TEST_MAP, TEST_TEXT } from '../server/helpers';
import { boardRecord, describeBoardStore, makeUpdates, rebuild } from '../server/store-contract';
import { startPostgres, type Postgres } from './services';
import { describeTrackerStore } from '../server/tracker-store-contract';

let postgres: Postgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

describeBoardStore('postgres', async () => {
  const store = await openPostgresStore({ connectionString: await postgres.createDatabase() });
  return { store, dispose: () => store.close() };
});

describeTrackerStore('postgres', async () => {
  const store = await openPostgresStore({ connectionString: await postgres.createDatabase() });
  return { store, dispose: () => store.close() };
});

describe('PostgreSQL shared by several instances', () => {
  let url: string;
  const stores: PostgresBoardStore[] = [];
  beforeAll(async () => {
    url = await postgres.createDatabase();
    // Three "instances": three stores with their own pools on one database, created at once.
    stores.push(...(await Promise.all([0, 1, 2].map(() => openPostgresStore({ connectionString: url })))));
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  test('appends from three instances at once number each document 1, 2, 3... without gaps', async () => {
    // What the cluster plugin asks for before it starts the relay.
    expect(stores.every((store) => isSequencedStore(store))).toBe(true);
    const records = [boardRecord(), boardRecord()];
    for (const r of records) await stores[0]!.createBoard(r, { board: makeUpdates(1).updates[0]! });
    const keys: DocumentKey[] = records.flatMap((r) => [
      { boardId: r.id, name: 'board' as const },
      { boardId: r.id, name: 'facilitation' as const },
    ]);
    const { updates } = makeUpdates(600);
    // Each instance appends to every document, in bursts that land in shared batches.
    const answers = await Promise.all(
      updates.map((u, i) => stores[i % 3]!.appendUpdates(keys[i % keys.length]!, [u]).then((seq) => ({ i, seq }))),
    );
    for (const [k, key] of keys.entries()) {
      const seqs = answers.filter(({ i }) => i % keys.length === k).map(({ seq }) => seq).sort((a, b) => a - b);
      const first = key.name === 'board' ? 2 : 1; // the board document starts with its initial state
      expect(seqs).toEqual(seqs.map((_, n) => first + n));
      const stored = await stores[1]!.loadDocument(key);
      expect(stored.lastSeq).toBe(seqs[seqs.length - 1]);
      expect((await stores[2]!.latestSeqs([key])).get(documentKeyId(key))).toBe(stored.lastSeq);
    }
  });

  test('three instances compacting one log at once, while appends go on, lose and duplicate nothing', async () => {
    const record = boardRecord();
    await stores[0]!.createBoard(record);
    const key: DocumentKey = { boardId: record.id, name: 'board' };
    const { updates, doc } = makeUpdates(300);
    const seqs: number[] = [];
    for (let i = 0; i < 100; i++) seqs.push(await stores[i % 3]!.appendUpdates(key, [updates[i]!]));

    // Each instance folds the log up to what it has applied (a different point for each), at the
    // same moment, while the rest of the updates keep arriving through all three.
    const partialUpTo = (n: number) => {
      const partial = new Y.Doc();
      for (const u of updates.slice(0, n)) Y.applyUpdate(partial, u);
      return Y.encodeStateAsUpdate(partial);
    };
    const appending = Promise.all(updates.slice(100).map((u, i) => stores[i % 3]!.appendUpdates(key, [u])));
    await Promise.all([
      stores[0]!.compact(key, partialUpTo(60), seqs[59]!),
      stores[1]!.compact(key, partialUpTo(100), seqs[99]!),
      stores[2]!.compact(key, partialUpTo(80), seqs[79]!),
    ]);
    await appending;
    // And once more, racing, after everything is in.
    const whole = Y.encodeStateAsUpdate(doc);
    const last = (await stores[0]!.loadDocument(key)).lastSeq;
    await Promise.all(stores.map((s) => s.compact(key, whole, last)));

    for (const store of stores) {
      const loaded = await store.loadDocument(key);
      expect(docJson(rebuild(loaded))).toEqual(docJson(doc));
    }
    const rebuilt = rebuild(await stores[1]!.loadDocument(key));
    // Nothing twice: the text is exactly as typed, every key once with its last value.
    expect(rebuilt.getText(TEST_TEXT).toString()).toBe(doc.getText(TEST_TEXT).toString());
    expect(rebuilt.getMap(TEST_MAP).size).toBe(doc.getMap(TEST_MAP).size);
    const stats = await stores[2]!.documentStats(key);
    expect(stats.hasSnapshot).toBe(true);
    expect(stats.updates).toBe(0);
  });
});

test('a database indexed before the word-pairs index gets it on start, and its phrases are found through it', async () => {
  const url = await postgres.createDatabase();
  const first = await openPostgresStore({ connectionString: url });
  const board = boardRecord();
  await first.createBoard(board);
  await first.library.putIndexed({
    review: { boardId: board.id, title: 'Pool', incidentDate: '', severity: '', services: [], tags: [], status: 'draft', facilitator: '', events: 2, factors: 0, actions: 0, openActions: 0, createdAt: 1 },
    texts: [
      { kind: 'event', itemId: 'e1', text: 'The connection pool ran dry' },
      { kind: 'event', itemId: 'e2', text: 'Pool connection limits were raised' },
    ],
    actions: [],
    factors: [],
    metrics: { day: '2026-01-01', values: { timeToDetect: 'missing', timeToAcknowledge: 'missing', timeToMitigate: 'missing', timeToResolve: 'missing' } },
    version: 1,
    indexedAt: 1,
  });
  await first.close();
  // As an older Debrief left it: no pairs, and the search indexes with their pending lists.
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP INDEX search_rows_pairs; DROP FUNCTION search_word_pairs(tsvector); ALTER INDEX search_rows_tsv SET (fastupdate = on); ALTER INDEX library_factors_tsv RESET (fastupdate)');

  const again = await openPostgresStore({ connectionString: url });
  try {
    const { rows } = await client.query<{ relname: string; reloptions: string[] | null }>(
      `SELECT relname, reloptions FROM pg_class WHERE relname IN ('search_rows_tsv', 'search_rows_pairs', 'library_factors_tsv') ORDER BY relname`,
    );
    expect(rows).toEqual([
      { relname: 'library_factors_tsv', reloptions: ['fastupdate=off'] },
      { relname: 'search_rows_pairs', reloptions: ['fastupdate=off'] },
      { relname: 'search_rows_tsv', reloptions: ['fastupdate=off'] },
    ]);
    const found = await again.library.search(parseSearchQuery('"connection pool"'), 0, 10);
    expect(found.hits.map((h) => h.itemId)).toEqual(['e1']);
    // The phrase is looked up by its pair, not by reading every row holding its words.
    await client.query('SET enable_seqscan = off');
    const plan = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id FROM search_rows s WHERE (s.tsv @@ websearch_to_tsquery('english', '"connection pool"')) IS TRUE
         AND search_word_pairs(s.tsv) @> ARRAY['connect pool']`,
    );
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('search_rows_pairs');
  } finally {
    await again.close();
    await client.end();
  }
});
