// A board stored by an older Debrief is migrated by the server when it loads, before anyone sees it.
import { afterEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { readMeta, roots, SCHEMA_VERSION } from '../../shared/board';
import type { BoardId } from '../../shared/ids';
import { connectSynced, createBoard, startServer, waitUntil, type Client, type TestServer } from './helpers';

let server: TestServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

test('a board written before the schema was versioned is upgraded on load, and the upgrade is stored', async () => {
  server = await startServer();
  const board = await createBoard(server.url, { title: 'Queue backlog' });
  const key = { boardId: board.id as BoardId, name: 'board' as const };

  // Rewrite the stored board the way an unversioned Debrief left it: no version, a plain-string summary.
  const old = new Y.Doc();
  const stored = await server.app.storage.loadDocument(key);
  for (const u of [stored.snapshot, ...stored.updates]) if (u) Y.applyUpdate(old, u);
  const before = Y.encodeStateVector(old);
  roots(old).meta.delete('schemaVersion');
  roots(old).meta.set('summary', 'Written before summaries were shared text.');
  await server.app.storage.appendUpdates(key, [Y.encodeStateAsUpdate(old, before)]);

  const first = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(first);
  expect(readMeta(first.doc)).toMatchObject({
    schemaVersion: SCHEMA_VERSION,
    title: 'Queue backlog',
    summary: 'Written before summaries were shared text.',
  });
  expect(roots(first.doc).meta.get('summary')).toBeInstanceOf(Y.Text);

  // The migration was stored: after the room is released and loaded again, nothing is redone.
  first.destroy();
  clients.length = 0;
  await waitUntil(() => server!.app.rooms.size === 0, 'room released');
  const again = await server.app.storage.loadDocument(key);
  const reloaded = new Y.Doc();
  for (const u of [again.snapshot, ...again.updates]) if (u) Y.applyUpdate(reloaded, u);
  expect(readMeta(reloaded).schemaVersion).toBe(SCHEMA_VERSION);
});
