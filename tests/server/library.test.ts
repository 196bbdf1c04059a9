// The workspace and its incident library over HTTP, against a real server on SQLite with real
// y-websocket clients editing the boards: the member link (missing, wrong, replaced), the library
// home's filters and sorts, full-text search with highlights and links into the board, the index
// following edits live and surviving a restart, the incident fields only a facilitator can set,
// and the follow-ups page writing a status into an open board (and the board's change coming back).
import { afterEach, describe, expect, test } from 'vitest';
import { addActionItem, addEvent, addFactor, readActions, updateActionItem, updateEvent } from '../../shared/board';
import type { BoardId } from '../../shared/ids';
import { readIncidentFields, setIncidentFields } from '../../shared/facilitation';
import type { FollowUp, LibraryReview, Page, SearchHit } from '../../shared/library';
import { rotateWorkspaceLink } from '../../server/library/workspace';
import { LIVE_WRITES } from '../helpers/context';
import { connectSynced, createBoard, startServer, tempDir, waitUntil, type Client, type TestServer } from './helpers';

const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(dataDir?: string): Promise<TestServer> {
  const server = await startServer({ libraryIndexDelayMs: 20, ...(dataDir ? { dataDir } : {}) });
  servers.push(server);
  return server;
}

async function get<T>(server: TestServer, path: string, key: string | null): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.status, body: (await res.json()) as T };
}

async function patch<T>(server: TestServer, path: string, key: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A board with a few records, written by its facilitator's real client; answers the client and ids. */
async function seedBoard(server: TestServer, title: string, incidentDate: string) {
  const board = await createBoard(server.url, { title, incidentDate });
  const client = await connectSynced(server.wsUrl, board.id, board.tokens.facilitator);
  const facilitation = await connectSynced(server.wsUrl, board.id, board.tokens.facilitator, { document: 'facilitation' });
  clients.push(client, facilitation);
  const eventId = addEvent(client.doc, { time: `${incidentDate}T10:02Z`, kind: 'detection', text: 'Checkout latency alert fired' }, LIVE_WRITES);
  const factorId = addFactor(client.doc, { text: 'Connection pool size was copied from staging', category: 'technology' }, LIVE_WRITES);
  const actionId = addActionItem(client.doc, { text: 'Load-test the pool settings', owner: 'Ana', factorIds: [factorId] }, LIVE_WRITES);
  return { board, client, facilitation, eventId, factorId, actionId };
}

describe('the workspace link', () => {
  test('is made at the first start only, opens the library, and stops working once replaced', async () => {
    const dataDir = tempDir();
    let server = await start(dataDir);
    const key = server.app.library.newWorkspaceToken;
    expect(key).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    expect((await get<{ code: string }>(server, '/api/workspace', null)).body.code).toBe('WORKSPACE_LINK_MISSING');
    expect((await get<{ code: string }>(server, '/api/workspace', 'not-the-link')).body.code).toBe('WORKSPACE_LINK_INVALID');
    const ok = await get<{ name: string; membersSignIn: boolean }>(server, '/api/workspace', key);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'Incident reviews', membersSignIn: false });

    // A restart keeps the workspace and its link, and prints none again.
    await server.close();
    servers.length = 0;
    server = await start(dataDir);
    expect(server.app.library.newWorkspaceToken).toBeNull();
    expect((await get(server, '/api/workspace', key)).status).toBe(200);

    const fresh = await rotateWorkspaceLink(server.app.storage);
    const revoked = await get<{ code: string; message: string }>(server, '/api/workspace/reviews', key);
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('WORKSPACE_LINK_REVOKED');
    expect(revoked.body.message).toMatch(/replaced/);
    expect((await get(server, '/api/workspace/reviews', fresh)).status).toBe(200);
  });
});

describe('the library', () => {
  test('lists every review with its fields and counts; filters, sorts and pages; refuses bad filters', async () => {
    const server = await start();
    const key = server.app.library.newWorkspaceToken!;
    const a = await seedBoard(server, 'Checkout outage', '2026-10-02');
    const b = await seedBoard(server, 'Login slowness', '2026-11-20');
    await createBoard(server.url, { title: 'Empty review' });
    setIncidentFields(a.facilitation.doc, { severity: 'SEV1', services: ['checkout', 'payments'], tags: ['config'] }, LIVE_WRITES);
    setIncidentFields(b.facilitation.doc, { severity: 'SEV3', services: ['auth'] }, LIVE_WRITES);

    const all = await waitUntil(async () => {
      const { body } = await get<Page<LibraryReview>>(server, '/api/workspace/reviews', key);
      return body.total === 3 && body.items.find((r) => r.title === 'Checkout outage')?.severity === 'SEV1' ? body : null;
    }, 'three reviews indexed');
    const checkout = all.items.find((r) => r.title === 'Checkout outage')!;
    expect(checkout).toMatchObject({
      incidentDate: '2026-10-02',
      services: ['checkout', 'payments'],
      tags: ['config'],
      status: 'draft',
      events: 1,
      factors: 1,
      openActions: 1,
    });
    expect(checkout.link).toBe(`/b/${a.board.id}#token=${a.board.tokens.participant}`);
    // Newest incident first by default; the one without a date last.
    expect(all.items.map((r) => r.title)).toEqual(['Login slowness', 'Checkout outage', 'Empty review']);

    const sev1 = await get<Page<LibraryReview>>(server, '/api/workspace/reviews?severity=SEV1,SEV2', key);
    expect(sev1.body.items.map((r) => r.title)).toEqual(['Checkout outage']);
    const byService = await get<Page<LibraryReview>>(server, '/api/workspace/reviews?service=AUTH', key);
    expect(byService.body.items.map((r) => r.title)).toEqual(['Login slowness']);
    const byTitle = await get<Page<LibraryReview>>(server, '/api/workspace/reviews?sort=title&pageSize=2&page=2', key);
    expect(byTitle.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(byTitle.body.items.map((r) => r.title)).toEqual(['Login slowness']);

    for (const [query, message] of [
      ['severity=SEV9', /severity must be one or more of SEV1/],
      ['status=done', /status must be one or more of draft/],
      ['sort=random', /sort must be one of/],
      ['page=0', /page is not in the expected format/],
      ['pageSize=500', /pageSize is at most 100/],
      ['page=9999', /too deep/],
      ['color=red', /Unknown field color/],
    ] as const) {
      const res = await get<{ code: string; message: string }>(server, `/api/workspace/reviews?${query}`, key);
      expect(res.status, query).toBe(400);
      expect(res.body.message, query).toMatch(message);
    }
  });

  test('incident fields are the facilitator\'s: a participant\'s change to them is not applied', async () => {
    const server = await start();
    const a = await seedBoard(server, 'Checkout outage', '2026-10-02');
    setIncidentFields(a.facilitation.doc, { severity: 'SEV2' }, LIVE_WRITES);
    const participant = await connectSynced(server.wsUrl, a.board.id, a.board.tokens.participant, { document: 'facilitation' });
    clients.push(participant);
    await waitUntil(() => readIncidentFields(participant.doc).severity === 'SEV2', 'participant sees SEV2');
    setIncidentFields(participant.doc, { severity: 'SEV4', tags: ['mine'] }, LIVE_WRITES);
    // Barrier: a later change of the facilitator's reaches the participant; the server kept SEV2.
    setIncidentFields(a.facilitation.doc, { services: ['checkout'] }, LIVE_WRITES);
    await waitUntil(() => readIncidentFields(participant.doc).services[0] === 'checkout', 'facilitator change arrives');
    const stored = await server.app.rooms.read({ boardId: a.board.id as BoardId, name: 'facilitation' }, readIncidentFields);
    expect(stored).toEqual({ severity: 'SEV2', services: ['checkout'], tags: [] });
  });
});

describe('search', () => {
  test('finds words across boards, highlights them, links to the match, follows edits live and survives a restart', async () => {
    const dataDir = tempDir();
    let server = await start(dataDir);
    const key = server.app.library.newWorkspaceToken!;
    const a = await seedBoard(server, 'Checkout outage', '2026-10-02');
    await seedBoard(server, 'Login slowness', '2026-11-20');

    const found = await waitUntil(async () => {
      const { body } = await get<Page<SearchHit>>(server, `/api/workspace/search?q=${encodeURIComponent('pools staging')}`, key);
      return body.total === 2 ? body : null;
    }, 'the factor found on both boards');
    const hit = found.items.find((h) => h.boardId === a.board.id)!;
    expect(hit.kind).toBe('factor');
    expect(hit.link).toBe(`/b/${a.board.id}#token=${a.board.tokens.participant}&factor=${a.factorId}`);
    // "pools" finds "pool" (stemmed); the matching words are marked, the rest is not.
    expect(hit.snippet.filter((p) => p.match).map((p) => p.text.toLowerCase())).toEqual(['pool', 'staging']);
    expect(hit.snippet.map((p) => p.text).join('')).toBe('Connection pool size was copied from staging');

    const phrase = await get<Page<SearchHit>>(server, `/api/workspace/search?q=${encodeURIComponent('"latency alert" -login')}`, key);
    expect(phrase.body.items.map((h) => h.kind)).toEqual(['event', 'event']);

    // An edit is found within seconds.
    updateEvent(a.client.doc, a.eventId, { text: 'Checkout latency alert fired on the thundering herd dashboard' }, LIVE_WRITES);
    const live = await waitUntil(async () => {
      const { body } = await get<Page<SearchHit>>(server, '/api/workspace/search?q=thundering', key);
      return body.total === 1 ? body : null;
    }, 'the edited event found', 5_000);
    expect(live.items[0]!.link).toContain(`&event=${a.eventId}`);

    for (const [q, message] of [
      ['"unclosed phrase', /quote at character 1 is not closed/],
      ['-login', /not only what to leave out/],
      ['outage OR', /OR needs something/],
      ['   ', /Type a word/],
      ['x'.repeat(300), /at most 200 characters/],
      ['NEAR(a b) AND * ^ :col', null],
    ] as const) {
      const res = await get<{ code: string; message: string; total: number }>(server, `/api/workspace/search?q=${encodeURIComponent(q)}`, key);
      if (message === null) {
        // FTS5's own operators are plain words here: answered, never a crash.
        expect(res.status, q).toBe(200);
      } else {
        expect(res.status, q).toBe(400);
        expect(res.body.code, q).toBe('SEARCH_QUERY_INVALID');
        expect(res.body.message, q).toMatch(message);
      }
    }

    // After a restart the index is still there, and an edit stored just before stopping is caught up.
    updateEvent(a.client.doc, a.eventId, { text: 'Checkout latency alert fired: a glacier of retries' }, LIVE_WRITES);
    await waitUntil(async () => (await server.app.rooms.read({ boardId: a.board.id as BoardId, name: 'board' }, (d) => JSON.stringify(d.toJSON()))).includes('glacier'));
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    servers.length = 0;
    server = await start(dataDir);
    await server.app.library.indexer.idle();
    const after = await get<Page<SearchHit>>(server, '/api/workspace/search?q=glacier', key);
    expect(after.body.total).toBe(1);
    expect((await get<Page<SearchHit>>(server, '/api/workspace/search?q=staging', key)).body.total).toBe(2);
  });

  test('a deleted board leaves the library and its search', async () => {
    const server = await start();
    const key = server.app.library.newWorkspaceToken!;
    const a = await seedBoard(server, 'Checkout outage', '2026-10-02');
    await waitUntil(async () => (await get<Page<SearchHit>>(server, '/api/workspace/search?q=staging', key)).body.total === 1);
    const res = await fetch(`${server.url}/api/boards/${a.board.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${a.board.tokens.facilitator}` } });
    expect(res.status).toBe(204);
    expect((await get<Page<SearchHit>>(server, '/api/workspace/search?q=staging', key)).body.total).toBe(0);
    expect((await get<Page<LibraryReview>>(server, '/api/workspace/reviews', key)).body.total).toBe(0);
  });
});

describe('follow-ups', () => {
  test('lists every action item with its default due date; a status set there changes the open board, and the reverse', async () => {
    const server = await start();
    const key = server.app.library.newWorkspaceToken!;
    const a = await seedBoard(server, 'Checkout outage', '2020-10-02');
    setIncidentFields(a.facilitation.doc, { severity: 'SEV1' }, LIVE_WRITES);
    const b = await seedBoard(server, 'Login slowness', '2099-11-20');
    updateActionItem(b.client.doc, b.actionId, { owner: 'Bo', due: '2099-12-01' }, LIVE_WRITES);

    const list = await waitUntil(async () => {
      const { body } = await get<Page<FollowUp>>(server, '/api/workspace/follow-ups', key);
      return body.total === 2 && body.items[0]!.severity === 'SEV1' && body.items[1]!.owner === 'Bo' ? body : null;
    }, 'two follow-ups');
    // Four weeks after a SEV1 incident, and long past: overdue.
    expect(list.items[0]).toMatchObject({ boardTitle: 'Checkout outage', owner: 'Ana', due: '2020-10-30', dueIsDefault: true, overdue: true, status: 'open' });
    expect(list.items[0]!.factors).toEqual(['Connection pool size was copied from staging']);
    expect(list.items[1]).toMatchObject({ due: '2099-12-01', dueIsDefault: false, overdue: false });
    expect((await get<Page<FollowUp>>(server, '/api/workspace/follow-ups?overdue=true', key)).body.items.map((f) => f.owner)).toEqual(['Ana']);
    expect((await get<Page<FollowUp>>(server, '/api/workspace/follow-ups?owner=bo', key)).body.items.map((f) => f.owner)).toEqual(['Bo']);
    const mine = await get<{ message: string }>(server, '/api/workspace/follow-ups?mine=true', key);
    expect(mine.status).toBe(400);
    expect(mine.body.message).toMatch(/signed in/);

    // From the follow-ups page into the open board, live.
    const path = `/api/workspace/follow-ups/${a.board.id}/${a.actionId}`;
    expect((await patch(server, path, key, { status: 'done' })).status).toBe(200);
    await waitUntil(() => readActions(a.client.doc)[0]?.status === 'done', 'the board shows done');
    const noReason = await patch<{ message: string }>(server, path, key, { status: 'wont-do' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/Say why/);
    expect(readActions(a.client.doc)[0]?.status).toBe('done');
    expect((await patch(server, path, key, { status: 'wont-do', reason: 'The pool moves to the new proxy' })).status).toBe(200);
    await waitUntil(() => readActions(a.client.doc)[0]?.statusReason === 'The pool moves to the new proxy', 'the reason on the board');
    expect((await patch<{ code: string }>(server, `/api/workspace/follow-ups/${a.board.id}/nope`, key, { status: 'done' })).body.code).toBe('FOLLOW_UP_NOT_FOUND');
    expect((await patch(server, path, key, { status: 'finished' })).status).toBe(400);

    // From the board into the follow-ups page.
    updateActionItem(b.client.doc, b.actionId, { status: 'in-progress' }, LIVE_WRITES);
    await waitUntil(async () => {
      const { body } = await get<Page<FollowUp>>(server, '/api/workspace/follow-ups?status=in-progress', key);
      return body.items.length === 1 && body.items[0]!.owner === 'Bo';
    }, 'the board\'s change on the follow-ups page', 5_000);
  });
});
