// Private drafts ("Write privately first") against a real server with real y-websocket clients:
// a person's drafts open only for that person (another participant, the facilitator, a bare link
// and a viewer are refused before any websocket opens); nothing of them reaches the board
// document, the facilitation document or awareness before the reveal; the facilitator sees names
// and numbers, never contents; the reveal moves them into the board as the server, anonymous
// unless the board shows authors (a name a draft claims is ignored); a draft written after the
// reveal stays private; drafts survive a restart; garbage at each door is refused and loses nothing.
import { afterEach, expect, test } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addEvent, addFactor, readEvents, readFactors, roots, LOCAL_ORIGIN } from '../../shared/board';
import { setPhase, setShowAuthors } from '../../shared/facilitation';
import { CloseCode, MessageType, draftsDocument, type ApiErrorBody, type DraftsResponse, type RevealDraftsResponse } from '../../shared/protocol';
import type { BoardId } from '../../shared/ids';
import { connectSynced, createBoard, rawSocket, startServer, waitUntil, type Client, type TestServer } from './helpers';
import { joinBoard, tempDir } from '../helpers/server';
import { liveContext } from '../helpers/context';

let server: TestServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

const ctx = liveContext(LOCAL_ORIGIN);

async function api<T>(method: string, path: string, token: string, body?: string, type = 'application/json'): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': type } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

const counts = (boardId: string, token: string) => api<DraftsResponse & ApiErrorBody>('GET', `/api/boards/${boardId}/drafts`, token);
const reveal = (boardId: string, token: string, body?: string) =>
  api<RevealDraftsResponse & ApiErrorBody>('POST', `/api/boards/${boardId}/drafts/reveal`, token, body);

async function connect(boardId: string, token: string, document: 'board' | 'facilitation' | `drafts:${string}` = 'board'): Promise<Client> {
  const c = await connectSynced(server!.wsUrl, boardId, token, { document });
  clients.push(c);
  return c;
}

/** The HTTP status a websocket upgrade to `document` with `token` is answered with (101: opened). */
async function upgradeStatus(boardId: string, document: string, token: string): Promise<number> {
  const raw = rawSocket(`${server!.wsUrl}/${boardId}/${document}?token=${encodeURIComponent(token)}`);
  try {
    await raw.opened;
    raw.socket.close();
    return 101;
  } catch (error) {
    return (error as { statusCode?: number }).statusCode ?? 0;
  }
}

/** A board in the Timeline phase: its facilitator, Alice and Bob; Alice and Bob each with a private note. */
async function boardWithDrafts() {
  const board = await createBoard(server!.url, { title: 'Drafts' });
  const facilitator = await joinBoard(server!.url, board.id, board.tokens.facilitator, 'Fran Facil');
  const alice = await joinBoard(server!.url, board.id, board.tokens.participant, 'Alice Ames');
  const bob = await joinBoard(server!.url, board.id, board.tokens.participant, 'Bob Brand');
  const ff = await connect(board.id, facilitator.token, 'facilitation');
  setPhase(ff.doc, 'timeline', Date.now(), ctx);
  const aliceDrafts = await connect(board.id, alice.token, draftsDocument(alice.person.id));
  const bobDrafts = await connect(board.id, bob.token, draftsDocument(bob.person.id));
  addEvent(aliceDrafts.doc, { time: '2026-11-03T14:02Z', kind: 'detection', text: 'Alice saw the pager go off' }, ctx);
  // A draft that claims to be Alice's: the server decides authorship at the reveal.
  addFactor(bobDrafts.doc, { text: 'Bob thinks the runbook was stale', category: 'process', author: 'Alice Ames' }, ctx);
  // Stored: the facilitator's counts see both.
  await waitUntil(async () => (await counts(board.id, facilitator.token)).body.people?.length === 2);
  return { board, facilitator, alice, bob, ff, aliceDrafts, bobDrafts };
}

test('drafts open only for their owner, and nothing of them is in the board, facilitation or awareness before the reveal', async () => {
  server = await startServer();
  const { board, facilitator, alice, bob } = await boardWithDrafts();
  const alices = draftsDocument(alice.person.id);

  // Another participant, the facilitator, a bare link and a viewer: refused before any websocket opens.
  expect(await upgradeStatus(board.id, alices, bob.token)).toBe(403);
  expect(await upgradeStatus(board.id, alices, facilitator.token)).toBe(403);
  expect(await upgradeStatus(board.id, alices, board.tokens.participant)).toBe(403);
  expect(await upgradeStatus(board.id, alices, board.tokens.viewer)).toBe(403);
  expect(await upgradeStatus(board.id, 'drafts:not-a-person-id', bob.token)).toBe(404);
  expect(await upgradeStatus(board.id, alices, 'p.nobody0000000000.secret')).toBe(401);
  // Alice herself, on another device: her drafts follow her.
  const second = await connect(board.id, alice.token, alices);
  expect(readEvents(second.doc).map((e) => e.text)).toEqual(['Alice saw the pager go off']);

  // Bob's raw clients read everything they are sent: no trace of Alice's note.
  const raw = await connect(board.id, bob.token);
  const rawF = await connect(board.id, bob.token, 'facilitation');
  raw.provider.awareness.setLocalStateField('user', { name: 'Bob' });
  await waitUntil(() => raw.provider.awareness.getStates().size >= 1);
  const everything = () =>
    JSON.stringify([raw.doc.toJSON(), rawF.doc.toJSON(), [...raw.provider.awareness.getStates()], [...rawF.provider.awareness.getStates()]]);
  expect(everything()).not.toContain('pager');
  expect(everything()).not.toContain('runbook');
  expect(roots(raw.doc).events.size).toBe(0);

  // The facilitator sees names and numbers, never contents; nobody else sees even that.
  const seen = await counts(board.id, facilitator.token);
  expect(seen.status).toBe(200);
  expect(seen.body.people.map(({ name, events, factors }) => ({ name, events, factors })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
    { name: 'Alice Ames', events: 1, factors: 0 },
    { name: 'Bob Brand', events: 0, factors: 1 },
  ]);
  expect(JSON.stringify(seen.body)).not.toMatch(/pager|runbook/);
  expect((await counts(board.id, bob.token)).status).toBe(403);
  // Only a facilitator reveals.
  const forged = await reveal(board.id, bob.token);
  expect(forged.status).toBe(403);
  expect(forged.body.message).toMatch(/Only a facilitator/);
  expect(everything()).not.toContain('pager');
});

test('the reveal moves every draft into the board, anonymous unless authors show; a later draft stays private', async () => {
  server = await startServer();
  const { board, facilitator, alice, ff, aliceDrafts, bobDrafts } = await boardWithDrafts();
  const raw = await connect(board.id, alice.token);

  const revealed = await reveal(board.id, facilitator.token);
  expect(revealed.status).toBe(200);
  expect(revealed.body).toEqual({ events: 1, factors: 1 });
  await waitUntil(() => readEvents(raw.doc).length === 1 && readFactors(raw.doc).length === 1);
  expect(readEvents(raw.doc)[0]).toMatchObject({ text: 'Alice saw the pager go off', kind: 'detection', time: '2026-11-03T14:02Z', author: '' });
  // Anonymous: the name Bob's draft claimed is not carried over.
  expect(readFactors(raw.doc)[0]).toMatchObject({ text: 'Bob thinks the runbook was stale', category: 'process', author: '' });
  // The drafts are emptied, for their owners too.
  await waitUntil(() => roots(aliceDrafts.doc).events.size === 0 && roots(bobDrafts.doc).factors.size === 0);
  expect((await counts(board.id, facilitator.token)).body.people).toEqual([]);

  // Written after the reveal, while the mode is on: private until the next reveal.
  addEvent(aliceDrafts.doc, { time: '2026-11-03T14:10Z', text: 'Alice restarted the pool' }, ctx);
  await waitUntil(async () => (await counts(board.id, facilitator.token)).body.people.length === 1);
  expect(JSON.stringify(raw.doc.toJSON())).not.toContain('restarted');

  // With authors shown, the reveal names each note's writer (as the server knows them).
  setShowAuthors(ff.doc, true, ctx);
  await waitUntil(async () => {
    // The server has the setting once it has stored the facilitation change: its reveal then names.
    const live = server!.app.rooms.get({ boardId: board.id as BoardId, name: 'facilitation' as const });
    return live?.doc.getMap('state').get('showAuthors') === true;
  });
  expect((await reveal(board.id, facilitator.token)).body).toEqual({ events: 1, factors: 0 });
  await waitUntil(() => readEvents(raw.doc).length === 2);
  expect(readEvents(raw.doc).find((e) => e.text === 'Alice restarted the pool')?.author).toBe('Alice Ames');
  // Nothing waiting: a reveal moves nothing.
  expect((await reveal(board.id, facilitator.token)).body).toEqual({ events: 0, factors: 0 });
  // A closed board reveals nothing.
  setPhase(ff.doc, 'closed', Date.now(), ctx);
  await waitUntil(async () => (await reveal(board.id, facilitator.token)).status === 409);
});

test('drafts survive a restart', async () => {
  const dataDir = tempDir();
  server = await startServer({ dataDir });
  const { board, facilitator, alice } = await boardWithDrafts();
  for (const c of clients.splice(0)) c.destroy();
  await server.close();

  server = await startServer({ dataDir });
  expect((await counts(board.id, facilitator.token)).body.people.length).toBe(2);
  const again = await connect(board.id, alice.token, draftsDocument(alice.person.id));
  expect(readEvents(again.doc).map((e) => e.text)).toEqual(['Alice saw the pager go off']);
  await server.close();
  server = undefined;
  const { rmSync } = await import('node:fs');
  rmSync(dataDir, { recursive: true, force: true });
});

test('garbage at the reveal route and on the drafts websocket is refused and loses nothing', async () => {
  server = await startServer();
  const { board, facilitator, alice, aliceDrafts } = await boardWithDrafts();
  const path = `/api/boards/${board.id}/drafts/reveal`;
  expect((await api<ApiErrorBody>('POST', path, facilitator.token, '{not json')).status).toBe(400);
  expect((await api<ApiErrorBody>('POST', path, facilitator.token, '{"everyone":true}')).status).toBe(400);
  expect((await api<ApiErrorBody>('POST', path, facilitator.token, '[1,2]')).status).toBe(400);
  expect((await api<ApiErrorBody>('POST', path, facilitator.token, 'reveal', 'text/plain')).status).toBe(415);
  expect((await api<ApiErrorBody>('POST', `/api/boards/nope/drafts/reveal`, facilitator.token)).status).toBe(404);
  expect((await counts(board.id, facilitator.token)).body.people.length).toBe(2);

  // Alice's own socket sending garbage is closed with badMessage; her drafts are intact.
  const url = `${server.wsUrl}/${board.id}/${draftsDocument(alice.person.id)}?token=${encodeURIComponent(alice.token)}`;
  const garbage = rawSocket(url);
  await garbage.opened;
  garbage.socket.send(new Uint8Array([0, 2, 200, 1, 2, 3]));
  expect(await garbage.closed).toBe(CloseCode.badMessage);
  const text = rawSocket(url);
  await text.opened;
  text.socket.send('hello');
  expect(await text.closed).toBe(CloseCode.badMessage);
  // A well-formed update with a root that is not a note: kept in her document, ignored by the reveal.
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, 2);
  const stray = new Y.Doc();
  stray.getMap('votes').set('x', 99);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(stray));
  const odd = rawSocket(url);
  await odd.opened;
  odd.socket.send(encoding.toUint8Array(encoder));
  const second = await connect(board.id, alice.token, draftsDocument(alice.person.id));
  await waitUntil(() => second.doc.getMap('votes').get('x') === 99);
  odd.socket.close();
  expect(readEvents(aliceDrafts.doc).map((e) => e.text)).toEqual(['Alice saw the pager go off']);
  const raw = await connect(board.id, alice.token);
  expect((await reveal(board.id, facilitator.token)).body).toEqual({ events: 1, factors: 1 });
  await waitUntil(() => readEvents(raw.doc).length === 1);
  expect(roots(raw.doc).votes.size).toBe(0);
});

test('a closed board takes no drafts: the owner’s update is dropped, not stored', async () => {
  server = await startServer();
  const { board, facilitator, alice, ff, aliceDrafts } = await boardWithDrafts();
  setPhase(ff.doc, 'closed', Date.now(), ctx);
  await waitUntil(async () => (await reveal(board.id, facilitator.token)).status === 409);
  const again = await connect(board.id, alice.token, draftsDocument(alice.person.id));
  addEvent(aliceDrafts.doc, { time: '2026-11-03T14:30Z', text: 'Written after closing' }, ctx);
  // Barrier: presence sent after the update on the same socket has reached her other device, so the
  // server has handled the update (frames are handled in order; the counts read the live document).
  aliceDrafts.provider.awareness.setLocalStateField('barrier', 1);
  await waitUntil(() => [...again.provider.awareness.getStates().values()].some((s) => s.barrier === 1));
  expect((await counts(board.id, facilitator.token)).body.people.find((p) => p.name === 'Alice Ames')?.events).toBe(1);
  expect(readEvents(again.doc).map((e) => e.text)).toEqual(['Alice saw the pager go off']);
});
