// The board's first screen drawn by the server (server/plugins/first-screen.ts, docs/first-screen.md):
// the board as the page draws it, for the token's holder, with what a real client wrote; refused as
// every board route refuses; garbage in its query answered with a clear error; and a server without
// the renderer's build says so, and the page opens the board as before. Needs the build
// (`vite build --config vite.render.config.ts`, which `npm test` runs first).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as B from '../../shared/board';
import { setPhase } from '../../shared/facilitation';
import type { BoardId } from '../../shared/ids';
import { LIVE_WRITES } from '../helpers/context';
import { REPO_ROOT } from '../helpers/server';
import { connectSynced, createBoard, startServer, tempDir, waitUntil, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  expect(fs.existsSync(path.join(REPO_ROOT, 'dist/render/board.mjs')), 'dist/render/board.mjs is built').toBe(true);
  server = await startServer({ renderDir: path.join(REPO_ROOT, 'dist/render'), clientDir: path.join(REPO_ROOT, 'dist/client') });
});
afterAll(() => server.close());

const firstScreen = (boardId: string, token: string | null, query = 'w=1440&h=900') =>
  server.app.inject({ url: `/api/boards/${boardId}/first-screen?${query}`, headers: token ? { authorization: `Bearer ${token}` } : {} });

const TIMELINE_COUNT_40 = /id="timeline"[\s\S]*?class="board-section__count"[^>]*>40</;

/** How many `<article class="<cls>…">` a first screen draws. */
const countOf = (html: string, cls: string) => (html.match(new RegExp(`<article class="${cls}[ "]`, 'g')) ?? []).length;

test('the first screen is the board as a real client wrote it, drawn for the window it is asked for', async () => {
  const board = await createBoard(server.url, { title: 'Checkout outage <script>alert(1)</script>' });
  const writer = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  B.addEvents(
    writer.doc,
    Array.from({ length: 40 }, (_, i) => ({ time: `2026-11-03T14:${String(i).padStart(2, '0')}Z`, kind: 'detection' as const, text: `Pager fired ${i + 1} & <b>not</b> bold` })),
    LIVE_WRITES,
  );
  B.addFactor(writer.doc, { text: 'Alerts went to a muted channel', category: 'process' }, LIVE_WRITES);
  await waitUntil(async () => TIMELINE_COUNT_40.test((await firstScreen(board.id, board.tokens.viewer)).body), 'the server to hold the writes');
  writer.destroy();

  const res = await firstScreen(board.id, board.tokens.facilitator);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.headers['cache-control']).toBe('no-store');
  const html = res.body;
  // The page's own frame and sections, with every note counted.
  expect(html).toMatch(/^<div class="board-app"/);
  expect(html).toMatch(TIMELINE_COUNT_40);
  expect(html).toContain('Alerts went to a muted channel');
  // What people wrote is text, never markup.
  expect(html).toContain('Checkout outage &lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('Pager fired 1 &amp; &lt;b&gt;not&lt;/b&gt; bold');
  expect(html).not.toContain('<script');
  // A window's worth of the lane: a wide window draws more notes than a narrow one, and never all 40.
  const wide = countOf(html, 'event-note');
  const narrow = countOf((await firstScreen(board.id, board.tokens.facilitator, 'w=390&h=844')).body, 'event-note');
  expect(narrow).toBeGreaterThan(0);
  expect(wide).toBeGreaterThan(narrow);
  expect(wide).toBeLessThan(40);
  // The person's choice of view: the list draws the same notes down the page.
  const list = (await firstScreen(board.id, board.tokens.facilitator, 'w=1440&h=900&view=list')).body;
  expect(list).toContain('Pager fired 1 ');
  expect(list).toContain('data-view="list"');
  expect(html).not.toContain('data-view="list"');

  // Dates as the reader's browser shows them: its language, and its zone for "your time".
  const british = (await firstScreen(board.id, board.tokens.facilitator, 'w=1440&h=900&lang=en-GB&tz=Europe%2FBerlin')).body;
  expect(british).toContain('>Tue 3 Nov<');
  expect(british).toContain('15:00 CET, Tue 3 Nov (your time)');
  const american = (await firstScreen(board.id, board.tokens.facilitator, 'w=1440&h=900&lang=en-US&tz=America%2FNew_York')).body;
  expect(american).toContain('>Tue, Nov 3<');
  expect(american).toContain('09:00 AM EST, Tue, Nov 3 (your time)');

  // As the token's holder sees it: the facilitator's controls for the facilitator only, no composer
  // for a view-only link.
  expect(html).toContain('meeting-bar__next-name');
  const viewer = (await firstScreen(board.id, board.tokens.viewer)).body;
  expect(viewer).not.toContain('meeting-bar__next-name');
  expect(viewer).toContain('View only.');
  expect(viewer).not.toContain('Add event');
  expect((await firstScreen(board.id, board.tokens.participant)).body).toContain('Add event');
});

test('a first screen draws what the window shows and no more: a column’s notes as far as the window reaches', async () => {
  const board = await createBoard(server.url, { title: 'Long column' });
  const writer = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  for (let i = 0; i < 30; i++) B.addFactor(writer.doc, { text: `Factor ${i + 1}`, category: 'process' }, LIVE_WRITES);
  await waitUntil(async () => /id="factors"[\s\S]*?class="board-section__count"[^>]*>30</.test((await firstScreen(board.id, board.tokens.viewer)).body), 'the server to hold the writes');
  writer.destroy();
  // A laptop's window ends about where the columns begin: their first notes only.
  const laptop = countOf((await firstScreen(board.id, board.tokens.participant, 'w=1440&h=900')).body, 'factor-card');
  const tall = countOf((await firstScreen(board.id, board.tokens.participant, 'w=1440&h=2160')).body, 'factor-card');
  expect(laptop).toBeGreaterThanOrEqual(1);
  expect(laptop).toBeLessThanOrEqual(2);
  expect(tall).toBeGreaterThan(laptop);
  expect(tall).toBeLessThan(30);
});

/** A board with one factor, written over a websocket, stored, and no longer loaded (nobody is
 * connected: the room goes once its writes are stored). */
async function storedBoardWithFactor(title: string, factor: string) {
  const board = await createBoard(server.url, { title });
  const boardKey = { boardId: board.id as BoardId, name: 'board' } as const;
  const writer = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  B.addFactor(writer.doc, { text: factor, category: 'process' }, LIVE_WRITES);
  await waitUntil(() => server.app.rooms.get(boardKey)?.doc.getMap('factors').size === 1, 'the write to reach the server');
  writer.destroy();
  await waitUntil(() => server.app.rooms.get(boardKey) === undefined, 'the room to be released');
  return { board, boardKey };
}

test('a board drawn for a first screen stays loaded for the websocket that follows', async () => {
  const { board, boardKey } = await storedBoardWithFactor('Opened by link', 'Kept for the page');
  expect((await firstScreen(board.id, board.tokens.participant)).body).toContain('Kept for the page');
  // Drawn from the loaded room, which waits for the page's websocket.
  expect(server.app.rooms.get(boardKey)?.isReady).toBe(true);
  expect(server.app.rooms.get({ ...boardKey, name: 'facilitation' })?.isReady).toBe(true);
  const page = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  expect(B.readFactors(page.doc).map((f) => f.text)).toEqual(['Kept for the page']);
  page.destroy();
});

test('a board’s page loads the board while the browser fetches its scripts; an unknown or malformed id loads nothing', async () => {
  const { board, boardKey } = await storedBoardWithFactor('Opened from a chat link', 'Ready before the first screen');

  // The page itself, as the link opens it (the token stays in the fragment, never sent).
  const page = await server.app.inject({ url: `/b/${board.id}` });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('<div id="first-screen"');
  await waitUntil(() => server.app.rooms.get(boardKey)?.isReady === true, 'the board to be loaded ahead');
  expect(server.app.rooms.get({ ...boardKey, name: 'facilitation' })?.isReady).toBe(true);
  // Nothing of the board is in the page, and the first screen still asks for the token.
  expect(page.body).not.toContain('Ready before the first screen');
  expect((await firstScreen(board.id, null)).statusCode).toBe(401);
  expect((await firstScreen(board.id, board.tokens.viewer)).body).toContain('Ready before the first screen');

  // A well-formed id of no board, and garbage: the page (or a not-found) is the answer, no room is made.
  const before = server.app.rooms.size;
  expect((await server.app.inject({ url: '/b/AAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(200);
  for (const id of ['not-a-board', '..%2F..%2Fetc', '%00', 'x'.repeat(300)]) {
    expect([200, 404]).toContain((await server.app.inject({ url: `/b/${id}` })).statusCode);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(server.app.rooms.size).toBe(before);
});

test('a closed board is drawn closed, for everyone', async () => {
  const board = await createBoard(server.url, { title: 'Closed review' });
  const facilitation = await connectSynced(server.wsUrl, board.id, board.tokens.facilitator, { document: 'facilitation' });
  setPhase(facilitation.doc, 'closed', Date.now(), LIVE_WRITES);
  await waitUntil(async () => !(await firstScreen(board.id, board.tokens.participant)).body.includes('Add event'), 'the board to be drawn closed');
  facilitation.destroy();
  const html = (await firstScreen(board.id, board.tokens.participant)).body;
  expect(html).toContain('closed-banner');
});

test('refused as every board route refuses, and garbage in the query is a clear error', async () => {
  const board = await createBoard(server.url);
  const missing = await firstScreen(board.id, null);
  expect(missing.statusCode).toBe(401);
  expect(missing.json()).toMatchObject({ code: 'TOKEN_MISSING' });
  expect((await firstScreen(board.id, 'not-a-token')).json()).toMatchObject({ code: 'TOKEN_INVALID' });
  // Another board's token opens nothing here.
  const other = await createBoard(server.url);
  expect((await firstScreen(board.id, other.tokens.facilitator)).statusCode).toBe(401);
  expect((await firstScreen('AAAAAAAAAAAAAAAAAAAAAA', board.tokens.facilitator)).statusCode).toBe(404);
  for (const query of [
    'w=wide&h=900',
    'w=-1&h=900',
    'w=1440&h=1e9',
    'w=1440&h=900&view=grid',
    'w=99999999&h=1',
    'lang=%3Cscript%3E',
    'lang=' + 'x'.repeat(100),
    'tz=..%2F..%2Fetc%2Fpasswd',
    'tz=Mars%2FOlympus_Mons',
  ]) {
    const res = await firstScreen(board.id, board.tokens.facilitator, query);
    expect(res.statusCode, query).toBe(400);
    expect(res.json(), query).toMatchObject({ code: 'INVALID_REQUEST' });
  }
  // Sizes past any screen are drawn for the largest one, not refused.
  expect((await firstScreen(board.id, board.tokens.facilitator, 'w=99999&h=1')).statusCode).toBe(200);
});

test('a server without the renderer built says so, and serves boards as before', async () => {
  const bare = await startServer({ renderDir: tempDir('debrief-no-render-') });
  try {
    const board = await createBoard(bare.url);
    const res = await bare.app.inject({ url: `/api/boards/${board.id}/first-screen`, headers: { authorization: `Bearer ${board.tokens.facilitator}` } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'FIRST_SCREEN_UNAVAILABLE' });
    // The token is still checked first: no answer tells a stranger whether the board exists.
    const stranger = await bare.app.inject({ url: `/api/boards/${board.id}/first-screen` });
    expect(stranger.statusCode).toBe(401);
    expect((await bare.app.inject({ url: `/api/boards/${board.id}/session`, headers: { authorization: `Bearer ${board.tokens.facilitator}` } })).statusCode).toBe(200);
  } finally {
    await bare.close();
  }
});
