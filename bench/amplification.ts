// Amplification benchmark (issue 16): 20 viewers of a 1.3 MB board each ask for the whole board
// (a sync step 1 with an empty state vector) 10 times a second, 200 full syncs a second together,
// while someone edits another board. Measured before and during the flood: `/healthz` latency and
// the other board's edit latency (writer to reader, through the server). Goals: /healthz p99 under
// 50 ms, and the other board's median edit latency under 2x its quiet value.
// Run: `npm run bench -- amplification` (or `npx tsx bench/amplification.ts`). The viewers run in
// a child process, so that their reading does not load the measuring process.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { roomName, type CreateBoardResponse } from '../shared/protocol';
import { machineInfo, loadAverage } from './lib/proc';
import { startServer } from './lib/servers';

export interface AmplificationResult {
  date: string;
  machine: ReturnType<typeof machineInfo>;
  loadAverage: { before: number[]; after: number[] };
  boardBytes: number;
  fullSyncsAnswered: number;
  fullSyncsPerSecond: number;
  quiet: Phase;
  flood: Phase;
  targets: Array<{ target: string; met: boolean; value: string }>;
}

interface Phase {
  healthzMs: { p50: number; p99: number; max: number };
  editMs: { p50: number; p99: number };
}

const VIEWERS = 20;
const PER_VIEWER_PER_SECOND = 10;
const PHASE_MS = 8_000;
const EMPTY_STEP1 = Buffer.from([0, 0, 1, 0]);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

async function createBoard(baseUrl: string): Promise<CreateBoardResponse> {
  const res = await fetch(`${baseUrl}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return (await res.json()) as CreateBoardResponse;
}

function provider(wsBase: string, boardId: string, token: string): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(`${wsBase}/ws`, roomName(boardId), doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return { doc, provider: p };
}

const synced = (p: WebsocketProvider) => new Promise<void>((resolve) => (p.synced ? resolve() : p.once('sync', () => resolve())));

/** Measures /healthz and the other board's edit latency for `ms`. */
async function measure(baseUrl: string, writer: Y.Doc, reader: Y.Doc, ms: number): Promise<Phase> {
  const health: number[] = [];
  const edits: number[] = [];
  const sentAt = new Map<string, number>();
  const map = reader.getMap('latency');
  const observer = (event: Y.YMapEvent<unknown>) => {
    for (const key of event.keysChanged) {
      const at = sentAt.get(key);
      if (at !== undefined) edits.push(performance.now() - at);
    }
  };
  map.observe(observer);
  const end = Date.now() + ms;
  let n = 0;
  const editTimer = setInterval(() => {
    const key = `e${n++}`;
    sentAt.set(key, performance.now());
    writer.getMap('latency').set(key, n);
  }, 50);
  while (Date.now() < end) {
    const t = performance.now();
    await fetch(`${baseUrl}/healthz`).then((r) => r.arrayBuffer());
    health.push(performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  clearInterval(editTimer);
  await new Promise((resolve) => setTimeout(resolve, 500));
  map.unobserve(observer);
  return {
    healthzMs: { p50: quantile(health, 0.5), p99: quantile(health, 0.99), max: Math.max(...health) },
    editMs: { p50: quantile(edits, 0.5), p99: quantile(edits, 0.99) },
  };
}

/** The viewers (child process): each asks for the whole board 10 times a second. */
async function viewers(url: string, durationMs: number): Promise<void> {
  let answered = 0;
  const sockets = await Promise.all(
    Array.from({ length: VIEWERS }, () => new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.on('message', (data: Buffer) => {
        if (data[0] === 0 && data[1] === 1) answered++;
      });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    })),
  );
  process.send!({ ready: true });
  const timers = sockets.map((ws) => setInterval(() => ws.readyState === ws.OPEN && ws.send(EMPTY_STEP1), 1000 / PER_VIEWER_PER_SECOND));
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  for (const t of timers) clearInterval(t);
  process.send!({ answered });
  for (const ws of sockets) ws.terminate();
  process.exit(0);
}

export async function runAmplification(): Promise<AmplificationResult> {
  const loadBefore = loadAverage();
  const server = await startServer({ kind: 'ours', runner: 'bundle' });
  try {
    const wsBase = server.baseUrl.replace(/^http/, 'ws');
    // The large board: 1.3 MB of text, written in 100 KB edits.
    const big = await createBoard(server.baseUrl);
    const filler = provider(wsBase, big.id, big.tokens.participant);
    await synced(filler.provider);
    const text = filler.doc.getText('notes');
    for (let i = 0; i < 13; i++) text.insert(text.length, String.fromCharCode(97 + i).repeat(100_000));
    const check = provider(wsBase, big.id, big.tokens.viewer);
    await synced(check.provider);
    while (check.doc.getText('notes').length < 1_300_000) await new Promise((resolve) => setTimeout(resolve, 50));
    const boardBytes = Y.encodeStateAsUpdate(check.doc).byteLength;
    check.provider.destroy();

    // The other board: one writer, one reader.
    const other = await createBoard(server.baseUrl);
    const writer = provider(wsBase, other.id, other.tokens.participant);
    const reader = provider(wsBase, other.id, other.tokens.viewer);
    await Promise.all([synced(writer.provider), synced(reader.provider)]);

    const quiet = await measure(server.baseUrl, writer.doc, reader.doc, PHASE_MS);
    const child = fork(fileURLToPath(import.meta.url), ['viewers', `${wsBase}/ws/${big.id}?token=${big.tokens.viewer}`, String(PHASE_MS + 2000)], {
      execArgv: ['--import', 'tsx'],
    });
    let answered = 0;
    await new Promise<void>((resolve) => child.on('message', (m: { ready?: boolean; answered?: number }) => {
      if (m.ready) resolve();
      if (m.answered !== undefined) answered = m.answered;
    }));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the flood is on
    const flood = await measure(server.baseUrl, writer.doc, reader.doc, PHASE_MS);
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (const c of [filler, writer, reader]) c.provider.destroy();

    const targets = [
      { target: '/healthz p99 under 50 ms during the flood', met: flood.healthzMs.p99 < 50, value: `${flood.healthzMs.p99.toFixed(1)} ms` },
      {
        target: "other board's median edit latency under 2x quiet",
        met: flood.editMs.p50 < 2 * quiet.editMs.p50,
        value: `${flood.editMs.p50.toFixed(1)} ms vs ${quiet.editMs.p50.toFixed(1)} ms`,
      },
    ];
    return {
      date: new Date().toISOString(),
      machine: machineInfo(),
      loadAverage: { before: loadBefore, after: loadAverage() },
      boardBytes,
      fullSyncsAnswered: answered,
      fullSyncsPerSecond: answered / ((PHASE_MS + 2000) / 1000),
      quiet,
      flood,
      targets,
    };
  } finally {
    await server.stop();
  }
}

export function amplificationTable(r: AmplificationResult): string {
  const row = (name: string, p: Phase) =>
    `| ${name} | ${p.healthzMs.p50.toFixed(1)} | ${p.healthzMs.p99.toFixed(1)} | ${p.healthzMs.max.toFixed(1)} | ${p.editMs.p50.toFixed(1)} | ${p.editMs.p99.toFixed(1)} |`;
  return [
    `board ${(r.boardBytes / 1e6).toFixed(2)} MB; ${r.fullSyncsAnswered} full syncs answered (${r.fullSyncsPerSecond.toFixed(0)}/s asked for ${VIEWERS * PER_VIEWER_PER_SECOND}/s)`,
    '',
    '| phase | /healthz p50 ms | p99 ms | max ms | other board edit p50 ms | p99 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    row('quiet', r.quiet),
    row(`${VIEWERS} viewers x ${PER_VIEWER_PER_SECOND} full syncs/s`, r.flood),
    '',
    ...r.targets.map((t) => `${t.met ? 'met    ' : 'NOT MET'}  ${t.target}: ${t.value}`),
  ].join('\n');
}

if (process.argv[2] === 'viewers') {
  void viewers(process.argv[3]!, Number(process.argv[4]));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runAmplification();
  console.log(amplificationTable(result));
}
