// A 1,000-note board opened with and without its first screen drawn by the server (docs/first-screen.md):
// the same client build, served by two servers that differ only in RENDER_DIR (one without the
// renderer answers FIRST_SCREEN_UNAVAILABLE and the page opens as it did before). Page loads
// alternate between the two, each in a fresh browser profile, on a board nobody has open (16 s
// between two loads of one server).
//
// Times from navigation start, recorded in the page at every animation frame (bench/board.ts,
// firstScreenRecorder), once the frame is drawn: the first screen (both sections count every note and
// the lane's visible notes are drawn) and the live board (the same, drawn by the app). With the first screen, its steps too:
// when first-screen.js asked, the server's read and drawing (Server-Timing), the answer, and the
// first screen painted.
//
//   npx tsx bench/board-first-screen.ts [rounds, default 9] [--small] [--render-before DIR]
// --small: the reference the issue compares with, a small board (11 events, 6 factors) instead.
// --render-before DIR: two first screens instead, a renderer built before a change (DIR, inside the
// project so that Node finds its Yjs: `vite build --config vite.render.config.ts --outDir
// $PWD/dist/render-before`) against dist/render.
// --client-before DIR: two first screens, the same renderer, a client built before a change (DIR, a
// copy of an earlier dist/client) against dist/client.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBoard, launchBrowser, startServer, type TestServer } from '../tests/browser/helpers';
import { benchContext, EVENTS, FACTORS, fillOverWebsocket, firstScreenRecorder, median, recordedTimes, seed, seedSmall, SMALL } from './board';
import { REPO_ROOT } from './lib/servers';

const rounds = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 9);
const small = process.argv.includes('--small');
const beforeAt = process.argv.indexOf('--render-before');
const renderBefore = beforeAt > 0 ? path.resolve(process.argv[beforeAt + 1] ?? '') : null;
const clientAt = process.argv.indexOf('--client-before');
const clientBefore = clientAt > 0 ? path.resolve(process.argv[clientAt + 1] ?? '') : null;
const counts = small ? SMALL : { events: EVENTS, factors: FACTORS };

/** In the page, once it is drawn: the first screen's steps (-1 where there was none). A string:
 * tsx's keepNames would wrap a named function in a helper the page does not have. */
const STEPS = `(() => {
  const mark = (n) => Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1);
  const r = performance.getEntriesByType('resource').find((e) => e.name.includes('/first-screen?'));
  const server = {};
  for (const t of r ? r.serverTiming : []) server[t.name] = Math.round(t.duration);
  return { asked: mark('first-screen:asking'), answered: r ? Math.round(r.responseEnd) : -1, read: server.read ?? -1, draw: server.draw ?? -1, total: server.total ?? -1, sent: r ? Math.round(r.requestStart) : -1, painted: mark('first-screen:painted') };
})()`;
type Steps = { asked: number; sent: number; answered: number; read: number; draw: number; total: number; painted: number };

interface Setup {
  name: string;
  server: TestServer;
  link: string;
  seen: number[];
  live: number[];
  steps: Steps[];
}

async function main() {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist/render/board.mjs'))) throw new Error('dist/render is not built: npm run build');
  process.chdir(REPO_ROOT);
  const loadBefore = os.loadavg()[0]!;
  const browser = await launchBrowser();
  const setups: Setup[] = [];
  const client = path.join(REPO_ROOT, 'dist/client');
  const render = path.join(REPO_ROOT, 'dist/render');
  for (const [name, renderDir, clientDir] of [
    clientBefore
      ? [`client before (${path.basename(clientBefore)})`, render, clientBefore]
      : renderBefore
        ? [`first screen before (${path.basename(renderBefore)})`, renderBefore, client]
        : ['the app alone', path.join(os.tmpdir(), 'debrief-no-renderer'), client],
    ['with the first screen', render, client],
  ] as const) {
    const server = await startServer({ clientDir, renderDir, logLevel: 'warn' });
    const board = await createBoard(server, { title: small ? 'Benchmark: a small board' : 'Benchmark: 1,000 notes' });
    const provider = await fillOverWebsocket(server, board, small ? seedSmall : seed, counts);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    provider.destroy();
    setups.push({ name, server, link: board.link('facilitator'), seen: [], live: [], steps: [] });
  }
  try {
    for (let i = 0; i < rounds; i++) {
      for (const s of setups) {
        const context = await benchContext(browser, s.server.url);
        await context.addInitScript({ content: firstScreenRecorder(counts.events, counts.factors) });
        const page = await context.newPage();
        await page.goto(s.link, { waitUntil: 'commit' });
        const t = await recordedTimes(page);
        s.seen.push(Math.round(t.seenPaintedAt));
        s.live.push(Math.round(t.livePaintedAt));
        s.steps.push((await page.evaluate(STEPS)) as Steps);
        await context.close();
        // Each load opens a board nobody has open: past the time a first screen keeps the board
        // loaded for the page's websocket (server/plugins/first-screen.ts), so both servers read it
        // from storage.
        await new Promise((resolve) => setTimeout(resolve, 16_000 / setups.length));
      }
    }
  } finally {
    await browser.close();
    for (const s of setups) await s.server.close();
  }
  const lines = [`${small ? 'small board' : '1,000-note board'}, ${new Date().toISOString()}, ${os.cpus()[0]?.model}, ${os.cpus().length} cores, load average before ${loadBefore.toFixed(2)}, after ${os.loadavg()[0]!.toFixed(2)}; ${rounds} loads each, alternating`];
  for (const s of setups) {
    lines.push(`${s.name}: board first seen, median ${median(s.seen)} ms [${s.seen.join(', ')}]; live board, median ${median(s.live)} ms [${s.live.join(', ')}]`);
    const drawn = s.steps.filter((x) => x.painted >= 0);
    if (drawn.length) {
      const m = (k: keyof Steps) => median(drawn.map((x) => x[k]));
      lines.push(
        `  first screen's steps, medians of ${drawn.length}: asked at ${m('asked')} ms, request sent at ${m('sent')} ms, the server read ${m('read')} ms + drew ${m('draw')} ms (${m('total')} ms from its arrival to the answer), answer in at ${m('answered')} ms, painted at ${m('painted')} ms`,
      );
    }
  }
  console.log(lines.join('\n'));
  const file = path.join(REPO_ROOT, 'bench/results', `board-first-screen${small ? '-small' : ''}-${new Date().toISOString().slice(0, 16).replace(/:/g, '')}.json`);
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), board: counts, rounds, loadBefore, loadAfter: os.loadavg(), setups: setups.map(({ name, seen, live, steps }) => ({ name, seen, live, steps })) }, null, 2));
  console.log(`written to ${path.relative(REPO_ROOT, file)}`);
  process.exit(0);
}

void main();
