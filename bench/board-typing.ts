// Typing in a note of a 1,000-note board, two client builds side by side: the same server code and
// board, page loads alternating between a server that serves the client built before a change
// (--before DIR, a copy of an earlier dist/client) and one that serves dist/client. In each load,
// once the live board is drawn and settled, 29 keys are typed into the first timeline note, 60 ms
// apart, measured two ways (bench/board.ts, measureTyping): Chrome's own latency of each key press
// to the frame that shows it (unrounded), and Event Timing's count of keys at 16 ms or more (rounded
// to 8 ms, so 12 ms and up). The counts swing from one page load to the next with the same code,
// so only many alternating loads can tell two builds apart.
//
// --plain: the floor this machine allows, a page with nothing but a text box, in place of the
// "before" side.
//
//   npx tsx bench/board-typing.ts [rounds, default 9] [--before DIR | --plain | --against-small] [--small]
// Without --before, both sides serve dist/client (the spread of one build against itself).
// --small: a small board (11 events, 6 factors), the reference the issue compares with.
// --against-small: a small board in place of the "before" side, both on dist/client: how far the
// 1,000-note board's typing is from a small board's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBoard, launchBrowser, startServer, type TestServer } from '../tests/browser/helpers';
import { benchContext, EVENTS, FACTORS, fillOverWebsocket, firstScreenDrawn, measureTyping, median, SETTLED, seed, seedSmall, SMALL } from './board';
import { REPO_ROOT } from './lib/servers';

const args = process.argv.slice(2);
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 9);
const beforeAt = args.indexOf('--before');
const beforeDir = beforeAt >= 0 ? path.resolve(args[beforeAt + 1] ?? '') : path.join(REPO_ROOT, 'dist/client');
const small = args.includes('--small');
const plain = args.includes('--plain');
const againstSmall = args.includes('--against-small');
const PLAIN = 'plain page';
const counts = small ? SMALL : { events: EVENTS, factors: FACTORS };

interface Side {
  name: string;
  server: TestServer;
  link: string;
  counts: { events: number; factors: number };
  /** Per load: keys at 16 ms or more by Event Timing and their durations; each key press's latency. */
  loads: Array<{ slow: number; durations: number[]; latenciesMs: number[]; overFrame: number }>;
}

async function main() {
  if (!plain && !fs.existsSync(path.join(beforeDir, 'index.html'))) throw new Error(`${beforeDir} has no index.html: pass a built client`);
  process.chdir(REPO_ROOT);
  const loadBefore = os.loadavg()[0]!;
  const browser = await launchBrowser();
  const sides: Side[] = [];
  for (const [name, clientDir] of [
    [plain ? PLAIN : againstSmall ? 'small board (dist/client)' : beforeAt >= 0 ? `before (${path.basename(beforeDir)})` : 'dist/client (A)', beforeDir],
    [againstSmall ? '1,000-note board (dist/client)' : beforeAt >= 0 || plain ? 'after (dist/client)' : 'dist/client (B)', path.join(REPO_ROOT, 'dist/client')],
  ] as const) {
    if (name === PLAIN) {
      sides.push({ name, server: { close: async () => {} } as unknown as TestServer, link: PLAIN, counts, loads: [] });
      continue;
    }
    const sideIsSmall = small || (againstSmall && sides.length === 0);
    const sideCounts = sideIsSmall ? SMALL : { events: EVENTS, factors: FACTORS };
    const server = await startServer({ clientDir, logLevel: 'warn' });
    const board = await createBoard(server, { title: 'Benchmark: typing' });
    const provider = await fillOverWebsocket(server, board, sideIsSmall ? seedSmall : seed, sideCounts);
    provider.destroy();
    sides.push({ name, server, link: board.link('facilitator'), counts: sideCounts, loads: [] });
  }
  try {
    for (let i = 0; i < rounds; i++) {
      for (const s of sides) {
        const context = await benchContext(browser, s.link === PLAIN ? null : s.server.url);
        const page = await context.newPage();
        if (s.link === PLAIN) {
          await page.setContent('<article class="event-note"><textarea rows="3" cols="30"></textarea></article>');
        } else {
          await page.goto(s.link);
          await page.waitForFunction(() => !document.querySelector('#first-screen:not([hidden])'), null, { timeout: 60_000 });
          await page.waitForFunction(firstScreenDrawn, [s.counts.events, s.counts.factors] as const, { timeout: 60_000 });
          await page.evaluate(SETTLED);
        }
        const typed = await measureTyping(page);
        s.loads.push({ slow: typed.slowerThanFrame, durations: typed.durations, latenciesMs: typed.latenciesMs, overFrame: typed.overFrame });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    for (const s of sides) await s.server.close();
  }
  const lines = [`typing, ${small ? 'small board' : againstSmall ? 'small board against 1,000-note board' : '1,000-note board'}, ${new Date().toISOString()}, ${os.cpus()[0]?.model}, ${os.cpus().length} cores, load average before ${loadBefore.toFixed(2)}, after ${os.loadavg()[0]!.toFixed(2)}; ${rounds} loads each, alternating, 29 keys a load`];
  for (const s of sides) {
    const all = s.loads.flatMap((l) => l.durations);
    const latencies = s.loads.flatMap((l) => l.latenciesMs);
    lines.push(
      `${s.name}: key presses on screen later than a frame (16.7 ms), per load: median ${median(s.loads.map((l) => l.overFrame))} [${s.loads.map((l) => l.overFrame).join(', ')}]; all ${latencies.length} presses: median ${median(latencies).toFixed(1)} ms, 90th percentile ${[...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * 0.9)]!.toFixed(1)} ms, longest ${Math.max(...latencies).toFixed(1)} ms`,
      `  Event Timing, keys at 16 ms or more per load: median ${median(s.loads.map((l) => l.slow))} [${s.loads.map((l) => l.slow).join(', ')}]; of all ${s.loads.length * 29} keys: ${all.length}, of which ${all.filter((d) => d > 16).length} over 16 ms, longest ${all.length ? Math.max(...all) : 0} ms`,
    );
  }
  console.log(lines.join('\n'));
  const file = path.join(REPO_ROOT, 'bench/results', `board-typing${small ? '-small' : againstSmall ? '-against-small' : ''}-${new Date().toISOString().slice(0, 16).replace(/:/g, '')}.json`);
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), rounds, loadBefore, loadAfter: os.loadavg(), sides: sides.map(({ name, counts: board, loads }) => ({ name, board, loads })) }, null, 2));
  console.log(`written to ${path.relative(REPO_ROOT, file)}`);
  process.exit(0);
}

void main();
