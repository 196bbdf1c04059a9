// Where the first render's wall-clock time goes on the 1,000-note board: a waterfall of one page
// load (or several), from navigation start to the first screen drawn (bench/board.ts's criterion).
// `npx tsx bench/board-waterfall.ts [loads]`. Lists, in ms since navigation start: every HTTP
// request (Resource Timing), the websockets (CDP Network: created, first frame sent, frames
// received with their sizes), the client's boot marks (`debrief:*`, performance.mark), and the
// main thread's long tasks (50 ms or more), then the page's main-thread CPU time.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as B from '../shared/board';
import { createBoard, launchBrowser, startServer } from '../tests/browser/helpers';
import { EVENTS, FACTORS, firstScreenDrawn, seed } from './board';
import { REPO_ROOT } from './lib/servers';

const loads = Number(process.argv[2] ?? 1);

interface Row {
  at: number;
  end?: number;
  what: string;
}

async function main() {
  process.chdir(REPO_ROOT);
  const server = await startServer();
  const browser = await launchBrowser();
  const board = await createBoard(server, { title: 'Waterfall: 1,000 notes' });
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace('http', 'ws')}/ws`, board.id, doc, {
    params: { token: board.tokens.participant },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  seed(doc);
  for (let i = 0; i < 100; i++) {
    const check = new Y.Doc();
    const c = new WebsocketProvider(`${server.url.replace('http', 'ws')}/ws`, board.id, check, {
      params: { token: board.tokens.viewer },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    await new Promise<void>((resolve) => c.once('sync', () => resolve()));
    const ok = B.readEvents(check).length === EVENTS && B.readFactors(check).length === FACTORS;
    c.destroy();
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    for (let load = 0; load < loads; load++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
      // A string, not a function: tsx's keepNames would wrap a named inner function in __name().
      await context.addInitScript(`(() => {
        localStorage.setItem('debrief:name', 'Bench');
        window.__long = [];
        window.__loaf = [];
        try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); } catch {}
        try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__loaf.push([e.startTime, e.duration, e.renderStart ? e.renderStart - e.startTime : -1, e.styleAndLayoutStart ? e.styleAndLayoutStart - e.startTime : -1, e.scripts.map((x) => x.invokerType + ':' + x.invoker + ' ' + (x.sourceFunctionName || '') + ' ' + Math.round(x.duration) + 'ms(layout ' + Math.round(x.forcedStyleAndLayoutDuration) + ')').join(' | ')]); }).observe({ type: 'long-animation-frame', buffered: true }); } catch {}
      })()`);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await cdp.send('Network.enable');
      const net: Array<{ t: number; what: string }> = [];
      let navT: number | null = null;
      const wsUrls = new Map<string, string>();
      const firstSent = new Set<string>();
      cdp.on('Network.requestWillBeSent', (e) => {
        if (navT === null && e.type === 'Document') navT = e.timestamp;
      });
      cdp.on('Network.webSocketCreated', (e) => {
        const name = new URL(e.url).pathname.split('/').slice(-1)[0]!;
        wsUrls.set(e.requestId, name);
      });
      cdp.on('Network.webSocketWillSendHandshakeRequest', (e) => net.push({ t: e.timestamp, what: `ws handshake sent ${wsUrls.get(e.requestId)}` }));
      cdp.on('Network.webSocketHandshakeResponseReceived', (e) => net.push({ t: e.timestamp, what: `ws open ${wsUrls.get(e.requestId)}` }));
      cdp.on('Network.webSocketFrameSent', (e) => {
        if (firstSent.has(e.requestId)) return;
        firstSent.add(e.requestId);
        net.push({ t: e.timestamp, what: `ws first frame sent ${wsUrls.get(e.requestId)}` });
      });
      cdp.on('Network.webSocketFrameReceived', (e) =>
        net.push({ t: e.timestamp, what: `ws frame received ${wsUrls.get(e.requestId)} ${e.response.payloadData.length} chars (base64)` }),
      );
      const threadTime = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
      const cpu0 = await threadTime();
      await page.goto(board.link('facilitator'), { waitUntil: 'commit' });
      await page.waitForFunction(firstScreenDrawn, [EVENTS, FACTORS] as const, { polling: 'raf', timeout: 60_000 });
      const cpu = (await threadTime()) - cpu0;
      const inPage = (await page.evaluate(`(() => {
        const now = performance.now();
        const rows = [];
        const nav = performance.getEntriesByType('navigation')[0];
        rows.push({ at: nav.startTime, end: nav.responseEnd, what: 'document' });
        rows.push({ at: nav.domInteractive, what: 'domInteractive' });
        rows.push({ at: nav.domContentLoadedEventEnd, what: 'DOMContentLoaded done' });
        for (const r of performance.getEntriesByType('resource')) rows.push({ at: r.startTime, end: r.responseEnd, what: r.initiatorType + ' ' + new URL(r.name).pathname });
        for (const m of performance.getEntriesByType('mark')) rows.push({ at: m.startTime, what: 'mark ' + m.name });
        for (const m of performance.getEntriesByType('measure')) rows.push({ at: m.startTime, end: m.startTime + m.duration, what: 'measure ' + m.name });
        for (const p of performance.getEntriesByType('paint')) rows.push({ at: p.startTime, what: p.name });
        for (const [s, d] of window.__long) rows.push({ at: s, end: s + d, what: 'long task ' + Math.round(d) + ' ms' });
        if (${JSON.stringify(process.env.LOAF === '1')}) for (const [s, d, r, sl, scripts] of window.__loaf) rows.push({ at: s, end: s + d, what: 'frame ' + Math.round(d) + ' ms (render at +' + Math.round(r) + ', style/layout at +' + Math.round(sl) + ') ' + scripts });
        rows.push({ at: now, what: 'FIRST SCREEN DRAWN (seen by the poll)' });
        return { rows, timeOrigin: performance.timeOrigin };
      })()`)) as { rows: Row[]; timeOrigin: number };
      const rows: Row[] = [...inPage.rows];
      const base = navT ?? 0;
      for (const n of net) if (Number.isFinite(n.t)) rows.push({ at: (n.t - base) * 1000, what: n.what + ' (CDP clock)' });
      rows.sort((a, b) => a.at - b.at);
      console.log(`\n== load ${load + 1}: main-thread CPU ${cpu.toFixed(0)} ms`);
      for (const r of rows) console.log(`${r.at.toFixed(0).padStart(6)}${r.end !== undefined ? ` -> ${r.end.toFixed(0).padStart(5)}` : '         '}  ${r.what}`);
      await context.close();
    }
  } finally {
    provider.destroy();
    await browser.close();
    await server.close();
  }
}

// Exits when done: the seeding provider's reconnect timers and the server's sockets can otherwise
// keep the process alive for minutes after the waterfall is printed.
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
