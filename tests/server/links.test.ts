// Reviewing earlier boards' action items: linking a board by its share link, listing its action
// items, updating their status (written live into the earlier board, which is usually closed), and
// every kind of bad request to these routes answered with a clear 4xx; and server-side writes.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { SERVER_ORIGIN, addActionItem, readActions, withOrigin } from '../../shared/board';
import { isClosed, setPhase } from '../../shared/facilitation';
import type { ActionItemId, BoardId } from '../../shared/ids';
import type { ApiErrorBody, LinkedBoard, PastActionItem, PastActionsResponse } from '../../shared/protocol';
import { readBoardLink } from '../../server/board-link';
import { MAX_LINKED_BOARDS } from '../../server/plugins/links';
import { connectSynced, createBoard, startServer, waitUntil, type CreatedBoard, type TestServer } from './helpers';
import { rebuild } from './store-contract';
import { LIVE_WRITES } from '../helpers/context';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const shareLink = (id: string, token: string) => `https://debrief.example.com/b/${id}#token=${token}`;

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  token?: string | undefined;
  body?: unknown;
  /** Sent as is (with a JSON content type unless `contentType` says otherwise). */
  raw?: string;
  contentType?: string;
}

async function call({ method, url, token, body, raw, contentType }: Call) {
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  return server.app.inject({
    method,
    url,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(payload !== undefined ? { 'content-type': contentType ?? 'application/json' } : {}),
    },
    ...(payload !== undefined ? { payload } : {}),
  });
}

/** A board with action items, written as the server would. */
async function boardWithActions(texts: string[], title = 'Checkout outage'): Promise<{ board: CreatedBoard; actionIds: ActionItemId[] }> {
  const board = await createBoard(server.url, { title, incidentDate: '2026-03-14' });
  const actionIds: ActionItemId[] = [];
  for (const text of texts) {
    // Action items are listed in creation order (by the millisecond): one per millisecond at least.
    await new Promise((resolve) => setTimeout(resolve, 2));
    actionIds.push(
      await server.app.rooms.write({ boardId: board.id as BoardId, name: 'board' }, (doc) =>
        addActionItem(doc, { text, owner: 'Sam', due: '2026-04-01' }, withOrigin(LIVE_WRITES, SERVER_ORIGIN)),
      ),
    );
  }
  return { board, actionIds };
}

async function setBoardPhase(boardId: string, phase: 'closed' | 'actions') {
  await server.app.rooms.write({ boardId: boardId as BoardId, name: 'facilitation' }, (doc) =>
    setPhase(doc, phase, Date.now(), withOrigin(LIVE_WRITES, SERVER_ORIGIN)),
  );
}

async function link(review: CreatedBoard, pasted: string) {
  return call({ method: 'POST', url: `/api/boards/${review.id}/links`, token: review.tokens.facilitator, body: { link: pasted } });
}

test('link an earlier (closed) board, review its action items, and update one: live at its viewers and stored', async () => {
  const { board: earlier, actionIds } = await boardWithActions(['Add a canary stage to deploys', 'Alert on queue depth']);
  await setBoardPhase(earlier.id, 'closed');
  const review = await createBoard(server.url, { title: 'Checkout outage, again' });
  // Someone has the earlier board open while it is reviewed.
  const watcher = await connectSynced(server.wsUrl, earlier.id, earlier.tokens.viewer);

  const linked = await link(review, shareLink(earlier.id, earlier.tokens.participant));
  expect(linked.statusCode).toBe(201);
  const body = linked.json() as LinkedBoard;
  expect(body).toMatchObject({ boardId: earlier.id, title: 'Checkout outage', incidentDate: '2026-03-14' });
  expect(body.actions).toEqual([
    { id: actionIds[0], text: 'Add a canary stage to deploys', owner: 'Sam', due: '2026-04-01', status: 'open' },
    { id: actionIds[1], text: 'Alert on queue depth', owner: 'Sam', due: '2026-04-01', status: 'open' },
  ]);
  // Linking again (here with the facilitator link, as a query parameter) changes nothing.
  const again = await call({
    method: 'POST',
    url: `/api/boards/${review.id}/links?token=${review.tokens.facilitator}`,
    body: { link: `http://localhost:5173/b/${earlier.id}?token=${earlier.tokens.participant}` },
  });
  expect(again.statusCode).toBe(201);
  expect((again.json() as LinkedBoard).linkedAt).toBe(body.linkedAt);

  // Everyone on the review sees the past actions, viewers included.
  const listed = await call({ method: 'GET', url: `/api/boards/${review.id}/past-actions`, token: review.tokens.viewer });
  expect(listed.statusCode).toBe(200);
  expect(listed.headers['cache-control']).toBe('no-store');
  expect((listed.json() as PastActionsResponse).boards).toEqual([body]);

  // A participant of the review marks one done: the earlier board, closed, takes it from the server.
  const patched = await call({
    method: 'PATCH',
    url: `/api/boards/${review.id}/past-actions/${earlier.id}/${actionIds[0]}`,
    token: review.tokens.participant,
    body: { status: 'done' },
  });
  expect(patched.statusCode).toBe(200);
  expect(patched.json() as PastActionItem).toEqual({ ...body.actions[0], status: 'done' });
  await waitUntil(() => readActions(watcher.doc).find((a) => a.id === actionIds[0])?.status === 'done', 'the status at the watcher');
  expect(readActions(watcher.doc).find((a) => a.id === actionIds[1])?.status).toBe('open');
  // Stored by the time the answer came.
  const stored = rebuild(await server.app.storage.loadDocument({ boardId: earlier.id as BoardId, name: 'board' }));
  expect(readActions(stored).map((a) => a.status)).toEqual(['done', 'open']);
  watcher.destroy();

  // And from storage, once nobody has either board open.
  await waitUntil(() => server.app.rooms.size === 0, 'the rooms to be released');
  const later = (await call({ method: 'GET', url: `/api/boards/${review.id}/past-actions`, token: review.tokens.participant })).json() as PastActionsResponse;
  expect(later.boards[0]!.actions.map((a) => a.status)).toEqual(['done', 'open']);
  const facilitatorSet = await call({
    method: 'PATCH',
    url: `/api/boards/${review.id}/past-actions/${earlier.id}/${actionIds[1]}`,
    token: review.tokens.facilitator,
    body: { status: 'in-progress' },
  });
  expect((facilitatorSet.json() as PastActionItem).status).toBe('in-progress');
  await waitUntil(() => server.app.rooms.size === 0, 'the rooms to be released after the write');
  const reread = rebuild(await server.app.storage.loadDocument({ boardId: earlier.id as BoardId, name: 'board' }));
  expect(readActions(reread).map((a) => a.status)).toEqual(['done', 'in-progress']);
  // The earlier board is still closed: the write did not open it.
  expect(await server.app.rooms.read({ boardId: earlier.id as BoardId, name: 'facilitation' }, isClosed)).toBe(true);

  // Unlinking: gone from the list; a second time is 404.
  const unlink = () => call({ method: 'DELETE', url: `/api/boards/${review.id}/links/${earlier.id}`, token: review.tokens.facilitator });
  expect((await unlink()).statusCode).toBe(204);
  expect(((await call({ method: 'GET', url: `/api/boards/${review.id}/past-actions`, token: review.tokens.viewer })).json() as PastActionsResponse).boards).toEqual([]);
  const twice = await unlink();
  expect(twice.statusCode).toBe(404);
  expect((twice.json() as ApiErrorBody).code).toBe('LINK_NOT_FOUND');
});

test('several links list oldest first; a deleted earlier board drops out of the list', async () => {
  const review = await createBoard(server.url);
  const first = await boardWithActions(['One'], 'First');
  const second = await boardWithActions(['Two'], 'Second');
  expect((await link(review, `${first.board.id}#token=${first.board.tokens.facilitator}`)).statusCode).toBe(201);
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect((await link(review, shareLink(second.board.id, second.board.tokens.participant) + '&share')).statusCode).toBe(201);
  const list = async () =>
    ((await call({ method: 'GET', url: `/api/boards/${review.id}/past-actions`, token: review.tokens.participant })).json() as PastActionsResponse).boards;
  expect((await list()).map((b) => b.title)).toEqual(['First', 'Second']);

  await call({ method: 'DELETE', url: `/api/boards/${first.board.id}`, token: first.board.tokens.facilitator });
  expect((await list()).map((b) => b.title)).toEqual(['Second']);
  const patch = await call({
    method: 'PATCH',
    url: `/api/boards/${review.id}/past-actions/${first.board.id}/${first.actionIds[0]}`,
    token: review.tokens.participant,
    body: { status: 'done' },
  });
  expect(patch.statusCode).toBe(404);
  expect((patch.json() as ApiErrorBody).code).toBe('LINK_NOT_FOUND');
});

test('a pasted link is read from the address as shared, with ?token= or a bare id, from any host', () => {
  const id = 'I-xACwmV4yFcgZMcKJyIDg';
  const board = { kind: 'board', boardId: id, token: 'tok' };
  expect(readBoardLink(`https://debrief.example.com/b/${id}#token=tok`)).toEqual(board);
  expect(readBoardLink(`  http://10.0.0.5:3000/b/${id}/#token=tok&share \n`)).toEqual(board);
  expect(readBoardLink(`https://example.org/some/prefix/b/${id}?token=tok`)).toEqual(board);
  expect(readBoardLink(`${id}#token=tok`)).toEqual(board);
  expect(readBoardLink(`debrief.internal/b/${id}#token=tok`)).toEqual(board);
  expect(readBoardLink(`https://x/b/${id}`)).toEqual({ kind: 'noToken', boardId: id });
  expect(readBoardLink(`https://x/b/${id}#token=`)).toEqual({ kind: 'noToken', boardId: id });
  expect(readBoardLink(`https://x/b/${id}#share`)).toEqual({ kind: 'noToken', boardId: id });
  for (const notABoard of [
    '',
    'hello',
    'https://debrief.example.com/',
    `https://x/b/${id}x#token=tok`,
    `https://x/b/${id.slice(1)}#token=tok`,
    `https://x/board/${id}#token=tok`,
    `ftp://x/b/${id}#token=tok`,
    `javascript://x/b/${id}#token=tok`,
    `https://x/b/%E0%A4%A#token=tok`,
    `https://x/b/${id}/extra#token=tok`,
  ]) {
    expect(readBoardLink(notABoard), notABoard).toEqual({ kind: 'notABoard' });
  }
});

describe('bad requests are refused with a clear 4xx', () => {
  let review: CreatedBoard;
  let earlier: CreatedBoard;
  let actionId: ActionItemId;
  let other: CreatedBoard;
  beforeAll(async () => {
    review = await createBoard(server.url, { title: 'Review' });
    const made = await boardWithActions(['Fix the runbook']);
    earlier = made.board;
    actionId = made.actionIds[0]!;
    other = await createBoard(server.url);
    expect((await link(review, shareLink(earlier.id, earlier.tokens.participant))).statusCode).toBe(201);
  });

  const huge = JSON.stringify({ link: 'x'.repeat(2 * 1024 * 1024) });
  const linkCases: Array<[string, () => Omit<Call, 'method' | 'url'>, number, string, RegExp?]> = [
    ['malformed JSON', () => ({ raw: '{"link": ' }), 400, 'INVALID_JSON'],
    ['no body', () => ({}), 400, 'INVALID_REQUEST', /Missing field link/],
    ['an empty JSON body', () => ({ raw: '' }), 400, 'INVALID_REQUEST', /Missing field link/],
    ['link as a number', () => ({ body: { link: 42 } }), 400, 'INVALID_REQUEST', /link must be of type string/],
    ['an array body', () => ({ body: [shareLink(earlier.id, earlier.tokens.participant)] }), 400, 'INVALID_REQUEST'],
    ['an unknown field', () => ({ body: { link: 'x', role: 'facilitator' } }), 400, 'INVALID_REQUEST', /Unknown field role/],
    ['a link over 2,000 characters', () => ({ body: { link: `https://x/${'a'.repeat(2000)}` } }), 400, 'INVALID_REQUEST', /too long/],
    ['a body over the limit', () => ({ raw: huge }), 413, 'BODY_TOO_LARGE'],
    ['a text body', () => ({ raw: 'link=x', contentType: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['words, not a link', () => ({ body: { link: 'the one from last week' } }), 400, 'LINK_NOT_A_BOARD', /not a Debrief board link/],
    ['a link to something else', () => ({ body: { link: 'https://status.example.com/INC-42#token=abc' } }), 400, 'LINK_NOT_A_BOARD'],
    ['a link without its token', () => ({ body: { link: `https://x/b/${earlier.id}` } }), 400, 'LINK_WITHOUT_TOKEN', /#token=/],
    ['the board itself', () => ({ body: { link: shareLink(review.id, review.tokens.participant) } }), 400, 'LINK_TO_ITSELF', /^A board cannot be linked to itself\.$/],
    ['a board that does not exist', () => ({ body: { link: shareLink('AAAAAAAAAAAAAAAAAAAAAA', earlier.tokens.participant) } }), 404, 'LINKED_BOARD_NOT_FOUND'],
    ['a wrong token', () => ({ body: { link: shareLink(earlier.id, 'not-the-token') } }), 400, 'LINK_TOKEN_INVALID', /does not open that board/],
    ["another board's token", () => ({ body: { link: shareLink(earlier.id, other.tokens.facilitator) } }), 400, 'LINK_TOKEN_INVALID'],
    ['an overlong token', () => ({ body: { link: shareLink(earlier.id, 't'.repeat(1000)) } }), 400, 'LINK_TOKEN_INVALID'],
    [
      'a view-only link',
      () => ({ body: { link: shareLink(earlier.id, earlier.tokens.viewer) } }),
      400,
      'LINK_VIEW_ONLY',
      /^This is a view-only link: its action items could not be updated\. Paste the facilitator or participant link\.$/,
    ],
    ['a participant of the review', () => ({ token: review.tokens.participant, body: { link: shareLink(other.id, other.tokens.participant) } }), 403, 'ROLE_FORBIDDEN', /Only the facilitator/],
    ['a viewer of the review', () => ({ token: review.tokens.viewer, body: { link: shareLink(other.id, other.tokens.participant) } }), 403, 'ROLE_FORBIDDEN'],
    ['no token', () => ({ token: '', body: { link: shareLink(other.id, other.tokens.participant) } }), 401, 'TOKEN_MISSING'],
    ['a wrong token for the review', () => ({ token: 'nope', body: { link: shareLink(other.id, other.tokens.participant) } }), 401, 'TOKEN_INVALID'],
  ];
  test.each(linkCases)('POST links: %s', async (_what, make, status, code, message) => {
    const c = make();
    const res = await call({ method: 'POST', url: `/api/boards/${review.id}/links`, token: review.tokens.facilitator, ...c });
    expect(res.statusCode).toBe(status);
    const error = res.json() as ApiErrorBody;
    expect(error).toMatchObject({ statusCode: status, code });
    if (message) expect(error.message).toMatch(message);
  });

  test('POST links on an unknown board is 404; nothing was linked by any refused request', async () => {
    const res = await call({ method: 'POST', url: '/api/boards/AAAAAAAAAAAAAAAAAAAAAA/links', token: review.tokens.facilitator, body: { link: shareLink(earlier.id, earlier.tokens.participant) } });
    expect(res.statusCode).toBe(404);
    expect((await server.app.storage.listLinkedBoards(review.id as BoardId)).map((l) => l.boardId)).toEqual([earlier.id]);
  });

  const patchCases: Array<[string, () => Omit<Call, 'method'>, number, string, RegExp?]> = [
    ['an unknown status', () => ({ url: `${earlier.id}/${actionId}`, body: { status: 'finished' } }), 400, 'INVALID_REQUEST', /status must be one of: open, in-progress, done\./],
    ['a status that is a number', () => ({ url: `${earlier.id}/${actionId}`, body: { status: 1 } }), 400, 'INVALID_REQUEST', /status must be of type string/],
    ['no body', () => ({ url: `${earlier.id}/${actionId}` }), 400, 'INVALID_REQUEST', /Missing field status/],
    ['malformed JSON', () => ({ url: `${earlier.id}/${actionId}`, raw: '{"status": "done"' }), 400, 'INVALID_JSON'],
    ['an unknown field', () => ({ url: `${earlier.id}/${actionId}`, body: { status: 'done', text: 'rewritten' } }), 400, 'INVALID_REQUEST', /Unknown field text/],
    ['a body over the limit', () => ({ url: `${earlier.id}/${actionId}`, raw: JSON.stringify({ status: 'x'.repeat(2 * 1024 * 1024) }) }), 413, 'BODY_TOO_LARGE'],
    ['a form body', () => ({ url: `${earlier.id}/${actionId}`, raw: 'status=done', contentType: 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a viewer of the review', () => ({ url: `${earlier.id}/${actionId}`, token: review.tokens.viewer, body: { status: 'done' } }), 403, 'ROLE_FORBIDDEN', /Viewers/],
    ['a board that is not linked', () => ({ url: `${other.id}/${actionId}`, body: { status: 'done' } }), 404, 'LINK_NOT_FOUND'],
    ['an id that is no board', () => ({ url: `..%2F..%2F/${actionId}`, body: { status: 'done' } }), 404, 'LINK_NOT_FOUND'],
    ['an unknown action item', () => ({ url: `${earlier.id}/nope`, body: { status: 'done' } }), 404, 'ACTION_NOT_FOUND'],
    ["the earlier board's own token", () => ({ url: `${earlier.id}/${actionId}`, token: earlier.tokens.participant, body: { status: 'done' } }), 401, 'TOKEN_INVALID'],
    ['no token', () => ({ url: `${earlier.id}/${actionId}`, token: '', body: { status: 'done' } }), 401, 'TOKEN_MISSING'],
  ];
  test.each(patchCases)('PATCH past-actions: %s', async (_what, make, status, code, message) => {
    const { url, ...c } = make();
    const res = await call({ method: 'PATCH', url: `/api/boards/${review.id}/past-actions/${url}`, token: review.tokens.participant, ...c });
    expect(res.statusCode).toBe(status);
    const error = res.json() as ApiErrorBody;
    expect(error).toMatchObject({ statusCode: status, code });
    if (message) expect(error.message).toMatch(message);
    // The action item is untouched.
    const actions = await server.app.rooms.read({ boardId: earlier.id as BoardId, name: 'board' }, readActions);
    expect(actions[0]!.status).toBe('open');
  });

  test('DELETE links and GET past-actions: roles, tokens, unknown ids', async () => {
    const expectError = async (c: Call, status: number, code: string) => {
      const res = await call(c);
      expect(res.statusCode, `${c.method} ${c.url}`).toBe(status);
      expect((res.json() as ApiErrorBody).code).toBe(code);
    };
    const links = `/api/boards/${review.id}/links`;
    await expectError({ method: 'DELETE', url: `${links}/${earlier.id}`, token: review.tokens.participant }, 403, 'ROLE_FORBIDDEN');
    await expectError({ method: 'DELETE', url: `${links}/${earlier.id}`, token: review.tokens.viewer }, 403, 'ROLE_FORBIDDEN');
    await expectError({ method: 'DELETE', url: `${links}/${earlier.id}` }, 401, 'TOKEN_MISSING');
    await expectError({ method: 'DELETE', url: `${links}/${other.id}`, token: review.tokens.facilitator }, 404, 'LINK_NOT_FOUND');
    for (const odd of ['x', '%00', 'AAAAAAAAAAAAAAAAAAAAAA', encodeURIComponent("' OR 1=1 --")]) {
      await expectError({ method: 'DELETE', url: `${links}/${odd}`, token: review.tokens.facilitator }, 404, 'LINK_NOT_FOUND');
    }
    await expectError({ method: 'DELETE', url: `/api/boards/AAAAAAAAAAAAAAAAAAAAAA/links/${earlier.id}`, token: review.tokens.facilitator }, 404, 'BOARD_NOT_FOUND');
    await expectError({ method: 'GET', url: `/api/boards/${review.id}/past-actions` }, 401, 'TOKEN_MISSING');
    await expectError({ method: 'GET', url: `/api/boards/${review.id}/past-actions`, token: 'nope' }, 401, 'TOKEN_INVALID');
    await expectError({ method: 'GET', url: `/api/boards/${review.id}/past-actions`, token: earlier.tokens.facilitator }, 401, 'TOKEN_INVALID');
    await expectError({ method: 'GET', url: '/api/boards/..%2F/past-actions', token: review.tokens.facilitator }, 404, 'BOARD_NOT_FOUND');
    // Still linked after all that.
    expect((await server.app.storage.listLinkedBoards(review.id as BoardId)).map((l) => l.boardId)).toEqual([earlier.id]);
  });

  test('while the review is closed its links and the statuses set from it do not change; reopened, they do', async () => {
    await setBoardPhase(review.id, 'closed');
    const expectClosed = async (c: Call) => {
      const res = await call(c);
      expect(res.statusCode, `${c.method} ${c.url}`).toBe(409);
      expect(res.json() as ApiErrorBody).toMatchObject({ code: 'BOARD_CLOSED', message: 'This board is closed: reopen it to change anything.' });
    };
    const patch: Call = {
      method: 'PATCH',
      url: `/api/boards/${review.id}/past-actions/${earlier.id}/${actionId}`,
      token: review.tokens.participant,
      body: { status: 'done' },
    };
    await expectClosed(patch);
    await expectClosed({ ...patch, token: review.tokens.facilitator });
    await expectClosed({ method: 'POST', url: `/api/boards/${review.id}/links`, token: review.tokens.facilitator, body: { link: shareLink(other.id, other.tokens.participant) } });
    await expectClosed({ method: 'DELETE', url: `/api/boards/${review.id}/links/${earlier.id}`, token: review.tokens.facilitator });
    // Reading goes on.
    const listed = await call({ method: 'GET', url: `/api/boards/${review.id}/past-actions`, token: review.tokens.viewer });
    expect((listed.json() as PastActionsResponse).boards[0]!.actions[0]!.status).toBe('open');

    await setBoardPhase(review.id, 'actions');
    const res = await call(patch);
    expect(res.statusCode).toBe(200);
    expect((res.json() as PastActionItem).status).toBe('done');
    const back = await call({ ...patch, body: { status: 'open' } });
    expect((back.json() as PastActionItem).status).toBe('open');
  });

  test(`a board links at most ${MAX_LINKED_BOARDS} earlier boards`, async () => {
    const busy = await createBoard(server.url);
    const boards = await Promise.all(Array.from({ length: MAX_LINKED_BOARDS + 1 }, () => createBoard(server.url)));
    for (const b of boards.slice(0, MAX_LINKED_BOARDS)) expect((await link(busy, shareLink(b.id, b.tokens.participant))).statusCode).toBe(201);
    const over = await link(busy, shareLink(boards[MAX_LINKED_BOARDS]!.id, boards[MAX_LINKED_BOARDS]!.tokens.participant));
    expect(over.statusCode).toBe(409);
    expect((over.json() as ApiErrorBody).code).toBe('TOO_MANY_LINKS');
    // Linking one already linked is still fine.
    expect((await link(busy, shareLink(boards[0]!.id, boards[0]!.tokens.participant))).statusCode).toBe(201);
  });
});

test('a server-side write reaches a client of the document and is stored, and releases the room after', async () => {
  const board = await createBoard(server.url);
  const client = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  const key = { boardId: board.id as BoardId, name: 'board' as const };
  const id = await server.app.rooms.write(key, (doc) => addActionItem(doc, { text: 'Written by the server' }, withOrigin(LIVE_WRITES, SERVER_ORIGIN)));
  await waitUntil(() => readActions(client.doc).some((a) => a.id === id), 'the action at the client');
  client.destroy();
  await waitUntil(() => server.app.rooms.size === 0, 'the rooms to be released');
  // A write with nobody connected loads the room, stores, and lets it go.
  await server.app.rooms.write(key, (doc) => addActionItem(doc, { text: 'Nobody watching' }, withOrigin(LIVE_WRITES, SERVER_ORIGIN)));
  await waitUntil(() => server.app.rooms.size === 0, 'the rooms to be released again');
  const stored = new Y.Doc();
  Y.applyUpdate(stored, Y.encodeStateAsUpdate(rebuild(await server.app.storage.loadDocument(key))));
  expect(readActions(stored).map((a) => a.text)).toEqual(expect.arrayContaining(['Written by the server', 'Nobody watching']));
});
