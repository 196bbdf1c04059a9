import WebSocket from 'ws';
import * as Y from 'yjs';
import path from 'node:path';
import { WebsocketProvider } from 'y-websocket';
import { seed, firstScreenRecorder, recordedTimes, EVENTS, FACTORS } from './board';
import { createBoard, launchBrowser, startServer } from '../tests/browser/helpers';
const browser = await launchBrowser();
const specs = JSON.parse(process.argv[3] ?? '[]') as Array<[string, string, string]>; // name, clientDir, renderDir
const setups = [] as Array<{ name: string; server: Awaited<ReturnType<typeof startServer>>; link: string; seen: number[]; live: number[] }>;
for (const [name, clientDir, renderDir] of specs) {
  const server = await startServer({ clientDir: path.resolve(clientDir), renderDir: path.resolve(renderDir) });
  const board = await createBoard(server, { title: 'Benchmark: 1,000 notes' });
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace('http', 'ws')}/ws`, board.id, doc, { params: { token: board.tokens.participant }, WebSocketPolyfill: WebSocket as never, disableBc: true });
  await new Promise<void>((r) => provider.once('sync', () => r()));
  seed(doc);
  await new Promise((r) => setTimeout(r, 3000));
  provider.destroy();
  setups.push({ name, server, link: board.link('facilitator'), seen: [], live: [] });
}
const rounds = Number(process.argv[2] ?? 5);
for (let i = 0; i < rounds; i++) {
  for (const s of setups) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Berlin', locale: 'en-GB', storageState: { cookies: [], origins: [{ origin: s.server.url, localStorage: [{ name: 'debrief:name', value: 'Bench' }] }] } });
    await context.addInitScript({ content: firstScreenRecorder(EVENTS, FACTORS) });
    const page = await context.newPage();
    await page.goto(s.link, { waitUntil: 'commit' });
    const t = await recordedTimes(page);
    s.seen.push(Math.round(t.seenAt)); s.live.push(Math.round(t.liveAt));
    const b = (await page.evaluate(`(() => {
      const m = (n) => Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1);
      const r = performance.getEntriesByType('resource').find((e) => e.name.includes('/first-screen?'));
      const nav = performance.getEntriesByType('navigation')[0];
      return { html: Math.round(nav.responseEnd), asking: m('first-screen:asking'), req: r ? Math.round(r.startTime) : -1, resStart: r ? Math.round(r.responseStart) : -1, resEnd: r ? Math.round(r.responseEnd) : -1, server: r ? r.serverTiming.map((x) => x.name + '=' + x.duration.toFixed(0)).join(',') : '', answered: m('first-screen:answered'), shown: m('first-screen:shown'), painted: m('first-screen:painted'), entry: m('debrief:entry'), app: m('debrief:app-loaded'), synced: m('debrief:board-synced') };
    })()`)) as { req: number };
    if (b.req >= 0) console.log(s.name.slice(0, 10), JSON.stringify(b), 'seen', Math.round(t.seenAt), 'live', Math.round(t.liveAt));
    await context.close();
    await new Promise((r) => setTimeout(r, 1000));
  }
}
const med = (xs: number[]) => { const a = [...xs].sort((x, y) => x - y); return a.length % 2 ? a[a.length >> 1] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2; };
for (const s of setups) console.log(`${s.name}: first screen median ${med(s.seen)} [${s.seen.join(', ')}]; live board median ${med(s.live)} [${s.live.join(', ')}]`);
await browser.close(); for (const s of setups) await s.server.close(); process.exit(0);
