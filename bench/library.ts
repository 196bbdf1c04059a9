// The incident library at workspace scale: N reviews (default 10,000; 20-80 events, 5-30 factors,
// 2-10 actions each, words from an incident vocabulary) written into the index, then the times of
// what people do: search (p50/p95 over a mix of queries), the library's first page, the follow-ups
// page (every action item, and its filters), and how long the index takes to catch up with an edit
// made through a real server and a real y-websocket client; the factor suggestions, the themes page
// and the metrics page over the same reviews. `npm run bench -- library
// [--store sqlite|postgres] [--reviews 10000]`; results in bench/results/, docs/benchmarks.md.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { buildApp } from '../server/app';
import { hashToken, newToken } from '../server/auth';
import { DEFAULT_CONFIG } from '../server/config';
import { indexFormatOf } from '../server/library/indexer';
import { openSqliteStore } from '../server/storage/sqlite';
import type { BoardStore } from '../server/storage/types';
import type { IndexedBoard, SearchText, ActionRow, FactorRow } from '../server/storage/library';
import { addEvent, LOCAL_ORIGIN } from '../shared/board';
import { DEFAULT_DUE_DAYS, metricsOverview, parseSearchQuery, SEVERITIES } from '../shared/library';
import { buildThemes, suggestFactors } from '../server/library/recurring';
import { newBoardId, randomId } from '../shared/ids';
import { roomName } from '../shared/protocol';

const WORDS = (
  'checkout payments login auth gateway database replica primary failover connection pool timeout retry backoff ' +
  'deploy rollback canary config flag cache redis queue kafka consumer lag latency error rate alert pager oncall ' +
  'dashboard runbook dns certificate expiry disk full memory leak cpu throttling autoscaling node kubernetes pod ' +
  'crashloop migration schema lock deadlock index query slow upstream dependency vendor outage region network ' +
  'partition packet loss loadbalancer healthcheck capacity traffic spike batch job cron backup restore storage ' +
  'quota limit ratelimit token expired secret rotation permissions ownership handover fatigue escalation'
).split(' ');

export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
const ms = (n: number) => Math.round(n * 100) / 100;

async function timeIt<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

export interface LibraryBenchOptions {
  store: 'sqlite' | 'postgres';
  reviews: number;
}

/** Writes `reviews` generated reviews (the bench's workspace) into a store's index, words drawn with `random`. */
export async function fillLibrary(store: BoardStore, reviews: number, random: () => number): Promise<{ actionCount: number; textCount: number }> {
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const sentence = (n: number) => Array.from({ length: n }, pick).join(' ');
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  let actionCount = 0;
  let textCount = 0;
  const earlierFactors: Array<{ boardId: string; factorId: string }> = [];
  for (let i = 0; i < reviews; i++) {
    const id = newBoardId();
    const tokens = { facilitator: newToken(), participant: newToken(), viewer: newToken() };
    const day = new Date(Date.UTC(2022, 0, 1) + Math.floor(random() * 1500) * 86_400_000).toISOString().slice(0, 10);
    await store.createBoard({
      id,
      title: `${pick()} ${pick()} incident`,
      incidentDate: day,
      incidentLink: '',
      createdAt: Date.now(),
      tokenHashes: { facilitator: hashToken(tokens.facilitator), participant: hashToken(tokens.participant), viewer: hashToken(tokens.viewer) },
      shareTokens: { participant: tokens.participant, viewer: tokens.viewer },
    });
    const events = between(20, 80);
    const factors = between(5, 30);
    const actions = between(2, 10);
    const texts: SearchText[] = [
      { kind: 'title', itemId: '', text: `${pick()} ${pick()} incident` },
      { kind: 'summary', itemId: '', text: sentence(40) },
      ...Array.from({ length: events }, (): SearchText => ({ kind: 'event', itemId: randomId(96), text: sentence(between(6, 24)) })),
      ...Array.from({ length: factors }, (): SearchText => ({ kind: 'factor', itemId: randomId(96), text: sentence(between(5, 16)) })),
    ];
    // Factors as the index keeps them; one in twenty is linked "same as" a factor of an earlier review.
    const factorRows: FactorRow[] = texts.filter((t) => t.kind === 'factor').map((t) => {
      const earlier = earlierFactors.length > 0 && random() < 0.05 ? earlierFactors[Math.floor(random() * earlierFactors.length)]! : null;
      return { factorId: t.itemId, text: t.text, category: 'process', createdAt: 1, sameAs: earlier ? [earlier] : [], actions: 1, actionsDone: random() < 0.5 ? 1 : 0 };
    });
    if (earlierFactors.length < 5_000) earlierFactors.push({ boardId: id, factorId: factorRows[0]!.factorId });
    // Skewed durations (log-normal-ish, minutes to days), some not measured.
    const duration = () => (random() < 0.15 ? ('missing' as const) : Math.round(Math.exp(2 + random() * 6 + random() * 2)) * 60_000);
    const metrics: IndexedBoard['metrics'] = {
      day,
      values: { timeToDetect: duration(), timeToAcknowledge: duration(), timeToMitigate: duration(), timeToResolve: duration() },
    };
    const rows: ActionRow[] = Array.from({ length: actions }, () => ({
      actionId: randomId(96),
      text: sentence(between(5, 12)),
      owner: ['Ana', 'Bo', 'Chen', 'Dana', 'Eli', 'Fatima'][Math.floor(random() * 6)]!,
      due: random() < 0.5 ? day : '',
      defaultDue: day,
      status: (['open', 'in-progress', 'done', 'wont-do'] as const)[Math.floor(random() * 4)]!,
      statusReason: '',
      factors: [sentence(6)],
      createdAt: 1,
    }));
    texts.push(...rows.map((a): SearchText => ({ kind: 'action', itemId: a.actionId, text: a.text })));
    const severity = random() < 0.9 ? SEVERITIES[Math.floor(random() * 4)]! : '';
    const board: IndexedBoard = {
      review: {
        boardId: id, title: texts[0]!.text, incidentDate: day, severity, services: [pick()], tags: [pick()], status: 'final',
        facilitator: 'Ana', events, factors, actions, openActions: actions, createdAt: Date.now(),
      },
      texts, actions: rows, factors: factorRows, metrics, version: 0, indexedAt: Date.now(),
    };
    await store.library.putIndexed(board);
    actionCount += actions;
    textCount += texts.length;
  }
  return { actionCount, textCount };
}

export async function runLibraryBench(options: LibraryBenchOptions): Promise<{ json: unknown; summary: string }> {
  const random = rng(13);
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'debrief-bench-library-'));
  let stopPostgres: (() => Promise<void>) | null = null;
  let store: BoardStore;
  if (options.store === 'postgres') {
    const { startPostgres } = await import('../tests/scale/services');
    const pg = await startPostgres();
    stopPostgres = () => pg.stop();
    store = await (await import('../server/storage/postgres')).openPostgresStore({ connectionString: await pg.createDatabase() });
  } else {
    store = openSqliteStore({ dataDir });
  }
  await store.library.ensureWorkspace({ name: 'Bench', linkHash: hashToken(newToken()), createdAt: Date.now(), indexFormat: indexFormatOf(DEFAULT_DUE_DAYS) });

  // Fill.
  const fillStart = performance.now();
  const { actionCount, textCount } = await fillLibrary(store, options.reviews, random);
  const fillSeconds = (performance.now() - fillStart) / 1000;

  // Search.
  const mix = {
    word: Array.from({ length: 60 }, () => pick()),
    pair: Array.from({ length: 60 }, () => `${pick()} ${pick()}`),
    phrase: Array.from({ length: 40 }, () => `"${pick()} ${pick()}"`),
    exclusion: Array.from({ length: 20 }, () => `${pick()} -${pick()}`),
    or: Array.from({ length: 20 }, () => `${pick()} OR ${pick()}`),
  };
  const queries = Object.values(mix).flat();
  for (const q of queries.slice(0, 20)) await store.library.search(parseSearchQuery(q), 0, 25); // warm-up
  const searchTimes: number[] = [];
  // Each kind of query's p50/p95 too: which of them make the tail.
  const searchByKind: Record<string, { p50: number; p95: number; max: number }> = {};
  for (const [kind, list] of Object.entries(mix)) {
    const times: number[] = [];
    for (const q of list) times.push((await timeIt(() => store.library.search(parseSearchQuery(q), 0, 25)))[0]);
    searchTimes.push(...times);
    times.sort((a, b) => a - b);
    searchByKind[kind] = { p50: ms(pct(times, 50)), p95: ms(pct(times, 95)), max: ms(times[times.length - 1]!) };
  }
  searchTimes.sort((a, b) => a - b);

  const repeat = async (fn: () => Promise<unknown>, n = 20) => {
    await fn();
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push((await timeIt(fn))[0]);
    times.sort((a, b) => a - b);
    return { p50: ms(pct(times, 50)), p95: ms(pct(times, 95)) };
  };
  const libraryFirstPage = await repeat(() => store.library.listReviews({ sort: 'incidentDate', descending: true, offset: 0, limit: 25 }));
  const libraryFiltered = await repeat(() => store.library.listReviews({ severities: ['SEV1'], service: 'checkout', sort: 'severity', descending: false, offset: 0, limit: 25 }));
  const followUpsFirstPage = await repeat(() => store.library.listFollowUps({ statuses: ['open', 'in-progress'], sort: 'due', offset: 0, limit: 25 }));
  const followUpsOverdueOwner = await repeat(() => store.library.listFollowUps({ owner: 'ana', overdueBefore: '2025-06-01', sort: 'due', offset: 0, limit: 25 }));

  // Factors that recur: suggestions for a factor being written (a few words of an existing
  // factor plus new ones), the themes page, and the metrics page over every review.
  const writing = Array.from({ length: 60 }, () => `The ${pick()} ${pick()} had no ${pick()} for the ${pick()} ${pick()}`);
  for (const text of writing.slice(0, 10)) await suggestFactors(store.library, text, null); // warm-up
  const suggestTimes: number[] = [];
  let suggested = 0;
  for (const text of writing) {
    const [t, found] = await timeIt(() => suggestFactors(store.library, text, null));
    suggestTimes.push(t);
    suggested += found.length;
  }
  suggestTimes.sort((a, b) => a - b);
  let themeCount = 0;
  const themesPage = await repeat(async () => {
    themeCount = buildThemes(await store.library.linkedFactors()).length;
  }, 10);
  const metricsPage = await repeat(async () => metricsOverview(await store.library.reviewMetrics({}), 'month'), 10);
  const metricsFiltered = await repeat(async () => metricsOverview(await store.library.reviewMetrics({ severities: ['SEV1'], service: 'checkout' }), 'month'), 10);

  // Catch-up: a real server on this store, a real client's edit, until search finds it.
  const app = await buildApp({ ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, dataDir, clientDir: path.join(dataDir, 'none'), logLevel: 'silent' }, { store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await app.library.indexer.idle();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const created = await (await fetch(`http://127.0.0.1:${port}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Bench' }) })).json() as { id: string; tokens: { facilitator: string } };
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/ws`, roomName(created.id), doc, {
    params: { token: created.tokens.facilitator },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  const catchUps: number[] = [];
  for (let i = 0; i < 5; i++) {
    const word = `zq${randomId(48).replace(/[^a-z]/gi, '').toLowerCase()}x${i}`;
    const started = performance.now();
    addEvent(doc, { time: '2026-11-03T10:00Z', kind: 'action', text: `Bench edit ${word}` }, { origin: LOCAL_ORIGIN, now: () => Date.now(), newId: randomId });
    for (;;) {
      if ((await store.library.search(parseSearchQuery(word), 0, 1)).total > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    catchUps.push(performance.now() - started);
  }
  provider.destroy();
  await app.close();
  await stopPostgres?.();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const json = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    store: options.store,
    reviews: options.reviews,
    searchTexts: textCount,
    actionItems: actionCount,
    fillSeconds: Math.round(fillSeconds),
    search: { queries: queries.length, p50: ms(pct(searchTimes, 50)), p95: ms(pct(searchTimes, 95)), max: ms(searchTimes[searchTimes.length - 1]!), byKind: searchByKind },
    libraryFirstPage,
    libraryFiltered,
    followUpsFirstPage,
    followUpsOverdueOwner,
    catchUpMs: catchUps.map(ms),
    factorSuggestions: { texts: writing.length, shownPerText: Math.round((suggested / writing.length) * 10) / 10, p50: ms(pct(suggestTimes, 50)), p95: ms(pct(suggestTimes, 95)) },
    themesPage: { ...themesPage, themes: themeCount },
    metricsPage,
    metricsFiltered,
    indexDelayMs: DEFAULT_CONFIG.libraryIndexDelayMs,
  };
  const summary = [
    `library on ${options.store}: ${options.reviews} reviews, ${textCount} search texts, ${actionCount} action items (filled in ${Math.round(fillSeconds)} s)`,
    `search          p50 ${json.search.p50} ms  p95 ${json.search.p95} ms  (goal p95 < 50 ms)`,
    `  by kind       ${Object.entries(searchByKind).map(([k, v]) => `${k} ${v.p50}/${v.p95}`).join(', ')} (p50/p95 ms)`,
    `library page 1  p50 ${libraryFirstPage.p50} ms  p95 ${libraryFirstPage.p95} ms;  filtered p95 ${libraryFiltered.p95} ms`,
    `follow-ups      p50 ${followUpsFirstPage.p50} ms  p95 ${followUpsFirstPage.p95} ms;  overdue+owner p95 ${followUpsOverdueOwner.p95} ms`,
    `index catch-up  ${json.catchUpMs.join(', ')} ms (quiet delay ${json.indexDelayMs} ms; goal < 2000 ms)`,
    `similar factors p50 ${json.factorSuggestions.p50} ms  p95 ${json.factorSuggestions.p95} ms  (${json.factorSuggestions.shownPerText} shown per text)`,
    `themes page     p50 ${themesPage.p50} ms  p95 ${themesPage.p95} ms  (${themeCount} themes)`,
    `metrics page    p50 ${metricsPage.p50} ms  p95 ${metricsPage.p95} ms;  SEV1+checkout p95 ${metricsFiltered.p95} ms`,
  ].join('\n');
  return { json, summary };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const result = await runLibraryBench({ store: (arg('store') ?? 'sqlite') as 'sqlite' | 'postgres', reviews: Number(arg('reviews') ?? 10_000) });
  console.log(result.summary);
  const out = path.resolve(import.meta.dirname, 'results', `library-${result.json && (result.json as { store: string }).store}-${new Date().toISOString().slice(0, 10)}.json`);
  fs.writeFileSync(out, `${JSON.stringify(result.json, null, 2)}\n`);
  console.log(`written to ${out}`);
  // Keep-alive sockets of fetch must not hold the process.
  process.exit(0);
}
