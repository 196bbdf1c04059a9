// Scale-out benchmark: three Debrief instances on one PostgreSQL (fsync on) and one Redis, 1,000
// boards with three clients each, one client of every board on each instance, so that every edit
// crosses instances twice. 1,000 edits per second in total. Measures the latency from a writer's
// send to a reader on another instance having applied the edit (p50/p99), deliveries lost (must
// be 0), and memory per active board (growth of each instance's RSS from idle to all boards
// loaded, divided by the boards). Clients are raw y-protocol clients in worker processes
// (bench/scale-clients.ts). Run: `npm run bench -- scale` or `npx tsx bench/scale.ts`.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CreateBoardResponse } from '../shared/protocol';
import { freePort, startPostgres, startRedis, type Postgres, type Redis } from '../tests/scale/services';
import { cpuTimeMs, loadAverage, machineInfo, statusMiB } from './lib/proc';
import type { FromClients, ToClients } from './scale-clients';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ScaleOptions {
  instances: number;
  boards: number;
  /** Edits per second, all boards together. */
  rate: number;
  seconds: number;
  warmupSeconds: number;
  workers: number;
}

export const DEFAULT_SCALE_OPTIONS: ScaleOptions = { instances: 3, boards: 1000, rate: 1000, seconds: 30, warmupSeconds: 5, workers: 2 };

export interface ScaleResult {
  date: string;
  machine: ReturnType<typeof machineInfo>;
  loadAverage: { before: number[]; after: number[] };
  options: ScaleOptions;
  clients: number;
  sent: number;
  deliveries: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  lost: number;
  diverged: number;
  droppedConnections: number;
  memory: { idleRssMiB: number[]; loadedRssMiB: number[]; perBoardMiB: number[]; meanPerBoardMiB: number };
  /** CPU time of each process over the measured window, as a share of one core. */
  cpu: Record<string, number>;
  targets: Array<{ target: string; value: number; met: boolean }>;
}

interface Instance {
  process: ChildProcess;
  url: string;
  dir: string;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'debrief-bench-scale-'));
  const port = await freePort();
  // Diagnostics: SCALE_INSTANCE_NODE_ARGS="--trace-gc" (space-separated) adds node flags to each instance.
  const nodeArgs = process.env.SCALE_INSTANCE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    // Diagnostics: SCALE_INSTANCE_OUTPUT=<dir> keeps each instance's stdout (e.g. with NODE_OPTIONS=--trace-gc).
    stdio: ['ignore', process.env.SCALE_INSTANCE_OUTPUT ? openSync(path.join(process.env.SCALE_INSTANCE_OUTPUT, `instance-${port}.log`), 'w') : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited while starting: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`instance did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { process: child, url, dir };
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.process.exitCode === null) {
    instance.process.kill('SIGTERM');
    const timer = setTimeout(() => instance.process.kill('SIGKILL'), 10_000);
    await new Promise((resolve) => instance.process.once('exit', resolve));
    clearTimeout(timer);
  }
  rmSync(instance.dir, { recursive: true, force: true });
}

function ask(worker: ChildProcess, message: ToClients, reply: FromClients['type'], timeoutMs = 300_000): Promise<FromClients> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client worker did not answer ${message.type}`)), timeoutMs);
    const onMessage = (m: FromClients) => {
      if (m.type !== reply && m.type !== 'failed') return;
      clearTimeout(timer);
      worker.off('message', onMessage);
      if (m.type === 'failed') reject(new Error(`client worker: ${m.message}`));
      else resolve(m);
    };
    worker.on('message', onMessage);
    worker.send(message);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Runs the benchmark once. */
export async function runScale(options: ScaleOptions = DEFAULT_SCALE_OPTIONS, log = console.log): Promise<ScaleResult> {
  const before = loadAverage();
  let postgres: Postgres | undefined;
  let redis: Redis | undefined;
  const instances: Instance[] = [];
  const workers: ChildProcess[] = [];
  try {
    [postgres, redis] = await Promise.all([startPostgres({ fsync: true }), startRedis()]);
    const databaseUrl = await postgres.createDatabase();
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url };
    instances.push(await startInstance(env));
    instances.push(...(await Promise.all(Array.from({ length: options.instances - 1 }, () => startInstance(env)))));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleRss = instances.map((i) => statusMiB(i.process.pid!, 'VmRSS'));
    log(`${options.instances} instances up (idle RSS ${idleRss.map((r) => r.toFixed(0)).join(', ')} MiB); creating ${options.boards} boards`);

    const boards: Array<{ id: string; urls: string[] }> = [];
    for (let i = 0; i < options.boards; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, options.boards - i) }, async (_, j) => {
          const res = await fetch(`${instances[(i + j) % instances.length]!.url}/api/boards`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ title: `Scale ${i + j}` }),
          });
          const board = (await res.json()) as CreateBoardResponse;
          const urls = instances.map(
            (inst) => `${inst.url.replace('http', 'ws')}/ws/${board.id}?token=${encodeURIComponent(board.tokens.participant)}`,
          );
          return { id: board.id, urls };
        }),
      );
      boards.push(...batch);
    }

    // Diagnostics: SCALE_CLIENT_NODE_ARGS adds node flags to the client workers.
    const clientNodeArgs = process.env.SCALE_CLIENT_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    for (let w = 0; w < options.workers; w++) {
      workers.push(fork(path.join(REPO_ROOT, 'bench/scale-clients.ts'), [], { cwd: REPO_ROOT, execArgv: [...clientNodeArgs, '--import', 'tsx'], stdio: 'inherit' }));
    }
    const share = (w: number) => boards.filter((_, i) => i % options.workers === w);
    const connected = await Promise.all(workers.map((w, i) => ask(w, { type: 'connect', boards: share(i) }, 'connected')));
    const clients = connected.reduce((n, m) => n + (m.type === 'connected' ? m.clients : 0), 0);
    log(`${clients} clients connected; each adds its note`);
    await Promise.all(workers.map((w) => ask(w, { type: 'prepare' }, 'prepared')));

    log(`typing: ${options.rate} edits/s for ${options.warmupSeconds} s warm-up + ${options.seconds} s measured`);
    const pids: Record<string, number> = {
      ...Object.fromEntries(instances.map((inst, i) => [`instance ${i + 1}`, inst.process.pid!])),
      ...Object.fromEntries(workers.map((w, i) => [`clients ${i + 1}`, w.pid!])),
      postgres: postgres.pid,
      redis: redis.pid(),
    };
    const cpuStart = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, safeCpu(pid)]));
    const wallStart = performance.now();
    const ran = await Promise.all(
      workers.map((w) =>
        ask(w, { type: 'run', rate: options.rate / options.workers, seconds: options.seconds, warmupSeconds: options.warmupSeconds }, 'ran'),
      ),
    );
    const wall = performance.now() - wallStart;
    const cpu = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, round((safeCpu(pid) - cpuStart[k]!) / wall, 3)]));
    const loadedRss = instances.map((i) => statusMiB(i.process.pid!, 'VmRSS'));
    const verified = await Promise.all(workers.map((w) => ask(w, { type: 'verify' }, 'verified')));

    const latencies = ran.flatMap((m) => (m.type === 'ran' ? m.latenciesMs : [])).sort((a, b) => a - b);
    const sent = ran.reduce((n, m) => n + (m.type === 'ran' ? m.sent : 0), 0);
    const sum = (f: (m: Extract<FromClients, { type: 'verified' }>) => number) =>
      verified.reduce((n, m) => n + (m.type === 'verified' ? f(m) : 0), 0);
    const perBoard = loadedRss.map((rss, i) => round((rss - idleRss[i]!) / options.boards, 3));
    const meanPerBoard = round(perBoard.reduce((a, b) => a + b, 0) / perBoard.length, 3);
    const latencyMs = {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1] ?? Number.NaN),
    };
    const lost = sum((m) => m.lost);
    return {
      date: new Date().toISOString(),
      machine: machineInfo(),
      loadAverage: { before, after: loadAverage() },
      options,
      clients,
      sent,
      deliveries: latencies.length,
      latencyMs,
      lost,
      diverged: sum((m) => m.diverged),
      droppedConnections: sum((m) => m.dropped),
      memory: { idleRssMiB: idleRss.map((r) => round(r, 1)), loadedRssMiB: loadedRss.map((r) => round(r, 1)), perBoardMiB: perBoard, meanPerBoardMiB: meanPerBoard },
      cpu,
      targets: [
        { target: 'p99 latency across instances < 10 ms', value: latencyMs.p99, met: latencyMs.p99 < 10 },
        { target: 'updates lost = 0', value: lost, met: lost === 0 },
        { target: 'memory per active board < 0.5 MiB (per instance)', value: meanPerBoard, met: meanPerBoard < 0.5 },
      ],
    };
  } finally {
    for (const w of workers) {
      w.send({ type: 'exit' } satisfies ToClients);
      setTimeout(() => w.kill('SIGKILL'), 5_000).unref();
    }
    await Promise.all(instances.map(stopInstance));
    await Promise.all([postgres?.stop(), redis?.stop()]);
  }
}

/** CPU time of a process and all its descendants (PostgreSQL serves each connection in a child). */
function safeCpu(pid: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  let total = 0;
  for (const p of tree) {
    try {
      total += cpuTimeMs(p);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** The summary printed by `npm run bench -- scale`. */
export function scaleSummary(r: ScaleResult): string {
  const m = r.machine;
  return [
    `${r.date}: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB RAM, Node ${m.node}, ${m.os}; load average before ${r.loadAverage.before.join(' ')}, after ${r.loadAverage.after.join(' ')}`,
    `${r.options.instances} instances, ${r.options.boards} boards, ${r.clients} clients, ${r.options.rate} edits/s for ${r.options.seconds} s (after ${r.options.warmupSeconds} s warm-up)`,
    `edits sent ${r.sent}, deliveries measured ${r.deliveries}; lost ${r.lost}, boards diverged ${r.diverged}, connections dropped ${r.droppedConnections}`,
    `latency across instances: p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`,
    `memory per active board (RSS growth / boards): ${r.memory.perBoardMiB.join(', ')} MiB per instance (idle ${r.memory.idleRssMiB.join(', ')} MiB, loaded ${r.memory.loadedRssMiB.join(', ')} MiB)`,
    `CPU (share of one core): ${Object.entries(r.cpu).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    ...r.targets.map((t) => `${t.met ? 'met    ' : 'NOT MET'}  ${t.target}: ${t.value}`),
  ].join('\n');
}

/** Options from the command line (`--boards 1000 --rate 1000 --seconds 30 --warmup 5 --workers 2 --instances 3`). */
export function scaleOptions(args: string[]): ScaleOptions {
  const { values } = parseArgs({
    args,
    options: Object.fromEntries(['boards', 'rate', 'seconds', 'warmup', 'workers', 'instances'].map((k) => [k, { type: 'string' as const }])),
    strict: true,
  });
  const num = (v: unknown, fallback: number) => (typeof v === 'string' ? Number(v) : fallback);
  const d = DEFAULT_SCALE_OPTIONS;
  return {
    boards: num(values.boards, d.boards),
    rate: num(values.rate, d.rate),
    seconds: num(values.seconds, d.seconds),
    warmupSeconds: num(values.warmup, d.warmupSeconds),
    workers: num(values.workers, d.workers),
    instances: num(values.instances, d.instances),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runScale(scaleOptions(process.argv.slice(2)))
    .then((r) => console.log(`\n${scaleSummary(r)}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
