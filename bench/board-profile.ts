// CPU profiles of the 1,000-note board in Chromium (CDP Profiler), for finding what is hot in
// first render, a drag and typing: `npx tsx bench/board-profile.ts [render|drag|typing|frames]...`.
// Build the client unminified (`npx vite build --minify false`) to read function names.
// Prints the top self and inclusive entries of each; the .cpuprofile files go to /tmp.
// `typing-trace`: a CDP trace of typing, the main thread's time by trace event (script, style,
// layout, paint, commit).
// `frames` (not profiled): 2 s of frames at rest, then the drag's, with every frame longer than
// 17 ms broken down by the Long Animation Frames API (script, style and layout, the scripts).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { CDPSession, Page } from 'playwright-core';
import * as B from '../shared/board';
import { createBoard, launchBrowser, startServer } from '../tests/browser/helpers';
import { EVENTS, FACTORS, SETTLED, firstScreenDrawn, seed } from './board';
import { summariseProfile } from './lib/cpuprofile';
import { REPO_ROOT } from './lib/servers';

const which = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['render', 'drag', 'typing']);

/** In the page (a string: tsx's keepNames would wrap named functions): frame intervals and long animation frames. */
const SAMPLE_FRAMES = `(() => {
  window.__frames = []; window.__loaf = []; window.__sampling = true; let last = performance.now();
  const loop = (t) => { window.__frames.push(t - last); last = t; if (window.__sampling) requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  window.__loafObserver = new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__loaf.push({
    at: Math.round(e.startTime), ms: Math.round(e.duration), block: Math.round(e.blockingDuration),
    renderAt: Math.round(e.renderStart ? e.renderStart - e.startTime : -1), styleLayoutAt: Math.round(e.styleAndLayoutStart ? e.styleAndLayoutStart - e.startTime : -1),
    scripts: e.scripts.map((s) => \`\${s.invokerType}:\${s.invoker} \${s.sourceFunctionName || ''} \${Math.round(s.duration)}ms (layout \${Math.round(s.forcedStyleAndLayoutDuration)})\`) }); });
  window.__loafObserver.observe({ type: 'long-animation-frame' });
})()`;

async function frames(page: Page, label: string, run: () => Promise<void>) {
  await page.evaluate(SAMPLE_FRAMES);
  await run();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const { intervals, loaf } = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __loaf: unknown[]; __sampling: boolean; __loafObserver: PerformanceObserver };
    w.__sampling = false;
    w.__loafObserver.disconnect();
    return { intervals: w.__frames.slice(1), loaf: w.__loaf };
  });
  const sorted = [...intervals].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? NaN;
  console.log(`\n== frames, ${label}: ${intervals.length} frames, p95 ${p95.toFixed(1)} ms, max ${Math.max(...intervals).toFixed(1)} ms, over 17 ms: ${intervals.filter((f) => f > 17).length}; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const f of loaf) console.log('  ' + JSON.stringify(f));
}

async function profiled(cdp: CDPSession, name: string, run: () => Promise<void>): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = await cdp.send('Profiler.stop');
  const file = path.join(os.tmpdir(), `board-${name}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  const s = summariseProfile(file, 0, Number.MAX_SAFE_INTEGER, 30);
  console.log(`\n== ${name}: ${s.busyMs.toFixed(0)} ms busy (${file})`);
  console.log('  by area: ' + s.byArea.slice(0, 10).map((e) => `${e.name} ${e.ms}`).join(', '));
  console.log('  self:');
  for (const e of s.bySelf) console.log(`    ${e.ms.toFixed(1).padStart(7)} ms  ${e.name}`);
  console.log('  inclusive:');
  for (const e of s.byInclusive) console.log(`    ${e.ms.toFixed(1).padStart(7)} ms  ${e.name}`);
}

/** A CDP trace of `run`: the page's main-thread time by trace event (self time: nested events taken out). */
async function traced(page: Page, cdp: CDPSession, name: string, run: () => Promise<void>): Promise<void> {
  const events: Array<{ name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { name?: string } }> = [];
  cdp.on('Tracing.dataCollected', (e) => {
    events.push(...(e.value as unknown as typeof events));
  });
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await run();
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.end');
  await done;
  void page;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'EventDispatch'));
  const complete = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // Self time: each event's duration less its children's.
  const self = new Map<string, number>();
  const stack: Array<{ name: string; end: number; child: number; dur: number }> = [];
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1]!.end <= until) {
      const top = stack.pop()!;
      self.set(top.name, (self.get(top.name) ?? 0) + (top.dur - top.child) / 1000);
      if (stack.length) stack[stack.length - 1]!.child += top.dur;
    }
  };
  let top = 0;
  for (const e of complete) {
    close(e.ts);
    if (!stack.length) top += e.dur!;
    stack.push({ name: e.name, end: e.ts + e.dur!, child: 0, dur: e.dur! });
  }
  close(Infinity);
  console.log(`\n== trace, ${name}: ${(top / 1000).toFixed(0)} ms in top-level main-thread tasks; self time by event:`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`);
}

async function main() {
  process.chdir(REPO_ROOT);
  const server = await startServer();
  const browser = await launchBrowser();
  const board = await createBoard(server, { title: 'Profile: 1,000 notes' });
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace('http', 'ws')}/ws`, board.id, doc, {
    params: { token: board.tokens.participant },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  seed(doc);
  await new Promise((r) => setTimeout(r, 1500));
  const open = async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
    await context.addInitScript(() => localStorage.setItem('debrief:name', 'Bench'));
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    return { context, page, cdp };
  };
  try {
    if (which.has('render')) {
      const { context, page, cdp } = await open();
      await profiled(cdp, 'render', async () => {
        await page.goto(board.link('facilitator'), { waitUntil: 'commit' });
        await page.waitForFunction(firstScreenDrawn, [EVENTS, FACTORS] as const, { polling: 'raf', timeout: 60_000 });
      });
      await context.close();
    }
    const { context, page, cdp } = await open();
    await page.goto(board.link('facilitator'));
    await page.waitForFunction(firstScreenDrawn, [EVENTS, FACTORS] as const, { timeout: 60_000 });
    if (which.has('frames')) {
      await page.evaluate(SETTLED);
      await frames(page, 'at rest, 2 s', () => page.waitForTimeout(2000));
      await frames(page, 'drag', () => drag(page));
    }
    if (which.has('drag')) {
      await page.evaluate(SETTLED);
      await page.evaluate('window.__fc = 0; window.__col = 0');
      await profiled(cdp, 'drag', () => drag(page));
      console.log('renders during the drag:', await page.evaluate('JSON.stringify({ factorCards: window.__fc, columns: window.__col, mounted: document.querySelectorAll("article[data-factor-id]").length })'));
    }
    if (which.has('typing')) {
      const note = page.locator('article.event-note textarea').first();
      await note.scrollIntoViewIfNeeded();
      await note.click();
      await profiled(cdp, 'typing', async () => {
        for (const ch of ' typed while profiling') {
          await page.keyboard.type(ch);
          await page.waitForTimeout(60);
        }
      });
    }
    if (which.has('typing-trace')) {
      const note = page.locator('article.event-note textarea').first();
      await note.scrollIntoViewIfNeeded();
      await note.click();
      await traced(page, cdp, 'typing', async () => {
        for (const ch of ' typed while tracing') {
          await page.keyboard.type(ch);
          await page.waitForTimeout(60);
        }
      });
    }
    await context.close();
  } finally {
    provider.destroy();
    await browser.close();
    await server.close();
  }
  void B;
}

async function drag(page: Page) {
  await page.locator('#factors').scrollIntoViewIfNeeded();
  const handle = page.locator('section.factor-column[data-column="unsorted"] .factor-card__handle').first();
  await handle.scrollIntoViewIfNeeded();
  await page.evaluate(SETTLED);
  const hb = (await handle.boundingBox())!;
  const tb = (await page.locator('section.factor-column[data-column="technology"]').boundingBox())!;
  const x0 = hb.x + hb.width / 2;
  const y0 = hb.y + hb.height / 2;
  const x1 = tb.x + tb.width / 2;
  const y1 = Math.max(10, Math.min(880, y0 + 40));
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) {
    await page.mouse.move(x0 + ((x1 - x0) * i) / 60, y0 + ((y1 - y0) * i) / 60);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  // The drop lands when dnd-kit has taken in the last target, a frame or two after the release:
  // wait for it, so the drop's frames are among those measured.
  await page.waitForFunction(() => !document.querySelector('.factor-board.is-dragging'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
