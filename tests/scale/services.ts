// Real PostgreSQL and Redis for the scale tests and the scale benchmark, from Debian's packages
// (`postgresql`, `redis-server`; scripts/ensure-system-deps.sh installs them). Each runs on a free
// loopback port with its data in a fresh temporary folder, and is stopped, and its folder removed,
// by `stop()`, by the process exiting, or by a test failing (callers use afterAll).
//
// PostgreSQL refuses to run as root. As root (CI, a fresh Debian machine) the server runs as the
// `postgres` account that Debian's package creates (else `nobody`), switched to with setpriv,
// which execs the server itself, so the child we hold is the postmaster and killing it is exact.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A free TCP port on the loopback interface (free when asked; taken by whoever binds first). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The folder of PostgreSQL's server binaries: PG_BIN, else the newest under /usr/lib/postgresql. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/postgres'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN).');
  }
  return path.join(root, versions[0]!, 'bin');
}

/** Who runs the database: ourselves, or, as root, an unprivileged account. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      // no such account
    }
  }
  throw new Error('Running as root, but there is neither a "postgres" nor a "nobody" account to run PostgreSQL as.');
}

/** The command line that runs `file args` as `user` (setpriv execs it: same process, lower rights). */
function asUser(user: { uid: number; gid: number } | null, file: string, args: string[]): [string, string[]] {
  if (!user) return [file, args];
  return ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', file, ...args]];
}

/** Children to kill if the test process goes away without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Stops a child: `signal`, then SIGKILL if it has not exited after `graceMs`. */
async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs = 5_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await waitForExit(child);
    clearTimeout(timer);
  }
  running.delete(child);
}

/** Starts `file args` and resolves once a line of its output matches `ready`. */
async function startChild(
  [file, args]: [string, string[]],
  ready: RegExp,
  what: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChildProcess> {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  running.add(child);
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} did not start within 30 s:\n${output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-8000);
        if (ready.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${what} exited (${code ?? signal}) while starting:\n${output}`));
      });
    });
  } catch (error) {
    await stopChild(child, 'SIGKILL');
    throw error;
  }
  // Keep draining its output so that a chatty server never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

export interface Postgres {
  /** postgres://debrief@127.0.0.1:<port>/debrief */
  url: string;
  port: number;
  /** The postmaster's process id (each connection is served by a child of it). */
  pid: number;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Fast shutdown, then the folder is removed. */
  stop(): Promise<void>;
}

/**
 * initdb into a temporary folder and start a postgres on a free port (trust authentication on the
 * loopback only; the socket goes into the same folder, not /var/run/postgresql).
 */
export async function startPostgres(options: { fsync?: boolean } = {}): Promise<Postgres> {
  const bin = postgresBinDir();
  const user = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-pg-'));
  const dataDir = path.join(dir, 'data');
  if (user) fs.chownSync(dir, user.uid, user.gid);
  let child: ChildProcess | undefined;
  try {
    const [initdb, initArgs] = asUser(user, path.join(bin, 'initdb'), [
      '-D', dataDir, '-U', 'debrief', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync',
    ]);
    execFileSync(initdb, initArgs, { stdio: 'pipe', cwd: dir });
    const port = await freePort();
    child = await startChild(
      asUser(user, path.join(bin, 'postgres'), [
        '-D', dataDir,
        '-p', String(port),
        '-k', dir,
        '-c', 'listen_addresses=127.0.0.1',
        // Tests kill server processes, never the machine: by default nothing waits for the disk
        // (commits still go through the WAL). bench/scale.ts asks for fsync on, as in production;
        // bench/library.ts leaves it off: it times reads and the catch-up of one edit, and would
        // otherwise spend most of its run filling 10,000 reviews.
        '-c', `fsync=${options.fsync ? 'on' : 'off'}`,
        '-c', 'max_connections=200',
        '-c', 'shared_buffers=64MB',
      ]),
      /database system is ready to accept connections/,
      'postgres',
      { ...process.env, LC_ALL: 'C' },
    );
    const url = `postgres://debrief@127.0.0.1:${port}/postgres`;
    const psql = path.join(bin, 'psql');
    let databases = 0;
    const pg = child;
    return {
      url,
      port,
      pid: pg.pid!,
      async createDatabase() {
        const name = `debrief_${process.pid}_${++databases}`;
        execFileSync(psql, ['-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
        return `postgres://debrief@127.0.0.1:${port}/${name}`;
      },
      async stop() {
        await stopChild(pg, 'SIGINT');
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stopChild(child, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface Redis {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** The server's process id (a new one after a restart). */
  pid(): number;
  /** Kills the server (SIGKILL: nothing saved, every connection dropped). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts redis-server on a free port, without persistence, in a temporary folder. */
export async function startRedis(): Promise<Redis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-redis-'));
  const port = await freePort();
  const launch = () =>
    startChild(
      ['redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]],
      /Ready to accept connections/,
      'redis-server',
    );
  let child: ChildProcess | null;
  try {
    child = await launch();
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => child?.pid ?? 0,
    async kill() {
      if (child) await stopChild(child, 'SIGKILL');
      child = null;
    },
    async restart() {
      if (child) await stopChild(child, 'SIGKILL');
      child = await launch();
    },
    async stop() {
      if (child) await stopChild(child, 'SIGTERM');
      child = null;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
