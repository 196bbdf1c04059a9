// The fan-out benchmark (issue 2): one writer and many readers in one board. The writer types at a
// fixed rate; every reader records when each edit reached its own Y.Doc. Run against our server,
// y-websocket 2's reference server and a bare relay in the same run, with the same load.
//
// Latency is matched by the writer's Yjs clock, not by a timestamp written into the board: the
// writer notes (send time, its clock after the edit) for each edit, and a reader's receipt of an
// edit is the first frame after which the reader's doc holds that clock. This works whether a
// server forwards each update as is or merges several into one frame, and keeps the board's own
// schema (the edits are the board module's own mutations, typing into timeline notes).
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import {
  addEvent,
  initializeBoard,
  LOCAL_ORIGIN,
  schemaVersionOf,
  updateEvent,
  type EventKind,
  type WriteContext,
} from '../shared/board';
import { randomId, type EventId } from '../shared/ids';
import type { FromReaders, ReaderRecords, ToReaders } from './fanout-readers';
import { summariseProfile, type ProfileSummary } from './lib/cpuprofile';
import { cpuTimeMs, loadAverage, machineInfo, RssSampler } from './lib/proc';
import { label, REPO_ROOT, startServer, type RunningServer, type ServerSpec } from './lib/servers';
import { boardDigest, clockOf, WireClient } from './lib/ywire';

/** This script's writes: a person's edits, the real clock, random ids. */
const WRITES: WriteContext = { origin: LOCAL_ORIGIN, now: () => Date.now(), newId: randomId };

export interface FanoutOptions {
  readers: number;
  /** Measured edits. */
  edits: number;
  /** Edits per second. */
  rate: number;
  /** Edits before measuring, at the same rate (JIT, connection buffers, the board's first notes). */
  warmupEdits: number;
  /** Measurements per server; the report gives the median of runs. */
  runs: number;
  /** Child processes the readers are spread over. */
  workers: number;
  /** What the readers are on our server (the writer is always a participant). */
  readerRole: 'viewer' | 'participant';
  servers: ServerSpec[];
  /** How long after the last edit a reader may take before its missing edits count as lost. */
  deliveryTimeoutMs: number;
  /** When set, servers run under `node --cpu-prof` writing here, and each run gets a summary of
   * where the server's CPU went during the measured window. Profiling slows the server: its
   * numbers are for finding hot spots, not for the table. */
  profileDir?: string;
}

export const DEFAULT_FANOUT_OPTIONS: FanoutOptions = {
  readers: 200,
  edits: 200,
  rate: 50,
  warmupEdits: 50,
  runs: 5,
  workers: 2,
  readerRole: 'viewer',
  servers: [
    { kind: 'ours', runner: 'bundle' },
    { kind: 'reference', runner: 'bundle' },
    { kind: 'relay', runner: 'bundle' },
  ],
  deliveryTimeoutMs: 10_000,
};

/** The writer's client id, fixed so readers can find its clock in their docs. */
const WRITER_CLIENT_ID = 1_234_567;

/** One measurement of one server. */
export interface FanoutRun {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  delivered: number;
  lost: number;
  droppedReaders: number;
  /** Readers whose board differs from the writer's after the run (notes or state vector); must be 0. */
  diverged: number;
  /** Server CPU (utime + stime) over the measured window, ms. */
  serverCpuMs: number;
  serverCpuPer1000Ms: number;
  /** Peak VmRSS sampled every 50 ms from start to stop, and the kernel's VmHWM, MiB. */
  peakRssMiB: number;
  vmHwmMiB: number;
  /** VmRSS once listening, before any client: what the connections and the board add is the rest. */
  idleRssMiB: number;
  /** Server log output during the measured window. */
  logBytes: number;
  logLines: number;
  /** Measured window: first edit sent to last delivery, ms. */
  windowMs: number;
  /** CPU of the reader workers and of this process (the writer) over the window, ms. */
  readersCpuMs: number;
  writerCpuMs: number;
  /** Largest lateness of the writer's pacing timer, ms (a busy machine shows here first). */
  writerMaxLagMs: number;
  loadBefore: [number, number, number];
  /** Where the server's CPU went in the window (only with profileDir). */
  profile?: ProfileSummary & { file: string };
}

export interface FanoutServerResult {
  label: string;
  spec: ServerSpec;
  readerRole: string;
  runs: FanoutRun[];
  /** Median of runs, field by field. */
  median: FanoutRun;
  /** Lowest and highest of runs for the headline numbers: how much the machine moved them. */
  range: Record<(typeof RANGE_FIELDS)[number], [number, number]>;
}

const RANGE_FIELDS = ['p50Ms', 'p99Ms', 'serverCpuPer1000Ms', 'peakRssMiB', 'idleRssMiB'] as const;

export interface FanoutResult {
  benchmark: 'fanout';
  date: string;
  /** The commit measured; the server is built from the work tree, so local changes count too. */
  git: { commit: string; dirtyPaths: string[] };
  machine: ReturnType<typeof machineInfo>;
  loadAverage: { before: [number, number, number]; after: [number, number, number] };
  options: FanoutOptions;
  results: FanoutServerResult[];
  targets: TargetCheck[];
}

export interface TargetCheck {
  target: string;
  ours: number;
  against: number;
  met: boolean;
}

// ---------------------------------------------------------------------------------------------
// Reader workers.

class ReaderPool {
  private readonly workers: ChildProcess[] = [];

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      this.workers.push(
        fork(path.join(REPO_ROOT, 'bench/fanout-readers.ts'), [], {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
    }
  }

  get pids(): number[] {
    return this.workers.map((w) => w.pid!);
  }

  private ask<T extends FromReaders['type']>(
    worker: ChildProcess,
    message: ToReaders,
    reply: T,
    timeoutMs: number,
  ): Promise<Extract<FromReaders, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.off('message', onMessage);
        reject(new Error(`reader worker did not answer ${message.type} with ${reply} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (m: FromReaders) => {
        if (m.type === 'failed') {
          clearTimeout(timer);
          worker.off('message', onMessage);
          reject(new Error(`reader worker: ${m.message}`));
        } else if (m.type === reply) {
          clearTimeout(timer);
          worker.off('message', onMessage);
          resolve(m as Extract<FromReaders, { type: T }>);
        }
      };
      worker.on('message', onMessage);
      worker.send(message);
    });
  }

  async connect(url: string, total: number, handshake: boolean): Promise<void> {
    const share = (i: number) => Math.floor(total / this.workers.length) + (i < total % this.workers.length ? 1 : 0);
    await Promise.all(
      this.workers.map((w, i) =>
        this.ask(w, { type: 'connect', url, count: share(i), writerClientId: WRITER_CLIENT_ID, handshake }, 'connected', 60_000),
      ),
    );
  }

  /** Resolves true once every reader's doc holds `clock`, false on timeout. */
  async reach(clock: number, timeoutMs: number): Promise<boolean> {
    try {
      await Promise.all(this.workers.map((w) => this.ask(w, { type: 'expect', clock }, 'reached', timeoutMs)));
      return true;
    } catch {
      return false;
    }
  }

  async collect(): Promise<ReaderRecords[]> {
    const parts = await Promise.all(this.workers.map((w) => this.ask(w, { type: 'collect' }, 'records', 30_000)));
    return parts.flatMap((p) => p.readers);
  }

  async digests(): Promise<string[]> {
    const parts = await Promise.all(this.workers.map((w) => this.ask(w, { type: 'digest' }, 'digests', 30_000)));
    return parts.flatMap((p) => p.digests);
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.workers.map((w) => this.ask(w, { type: 'disconnect' }, 'disconnected', 30_000)));
  }

  exit(): void {
    for (const w of this.workers) if (w.connected) w.send({ type: 'exit' } satisfies ToReaders);
  }
}

// ---------------------------------------------------------------------------------------------
// The writer: someone typing timeline notes.

const SENTENCE =
  'Checkout latency rose after the 14:02 deploy; the on-call saw 502s from the payments gateway ' +
  'and rolled back at 14:19, but retries kept the queue full until the cache warmed again. ';
const KINDS: readonly EventKind[] = ['detection', 'action', 'communication', 'impact'];

class Writer {
  readonly doc = new Y.Doc();
  readonly client: WireClient;
  private eventId: EventId | undefined;
  private text = '';
  private typed = 0;
  private edits = 0;

  constructor(url: string, handshake: boolean) {
    this.doc.clientID = WRITER_CLIENT_ID;
    this.client = new WireClient({ url, doc: this.doc, handshake, answerStep1: true, sendLocalUpdates: true });
  }

  get clock(): number {
    return clockOf(this.doc, WRITER_CLIENT_ID);
  }

  /**
   * One small edit, as the board's UI would make it: mostly one or two characters typed into a
   * note (Y.Text insert), every tenth a change of the note's kind (Y.Map set), every fiftieth a
   * new note (Y.Map of a Y.Map and a Y.Text).
   */
  edit(): void {
    const i = this.edits++;
    if (schemaVersionOf(this.doc) === 0) {
      initializeBoard(this.doc, { title: 'Fan-out benchmark' }, WRITES); // reference and relay start empty
      return;
    }
    if (this.eventId === undefined || i % 50 === 0) {
      this.eventId = addEvent(this.doc, { time: '2025-03-14T14:02Z', text: '', kind: 'detection' }, WRITES);
      this.text = '';
      return;
    }
    if (i % 10 === 5) {
      updateEvent(this.doc, this.eventId, { kind: KINDS[(i / 10) % KINDS.length | 0]! }, WRITES);
      return;
    }
    const n = 1 + (i % 3 === 0 ? 1 : 0);
    for (let k = 0; k < n; k++) this.text += SENTENCE[this.typed++ % SENTENCE.length]!;
    updateEvent(this.doc, this.eventId, { text: this.text }, WRITES);
  }
}

/** Calls `fn` `count` times at `rate` per second on a schedule that does not drift; returns max lag. */
async function paced(count: number, rate: number, fn: (i: number) => void): Promise<number> {
  const interval = 1000 / rate;
  const start = performance.now();
  let maxLag = 0;
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    maxLag = Math.max(maxLag, performance.now() - due);
    fn(i);
  }
  return maxLag;
}

// ---------------------------------------------------------------------------------------------
// One measurement.

const quantile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function measureOnce(
  spec: ServerSpec,
  pool: ReaderPool,
  options: FanoutOptions,
  runNumber: number,
): Promise<{ run: FanoutRun; readerRole: string }> {
  const loadBefore = loadAverage();
  const profileDir =
    options.profileDir && path.join(options.profileDir, `${spec.kind}-${spec.runner}${spec.entry ? '-entry' : ''}-run${runNumber}`);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=250'] : [];
  const server: RunningServer = await startServer(spec, { nodeArgs });
  let window: [number, number] = [0, 0];
  const rss = new RssSampler(server.pid);
  const idleRssMiB = rss.sample();
  rss.start(50);
  let writer: Writer | undefined;
  try {
    const room = await server.createRoom(options.readerRole);
    writer = new Writer(room.writerUrl, room.handshake);
    await writer.client.ready;
    await pool.connect(room.readerUrl, options.readers, room.handshake);

    // Warm-up: the same edits at the same rate, then wait until everyone has them.
    await paced(options.warmupEdits, options.rate, () => writer!.edit());
    if (!(await pool.reach(writer.clock, options.deliveryTimeoutMs))) throw new Error(`${label(spec)}: warm-up edits were not delivered`);
    await pool.collect(); // discard warm-up records
    await sleep(200);

    // Measured window.
    const sentNs = new Float64Array(options.edits);
    const clocks = new Float64Array(options.edits);
    const cpu0 = cpuTimeMs(server.pid);
    const readersCpu0 = pool.pids.reduce((s, pid) => s + cpuTimeMs(pid), 0);
    const writerCpu0 = process.cpuUsage();
    const log0 = { bytes: server.logBytes(), lines: server.logLines() };
    const t0 = performance.now();
    const windowStartUs = Number(process.hrtime.bigint()) / 1000;
    const writerMaxLagMs = await paced(options.edits, options.rate, (i) => {
      sentNs[i] = Number(process.hrtime.bigint());
      writer!.edit();
      clocks[i] = writer!.clock;
    });
    const allDelivered = await pool.reach(writer.clock, options.deliveryTimeoutMs);
    const windowMs = performance.now() - t0;
    window = [windowStartUs, Number(process.hrtime.bigint()) / 1000];
    const serverCpuMs = cpuTimeMs(server.pid) - cpu0;
    const readersCpuMs = pool.pids.reduce((s, pid) => s + cpuTimeMs(pid), 0) - readersCpu0;
    const writerCpu = process.cpuUsage(writerCpu0);
    const logBytes = server.logBytes() - log0.bytes;
    const logLines = server.logLines() - log0.lines;

    // Match deliveries to edits, and check every reader ended with the writer's board.
    const records = await pool.collect();
    const writerDigest = boardDigest(writer.doc);
    const diverged = allDelivered ? (await pool.digests()).filter((d) => d !== writerDigest).length : Number.NaN;
    const latencies: number[] = [];
    let lost = 0;
    for (const r of records) {
      let k = 0;
      for (let i = 0; i < options.edits; i++) {
        while (k < r.clocks.length && r.clocks[k]! < clocks[i]!) k++;
        if (k === r.clocks.length) {
          lost += options.edits - i;
          break;
        }
        latencies.push((r.timesNs[k]! - sentNs[i]!) / 1e6);
      }
    }
    if (!allDelivered && lost === 0) lost = Number.NaN; // a worker never answered: unknown, not zero
    const sorted = Float64Array.from(latencies).sort();
    const delivered = latencies.length;
    rss.stop();
    const run: FanoutRun = {
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      maxMs: sorted[sorted.length - 1] ?? Number.NaN,
      meanMs: latencies.reduce((s, x) => s + x, 0) / Math.max(1, delivered),
      delivered,
      lost,
      droppedReaders: records.filter((r) => r.dropped !== null).length,
      diverged,
      serverCpuMs,
      serverCpuPer1000Ms: serverCpuMs / (delivered / 1000),
      peakRssMiB: rss.peakMiB,
      vmHwmMiB: server.peakRssMiB(),
      idleRssMiB,
      logBytes,
      logLines,
      windowMs,
      readersCpuMs,
      writerCpuMs: (writerCpu.user + writerCpu.system) / 1000,
      writerMaxLagMs,
      loadBefore,
    };
    return { run, readerRole: room.readerRole };
  } finally {
    rss.stop();
    await pool.disconnect().catch(() => undefined);
    await writer?.client.close();
    writer?.doc.destroy();
    await server.stop();
    if (profileDir) lastProfile = { dir: profileDir, window };
  }
}

let lastProfile: { dir: string; window: [number, number] } | undefined;

/** Attaches the profile the last run's server wrote on exit, summarised over its window. */
function attachProfile(run: FanoutRun): void {
  if (!lastProfile) return;
  const { dir, window } = lastProfile;
  lastProfile = undefined;
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return;
  run.profile = { file: path.relative(REPO_ROOT, path.join(dir, file)), ...summariseProfile(path.join(dir, file), window[0], window[1]) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function medianRun(runs: FanoutRun[]): FanoutRun {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(runs[0]!) as (keyof FanoutRun)[]) {
    const v = runs[0]![key];
    if (key === 'profile') continue;
    out[key] = typeof v === 'number' ? median(runs.map((r) => r[key] as number)) : v;
  }
  return out as unknown as FanoutRun;
}

function checkTargets(results: FanoutServerResult[]): TargetCheck[] {
  const find = (kind: ServerSpec['kind']) => results.find((r) => r.spec.kind === kind)?.median;
  const ours =
    results.find((r) => r.spec.kind === 'ours' && r.spec.runner === 'bundle' && !r.spec.entry)?.median ??
    results.find((r) => r.spec.kind === 'ours' && !r.spec.entry)?.median;
  const reference = find('reference');
  const relay = find('relay');
  const checks: TargetCheck[] = [];
  if (ours && reference) {
    checks.push({ target: 'p99 latency <= reference', ours: ours.p99Ms, against: reference.p99Ms, met: ours.p99Ms <= reference.p99Ms });
    checks.push({
      target: 'CPU per 1,000 messages <= reference',
      ours: ours.serverCpuPer1000Ms,
      against: reference.serverCpuPer1000Ms,
      met: ours.serverCpuPer1000Ms <= reference.serverCpuPer1000Ms,
    });
  }
  if (ours && relay) {
    checks.push({
      target: 'CPU per 1,000 messages <= 1.2 x floor',
      ours: ours.serverCpuPer1000Ms,
      against: 1.2 * relay.serverCpuPer1000Ms,
      met: ours.serverCpuPer1000Ms <= 1.2 * relay.serverCpuPer1000Ms,
    });
  }
  if (ours) checks.push({ target: 'messages lost = 0', ours: ours.lost, against: 0, met: ours.lost === 0 });
  if (ours) checks.push({ target: 'readers diverged = 0', ours: ours.diverged, against: 0, met: ours.diverged === 0 });
  return checks;
}

function gitState(): FanoutResult['git'] {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
    } catch {
      return '';
    }
  };
  const dirty = git('status', '--porcelain', '--', 'server', 'shared', 'bench', 'package-lock.json', ':!bench/results');
  return {
    commit: git('rev-parse', 'HEAD').trim(),
    dirtyPaths: dirty
      .split('\n')
      .filter((line) => line.length > 3)
      .map((line) => line.slice(3)),
  };
}

/** Runs the whole fan-out benchmark: every server, `runs` times, interleaved. */
export async function runFanout(options: FanoutOptions, log: (line: string) => void = console.log): Promise<FanoutResult> {
  const before = loadAverage();
  const pool = new ReaderPool(options.workers);
  const byServer = options.servers.map((spec) => ({ spec, runs: [] as FanoutRun[], readerRole: '' }));
  try {
    for (let r = 0; r < options.runs; r++) {
      // Rotate the order each round so no server always runs first (or right after another).
      for (let j = 0; j < byServer.length; j++) {
        const entry = byServer[(r + j) % byServer.length]!;
        const { run, readerRole } = await measureOnce(entry.spec, pool, options, r + 1);
        attachProfile(run);
        entry.runs.push(run);
        entry.readerRole = readerRole;
        log(
          `  run ${r + 1}/${options.runs} ${label(entry.spec).padEnd(26)} p50 ${run.p50Ms.toFixed(2)} ms  p99 ${run.p99Ms.toFixed(2)} ms  ` +
            `lost ${run.lost}${run.diverged ? ` DIVERGED ${run.diverged}` : ''}  cpu ${run.serverCpuMs.toFixed(0)} ms (${run.serverCpuPer1000Ms.toFixed(2)}/1k)  rss ${run.peakRssMiB.toFixed(0)} MiB  ` +
            `log ${run.logLines} lines  readers ${((100 * run.readersCpuMs) / run.windowMs).toFixed(0)}% cpu  load ${run.loadBefore[0].toFixed(2)}`,
        );
      }
    }
  } finally {
    pool.exit();
  }
  const results = byServer.map(({ spec, runs, readerRole }) => {
    const range = Object.fromEntries(
      RANGE_FIELDS.map((f) => [f, [Math.min(...runs.map((r) => r[f])), Math.max(...runs.map((r) => r[f]))]]),
    ) as FanoutServerResult['range'];
    return { label: label(spec), spec, readerRole, runs, median: medianRun(runs), range };
  });
  return {
    benchmark: 'fanout',
    date: new Date().toISOString(),
    git: gitState(),
    machine: machineInfo(),
    loadAverage: { before, after: loadAverage() },
    options,
    results,
    targets: checkTargets(results),
  };
}

/** The fan-out results as a Markdown table (what docs/benchmarks.md shows). */
export function fanoutTable(result: FanoutResult): string {
  const rows = result.results.map((r) => {
    const m = r.median;
    return `| ${r.label} | ${m.p50Ms.toFixed(2)} | ${m.p99Ms.toFixed(2)} | ${m.maxMs.toFixed(1)} | ${m.lost} | ${m.peakRssMiB.toFixed(0)} | ${m.idleRssMiB.toFixed(0)} | ${m.serverCpuMs.toFixed(0)} | ${m.serverCpuPer1000Ms.toFixed(2)} |`;
  });
  return [
    '| server | p50 ms | p99 ms | max ms | lost | peak RSS MiB | idle RSS MiB | server CPU ms | CPU ms / 1,000 msgs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
