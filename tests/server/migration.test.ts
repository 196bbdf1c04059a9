// A board stored by an older Debrief is migrated by the server when it loads, before anyone sees it.
import { afterEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { readMeta, roots, SCHEMA_VERSION } from '../../shared/board';
import { facilitationRoots, readFacilitation, setFacilitationVoteSettings } from '../../shared/facilitation';
import type { BoardId } from '../../shared/ids';
import { connectSynced, createBoard, startServer, waitUntil, type Client, type TestServer } from './helpers';
import { LIVE_WRITES } from '../helpers/context';
import { rebuild } from './store-contract';

let server: TestServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

test('a board written before the schema was versioned is upgraded on load, and the upgrade is stored', async () => {
  server = await startServer();
  const board = await createBoard(server.url, { title: 'Queue backlog' });
  const key = { boardId: board.id as BoardId, name: 'board' as const };

  // Rewrite the stored board the way an unversioned Debrief left it: no version, a plain-string summary.
  const old = rebuild(await server.app.storage.loadDocument(key));
  const before = Y.encodeStateVector(old);
  roots(old).meta.delete('schemaVersion');
  roots(old).meta.set('summary', 'Written before summaries were shared text.');
  await server.app.storage.appendUpdates(key, [Y.encodeStateAsUpdate(old, before)]);

  const first = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(first);
  expect(readMeta(first.doc)).toMatchObject({
    schemaVersion: SCHEMA_VERSION,
    title: 'Queue backlog',
    summary: 'Written before summaries were shared text.',
  });
  expect(roots(first.doc).meta.get('summary')).toBeInstanceOf(Y.Text);

  // The migration was stored: after the room is released and loaded again, nothing is redone.
  first.destroy();
  clients.length = 0;
  await waitUntil(() => server!.app.rooms.size === 0, 'room released');
  const reloaded = rebuild(await server.app.storage.loadDocument(key));
  expect(readMeta(reloaded).schemaVersion).toBe(SCHEMA_VERSION);
});

test('vote settings an older board kept in the board document move to its facilitation document on load, once', async () => {
  server = await startServer();
  const board = await createBoard(server.url, { title: 'Settings from before' });
  const key = { boardId: board.id as BoardId, name: 'board' as const };
  // As a schema-2 board left them: five dots, at most two on one note, in the board document.
  const old = rebuild(await server.app.storage.loadDocument(key));
  const before = Y.encodeStateVector(old);
  roots(old).settings.set('voteBudget', 5);
  roots(old).settings.set('perTargetCap', 2);
  roots(old).meta.set('schemaVersion', 2);
  await server.app.storage.appendUpdates(key, [Y.encodeStateAsUpdate(old, before)]);

  const participant = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  const facilitation = await connectSynced(server.wsUrl, board.id, board.tokens.viewer, { document: 'facilitation' });
  clients.push(participant, facilitation);
  await waitUntil(() => readFacilitation(facilitation.doc).votes.voteBudget === 5, 'the settings in the facilitation document');
  expect(readFacilitation(facilitation.doc).votes).toMatchObject({ voteBudget: 5, perTargetCap: 2 });

  // Stored there; and once the facilitator has chosen, the old settings no longer count.
  const facilitator = await connectSynced(server.wsUrl, board.id, board.tokens.facilitator, { document: 'facilitation' });
  clients.push(facilitator);
  setFacilitationVoteSettings(facilitator.doc, { voteBudget: 3, perTargetCap: null }, LIVE_WRITES);
  await waitUntil(() => readFacilitation(facilitation.doc).votes.voteBudget === 3, 'the facilitator’s choice');
  for (const c of clients.splice(0)) c.destroy();
  await waitUntil(() => server!.app.rooms.size === 0, 'rooms released');
  const reopened = await connectSynced(server.wsUrl, board.id, board.tokens.viewer, { document: 'facilitation' });
  const boardAgain = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(reopened, boardAgain);
  expect(readFacilitation(reopened.doc).votes).toMatchObject({ voteBudget: 3, perTargetCap: null });
});

test('a participant writing the old settings map of a current board does not set a facilitator-only rule, however often it loads', async () => {
  server = await startServer();
  const board = await createBoard(server.url, { title: 'Settings after the move' });
  // What the issue saw: a raw participant update to the board document's old map.
  const participant = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(participant);
  roots(participant.doc).settings.set('voteBudget', 17);
  roots(participant.doc).settings.set('perTargetCap', 1);
  // The barrier: a newcomer sees the participant's update, so the server applied and stored it.
  const check = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(check);
  await waitUntil(() => roots(check.doc).settings.get('voteBudget') === 17, 'the update stored');
  for (const c of clients.splice(0)) c.destroy();
  await waitUntil(() => server!.app.rooms.size === 0, 'rooms released');
  // The next load runs the migrations; the facilitation document still says what the facilitator
  // said (nothing: the defaults).
  for (let load = 0; load < 2; load++) {
    const facilitation = await connectSynced(server.wsUrl, board.id, board.tokens.viewer, { document: 'facilitation' });
    const boardDoc = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
    clients.push(facilitation, boardDoc);
    const defaults = readFacilitation(new Y.Doc()).votes;
    expect(readFacilitation(facilitation.doc).votes).toMatchObject({ voteBudget: defaults.voteBudget, perTargetCap: defaults.perTargetCap });
    for (const c of clients.splice(0)) c.destroy();
    await waitUntil(() => server!.app.rooms.size === 0, 'rooms released');
  }
  // And the stored facilitation document holds no vote settings at all.
  const stored = await server.app.rooms.read({ boardId: board.id as BoardId, name: 'facilitation' }, (doc) => facilitationRoots(doc).state.has('voteBudget'));
  expect(stored).toBe(false);
});
