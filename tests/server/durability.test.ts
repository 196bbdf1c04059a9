// The server as a child process (`node --import tsx server/main.ts`): whatever one client has seen
// from another survives `kill -9`; SIGTERM stores everything, closes connections with 1012 and
// exits 0.
import fs from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { CloseCode } from '../../shared/protocol';
import {
  connect,
  connectSynced,
  createBoard,
  docJson,
  spawnServer,
  tempDir,
  TEST_MAP,
  waitUntil,
  type ChildServer,
  type Client,
} from './helpers';

const children: ChildServer[] = [];
const clients: Client[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await child.exited;
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<ChildServer> {
  const child = await spawnServer(dataDir);
  children.push(child);
  return child;
}

test('every edit a second client has seen survives kill -9 of the server', async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const first = await start(dataDir);
  const board = await createBoard(first.url, { title: 'Crash' });
  const writer = await connectSynced(first.wsUrl, board.id, board.tokens.participant);
  const reader = await connectSynced(first.wsUrl, board.id, board.tokens.viewer);
  clients.push(writer, reader);

  // The writer keeps typing; once the reader has seen a good part, the server is killed mid-stream.
  let written = 0;
  const typing = setInterval(() => {
    for (let i = 0; i < 5; i++) writer.doc.getMap(TEST_MAP).set(`edit${written++}`, written);
  }, 2);
  await waitUntil(() => reader.doc.getMap(TEST_MAP).size >= 150, 'the reader to see 150 edits');
  first.process.kill('SIGKILL');
  const seen = docJson(reader.doc);
  clearInterval(typing);
  expect(await first.exited).toBe('SIGKILL');
  for (const c of clients.splice(0)) c.destroy();

  const second = await start(dataDir);
  const after = await connectSynced(second.wsUrl, board.id, board.tokens.viewer);
  clients.push(after);
  const restored = docJson(after.doc).entries;
  for (const [key, value] of Object.entries(seen.entries)) expect(restored[key], key).toEqual(value);
  expect(Object.keys(restored).length).toBeGreaterThanOrEqual(Object.keys(seen.entries).length);
});

test('SIGTERM stores everything, closes connections with 1012, and exits 0', async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const first = await start(dataDir);
  const board = await createBoard(first.url, { title: 'Restart' });
  const writer = connect(first.wsUrl, board.id, board.tokens.participant, { reconnect: false });
  const reader = connect(first.wsUrl, board.id, board.tokens.viewer, { reconnect: false });
  clients.push(writer, reader);
  await waitUntil(() => writer.provider.synced && reader.provider.synced, 'both clients in sync');

  for (let i = 0; i < 300; i++) writer.doc.getMap(TEST_MAP).set(`edit${i}`, i);
  await waitUntil(() => reader.doc.getMap(TEST_MAP).size === 300, 'the reader to see every edit');
  first.process.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect(writer.closeCodes).toEqual([CloseCode.serviceRestart]);
  expect(reader.closeCodes).toEqual([CloseCode.serviceRestart]);
  expect(first.output.some((line) => line.includes('"msg":"stopped"'))).toBe(true);

  const second = await start(dataDir);
  const after = await connectSynced(second.wsUrl, board.id, board.tokens.viewer);
  clients.push(after);
  expect(docJson(after.doc)).toEqual(docJson(writer.doc));
  expect(after.doc.getMap(TEST_MAP).size).toBe(300);
});
