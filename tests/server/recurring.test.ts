// Learning across incidents over HTTP, against a real server on SQLite with real y-websocket
// clients writing the boards: factors of earlier reviews suggested while a factor is written, the
// "same as" link kept in the board (and its report), the themes page with its flag for a factor
// that came back after its actions were done (cleared when the follow-ups page reopens one), and
// the incident metrics as distributions per service and severity. Garbage query strings get 400s.
import { afterEach, describe, expect, test } from 'vitest';
import { addActionItem, addEvent, addFactor, type MarkerName } from '../../shared/board';
import { setIncidentFields } from '../../shared/facilitation';
import type { FactorSuggestion, MetricDistribution, MetricsOverview, ThemesPage } from '../../shared/library';
import { LIVE_WRITES } from '../helpers/context';
import { connectSynced, createBoard, startServer, waitUntil, type Client, type TestServer } from './helpers';

const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(): Promise<{ server: TestServer; key: string }> {
  const server = await startServer({ libraryIndexDelayMs: 20 });
  servers.push(server);
  return { server, key: server.app.library.newWorkspaceToken! };
}

async function get<T>(server: TestServer, path: string, key: string | null): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.status, body: (await res.json()) as T };
}

/** A review written by its facilitator's real clients (board and facilitation documents). */
async function review(server: TestServer, title: string, incidentDate: string, fields: { severity: 'SEV1' | 'SEV2' | 'SEV3'; services: string[] }) {
  const board = await createBoard(server.url, { title, incidentDate });
  const client = await connectSynced(server.wsUrl, board.id, board.tokens.facilitator);
  const facilitation = await connectSynced(server.wsUrl, board.id, board.tokens.facilitator, { document: 'facilitation' });
  clients.push(client, facilitation);
  setIncidentFields(facilitation.doc, fields, LIVE_WRITES);
  return { board, doc: client.doc };
}

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

describe('factors that recur', () => {
  test('are suggested from other reviews while written, linked "same as", grouped into a theme and flagged when they came back after their actions were done', async () => {
    const { server, key } = await start();
    const first = await review(server, 'Checkout outage', '2026-01-10', { severity: 'SEV1', services: ['checkout'] });
    const canary = addFactor(first.doc, { text: 'Config changes skip the canary stage', category: 'process' }, LIVE_WRITES);
    addFactor(first.doc, { text: 'Dashboards lacked saturation panels', category: 'technology' }, LIVE_WRITES);
    const fix = addActionItem(first.doc, { text: 'Send config changes through the canary', owner: 'Ana', factorIds: [canary] }, LIVE_WRITES);
    // Marked done through the follow-ups page, as a person would.
    await waitUntil(async () => (await get<{ total: number }>(server, '/api/workspace/follow-ups', key)).body.total === 1, 'the action indexed');
    const done = await fetch(`${server.url}/api/workspace/follow-ups/${first.board.id}/${fix}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'done' }),
    });
    expect(done.status).toBe(200);

    const second = await review(server, 'Search outage', '2026-03-02', { severity: 'SEV3', services: ['search'] });
    // Its own factor reads alike, but a review's own factors are never suggested to it.
    addFactor(second.doc, { text: 'A config change went out without canary', category: 'process' }, LIVE_WRITES);
    const writing = 'The config change was not sent through a canary';
    const suggestions = await waitUntil(async () => {
      const { status, body } = await get<{ items: FactorSuggestion[] }>(server, `/api/workspace/similar-factors?${q({ text: writing, board: second.board.id })}`, key);
      expect(status).toBe(200);
      // The index follows edits within seconds: wait for the done action and the incident fields too.
      return body.items.length > 0 && body.items[0]!.actionsDone === 1 && body.items[0]!.severity === 'SEV1' ? body.items : null;
    }, 'a suggestion from the earlier review, with its action done');
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({
      boardId: first.board.id,
      factorId: canary,
      reviewTitle: 'Checkout outage',
      incidentDate: '2026-01-10',
      severity: 'SEV1',
      text: 'Config changes skip the canary stage',
      actions: 1,
      actionsDone: 1,
      link: `/b/${first.board.id}#token=${first.board.tokens.participant}&factor=${canary}`,
    });
    expect(suggestions[0]!.similarity).toBeGreaterThan(0.3);
    // Words in common that say little (one word of several) suggest nothing.
    const unrelated = await get<{ items: FactorSuggestion[] }>(server, `/api/workspace/similar-factors?${q({ text: 'The pager rotation had no backup for the stage team', board: second.board.id })}`, key);
    expect(unrelated.body.items).toEqual([]);

    // The person picks it: the new factor carries the link, and the report says so.
    const s = suggestions[0]!;
    addFactor(second.doc, { text: writing, category: 'process', sameAs: [{ boardId: s.boardId, factorId: s.factorId, reviewTitle: s.reviewTitle, incidentDate: s.incidentDate, text: s.text }] }, LIVE_WRITES);
    const report = await waitUntil(async () => {
      const md = await (await fetch(`${server.url}/api/boards/${second.board.id}/export.md?token=${second.board.tokens.participant}`)).text();
      return md.includes('same as in') ? md : null;
    }, 'the report shows the link');
    expect(report).toContain(`- ${writing} · same as in _Checkout outage_ (2026-01-10)`);

    const themes = await waitUntil(async () => {
      const { body } = await get<ThemesPage>(server, '/api/workspace/themes', key);
      return body.total === 1 ? body : null;
    }, 'one theme');
    expect(themes.recurredAfterDone).toBe(1);
    const theme = themes.items[0]!;
    expect(theme).toMatchObject({ title: 'Config changes skip the canary stage', reviews: 2, firstSeen: '2026-01-10', lastSeen: '2026-03-02', services: ['checkout', 'search'], recurredAfterDone: true });
    expect(theme.factors.map((f) => [f.reviewTitle, f.text, f.actionsDone])).toEqual([
      ['Checkout outage', 'Config changes skip the canary stage', 1],
      ['Search outage', writing, 0],
    ]);
    expect((await get<ThemesPage>(server, '/api/workspace/themes?service=SEARCH&recurredAfterDone=true', key)).body.total).toBe(1);
    expect((await get<ThemesPage>(server, '/api/workspace/themes?service=payments', key)).body.total).toBe(0);

    // Reopened on the follow-ups page: the theme still recurs, but no longer "although it was done".
    await fetch(`${server.url}/api/workspace/follow-ups/${first.board.id}/${fix}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'in-progress' }),
    });
    await waitUntil(async () => {
      const { body } = await get<ThemesPage>(server, '/api/workspace/themes', key);
      return body.total === 1 && body.recurredAfterDone === 0 && !body.items[0]!.recurredAfterDone;
    }, 'the flag cleared');

    // The earlier review deleted: a theme needs two reviews, so there is none.
    const deleted = await fetch(`${server.url}/api/boards/${first.board.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${first.board.tokens.facilitator}` } });
    expect(deleted.status).toBeLessThan(300);
    await waitUntil(async () => (await get<ThemesPage>(server, '/api/workspace/themes', key)).body.total === 0, 'no theme left');
  });

  test('garbage in the query string gets a 400 that says what is wrong, and strangers a 401', async () => {
    const { server, key } = await start();
    for (const [path, message] of [
      ['/api/workspace/similar-factors', /text/],
      [`/api/workspace/similar-factors?${q({ text: 'x', board: '../../etc' })}`, /board must be the id of a board/],
      [`/api/workspace/similar-factors?${q({ text: 'x'.repeat(2001) })}`, /text/],
      [`/api/workspace/similar-factors?${q({ text: 'x', limit: '9' })}`, /limit/],
      ['/api/workspace/themes?page=0', /page/],
      ['/api/workspace/themes?recurredAfterDone=maybe', /recurredAfterDone/],
      ['/api/workspace/themes?pageSize=1000', /pageSize/],
      ['/api/workspace/metrics?severity=SEV9', /severity must be one or more of SEV1/],
      ['/api/workspace/metrics?from=2026-13-01', /from must be a date written YYYY-MM-DD/],
      ['/api/workspace/metrics?from=yesterday', /from must be a date/],
      ['/api/workspace/metrics?from=2026-05-01&to=2026-04-01', /from \(2026-05-01\) is after to \(2026-04-01\)/],
      ['/api/workspace/metrics?period=week', /period/],
      ['/api/workspace/metrics?average=true', /average/],
    ] as const) {
      const res = await get<{ code: string; message: string }>(server, path, key);
      expect(res.status, path).toBe(400);
      expect(res.body.code, path).toBe('INVALID_REQUEST');
      expect(res.body.message, path).toMatch(message);
    }
    // Nothing to compare with: no suggestion, not an error.
    expect((await get<{ items: unknown[] }>(server, `/api/workspace/similar-factors?${q({ text: 'the and of' })}`, key)).body.items).toEqual([]);
    for (const path of ['/api/workspace/similar-factors?text=pool', '/api/workspace/themes', '/api/workspace/metrics']) {
      expect((await get(server, path, null)).status).toBe(401);
    }
  });
});

describe('metrics across incidents', () => {
  /** Marks the incident's moments at these minutes past 10:00 on its day. */
  function mark(doc: Client['doc'], day: string, minutes: Partial<Record<MarkerName, number>>) {
    for (const [marker, m] of Object.entries(minutes) as Array<[MarkerName, number]>) {
      const time = new Date(Date.parse(`${day}T10:00:00Z`) + m * 60_000).toISOString().slice(0, 16) + 'Z';
      addEvent(doc, { time, kind: 'other', text: `${marker} at ${m}`, marker }, LIVE_WRITES);
    }
  }
  const metric = (o: MetricsOverview, name: MetricDistribution['metric']) => o.metrics.find((m) => m.metric === name)!;

  test('are medians, 90th percentiles, histograms and trends per service and severity, from the marked timelines', async () => {
    const { server, key } = await start();
    const a = await review(server, 'Checkout outage', '2026-01-10', { severity: 'SEV1', services: ['checkout', 'payments'] });
    mark(a.doc, '2026-01-10', { impactStarted: 0, detected: 10, acknowledged: 15, mitigated: 60, resolved: 120 });
    const b = await review(server, 'Search slowness', '2026-03-02', { severity: 'SEV3', services: ['search'] });
    mark(b.doc, '2026-03-02', { impactStarted: 0, detected: 2, acknowledged: 3, mitigated: 30 });
    const c = await review(server, 'Checkout errors', '2026-03-20', { severity: 'SEV1', services: ['checkout'] });
    // Detected marked before impact started: a marker on the wrong event, counted apart.
    mark(c.doc, '2026-03-20', { impactStarted: 20, detected: 5, acknowledged: 6, mitigated: 500, resolved: 3000 });

    const all = await waitUntil(async () => {
      const { body } = await get<MetricsOverview>(server, '/api/workspace/metrics', key);
      return body.reviews === 3 && metric(body, 'timeToResolve').count === 2 ? body : null;
    }, 'three reviews measured');
    const ttd = metric(all, 'timeToDetect');
    expect(ttd).toMatchObject({ count: 2, median: 2 * 60_000, p90: 10 * 60_000, min: 2 * 60_000, max: 10 * 60_000, outOfOrder: 1, notMeasured: 0 });
    expect(ttd.histogram.reduce((n, b) => n + b.count, 0)).toBe(2);
    expect(ttd.histogram[0]).toEqual({ fromMs: 0, toMs: 5 * 60_000, count: 1 });
    expect(ttd.histogram[1]).toEqual({ fromMs: 5 * 60_000, toMs: 15 * 60_000, count: 1 });
    const ttr = metric(all, 'timeToResolve');
    expect(ttr).toMatchObject({ count: 2, median: 120 * 60_000, p90: 2980 * 60_000, notMeasured: 1 });
    expect(ttr.histogram[ttr.histogram.length - 1]).toEqual({ fromMs: 3 * 24 * 60 * 60_000, toMs: null, count: 0 });
    expect(ttr.trend).toEqual([
      { period: '2026-01', count: 1, median: 120 * 60_000, p90: 120 * 60_000 },
      { period: '2026-03', count: 1, median: 2980 * 60_000, p90: 2980 * 60_000 },
    ]);
    expect(metric(all, 'timeToMitigate').bySeverity).toEqual([
      { severity: 'SEV1', count: 2, median: 60 * 60_000, p90: 480 * 60_000 },
      { severity: 'SEV3', count: 1, median: 30 * 60_000, p90: 30 * 60_000 },
    ]);
    expect(metric(all, 'timeToMitigate').byService.map((s) => [s.service, s.count])).toEqual([['checkout', 2], ['payments', 1], ['search', 1]]);
    // No averages anywhere in the answer.
    expect(JSON.stringify(all)).not.toMatch(/mean|average|avg/i);

    const checkout = (await get<MetricsOverview>(server, '/api/workspace/metrics?service=Checkout&period=quarter', key)).body;
    expect(checkout.reviews).toBe(2);
    expect(metric(checkout, 'timeToMitigate').trend.map((t) => t.period)).toEqual(['2026-Q1']);
    const sev3 = (await get<MetricsOverview>(server, '/api/workspace/metrics?severity=SEV3', key)).body;
    expect(metric(sev3, 'timeToAcknowledge')).toMatchObject({ count: 1, median: 60_000 });
    const march = (await get<MetricsOverview>(server, '/api/workspace/metrics?from=2026-03-01&to=2026-03-31', key)).body;
    expect(march.reviews).toBe(2);
  });
});
