// Who may open a board's websocket: decided before the upgrade. Every refusal is an HTTP status,
// no websocket is opened, the server stays healthy, and no token is ever written to the log.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectSynced, createBoard, rawSocket, startServer, type CreatedBoard, type TestServer } from './helpers';

let server: TestServer;
let board: CreatedBoard;
let other: CreatedBoard;
beforeAll(async () => {
  server = await startServer();
  board = await createBoard(server.url, { title: 'Guarded' });
  other = await createBoard(server.url, { title: 'Another' });
});
afterAll(async () => {
  await server.close();
});

/** Tries to open a websocket at `path`; answers the HTTP status of the refusal, or 101. */
async function upgradeStatus(path: string): Promise<number> {
  const raw = rawSocket(`${server.url.replace('http', 'ws')}${path}`);
  let upgraded = false;
  raw.socket.once('upgrade', () => (upgraded = true));
  try {
    await raw.opened;
    raw.socket.close();
    return 101;
  } catch (error) {
    expect(upgraded).toBe(false);
    expect(raw.messages).toHaveLength(0);
    return (error as { statusCode: number }).statusCode;
  }
}

test.each([
  ['an unknown board', () => `/ws/AAAAAAAAAAAAAAAAAAAAAA?token=${board.tokens.participant}`, 404],
  ['no token', () => `/ws/${board.id}`, 401],
  ['an empty token', () => `/ws/${board.id}?token=`, 401],
  ['a wrong token', () => `/ws/${board.id}?token=not-a-real-token`, 401],
  ['a very long token', () => `/ws/${board.id}?token=${'x'.repeat(4000)}`, 401],
  ["another board's token", () => `/ws/${board.id}?token=${other.tokens.facilitator}`, 401],
  ['a path-traversal id', () => `/ws/..%2F..%2Fetc%2Fpasswd?token=${board.tokens.participant}`, 404],
  ['a 5,000-character id', () => `/ws/${'a'.repeat(5000)}?token=${board.tokens.participant}`, 404],
  ['a NUL in the id', () => `/ws/${board.id}%00?token=${board.tokens.participant}`, 404],
  ['SQL in the id', () => `/ws/${encodeURIComponent("' OR 1=1 --")}?token=${board.tokens.participant}`, 404],
  ['an unknown document', () => `/ws/${board.id}/secrets?token=${board.tokens.facilitator}`, 404],
])('refused before the upgrade: %s', async (_what, path, status) => {
  expect(await upgradeStatus(path())).toBe(status);
});

test('each token opens its own board, and the session tells the role', async () => {
  for (const role of ['facilitator', 'participant', 'viewer'] as const) {
    const client = await connectSynced(server.wsUrl, board.id, board.tokens[role]);
    client.destroy();
    const res = await fetch(`${server.url}/api/boards/${board.id}/session`, {
      headers: { authorization: `Bearer ${board.tokens[role]}` },
    });
    expect(res.status).toBe(200);
    const session = (await res.json()) as Record<string, unknown>;
    expect(session).toMatchObject({ boardId: board.id, role, title: 'Guarded' });
    // A facilitator gets every link back (to invite a co-facilitator too); a participant the
    // participant link while participants may share it; a viewer none.
    if (role === 'facilitator') {
      expect(session.links).toEqual({
        facilitator: board.tokens.facilitator,
        participant: board.tokens.participant,
        viewer: board.tokens.viewer,
      });
    } else if (role === 'participant') {
      expect(session.links).toEqual({ participant: board.tokens.participant });
    } else {
      expect(session).not.toHaveProperty('links');
    }
  }
  const byQuery = await fetch(`${server.url}/api/boards/${board.id}/session?token=${board.tokens.viewer}`);
  expect(((await byQuery.json()) as { role: string }).role).toBe('viewer');
});

test('tokens are long and random, ids are 128-bit, and none of them reach the log', async () => {
  for (const token of Object.values(board.tokens)) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(new Set([...Object.values(board.tokens), ...Object.values(other.tokens)]).size).toBe(6);
  expect(board.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  // Requests that carry tokens in every way: query, bearer, an unknown route.
  await fetch(`${server.url}/nowhere?token=${board.tokens.facilitator}`);
  await fetch(`${server.url}/api/boards/${board.id}/session`, { headers: { authorization: `Bearer ${board.tokens.facilitator}` } });
  const res = await fetch(`${server.url}/api/nothing?token=${board.tokens.participant}`);
  expect(await res.text()).not.toContain(board.tokens.participant);

  const log = JSON.stringify(server.logs);
  expect(server.logs.length).toBeGreaterThan(20);
  expect(log).toContain('[redacted]');
  for (const b of [board, other]) for (const token of Object.values(b.tokens)) expect(log).not.toContain(token);
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
});
