// What the export/import tests share (tests/server/transfer.test.ts on SQLite,
// tests/scale/transfer-postgres.test.ts on PostgreSQL): a board made the way people make one
// (HTTP API and real y-websocket clients: people, events, factors, an action item, private drafts,
// a dot, a link to an earlier board, a replaced link, an issue in a tracker), what a person sees of
// it on a server, and a dump of every table to prove a refused import changed nothing.
import crypto from 'node:crypto';
import * as Y from 'yjs';
import { addActionItem, addEvent, addFactor, readEvents, LOCAL_ORIGIN } from '../../shared/board';
import { setIncidentFields, setPhase } from '../../shared/facilitation';
import { draftsDocument, type JoinBoardResponse } from '../../shared/protocol';
import type { BoardExportFile } from '../../shared/transfer';
import type { BoardStore } from '../../server/storage/types';
import { liveContext } from '../helpers/context';
import { connectSynced, createBoard, joinBoard, waitUntil, type Client, type CreatedBoard, type TestServer } from './helpers';

const ctx = liveContext(LOCAL_ORIGIN);

export async function call<T>(server: TestServer, method: string, path: string, token: string | null, body?: string): Promise<{ status: number; body: T; text: string; headers: Headers }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed as T, text, headers: res.headers };
}

export interface RichBoard {
  earlier: CreatedBoard;
  board: CreatedBoard;
  fran: JoinBoardResponse;
  alice: JoinBoardResponse;
  bob: JoinBoardResponse;
  factorId: string;
  actionId: string;
  /** The participant link after the facilitator replaced it (the first one is retired). */
  participantToken: string;
}

/** Builds the board through the API and live clients, and waits until the server stored it all. */
export async function buildRichBoard(server: TestServer): Promise<RichBoard> {
  const clients: Client[] = [];
  const connect = async (boardId: string, token: string, document: 'board' | 'facilitation' | `drafts:${string}` = 'board') => {
    const c = await connectSynced(server.wsUrl, boardId, token, { document });
    clients.push(c);
    return c;
  };
  try {
    const earlier = await createBoard(server.url, { title: 'Earlier: cache stampede' });
    const ec = await connect(earlier.id, earlier.tokens.facilitator);
    addActionItem(ec.doc, { text: 'Add jitter to cache expiry', owner: 'Dana' }, ctx);

    const board = await createBoard(server.url, { title: 'Checkout errors after deploy', incidentDate: '2026-10-30', incidentLink: 'https://status.example.com/i/42' });
    const fran = await joinBoard(server.url, board.id, board.tokens.facilitator, 'Fran Facil');
    const alice = await joinBoard(server.url, board.id, board.tokens.participant, 'Alice Ames');
    const bob = await joinBoard(server.url, board.id, board.tokens.participant, 'Bob Brand');
    const fb = await connect(board.id, fran.token);
    const ff = await connect(board.id, fran.token, 'facilitation');
    addEvent(fb.doc, { time: '2026-10-30T14:02Z', kind: 'detection', text: 'Checkout error rate alert fired' }, ctx);
    addEvent(fb.doc, { time: '2026-10-30T14:20Z', kind: 'action', text: 'Rolled back the deploy' }, ctx);
    const factorId = addFactor(fb.doc, { text: 'Canary covered no checkout traffic', category: 'technology' }, ctx);
    addFactor(fb.doc, { text: 'Runbook did not name the rollback command', category: 'process' }, ctx);
    const actionId = addActionItem(fb.doc, { text: 'Route 5% of checkout through the canary', owner: 'Bob Brand', due: '2026-12-01', factorIds: [factorId as never] }, ctx);
    setIncidentFields(ff.doc, { severity: 'SEV2', services: ['checkout'], tags: ['deploy'] }, ctx);

    // Alice writes privately: only she (and an export) can read it.
    const drafts = await connect(board.id, alice.token, draftsDocument(alice.person.id));
    addEvent(drafts.doc, { time: '2026-10-30T14:05Z', kind: 'other', text: 'Alice private: I muted the alert channel that morning' }, ctx);

    // A link to the earlier board, made as the facilitator would.
    const linked = await call(server, 'POST', `/api/boards/${board.id}/links`, fran.token, JSON.stringify({ link: `${server.url}/b/${earlier.id}#token=${earlier.tokens.participant}` }));
    if (linked.status !== 201) throw new Error(`link: ${linked.status} ${linked.text}`);

    // The participant link is replaced: the old one must still say "replaced" after an import.
    const replaced = await call<{ token: string }>(server, 'POST', `/api/boards/${board.id}/invite-links/participant`, fran.token);
    if (replaced.status !== 200) throw new Error(`replace link: ${replaced.status} ${replaced.text}`);
    const participantToken = replaced.body.token;

    // Voting: Alice puts a dot on the canary factor.
    setPhase(ff.doc, 'voting', Date.now(), ctx);
    await waitUntil(async () => (await call(server, 'POST', `/api/boards/${board.id}/ballot`, alice.token, JSON.stringify({ target: factorId, delta: 1 }))).status === 200);

    // The action item was sent to a tracker (the store's own records, as the trackers plugin keeps them).
    const trackers = server.app.storage.trackers;
    await trackers.putConfig({
      id: 'trk-export-test',
      scope: 'server',
      kind: 'github',
      baseUrl: 'https://api.github.example',
      project: 'acme/shop',
      sealedCredentials: new Uint8Array(crypto.randomBytes(60)),
      sealedWebhookSecret: new Uint8Array(crypto.randomBytes(44)),
      createdAt: Date.now(),
    });
    await trackers.claim(board.id, actionId, 'trk-export-test', Date.now(), 0, false);
    await trackers.complete(board.id, actionId, { externalId: '991', key: '#17', url: 'https://github.example/acme/shop/issues/17', issueState: 'open' }, Date.now());

    await waitUntil(() => readEvents(drafts.doc).length === 1);
    await server.app.storage.flush();
    return { earlier, board, fran, alice, bob, factorId, actionId, participantToken };
  } finally {
    for (const c of clients) c.destroy();
  }
}

/** Downloads a board's JSON export as its facilitator. */
export async function exportBoard(server: TestServer, boardId: string, facilitatorToken: string): Promise<{ text: string; file: BoardExportFile }> {
  const res = await call<BoardExportFile>(server, 'GET', `/api/boards/${boardId}/export.json`, facilitatorToken);
  if (res.status !== 200) throw new Error(`export: ${res.status} ${res.text}`);
  return { text: res.text, file: res.body };
}

/** Imports an export file's text as a workspace member. */
export function importBoard(server: TestServer, text: string, workspaceToken: string | null = server.app.library.newWorkspaceToken) {
  return call<{ boardId: string; title: string; link: string; missingLinkedBoards: string[]; code?: string; message?: string }>(server, 'POST', '/api/workspace/import', workspaceToken, text);
}

/** What a person sees of the board on a server: the report, their drafts, their dots, the earlier board's actions. */
export async function whatPeopleSee(server: TestServer, rich: RichBoard): Promise<Record<string, unknown>> {
  const id = rich.board.id;
  const report = await call(server, 'GET', `/api/boards/${id}/export.md`, rich.participantToken);
  const session = await call(server, 'GET', `/api/boards/${id}/session`, rich.alice.token);
  const oldLink = await call<{ code: string }>(server, 'GET', `/api/boards/${id}/session`, rich.board.tokens.participant);
  const ballot = await call<{ dots: Record<string, number> }>(server, 'GET', `/api/boards/${id}/ballot`, rich.alice.token);
  const people = await call<{ people: Array<{ name: string; role: string }> }>(server, 'GET', `/api/boards/${id}/people`, rich.fran.token);
  const past = await call(server, 'GET', `/api/boards/${id}/past-actions`, rich.fran.token);
  const drafts = await connectSynced(server.wsUrl, id, rich.alice.token, { document: draftsDocument(rich.alice.person.id) });
  const draftTexts = readEvents(drafts.doc).map((e) => e.text);
  drafts.destroy();
  const board = await connectSynced(server.wsUrl, id, rich.bob.token);
  const boardJson = board.doc.toJSON();
  const eventTexts = readEvents(board.doc).map((e) => e.text);
  board.destroy();
  return {
    report: report.text.replace(/^.*[Ee]xported.*$/gm, '').replace(/http:\/\/127\.0\.0\.1:\d+/g, '<server>'),
    session: session.body,
    oldLink: [oldLink.status, oldLink.body.code],
    ballot: ballot.body.dots,
    people: people.body,
    past: past.body,
    draftTexts,
    boardJson,
    eventTexts,
  };
}

const TABLES = [
  'boards',
  'updates',
  'snapshots',
  'people',
  'ballots',
  'retired_links',
  'board_links',
  'tracker_configs',
  'tracker_links',
  'workspace',
  'workspace_retired_links',
  'library_reviews',
  'library_actions',
  'search_rows',
];

/** Every row of every table, in a stable order: equal dumps mean nothing stored changed. */
export async function dumpStore(store: BoardStore): Promise<string> {
  await store.flush();
  const tables = store.transfer.dialect === 'postgres' ? [...TABLES, 'documents'] : TABLES;
  return store.transfer.snapshot(async (query) => {
    const out: Record<string, string[]> = {};
    for (const table of tables) {
      const rows = await query<Record<string, unknown>>(`SELECT * FROM ${table}`);
      out[table] = rows
        .map((r) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? String(v) : v)))
        .sort();
    }
    return JSON.stringify(out);
  });
}

/** A Yjs update of a board that depends on changes it does not carry (a forged, incomplete document). */
export function incompleteUpdate(): Uint8Array {
  const doc = new Y.Doc();
  const events = doc.getMap('events');
  events.set('a', 'first');
  const before = Y.encodeStateVector(doc);
  events.set('b', 'second');
  return Y.encodeStateAsUpdate(doc, before);
}
