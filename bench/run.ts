// Benchmark runner: `npm run bench` runs every benchmark; `npm run bench -- fanout [--runs 3 ...]`
// runs one. Each benchmark prints a table and writes its full results to bench/results/.
// Benchmarks are not tests: they are never run by `npm test`, and their goals are checked here
// and written down in docs/benchmarks.md with the machine and the date.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FANOUT_OPTIONS, fanoutTable, runFanout, type FanoutOptions, type FanoutResult } from './fanout';
import { REPO_ROOT, type Runner, type ServerKind, type ServerSpec } from './lib/servers';

interface Benchmark {
  description: string;
  /** Runs the benchmark with the command line's options; returns what to write to results. */
  run: (args: string[]) => Promise<{ json: unknown; summary: string }>;
}

const BENCHMARKS: Record<string, Benchmark> = {
  fanout: {
    description: 'one writer, many readers in one board: latency, server CPU per message, memory',
    async run(args) {
      const { values } = parseArgs({
        args,
        options: {
          runs: { type: 'string' },
          readers: { type: 'string' },
          edits: { type: 'string' },
          rate: { type: 'string' },
          warmup: { type: 'string' },
          workers: { type: 'string' },
          'reader-role': { type: 'string' },
          servers: { type: 'string' },
          runner: { type: 'string' },
          profile: { type: 'boolean' },
          'ours-entry': { type: 'string' },
        },
        strict: true,
      });
      const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
      const runner = (values.runner ?? 'bundle') as Runner | 'both';
      const kinds = (values.servers?.split(',') ?? ['ours', 'reference', 'relay']) as ServerKind[];
      const servers: ServerSpec[] = kinds.flatMap((kind) =>
        kind === 'ours' && runner === 'both'
          ? [
              { kind, runner: 'bundle' as const },
              { kind, runner: 'tsx' as const },
            ]
          : [{ kind, runner: runner === 'both' ? 'bundle' : runner }],
      );
      // --ours-entry adds a modified copy of the server next to ours, e.g. to try an optimisation.
      if (values['ours-entry']) servers.push({ kind: 'ours', runner: runner === 'tsx' ? 'tsx' : 'bundle', entry: values['ours-entry'] });
      const d = DEFAULT_FANOUT_OPTIONS;
      const options: FanoutOptions = {
        ...d,
        runs: num(values.runs, d.runs),
        readers: num(values.readers, d.readers),
        edits: num(values.edits, d.edits),
        rate: num(values.rate, d.rate),
        warmupEdits: num(values.warmup, d.warmupEdits),
        workers: num(values.workers, d.workers),
        readerRole: (values['reader-role'] ?? d.readerRole) as FanoutOptions['readerRole'],
        servers,
        ...(values.profile ? { profileDir: path.join(REPO_ROOT, 'node_modules/.cache/debrief-bench/profiles', new Date().toISOString().replace(/[:.]/g, '-')) } : {}),
      };
      console.log(
        `fan-out: ${options.readers} readers (${options.readerRole}s on ours) in ${options.workers} worker processes, ` +
          `${options.edits} edits at ${options.rate}/s after ${options.warmupEdits} warm-up edits, ${options.runs} runs per server`,
      );
      const result = await runFanout(options);
      if (options.profileDir) console.log(profileReport(result));
      const targets = result.targets
        .map((t) => `${t.met ? 'met    ' : 'NOT MET'}  ${t.target}: ours ${t.ours.toFixed(2)} vs ${t.against.toFixed(2)}`)
        .join('\n');
      const m = result.machine;
      const machine =
        `${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB RAM, Node ${m.node}, ${m.os} (kernel ${m.kernel}); ` +
        `load average before ${result.loadAverage.before.join(' ')}, after ${result.loadAverage.after.join(' ')}`;
      return {
        json: result,
        summary: `\n${result.date}, commit ${result.git.commit.slice(0, 7)}${result.git.dirtyPaths.length ? ` + uncommitted changes in ${result.git.dirtyPaths.join(', ')}` : ''}\n${machine}\nFan-out, median of ${options.runs} runs (CPU per 1,000 delivered edit messages):\n\n${fanoutTable(result)}\n\n${targets}`,
      };
    },
  },
  scale: {
    description: 'three instances on PostgreSQL and Redis, 1,000 boards x 3 clients, 1,000 edits/s: latency across instances, lost, memory per board',
    async run(args) {
      const { runScale, scaleOptions, scaleSummary } = await import('./scale');
      const result = await runScale(scaleOptions(args));
      return { json: result, summary: `\n${scaleSummary(result)}` };
    },
  },
  amplification: {
    description: '20 viewers asking for a whole 1.3 MB board 200 times a second: /healthz and another board\'s edit latency',
    async run() {
      const { runAmplification, amplificationTable } = await import('./amplification');
      const result = await runAmplification();
      return { json: result, summary: `\n${result.date}\n${amplificationTable(result)}` };
    },
  },
  board: {
    description: 'board client with 1,000 notes: first render, drag frame time, report generation, bundle size',
    async run() {
      const { runBoardBench, boardSummary } = await import('./board');
      const result = await runBoardBench();
      return { json: result, summary: `\n${boardSummary(result)}` };
    },
  },
  library: {
    description: 'the incident library with 10,000 reviews: search, library page, follow-ups, index catch-up (bench/library.ts)',
    async run(args) {
      const { values } = parseArgs({ args, options: { store: { type: 'string' }, reviews: { type: 'string' } }, strict: true });
      const { runLibraryBench } = await import('./library');
      return runLibraryBench({ store: (values.store ?? 'sqlite') as 'sqlite' | 'postgres', reviews: Number(values.reviews ?? 10_000) });
    },
  },
};

/** Where each server's CPU went during the measured window (runs made with --profile). */
function profileReport(result: FanoutResult): string {
  const out: string[] = ['\nCPU profiles over the measured window (profiling slows servers; use for proportions only):'];
  for (const r of result.results) {
    for (const [i, run] of r.runs.entries()) {
      if (!run.profile) continue;
      const p = run.profile;
      out.push(`\n-- ${r.label}, run ${i + 1}: ${p.busyMs.toFixed(0)} ms sampled busy (${p.file})`);
      out.push('  by area:      ' + p.byArea.slice(0, 8).map((e) => `${e.name} ${e.percent}%`).join(', '));
      out.push('  self:');
      for (const e of p.bySelf.slice(0, 12)) out.push(`    ${e.percent.toFixed(1).padStart(5)}%  ${e.ms.toFixed(1).padStart(6)} ms  ${e.name}`);
      out.push('  inclusive:');
      for (const e of p.byInclusive.slice(0, 15)) out.push(`    ${e.percent.toFixed(1).padStart(5)}%  ${e.ms.toFixed(1).padStart(6)} ms  ${e.name}`);
    }
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const [first, ...rest] = process.argv.slice(2);
  const names = first === undefined || first.startsWith('-') ? Object.keys(BENCHMARKS) : [first];
  const args = first === undefined || first.startsWith('-') ? process.argv.slice(2) : rest;
  for (const name of names) {
    const bench = BENCHMARKS[name];
    if (bench === undefined) {
      console.error(`Unknown benchmark "${name}". Known: ${Object.keys(BENCHMARKS).join(', ')}`);
      process.exitCode = 2;
      return;
    }
    console.log(`== ${name}: ${bench.description}`);
    const { json, summary } = await bench.run(args);
    console.log(summary);
    const dir = path.join(REPO_ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    // The date, and the time when that day already has a run: an earlier run is never overwritten.
    const day = new Date().toISOString();
    let file = path.join(dir, `${name}-${day.slice(0, 10)}.json`);
    if (existsSync(file)) file = path.join(dir, `${name}-${day.slice(0, 16).replace(':', '')}.json`);
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(REPO_ROOT, file)}`);
  }
}

// A benchmark is one shot: once its results are written, end, even if a library left a handle
// open (the board benchmark's in-process server kept the process alive after its results).
main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
