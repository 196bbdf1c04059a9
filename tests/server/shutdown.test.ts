// Shutdown always ends: the compiled server (`npm start` runs dist/server/main.mjs under plain
// node) gets SIGTERM with connections open while the process reading its stdout has just gone
// away, or has stopped reading so that the pipe is full. Twenty times, it exits 0 well within its
// 15 s deadline, and while its stdout is full it goes on answering.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { REPO_ROOT, rawSocket, tempDir, type RawSocket } from './helpers';

const ENTRY = path.join(REPO_ROOT, 'dist/server/main.mjs');
/** The server's own deadline (server/main.ts). */
const DEADLINE_MS = 15_000;

beforeAll(() => {
  // The production build, as `npm start` makes it.
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: REPO_ROOT, stdio: 'ignore' });
});

interface Running {
  child: ChildProcess;
  port: number;
  exited: Promise<{ code: number | null; signal: string | null; at: number }>;
  dataDir: string;
}

/** Starts the compiled server under plain node; resolves once it says it listens. */
async function start(): Promise<Running> {
  const dataDir = tempDir('debrief-shutdown-');
  const child = spawn(process.execPath, [ENTRY], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: path.join(dataDir, 'none'), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      // A server that never said it listens must not outlive the test.
      child.kill('SIGKILL');
      reject(new Error('the server did not start'));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /"port":(\d+)[^\n]*"msg":"debrief server listening"/.exec(buffer);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(Number(match[1]));
    };
    child.stdout!.on('data', onData);
    void exited.then(() => reject(new Error('the server exited before listening')));
  });
  return { child, port, exited, dataDir };
}

async function openConnections(port: number, count: number): Promise<RawSocket[]> {
  const res = await fetch(`http://127.0.0.1:${port}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const board = (await res.json()) as { id: string; tokens: { participant: string } };
  const sockets = Array.from({ length: count }, () => rawSocket(`ws://127.0.0.1:${port}/ws/${board.id}?token=${board.tokens.participant}`));
  await Promise.all(sockets.map((s) => s.opened));
  return sockets;
}

/** One run: `reader` says what happens to the process reading the server's stdout. */
async function run(reader: 'gone' | 'not reading'): Promise<void> {
  const server = await start();
  try {
    const sockets = await openConnections(server.port, 10);
    if (reader === 'gone') {
      // The reader exits at the moment the server is told to stop.
      server.child.stdout!.destroy();
    } else {
      // The reader stops reading: the pipe (and our side's buffer) fills with the server's logs.
      server.child.stdout!.pause();
      // Each request logs its URL twice (about 16 KB here): 50 of them are far more than a pipe holds.
      const url = `http://127.0.0.1:${server.port}/healthz?pad=${'p'.repeat(8000)}`;
      for (let batch = 0; batch < 5; batch++) {
        const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(url).then((r) => r.status)));
        // Logging never holds up serving: every request is answered with the pipe full.
        expect(answers.every((status) => status === 200)).toBe(true);
      }
    }
    const sentAt = Date.now();
    server.child.kill('SIGTERM');
    const { code, at } = await server.exited;
    expect(code).toBe(0);
    expect(at - sentAt).toBeLessThan(DEADLINE_MS);
    // Open connections were closed for a restart (1012), or cut if the close could not complete.
    for (const s of sockets) expect([1012, 1006]).toContain(await s.closed);
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

test('SIGTERM ends the server within its deadline, twenty times, whatever its stdout reader does', async () => {
  const cases = Array.from({ length: 20 }, (_, i): 'gone' | 'not reading' => (i % 2 === 0 ? 'gone' : 'not reading'));
  // Four at a time: fast, and still each under open connections.
  for (let i = 0; i < cases.length; i += 4) await Promise.all(cases.slice(i, i + 4).map(run));
}, 300_000);
