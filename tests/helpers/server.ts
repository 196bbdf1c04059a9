// A real Debrief server for tests, one helper for every suite (server, scale, browser): buildApp on
// 127.0.0.1 and port 0 with its own temporary DATA_DIR, or the real entry point as a child process
// (for crash and restart tests); boards created over HTTP as the home page does; a polling wait.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../server/app';
import { DEFAULT_CONFIG, type ServerConfig } from '../../server/config';
import type { CreateBoardRequest, CreateBoardResponse, JoinBoardResponse } from '../../shared/protocol';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Polls `check` until it returns a truthy value (returned) or `timeoutMs` passes (throws). */
export async function waitUntil<T>(
  check: () => T | Promise<T>,
  what = 'condition',
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function tempDir(prefix = 'debrief-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestServer {
  app: FastifyInstance;
  config: ServerConfig;
  /** Its DATA_DIR (removed by `close` unless the caller passed it in). */
  dataDir: string;
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port>/ws — what a provider is given. */
  wsUrl: string;
  /** Every log line the server wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Stops the server (if still running) and removes its data directory. */
  close(): Promise<void>;
}

/**
 * Starts a real server on 127.0.0.1 and port 0 (or `overrides.port`), with its own temporary DATA_DIR unless `overrides`
 * names one. It serves no client unless `overrides.clientDir` says where one is built.
 */
export async function startServer(
  overrides: Partial<ServerConfig> = {},
  options: BuildAppOptions = {},
): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDir();
  const ownsDir = overrides.dataDir === undefined;
  const logs: Array<Record<string, unknown>> = [];
  const config: ServerConfig = {
    ...DEFAULT_CONFIG,
    host: '127.0.0.1',
    port: 0,
    dataDir,
    clientDir: path.join(dataDir, 'no-client-build'),
    logLevel: 'info',
    ...overrides,
  };
  const app = await buildApp(config, {
    logStream: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
    ...options,
  });
  // Port 0 unless the caller reserved one (a sign-in test needs PUBLIC_URL before listening).
  await app.listen({ port: config.port, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;
  let closed = false;
  return {
    app,
    config,
    dataDir,
    url,
    wsUrl: `ws://127.0.0.1:${address.port}/ws`,
    logs,
    async close() {
      if (!closed) {
        closed = true;
        await app.close();
      }
      if (ownsDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type CreatedBoard = CreateBoardResponse;

/** Joins a board as a person named `name` with a facilitator or participant link; answers their personal token. */
export async function joinBoard(baseUrl: string, boardId: string, link: string, name: string): Promise<JoinBoardResponse> {
  const res = await fetch(`${baseUrl}/api/boards/${boardId}/people`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${link}` },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`join board: ${res.status} ${await res.text()}`);
  return (await res.json()) as JoinBoardResponse;
}

/** Creates a board over HTTP at `baseUrl`. */
export async function createBoard(baseUrl: string, body: CreateBoardRequest = {}): Promise<CreatedBoard> {
  const res = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedBoard;
}

export interface ChildServer {
  process: ChildProcess;
  port: number;
  url: string;
  wsUrl: string;
  /** stdout lines so far. */
  output: string[];
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
}

const COMPILED_ENTRY = path.join(REPO_ROOT, 'dist/server/main.mjs');

/** The newest modification time of the files under `dir` (recursively). */
function newestUnder(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

let compiledIsCurrent: boolean | undefined;

/**
 * How a child server is started: the compiled server under plain node, as `npm start` runs it,
 * when dist/server is newer than every source of server/ and shared/ (`npm test` builds it first);
 * otherwise the sources under tsx, so a test run straight after an edit never runs old code. Under
 * tsx each start compiled the whole server again: seconds per start on a busy machine.
 */
function serverCommand(): string[] {
  compiledIsCurrent ??=
    fs.existsSync(COMPILED_ENTRY) &&
    fs.statSync(COMPILED_ENTRY).mtimeMs >= Math.max(newestUnder(path.join(REPO_ROOT, 'server')), newestUnder(path.join(REPO_ROOT, 'shared')));
  return compiledIsCurrent ? [COMPILED_ENTRY] : ['--import', 'tsx', 'server/main.ts'];
}

/** Starts the server as its own process with PORT=0 and the given DATA_DIR; waits for it to listen. */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, serverCommand(), {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CLIENT_DIR: path.join(dataDir, 'no-client-build'),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      // A server that never said it listens must not outlive the test that started it.
      child.kill('SIGKILL');
      reject(new Error(`server did not start: ${stderr}`));
    }, 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        output.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === 'debrief server listening' && typeof entry.port === 'number') {
            clearTimeout(timer);
            resolve(entry.port);
          }
        } catch {
          // not a log line
        }
      }
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
  return { process: child, port, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/ws`, output, exited };
}
