// Lossless export and import of a board, and the workspace backup and restore (docs/export.md), on
// SQLite with real servers and real clients: a board made through the API and live documents is
// exported, imported on a second server, and looks the same to everyone (report, drafts, dots,
// people, the earlier board's actions, a replaced link); exporting it again gives the same file.
// Bad files (cut short, from a newer version, forged ids, garbage, damaged documents) are refused
// with a clear error and the second server's tables are exactly as before. Backup runs while the
// server writes; restore adds to a running server, all or nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { BOARD_EXPORT_FORMAT } from '../../shared/transfer';
import type { BoardId } from '../../shared/ids';
import { importPlan } from '../../server/transfer/write';
import { restoreWorkspace } from '../../server/transfer/backup';
import { parseBoardExport } from '../../server/transfer/validate';
import * as Y from 'yjs';
import { LOCAL_ORIGIN, addEvent, readEvents, roots } from '../../shared/board';
import { liveContext } from '../helpers/context';
import { REPO_ROOT, connectSynced, createBoard, startServer, tempDir, waitUntil, type TestServer } from './helpers';
import { buildRichBoard, call, dumpStore, exportBoard, importBoard, incompleteUpdate, whatPeopleSee } from './transfer-fixture';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function server(overrides: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const s = await startServer({ libraryIndexDelayMs: 20, ...overrides });
  servers.push(s);
  return s;
}

test('a board exported and imported on another server is the same board for everyone on it', async () => {
  const source = await server();
  const target = await server();
  const rich = await buildRichBoard(source);

  // Only a facilitator exports: the file holds the links, the ballots and everyone's drafts.
  expect((await call(source, 'GET', `/api/boards/${rich.board.id}/export.json`, rich.alice.token)).status).toBe(403);
  expect((await call(source, 'GET', `/api/boards/${rich.board.id}/export.json`, rich.participantToken)).status).toBe(403);
  const exported = await exportBoard(source, rich.board.id, rich.fran.token);
  expect(exported.file.format).toBe(BOARD_EXPORT_FORMAT);
  expect(exported.text).toContain('trk-export-test');

  // The earlier board first, so the link to it is kept; then the board.
  const earlier = await exportBoard(source, rich.earlier.id, rich.earlier.tokens.facilitator);
  expect((await importBoard(target, earlier.text)).status).toBe(201);
  const imported = await importBoard(target, exported.text);
  expect(imported.status).toBe(201);
  expect(imported.body).toMatchObject({ boardId: rich.board.id, title: 'Checkout errors after deploy', missingLinkedBoards: [] });
  expect(imported.body.link).toBe(`/b/${rich.board.id}#token=${rich.participantToken}`);

  // Exporting it again from the second server gives the same board, byte for byte.
  const again = await exportBoard(target, rich.board.id, rich.fran.token);
  expect(again.file.board).toEqual(exported.file.board);

  const before = await whatPeopleSee(source, rich);
  const after = await whatPeopleSee(target, rich);
  expect(after).toEqual(before);
  // And what they see is the board that was built, not two empty ones.
  expect(after.report).toContain('Canary covered no checkout traffic');
  expect(after.report).toContain('Route 5% of checkout through the canary');
  expect(after.draftTexts).toEqual(['Alice private: I muted the alert channel that morning']);
  expect(after.ballot).toEqual({ [rich.factorId]: 1 });
  expect(after.oldLink).toEqual([401, 'LINK_REVOKED']);
  expect(JSON.stringify(after.past)).toContain('Add jitter to cache expiry');
  expect(await target.app.storage.trackers.getLink(rich.board.id, rich.actionId)).toMatchObject({ state: 'sent', key: '#17' });
  // The workspace's tracker came with it, as this workspace's (it had none).
  expect((await target.app.storage.trackers.listConfigs('server')).map((t) => t.id)).toEqual(['trk-export-test']);

  // The library of the second server lists it with its incident fields.
  await waitUntil(async () => {
    const reviews = await call<{ items: Array<{ boardId: string; severity: string }> }>(target, 'GET', '/api/workspace/reviews', target.app.library.newWorkspaceToken);
    return reviews.body.items.some((r) => r.boardId === rich.board.id && r.severity === 'SEV2');
  });

  // The imported board is live: a change on it reaches another client.
  const a = await connectSynced(target.wsUrl, rich.board.id, rich.alice.token);
  const b = await connectSynced(target.wsUrl, rich.board.id, rich.bob.token);
  addEvent(a.doc, { time: '2026-10-30T15:00Z', kind: 'other', text: 'After the import' }, liveContext(LOCAL_ORIGIN));
  await waitUntil(() => readEvents(b.doc).some((e) => e.text === 'After the import'));
  a.destroy();
  b.destroy();
});

test('a board whose earlier board is not here (and with a damaged stored row) imports, says which link was left out, and shows the same', async () => {
  const source = await server();
  const target = await server();
  const rich = await buildRichBoard(source);
  // A damaged row in the stored log (as storage.test.ts makes one): skipped, as a loading room skips it.
  await source.app.storage.appendUpdates({ boardId: rich.board.id as BoardId, name: 'board' }, [new Uint8Array([0xff, 0x00, 0x13, 0x37])]);
  const { text } = await exportBoard(source, rich.board.id, rich.fran.token);
  const imported = await importBoard(target, text);
  expect(imported.status).toBe(201);
  expect(imported.body.missingLinkedBoards).toEqual([rich.earlier.id]);
  expect((await whatPeopleSee(target, rich)).eventTexts).toEqual((await whatPeopleSee(source, rich)).eventTexts);
  const people = await call<{ people: unknown[] }>(target, 'GET', `/api/boards/${rich.board.id}/people`, rich.fran.token);
  expect(people.body.people).toHaveLength(3);
});

test('bad files are refused with a clear error, and nothing stored changes', async () => {
  const source = await server();
  const target = await server();
  const rich = await buildRichBoard(source);
  const { text, file } = await exportBoard(source, rich.board.id, rich.fran.token);
  // The target has a board of its own (the earlier one, imported), so "unchanged" is not "empty".
  expect((await importBoard(target, (await exportBoard(source, rich.earlier.id, rich.earlier.tokens.facilitator)).text)).status).toBe(201);
  await target.app.library.indexer.idle();
  const before = await dumpStore(target.app.storage);

  const edited = (edit: (f: typeof file) => void) => {
    const copy = structuredClone(file);
    edit(copy);
    return JSON.stringify(copy);
  };
  const cases: Array<[string, string, number, string, RegExp]> = [
    ['cut short', text.slice(0, Math.floor(text.length * 0.6)), 400, 'IMPORT_TRUNCATED', /cut short/],
    ['from a newer version', edited((f) => (f.version = 2)), 400, 'IMPORT_NEWER_VERSION', /newer Debrief \(format version 2; this server reads versions up to 1\)/],
    ['garbage', 'PK\u0003\u0004 not json at all', 400, 'IMPORT_NOT_JSON', /not JSON/],
    ['other JSON', '{"title":"a board?"}', 400, 'IMPORT_NOT_AN_EXPORT', /not a Debrief board export/],
    ['empty', '', 400, 'IMPORT_NOT_JSON', /empty/],
    ['a damaged document', edited((f) => (f.board.documents.board = Buffer.from('not a yjs update').toString('base64'))), 400, 'IMPORT_INVALID', /board\.documents\["board"\] is not a Yjs document/],
    ['an incomplete document', edited((f) => (f.board.documents.board = Buffer.from(incompleteUpdate()).toString('base64'))), 400, 'IMPORT_INVALID', /missing parts/],
    ['a token that does not match its hash', edited((f) => (f.board.links.viewer.token = 'forged')), 400, 'IMPORT_INVALID', /links\.viewer has a token that does not match/],
    ['dots of nobody', edited((f) => f.board.ballots.push({ personId: 'nobody', target: rich.factorId, dots: 1 })), 400, 'IMPORT_INVALID', /names nobody on this board/],
    ['a newer board schema', edited((f) => (f.board.documents.board = newerSchemaBoard(f.board.documents.board!))), 400, 'IMPORT_NEWER_VERSION', /board schema 99/],
    // Forged: the id of a board this server has (the earlier one), with everything else of the export.
    ['an id colliding with a board here', edited((f) => ((f.board.id = rich.earlier.id), (f.board.linkedBoards = []))), 409, 'IMPORT_BOARD_EXISTS', /already has a board with this export’s id/],
  ];
  for (const [what, body, status, code, message] of cases) {
    const res = await importBoard(target, body);
    expect({ what, status: res.status, code: res.body?.code }).toEqual({ what, status, code });
    expect(res.body.message, what).toMatch(message);
    expect(res.body.message, what).toMatch(/Nothing was imported/);
  }
  // Without the workspace link: refused before anything is read.
  expect((await importBoard(target, text, null)).status).toBe(401);
  expect((await importBoard(target, text, 'not-the-link')).body.code).toBe('WORKSPACE_LINK_INVALID');
  // Larger than MAX_IMPORT_BYTES: the import's own words.
  const small = await server({ maxImportBytes: 64 * 1024 });
  const big = await importBoard(small, text + ' '.repeat(70 * 1024));
  expect(big.status).toBe(413);
  expect(big.body.message).toMatch(/MAX_IMPORT_BYTES/);

  expect(await dumpStore(target.app.storage)).toBe(before);

  // A board imported twice: the second is a collision, and still nothing changes.
  expect((await importBoard(target, text)).status).toBe(201);
  await target.app.library.indexer.idle();
  const once = await dumpStore(target.app.storage);
  const twice = await importBoard(target, text);
  expect(twice.status).toBe(409);
  expect(await dumpStore(target.app.storage)).toBe(once);
});

test('an import that fails in the middle of its transaction leaves the store exactly as it was', async () => {
  const source = await server();
  const target = await server();
  const rich = await buildRichBoard(source);
  const { text } = await exportBoard(source, rich.board.id, rich.fran.token);
  const before = await dumpStore(target.app.storage);
  const transfer = target.app.storage.transfer;
  const plan = importPlan(transfer.dialect, [parseBoardExport(text, { maxBoardBytes: target.config.maxBoardBytes })]);
  // Every row of the board is written, then one that cannot be: the whole plan must roll back.
  plan.statements.push({ sql: 'INSERT INTO no_such_table (x) VALUES (?)', params: [1] });
  await expect(transfer.apply(plan)).rejects.toThrow();
  expect(await dumpStore(target.app.storage)).toBe(before);
  expect(await target.app.storage.getBoard(rich.board.id)).toBeNull();
});

/** The board document with its schema version set past this code's. */
function newerSchemaBoard(encoded: string): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(encoded, 'base64'));
  roots(doc).meta.set('schemaVersion', 99);
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

/** Runs `npm run backup|restore -- <args>` against a DATA_DIR; answers the exit code and output. */
function cli(command: 'backup' | 'restore', args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/transfer-cli.ts', command, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

test('backup while the server writes, then restore into another running server: the same boards, and a bad backup restores nothing', async () => {
  const source = await server();
  const rich = await buildRichBoard(source);
  // Someone keeps typing during the backup.
  const writer = await connectSynced(source.wsUrl, rich.board.id, rich.bob.token);
  let typing = true;
  let typed = 0;
  const typingDone = (async () => {
    while (typing) {
      addEvent(writer.doc, { time: '2026-10-30T16:00Z', kind: 'other', text: `Typed during the backup ${typed++}` }, liveContext(LOCAL_ORIGIN));
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const dir = tempDir('debrief-backup-');
  const file = path.join(dir, 'workspace.jsonl');
  const backup = await cli('backup', [file], source.dataDir);
  typing = false;
  await typingDone;
  writer.destroy();
  expect(backup.stderr).toBe('');
  expect(backup.code).toBe(0);
  expect(backup.stdout).toMatch(/Backed up 2 boards/);
  expect(typed).toBeGreaterThan(0);
  expect(fs.existsSync(`${file}.partial`)).toBe(false);

  // The backup is one consistent moment: every event it holds is whole, and the board it holds
  // is exactly the source's at some moment (a prefix of what was typed).
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(4);

  const target = await server();
  const targetBefore = await dumpStore(target.app.storage);
  // Cut short, or from a newer version: refused, and the running target is unchanged (in-process:
  // the same code the command runs, without starting a process per case).
  const restoreOptions = { maxBoardBytes: target.config.maxBoardBytes, dueDays: target.config.followUpDueDays };
  const cut = path.join(dir, 'cut.jsonl');
  fs.writeFileSync(cut, lines.slice(0, 2).join('\n') + '\n');
  await expect(restoreWorkspace(target.app.storage, cut, restoreOptions)).rejects.toThrow(/cut short.*Nothing was restored/);
  const newer = path.join(dir, 'newer.jsonl');
  fs.writeFileSync(newer, [JSON.stringify({ ...JSON.parse(lines[0]!), version: 7 }), ...lines.slice(1)].join('\n'));
  await expect(restoreWorkspace(target.app.storage, newer, restoreOptions)).rejects.toThrow(/format version 7/);
  const garbage = path.join(dir, 'garbage.jsonl');
  fs.writeFileSync(garbage, 'SQLite format 3\u0000\u0001\u0002');
  await expect(restoreWorkspace(target.app.storage, garbage, restoreOptions)).rejects.toThrow(/not a Debrief workspace backup/);
  expect(await dumpStore(target.app.storage)).toBe(targetBefore);

  // Restored into the running target while someone types on a board of its own: its library lists
  // them at once, links and people work, and the typing lost nothing.
  const own = await createBoard(target.url, { title: 'Busy board on the target' });
  const typist = await connectSynced(target.wsUrl, own.id, own.tokens.facilitator);
  let typingOnTarget = true;
  let typedOnTarget = 0;
  const targetTyping = (async () => {
    while (typingOnTarget) {
      addEvent(typist.doc, { time: '2026-10-30T18:00Z', kind: 'other', text: `Typed during the restore ${typedOnTarget++}` }, liveContext(LOCAL_ORIGIN));
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const restored = await cli('restore', [file], target.dataDir);
  typingOnTarget = false;
  await targetTyping;
  expect(typedOnTarget).toBeGreaterThan(0);
  await target.app.storage.flush();
  const check = await connectSynced(target.wsUrl, own.id, own.tokens.viewer);
  await waitUntil(() => readEvents(check.doc).length === typedOnTarget);
  check.destroy();
  typist.destroy();
  expect(restored.stderr).toBe('');
  expect(restored.stdout).toMatch(/Restored 2 boards/);
  const reviews = await call<{ items: Array<{ boardId: string }> }>(target, 'GET', '/api/workspace/reviews', source.app.library.newWorkspaceToken);
  expect(reviews.status).toBe(200);
  expect(reviews.body.items.map((r) => r.boardId).sort()).toEqual([rich.board.id, rich.earlier.id, own.id].sort());
  // The target's own member link was replaced by the backup's, and says so.
  expect((await call<{ code: string }>(target, 'GET', '/api/workspace/reviews', target.app.library.newWorkspaceToken)).body.code).toBe('WORKSPACE_LINK_REVOKED');
  const seen = await whatPeopleSee(target, rich);
  expect(seen.draftTexts).toEqual(['Alice private: I muted the alert channel that morning']);
  expect(seen.ballot).toEqual({ [rich.factorId]: 1 });
  const events = seen.eventTexts as string[];
  const duringBackup = events.filter((t) => t.startsWith('Typed during the backup'));
  // A prefix of what was typed: consistent, never a hole.
  expect(duringBackup.sort((a, b) => Number(a.split(' ').pop()) - Number(b.split(' ').pop()))).toEqual(
    duringBackup.map((_, i) => `Typed during the backup ${i}`),
  );

  // Restoring again: every board exists, so nothing is restored unless asked to skip them.
  const again = await cli('restore', [file], target.dataDir);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/already has 2 boards of the backup.*Nothing was restored/);
  expect(await restoreWorkspace(target.app.storage, file, { ...restoreOptions, skipExisting: true })).toMatchObject({
    restored: 0,
    skipped: [rich.earlier.id, rich.board.id],
  });
  fs.rmSync(dir, { recursive: true, force: true });
});
