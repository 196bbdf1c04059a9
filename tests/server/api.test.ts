// The HTTP API: creating boards, sessions, the Markdown export, deletion, the server's clock; and
// bad input of every kind answered with a clear 4xx, never a 5xx.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addEvent, readMeta } from '../../shared/board';
import type { BoardId } from '../../shared/ids';
import { CloseCode, type ApiErrorBody, type ServerTimeResponse } from '../../shared/protocol';
import {
  connectSynced,
  createBoard,
  rawSocket,
  startServer,
  TEST_MAP,
  waitUntil,
  type TestServer,
} from './helpers';
import { LIVE_WRITES } from '../helpers/context';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

async function post(body: string | undefined, contentType: string | undefined = 'application/json') {
  return server.app.inject({
    method: 'POST',
    url: '/api/boards',
    ...(contentType ? { headers: { 'content-type': contentType } } : {}),
    ...(body !== undefined ? { payload: body } : {}),
  });
}

describe('creating a board', () => {
  test('with a title, date and link: 201, and the board document holds them', async () => {
    const res = await post(JSON.stringify({ title: '  Checkout outage ', incidentDate: '2026-11-02', incidentLink: 'https://status.example.com/INC-42' }));
    expect(res.statusCode).toBe(201);
    const created = res.json() as { id: string; tokens: Record<string, string> };
    expect(Object.keys(created.tokens).sort()).toEqual(['facilitator', 'participant', 'viewer']);
    const client = await connectSynced(server.wsUrl, created.id, created.tokens.viewer!);
    expect(readMeta(client.doc)).toMatchObject({
      title: 'Checkout outage',
      incidentDate: '2026-11-02',
      incidentLink: 'https://status.example.com/INC-42',
    });
    client.destroy();
  });

  test.each([
    ['no body at all', undefined, undefined],
    ['an empty JSON body', '', 'application/json'],
    ['an empty object', '{}', 'application/json'],
    ['null', 'null', 'application/json'],
    ['a JSON content type with a charset', '{"title":"x"}', 'application/json; charset=utf-8'],
  ])('the body is optional: %s', async (_what, body, type) => {
    const res = await post(body, type);
    expect(res.statusCode).toBe(201);
  });

  test.each([
    ['invalid JSON', '{"title": ', 'application/json', 400, /not valid JSON/],
    ['a title that is a number', '{"title": 5}', 'application/json', 400, /title must be of type string/],
    ['an array body', '[]', 'application/json', 400, /type object/],
    ['a string body', '"hello"', 'application/json', 400, /type object/],
    ['an overlong title', JSON.stringify({ title: 't'.repeat(201) }), 'application/json', 400, /title is too long \(at most 200/],
    ['a control character in the title', JSON.stringify({ title: 'a\u0000b' }), 'application/json', 400, /title/],
    ['an impossible date', '{"incidentDate": "2026-02-30"}', 'application/json', 400, /incidentDate must be a real date/],
    ['a date in words', '{"incidentDate": "yesterday"}', 'application/json', 400, /incidentDate/],
    ['a javascript: link', '{"incidentLink": "javascript:alert(1)"}', 'application/json', 400, /incidentLink must be an http/],
    ['an ftp link', '{"incidentLink": "ftp://example.com/x"}', 'application/json', 400, /incidentLink/],
    ['a link that is no URL', '{"incidentLink": "not a url"}', 'application/json', 400, /incidentLink/],
    ['an unknown field', '{"owner": "me"}', 'application/json', 400, /Unknown field owner/],
    ['a prototype-poisoning body', '{"__proto__": {"admin": true}}', 'application/json', 400, /./],
    ['a text body', 'title=x', 'text/plain', 415, /application\/json/],
    ['a form body', 'title=x', 'application/x-www-form-urlencoded', 415, /application\/json/],
    ['a huge body', JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }), 'application/json', 413, /too large/],
  ])('refused with a clear message: %s', async (_what, body, type, status, message) => {
    const res = await post(body, type);
    expect(res.statusCode).toBe(status);
    const error = res.json() as ApiErrorBody;
    expect(error.statusCode).toBe(status);
    expect(error.code).toMatch(/^[A-Z_]+$/);
    expect(error.message).toMatch(message);
  });
});

describe('board routes', () => {
  test.each([
    ['GET', 'session'],
    ['GET', 'export.md'],
    ['DELETE', ''],
  ] as const)('%s %s: odd ids are unknown boards, and tokens are checked', async (method, suffix) => {
    const board = await createBoard(server.url);
    const url = (id: string) => `/api/boards/${id}${suffix ? `/${suffix}` : ''}`;
    const auth = { authorization: `Bearer ${board.tokens.facilitator}` };
    for (const id of ['..%2F..', 'a'.repeat(5000), '%00', encodeURIComponent("' OR 1=1 --"), 'AAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await server.app.inject({ method, url: url(id), headers: auth });
      expect(res.statusCode, id.slice(0, 20)).toBe(404);
    }
    expect((await server.app.inject({ method, url: url(board.id) })).statusCode).toBe(401);
    const wrong = await server.app.inject({ method, url: url(board.id), headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    expect((wrong.json() as ApiErrorBody).code).toBe('TOKEN_INVALID');
    const malformed = await server.app.inject({ method, url: `${url(board.id)}?token=a&token=b` });
    expect(malformed.statusCode).toBeLessThan(500);
  });

  test('the report is Markdown, for any role, from the live board or from storage', async () => {
    const board = await createBoard(server.url, { title: 'Payments latency', incidentDate: '2026-10-01' });
    const client = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
    addEvent(client.doc, { time: '2026-10-01T09:12Z', kind: 'detection', text: 'p99 latency alert fired' }, LIVE_WRITES);
    // Read while the room is loaded...
    await waitUntil(async () => {
      const res = await fetch(`${server.url}/api/boards/${board.id}/export.md?token=${board.tokens.viewer}`);
      return (await res.text()).includes('p99 latency alert fired');
    }, 'the event in the live report');
    client.destroy();
    await waitUntil(() => server.app.rooms.size === 0, 'the room to be released');
    // ...and from storage.
    const res = await fetch(`${server.url}/api/boards/${board.id}/export.md`, {
      headers: { authorization: `Bearer ${board.tokens.facilitator}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="postmortem-2026-10-01-payments-latency\.md"/);
    const markdown = await res.text();
    expect(markdown).toContain('Payments latency');
    expect(markdown).toContain('p99 latency alert fired');
  });

  test('unknown routes answer 404 without echoing the URL', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/nowhere?token=secret-value' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('secret-value');
    const put = await server.app.inject({ method: 'PUT', url: '/api/boards' });
    expect(put.statusCode).toBe(404);
  });
});

describe('deleting a board', () => {
  test('only the facilitator may; open connections are closed, and the data is gone', async () => {
    const board = await createBoard(server.url, { title: 'To be deleted' });
    const participant = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
    const viewer = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
    participant.doc.getMap(TEST_MAP).set('note', 'something sensitive');
    const key = { boardId: board.id as BoardId, name: 'board' as const };
    await waitUntil(async () => (await server.app.storage.documentStats(key)).updates >= 2, 'the edit to be stored');

    for (const token of [board.tokens.participant, board.tokens.viewer]) {
      const refused = await fetch(`${server.url}/api/boards/${board.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as ApiErrorBody).message).toMatch(/Only the facilitator/);
    }

    const res = await fetch(`${server.url}/api/boards/${board.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${board.tokens.facilitator}` },
    });
    expect(res.status).toBe(204);
    await waitUntil(
      () => participant.closeCodes.includes(CloseCode.boardDeleted) && viewer.closeCodes.includes(CloseCode.boardDeleted),
      'both connections to be closed as deleted',
    );
    participant.destroy();
    viewer.destroy();

    expect(await server.app.storage.getBoard(board.id)).toBeNull();
    // Not just unlinked: the words are nowhere in the database files any more.
    for (const file of fs.readdirSync(server.config.dataDir).filter((f) => f.startsWith('debrief.sqlite'))) {
      expect(fs.readFileSync(path.join(server.config.dataDir, file)).includes('something sensitive'), file).toBe(false);
    }
    expect(await server.app.storage.documentStats(key)).toEqual({ updates: 0, hasSnapshot: false });
    const reopen = rawSocket(`${server.wsUrl}/${board.id}?token=${board.tokens.facilitator}`);
    await expect(reopen.opened).rejects.toMatchObject({ statusCode: 404 });
    const session = await fetch(`${server.url}/api/boards/${board.id}/session?token=${board.tokens.facilitator}`);
    expect(session.status).toBe(404);
    await waitUntil(() => server.app.rooms.size === 0, 'the room to be released');
  });
});

test('GET /api/time answers the server clock, uncached, without a token', async () => {
  const before = Date.now();
  const res = await fetch(`${server.url}/api/time`);
  const after = Date.now();
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const { now } = (await res.json()) as ServerTimeResponse;
  expect(typeof now).toBe('number');
  expect(now).toBeGreaterThanOrEqual(before);
  expect(now).toBeLessThanOrEqual(after);
});
