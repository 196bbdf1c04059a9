// Ballots the server keeps, against a real server with real y-websocket clients: the rules (window,
// budget, cap, clusters, who votes) with their reasons; a raw participant client reading the whole
// board document, the facilitation document and awareness during hidden voting finds nobody else's
// dots and no total, and cannot forge a ballot; the reveal publishes the tallies (and names under
// named voting), hiding takes them away; ballots survive a restart; old boards' ballots move over.
import { afterEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addFactor, createCluster, readTallies, roots, LOCAL_ORIGIN } from '../../shared/board';
import { setFacilitationVoteSettings, setNamedVoting, setPhase, setVotesRevealed } from '../../shared/facilitation';
import type { BoardId } from '../../shared/ids';
import type { ApiErrorBody, BallotResponse } from '../../shared/protocol';
import { connectSynced, createBoard, startServer, waitUntil, type Client, type TestServer } from './helpers';
import { joinBoard, tempDir } from '../helpers/server';
import { liveContext } from '../helpers/context';
import { rebuild } from './store-contract';

let server: TestServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

const ctx = liveContext(LOCAL_ORIGIN);

async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

const vote = (boardId: string, token: string, target: string, delta: 1 | -1 = 1) =>
  api<BallotResponse & ApiErrorBody>('POST', `/api/boards/${boardId}/ballot`, token, { target, delta });
const mine = (boardId: string, token: string) => api<BallotResponse>('GET', `/api/boards/${boardId}/ballot`, token);

async function connect(boardId: string, token: string, document: 'board' | 'facilitation' = 'board'): Promise<Client> {
  const c = await connectSynced(server!.wsUrl, boardId, token, { document });
  clients.push(c);
  return c;
}

/** A board in the Voting phase with two factors and a cluster of a third; its facilitator and two participants. */
async function votingBoard(named = false) {
  const board = await createBoard(server!.url, { title: 'Ballots' });
  const facilitator = await joinBoard(server!.url, board.id, board.tokens.facilitator, 'Fran Facil');
  const alice = await joinBoard(server!.url, board.id, board.tokens.participant, 'Alice Ames');
  const bob = await joinBoard(server!.url, board.id, board.tokens.participant, 'Bob Brand');
  const fb = await connect(board.id, facilitator.token);
  const ff = await connect(board.id, facilitator.token, 'facilitation');
  const f1 = addFactor(fb.doc, { text: 'Alert fired late', author: 'Fran Facil', category: 'process' }, ctx);
  const f2 = addFactor(fb.doc, { text: 'Runbook outdated', author: 'Fran Facil', category: 'process' }, ctx);
  const f3 = addFactor(fb.doc, { text: 'Pager rota gap', author: 'Fran Facil', category: 'process' }, ctx);
  const cluster = createCluster(fb.doc, { name: 'On-call', category: 'process', factorIds: [f3] }, ctx);
  const before = await vote(board.id, alice.token, f1);
  setFacilitationVoteSettings(ff.doc, { voteBudget: 3, perTargetCap: 2 }, ctx);
  if (named) setNamedVoting(ff.doc, true, ctx);
  setPhase(ff.doc, 'voting', Date.now(), ctx);
  // The server has the factors and the phase once a ballot read sees the budget and a vote is taken.
  await waitUntil(async () => (await vote(board.id, alice.token, f1)).status === 200);
  await vote(board.id, alice.token, f1, -1);
  return { board, facilitator, alice, bob, fb, ff, f1, f2, f3, cluster, before };
}

test('the server enforces the window, the budget, the cap and clusters, with a reason for each refusal', async () => {
  server = await startServer();
  const { board, alice, bob, f1, f2, f3, cluster, before } = await votingBoard();
  expect(before.status).toBe(409);
  expect(before.body.message).toMatch(/Voting has not started/);

  expect((await vote(board.id, alice.token, f1)).body).toMatchObject({ dots: { [f1]: 1 }, left: 2, budget: 3, cap: 2 });
  expect((await vote(board.id, alice.token, f1)).body.left).toBe(1);
  const capped = await vote(board.id, alice.token, f1);
  expect(capped.status).toBe(409);
  expect(capped.body.message).toMatch(/as many of your dots as one note may take/);
  const inCluster = await vote(board.id, alice.token, f3);
  expect(inCluster.body.message).toMatch(/dots go on the cluster/);
  expect((await vote(board.id, alice.token, cluster)).body.left).toBe(0);
  const spent = await vote(board.id, alice.token, f2);
  expect(spent.status).toBe(409);
  expect(spent.body.message).toMatch(/spent all your dots/);
  expect((await vote(board.id, alice.token, 'no-such-note')).body.message).toMatch(/no longer exists/);
  expect((await vote(board.id, bob.token, f2, -1)).body.message).toMatch(/no dot on this note/);

  // Who votes: a person; not a viewer, not a bare link (nobody's ballot).
  expect((await vote(board.id, board.tokens.viewer, f2)).status).toBe(403);
  const bare = await vote(board.id, board.tokens.participant, f2);
  expect(bare.status).toBe(403);
  expect(bare.body.message).toMatch(/join the board under your name/);

  // Refusals kept nothing: Alice's ballot is exactly what was accepted, on any of her devices.
  expect((await mine(board.id, alice.token)).body).toEqual({ dots: { [f1]: 2, [cluster]: 1 }, left: 0, budget: 3, cap: 2 });
  expect((await mine(board.id, bob.token)).body).toEqual({ dots: {}, left: 3, budget: 3, cap: 2 });
});

test('during hidden voting a raw participant client sees nobody else’s dots, cannot forge a ballot, and the reveal publishes tallies', async () => {
  server = await startServer();
  const { board, alice, bob, ff, f1, f2 } = await votingBoard(true);
  await vote(board.id, alice.token, f1);
  await vote(board.id, alice.token, f1);
  await vote(board.id, bob.token, f2);

  // Bob's raw clients: the whole board document, the facilitation document, and awareness.
  const raw = await connect(board.id, bob.token);
  const rawF = await connect(board.id, bob.token, 'facilitation');
  const everything = () =>
    JSON.stringify([raw.doc.toJSON(), rawF.doc.toJSON(), [...raw.provider.awareness.getStates()], [...rawF.provider.awareness.getStates()]]);
  expect(roots(raw.doc).votes.size).toBe(0);
  expect(roots(raw.doc).voterNames.size).toBe(0);
  expect(readTallies(raw.doc)).toEqual([]);
  expect(everything()).not.toMatch(/"dots"|"votes":\{"/);

  // A forged ballot under Alice's id (and ten extra ballots) is put back by the server.
  raw.doc.transact(() => {
    const forged = new Y.Map<number>();
    forged.set(f2, 3);
    roots(raw.doc).votes.set(alice.person.id, forged);
    for (let i = 0; i < 10; i++) {
      const extra = new Y.Map<number>();
      extra.set(f2, 3);
      roots(raw.doc).votes.set(`extra${i}`, extra);
    }
  }, LOCAL_ORIGIN);
  await waitUntil(() => roots(raw.doc).votes.size === 0);
  expect((await mine(board.id, alice.token)).body.dots).toEqual({ [f1]: 2 });

  // The reveal: the server publishes the tallies, and under named voting the names.
  setVotesRevealed(ff.doc, true, ctx);
  await waitUntil(() => readTallies(raw.doc).length === 2);
  expect(readTallies(raw.doc)).toEqual([
    { targetId: f1, dots: 2 },
    { targetId: f2, dots: 1 },
  ]);
  expect([...roots(raw.doc).voterNames.values()].sort()).toEqual(['Alice Ames', 'Bob Brand']);
  // Votes are closed once revealed.
  const late = await vote(board.id, bob.token, f1);
  expect(late.status).toBe(409);
  expect(late.body.message).toMatch(/revealed/);

  // Hidden again: the published ballots go.
  setVotesRevealed(ff.doc, false, ctx);
  await waitUntil(() => roots(raw.doc).votes.size === 0 && roots(raw.doc).voterNames.size === 0);
});

test('anonymous voting publishes ballots under keys that name nobody', async () => {
  server = await startServer();
  const { board, alice, bob, ff, f1, f2 } = await votingBoard(false);
  await vote(board.id, alice.token, f1);
  await vote(board.id, bob.token, f2);
  const raw = await connect(board.id, bob.token);
  setVotesRevealed(ff.doc, true, ctx);
  await waitUntil(() => readTallies(raw.doc).length === 2);
  const keys = [...roots(raw.doc).votes.keys()].join(' ');
  expect(keys).not.toContain(alice.person.id);
  expect(keys).not.toContain(bob.person.id);
  expect(roots(raw.doc).voterNames.size).toBe(0);
});

test('ballots survive a restart, and an old board’s ballots in its document move to the store on load', async () => {
  const dataDir = tempDir();
  server = await startServer({ dataDir });
  const { board, alice, f1, f2 } = await votingBoard();
  await vote(board.id, alice.token, f1);
  for (const c of clients.splice(0)) c.destroy();

  // An older board: its document still holds ballots (one of them Alice's person id).
  const old = await createBoard(server.url, { title: 'Older board' });
  const carol = await joinBoard(server.url, old.id, old.tokens.participant, 'Carol Cole');
  const key = { boardId: old.id as BoardId, name: 'board' as const };
  const doc = rebuild(await server.app.storage.loadDocument(key));
  const sv = Y.encodeStateVector(doc);
  const factor = addFactor(doc, { text: 'Old factor', author: 'x' }, ctx);
  doc.transact(() => {
    for (const [voter, n] of [
      [carol.person.id, 2],
      ['browser-ballot-1', 1],
    ] as const) {
      const b = new Y.Map<number>();
      b.set(factor, n);
      roots(doc).votes.set(voter, b);
    }
  }, LOCAL_ORIGIN);
  await server.app.storage.appendUpdates(key, [Y.encodeStateAsUpdate(doc, sv)]);
  await server.close();

  server = await startServer({ dataDir });
  expect((await mine(board.id, alice.token)).body.dots).toEqual({ [f1]: 1 });
  expect((await vote(board.id, alice.token, f2)).body.dots).toEqual({ [f1]: 1, [f2]: 1 });

  const reader = await connect(old.id, carol.token);
  await waitUntil(() => roots(reader.doc).votes.size === 0);
  expect(await server.app.storage.listBallots(old.id as BoardId)).toEqual(
    new Map([
      [carol.person.id, new Map([[factor, 2]])],
      ['browser-ballot-1', new Map([[factor, 1]])],
    ]),
  );
  expect((await mine(old.id, carol.token)).body.dots).toEqual({ [factor]: 2 });
  await server.close();
  server = undefined;
  const { rmSync } = await import('node:fs');
  rmSync(dataDir, { recursive: true, force: true });
});
