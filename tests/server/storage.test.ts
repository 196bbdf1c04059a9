// The BoardStore contract, run against SQLite here; a PostgreSQL store must pass the same tests
// (call `describeBoardStore` with its factory). Plus: a board with 10,000 stored updates loads
// whole through the server and ends up compacted.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { hashToken, newToken } from '../../server/auth';
import { openSqliteStore } from '../../server/storage/sqlite';
import type { BoardRecord, BoardStore, DocumentKey } from '../../server/storage/types';
import { newBoardId, type BoardId } from '../../shared/ids';
import { connectSynced, docJson, startServer, tempDir, TEST_MAP, TEST_TEXT, waitUntil } from './helpers';

function boardRecord(id: BoardId = newBoardId()): BoardRecord {
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
function makeUpdates(count: number): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) doc.getText(TEST_TEXT).insert(doc.getText(TEST_TEXT).length, `${i % 10}`);
    else doc.getMap(TEST_MAP).set(`k${i % 500}`, i);
  }
  return { updates, doc };
}

function rebuild(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc;
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
  });
}

describeBoardStore('sqlite', async () => {
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

describe('through the server', () => {
  test('a board with 10,000 stored updates loads whole, is compacted, and is released when left', async () => {
    const server = await startServer({ compactAfterUpdates: 1000 });
    try {
      const res = await fetch(`${server.url}/api/boards`, { method: 'POST' });
      const board = (await res.json()) as { id: BoardId; tokens: { participant: string } };
      const key: DocumentKey = { boardId: board.id, name: 'board' };
      const { updates, doc } = makeUpdates(10_000);
      for (let i = 0; i < updates.length; i += 500) await server.app.storage.appendUpdates(key, updates.slice(i, i + 500));
      expect((await server.app.storage.documentStats(key)).updates).toBe(10_001);

      const client = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
      expect(docJson(client.doc)).toEqual(docJson(doc));
      await waitUntil(async () => (await server.app.storage.documentStats(key)).hasSnapshot, 'compaction');
      expect((await server.app.storage.documentStats(key)).updates).toBeLessThan(1000);

      // Edits after compaction survive a reload of the room.
      client.doc.getMap(TEST_MAP).set('after', 'compaction');
      await waitUntil(async () => (await server.app.storage.documentStats(key)).updates > 0, 'the edit to be stored');
      client.destroy();
      await waitUntil(() => server.app.rooms.size === 0, 'the room to be released');
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { rooms: number; connections: number };
      expect(health).toMatchObject({ rooms: 0, connections: 0 });

      const again = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
      doc.getMap(TEST_MAP).set('after', 'compaction');
      expect(docJson(again.doc)).toEqual(docJson(doc));
      again.destroy();
    } finally {
      await server.close();
    }
  });
});
