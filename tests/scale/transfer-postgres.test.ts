// Export, import, backup and restore on a real PostgreSQL (DATABASE_URL): the same round trip as on
// SQLite (tests/server/transfer.test.ts), a refused import that leaves every table as it was, and
// `npm run backup` / `npm run restore` against servers running on their own databases.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LOCAL_ORIGIN, addEvent, readEvents } from '../../shared/board';
import type { BoardId } from '../../shared/ids';
import { liveContext } from '../helpers/context';
import { REPO_ROOT, connectSynced, startServer, tempDir, waitUntil, type TestServer } from '../server/helpers';
import { buildRichBoard, dumpStore, exportBoard, importBoard, whatPeopleSee } from '../server/transfer-fixture';
import { startPostgres, type Postgres } from './services';

let postgres: Postgres;
const servers: TestServer[] = [];
beforeAll(async () => {
  postgres = await startPostgres({ fsync: false });
});
afterAll(async () => {
  for (const s of servers.splice(0)) await s.close();
  await postgres?.stop();
});

async function server(): Promise<TestServer> {
  const s = await startServer({ databaseUrl: await postgres.createDatabase(), libraryIndexDelayMs: 20, logLevel: 'warn' });
  servers.push(s);
  return s;
}

function cli(command: 'backup' | 'restore', file: string, databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/transfer-cli.ts', command, file], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

test('on PostgreSQL: exported, imported on another server, the same board; a forged or cut file changes nothing; backup and restore while both run', async () => {
  const source = await server();
  const target = await server();
  const rich = await buildRichBoard(source);
  const earlier = await exportBoard(source, rich.earlier.id, rich.earlier.tokens.facilitator);
  const exported = await exportBoard(source, rich.board.id, rich.fran.token);

  expect((await importBoard(target, earlier.text)).status).toBe(201);
  await target.app.library.indexer.idle();
  const before = await dumpStore(target.app.storage);
  const forged = JSON.parse(exported.text) as typeof exported.file;
  forged.board.id = rich.earlier.id;
  forged.board.linkedBoards = [];
  const collided = await importBoard(target, JSON.stringify(forged));
  expect([collided.status, collided.body.code]).toEqual([409, 'IMPORT_BOARD_EXISTS']);
  const cut = await importBoard(target, exported.text.slice(0, exported.text.length - 40));
  expect([cut.status, cut.body.code]).toEqual([400, 'IMPORT_TRUNCATED']);
  expect(await dumpStore(target.app.storage)).toBe(before);

  const imported = await importBoard(target, exported.text);
  expect(imported.status).toBe(201);
  expect(imported.body.missingLinkedBoards).toEqual([]);
  expect((await exportBoard(target, rich.board.id, rich.fran.token)).file.board).toEqual(exported.file.board);
  const seen = await whatPeopleSee(target, rich);
  expect(seen).toEqual(await whatPeopleSee(source, rich));
  expect(seen.draftTexts).toEqual(['Alice private: I muted the alert channel that morning']);

  // The whole workspace, from the running source into a third running server.
  const dir = tempDir('debrief-pg-backup-');
  const file = path.join(dir, 'workspace.jsonl');
  const sourceUrl = source.config.databaseUrl!;
  const backup = await cli('backup', file, sourceUrl);
  expect(backup.stderr).toBe('');
  expect(backup.stdout).toMatch(/Backed up 2 boards/);
  const third = await server();
  const restored = await cli('restore', file, third.config.databaseUrl!);
  expect(restored.stderr).toBe('');
  expect(restored.stdout).toMatch(/Restored 2 boards/);
  const after = await whatPeopleSee(third, rich);
  expect(after).toEqual(await whatPeopleSee(source, rich));
  // The restored board takes new edits on top of the restored numbering, and keeps them.
  const writer = await connectSynced(third.wsUrl, rich.board.id, rich.bob.token);
  addEvent(writer.doc, { time: '2026-10-30T17:00Z', kind: 'other', text: 'Written after the restore' }, liveContext(LOCAL_ORIGIN));
  await waitUntil(async () => (await third.app.storage.loadDocument({ boardId: rich.board.id as BoardId, name: 'board' })).updates.length >= 2);
  writer.destroy();
  const reader = await connectSynced(third.wsUrl, rich.board.id, rich.alice.token);
  expect(readEvents(reader.doc).map((e) => e.text)).toContain('Written after the restore');
  reader.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});
