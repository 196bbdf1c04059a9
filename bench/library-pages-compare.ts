// Two builds of the client compared on the library's pages, fairly on a busy machine: the same
// 10,000-review store (a copy for each server, made by bench/library-pages.ts --data <dir>), loads
// of the two alternated so that whatever else the machine does hits both alike. For each build and
// page: a first visit (fresh profile, the workspace key in the address), then N loads coming back,
// timed from navigation start to 25 rows drawn, with the page's main-thread time (CDP ThreadTime).
// `npx tsx bench/library-pages-compare.ts --data <dir> --before <built client> [--after dist/client] [--rounds 16]`
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/browser/helpers';
import { startServer } from '../tests/helpers/server';

const arg = (name: string, fallback?: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is needed`);
  return value;
};
const dataDir = path.resolve(arg('data'));
const rounds = Number(arg('rounds', '16'));
const { token } = JSON.parse(fs.readFileSync(path.join(dataDir, 'bench-library-pages.json'), 'utf8')) as { token: string };
const copy = `${dataDir}-compare`;
fs.rmSync(copy, { recursive: true, force: true });
fs.cpSync(dataDir, copy, { recursive: true });
const builds = { before: path.resolve(arg('before')), after: path.resolve(arg('after', 'dist/client')) };
const servers = {
  before: await startServer({ dataDir: copy, clientDir: builds.before, logLevel: 'silent' }),
  after: await startServer({ dataDir, clientDir: builds.after, logLevel: 'silent' }),
};
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  for (const [pagePath, selector] of [['/library', '.review-list > li'], ['/follow-ups', '.follow-up-list > li']] as const) {
    const loads: Record<'before' | 'after', () => Promise<[number, number]>> = {} as never;
    for (const build of ['before', 'after'] as const) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const load = async (url: string): Promise<[number, number]> => {
        await page.goto(url, { waitUntil: 'commit' });
        await page.waitForFunction((s) => document.querySelectorAll(s).length >= 25, selector, { polling: 'raf', timeout: 30_000 });
        const wall = await page.evaluate(() => performance.now());
        const { metrics } = await cdp.send('Performance.getMetrics');
        return [Math.round(wall), Math.round((metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000)];
      };
      const url = `${servers[build].url}${pagePath}`;
      const [wall, cpu] = await load(`${url}#key=${token}`);
      console.log(`${pagePath} ${build}: first visit ${wall} ms (main thread ${cpu} ms)`);
      loads[build] = () => load(url);
    }
    const times: Record<'before' | 'after', [number, number][]> = { before: [], after: [] };
    for (let r = 0; r < rounds; r++) for (const build of r % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const)) times[build].push(await loads[build]());
    for (const build of ['before', 'after'] as const) {
      const t = times[build];
      console.log(`${pagePath} ${build}: coming back median ${median(t.map((x) => x[0]))} ms (main thread ${median(t.map((x) => x[1]))} ms) [${t.map((x) => x[0]).join(', ')}]`);
    }
  }
} finally {
  await browser.close();
  await servers.before.close();
  await servers.after.close();
  fs.rmSync(copy, { recursive: true, force: true });
}
process.exit(0);
