// The servers a benchmark can run against, each started as its own child process under plain
// `node`, so that /proc/<pid> charges the server and nothing else.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreateBoardResponse } from '../../shared/protocol';
import { statusMiB } from './proc';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where TypeScript servers are bundled: inside node_modules so their bare imports resolve. */
const BUNDLE_DIR = path.join(REPO_ROOT, 'node_modules/.cache/debrief-bench');

/** `ours-nowrite` and `relay-preframed` are diagnostics (see their sources), never headline numbers. */
export type ServerKind = 'ours' | 'ours-nowrite' | 'reference' | 'relay' | 'relay-preframed';
/**
 * How a TypeScript server is run. `bundle`: esbuild bundles our sources into one .mjs (packages
 * stay external) and plain `node` runs it. `tsx`: `node --import tsx`, as `npm start` does; the
 * same code once loaded, plus tsx's loader thread in the process's memory.
 */
export type Runner = 'bundle' | 'tsx';

export interface ServerSpec {
  kind: ServerKind;
  runner: Runner;
  /** For `ours`: another entry file to run instead of server/main.ts (a modified copy of the
   * server, to try an optimisation against the same load). Relative to the repository. */
  entry?: string;
}

/** The websocket URLs the writer and the readers use for one fresh board or room. */
export interface Room {
  writerUrl: string;
  readerUrl: string;
  /** Whether clients do the y-websocket sync handshake (not against the relay, which has no doc). */
  handshake: boolean;
  /** What the readers are to the server. */
  readerRole: string;
}

export interface RunningServer {
  spec: ServerSpec;
  pid: number;
  baseUrl: string;
  /** Bytes and lines the server has written to stdout+stderr so far (its log volume). */
  logBytes: () => number;
  logLines: () => number;
  /** The last lines of its output, for error messages. */
  tail: () => string;
  /** Creates a board (ours) or names a fresh room (the others). */
  createRoom: (readerRole: 'viewer' | 'participant') => Promise<Room>;
  /** Peak resident memory the kernel recorded for the process (VmHWM), MiB. */
  peakRssMiB: () => number;
  /** SIGTERM, then SIGKILL after a grace period; removes its data directory. */
  stop: () => Promise<void>;
}

export function label(spec: ServerSpec): string {
  switch (spec.kind) {
    case 'reference':
      return 'reference (y-websocket 2)';
    case 'relay':
      return 'floor (bare relay)';
    case 'relay-preframed':
      return 'relay, pre-framed (diagnostic)';
    case 'ours':
      return spec.entry ? `ours (${spec.runner}, ${spec.entry})` : `ours (${spec.runner})`;
    case 'ours-nowrite':
      return `ours, no log writes (${spec.runner})`;
  }
}

/** Where each TypeScript server's source is. */
const SOURCES: Record<Exclude<ServerKind, 'reference'>, string> = {
  ours: 'server/main.ts',
  'ours-nowrite': 'bench/servers/ours-nowrite.ts',
  relay: 'bench/servers/relay.ts',
  'relay-preframed': 'bench/servers/relay.ts',
};
/** Environment a server kind needs beyond PORT, HOST and DATA_DIR. */
const KIND_ENV: Partial<Record<ServerKind, Record<string, string>>> = { 'relay-preframed': { RELAY_PREFRAME: '1' } };

/**
 * The node flags `npm start` passes (package.json `config.node_flags`); `BENCH_NODE_FLAGS` replaces
 * them to compare settings.
 */
const START_NODE_FLAGS: string[] = (
  process.env.BENCH_NODE_FLAGS ??
  ((JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { config?: { node_flags?: string } }).config?.node_flags ?? '')
)
  .split(' ')
  .filter(Boolean);

const bundles = new Map<string, Promise<string>>();

/** The source file a TypeScript server starts from. */
const sourceOf = (spec: ServerSpec & { kind: Exclude<ServerKind, 'reference'> }) =>
  path.resolve(REPO_ROOT, spec.entry ?? SOURCES[spec.kind]);

/** Bundles a TypeScript server's source once per benchmark run; resolves to the bundle's path. */
function ensureBundle(source: string): Promise<string> {
  let done = bundles.get(source);
  if (done === undefined) {
    const name = path.relative(REPO_ROOT, source).replace(/\.ts$/, '').replace(/[^A-Za-z0-9_-]+/g, '_');
    done = (async () => {
      const esbuild = await import('esbuild');
      await esbuild.build({
        entryPoints: { [name]: source },
        outdir: BUNDLE_DIR,
        outExtension: { '.js': '.mjs' },
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        // Dynamic imports stay separate chunks, loaded only when reached, as under tsx: the server
        // imports pg and ioredis that way, only when DATABASE_URL / REDIS_URL are set. Without
        // splitting, esbuild would hoist their imports to the top of the bundle.
        splitting: true,
        sourcemap: 'linked',
        logLevel: 'warning',
      });
      return path.join(BUNDLE_DIR, `${name}.mjs`);
    })();
    bundles.set(source, done);
  }
  return done;
}

async function commandFor(spec: ServerSpec): Promise<string[]> {
  if (spec.kind === 'reference') return [path.join(REPO_ROOT, 'bench/servers/reference.cjs')];
  const source = sourceOf({ ...spec, kind: spec.kind });
  // The compiled server runs as `npm start` runs it: with the node flags package.json configures.
  if (spec.runner === 'bundle') return [...START_NODE_FLAGS, await ensureBundle(source)];
  return ['--import', 'tsx', source];
}

const LISTENING = /listening at (https?:\/\/[^\s"]+)/i;

/** Starts a server on a free loopback port and waits until it says where it listens. */
export async function startServer(
  spec: ServerSpec,
  { env: extraEnv = {}, nodeArgs = [] }: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<RunningServer> {
  const command = await commandFor(spec);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'debrief-bench-'));
  const child = spawn(process.execPath, [...nodeArgs, ...command], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'production', ...KIND_ENV[spec.kind], ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let bytes = 0;
  let lines = 0;
  let tail = '';
  let resolveUrl!: (url: string) => void;
  let rejectUrl!: (e: Error) => void;
  const listening = new Promise<string>((resolve, reject) => {
    resolveUrl = resolve;
    rejectUrl = reject;
  });
  const onOutput = (chunk: Buffer) => {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    tail = (tail + chunk.toString('utf8')).slice(-4000);
    const match = LISTENING.exec(tail);
    if (match) resolveUrl(match[1]!);
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => rejectUrl(new Error(`${label(spec)} exited (${code ?? signal}) before listening:\n${tail}`)));
  const timer = setTimeout(() => rejectUrl(new Error(`${label(spec)} did not say it was listening within 20 s:\n${tail}`)), 20_000);
  let baseUrl: string;
  try {
    baseUrl = (await listening).replace('0.0.0.0', '127.0.0.1');
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const wsBase = baseUrl.replace(/^http/, 'ws');
  let rooms = 0;
  const pid = child.pid!;

  return {
    spec,
    pid,
    baseUrl,
    logBytes: () => bytes,
    logLines: () => lines,
    tail: () => tail,
    peakRssMiB: () => statusMiB(pid, 'VmHWM'),
    async createRoom(readerRole) {
      if (spec.kind === 'reference' || spec.kind === 'relay' || spec.kind === 'relay-preframed') {
        const url = `${wsBase}/bench-room-${++rooms}`;
        return { writerUrl: url, readerUrl: url, handshake: spec.kind === 'reference', readerRole: 'anonymous (no auth)' };
      }
      const res = await fetch(`${baseUrl}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Fan-out benchmark' }),
      });
      if (res.status !== 201) throw new Error(`POST /api/boards answered ${res.status}: ${await res.text()}`);
      const board = (await res.json()) as CreateBoardResponse;
      const at = (token: string) => `${wsBase}/ws/${encodeURIComponent(board.id)}?token=${encodeURIComponent(token)}`;
      return { writerUrl: at(board.tokens.participant), readerUrl: at(board.tokens[readerRole]), handshake: true, readerRole };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const grace = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(grace);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
