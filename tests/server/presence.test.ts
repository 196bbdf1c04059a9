// Presence through the real server: someone whose connection drops and comes back shows up again
// at once, and the others' providers echoing awareness (y-websocket does, for every update it
// receives) never take over a person's presence.
import { afterEach, expect, test } from 'vitest';
import { connectSynced, createBoard, joinBoard, startServer, waitUntil, type Client, type TestServer } from './helpers';

let server: TestServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

const nameOf = (watcher: Client, who: Client) =>
  (watcher.provider.awareness.getStates().get(who.doc.clientID) as { user?: { name?: string } } | undefined)?.user?.name;
const statusOf = (watcher: Client, who: Client) =>
  (watcher.provider.awareness.getStates().get(who.doc.clientID) as { status?: string } | undefined)?.status;

test('someone who drops and reconnects is back in the others’ presence at once, and keeps speaking for themselves', async () => {
  server = await startServer();
  const board = await createBoard(server.url, { title: 'Presence' });
  // Ann is a person on the board: the server shows her presence under her name.
  const { token } = await joinBoard(server.url, board.id, board.tokens.participant, 'Ann');
  const ann = await connectSynced(server.wsUrl, board.id, token);
  const bo = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  const cy = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(ann, bo, cy);
  ann.provider.awareness.setLocalStateField('status', 'here');
  await waitUntil(() => nameOf(bo, ann) === 'Ann' && nameOf(cy, ann) === 'Ann', 'Bo and Cy to see Ann');

  // Ann's connection drops: she leaves the others' lists (and their providers echo her removal).
  ann.provider.disconnect();
  await waitUntil(() => nameOf(bo, ann) === undefined && nameOf(cy, ann) === undefined, 'Ann to leave the lists');
  // She comes back with the same state and clock she had: she is listed again without waiting for
  // her provider's 15-second renewal.
  ann.provider.connect();
  await waitUntil(() => nameOf(bo, ann) === 'Ann' && nameOf(cy, ann) === 'Ann', 'Ann to be back in the lists', 5_000);

  // And what she changes next reaches everyone: no echo made someone else her owner.
  ann.provider.awareness.setLocalStateField('status', 'back');
  await waitUntil(() => statusOf(bo, ann) === 'back' && statusOf(cy, ann) === 'back', 'her new status everywhere');
});

test('the server keeps no link between a person and the client ids they write with: nothing logged, nothing stored beside the update', async () => {
  server = await startServer();
  const board = await createBoard(server.url, { title: 'Anonymous' });
  const { token, person } = await joinBoard(server.url, board.id, board.tokens.participant, 'Ann Example');
  const ann = await connectSynced(server.wsUrl, board.id, token);
  const bo = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(ann, bo);
  ann.provider.awareness.setLocalStateField('status', 'here');
  await waitUntil(() => nameOf(bo, ann) === 'Ann Example', 'Bo to see Ann');

  // Ann writes under an id of her own, as Debrief's client does: not her presence id.
  const writer = 3_141_592_653;
  const presenceId = ann.doc.clientID;
  ann.doc.clientID = writer;
  ann.doc.getMap('entries').set('note', 'an anonymous note');
  ann.doc.clientID = presenceId;
  await waitUntil(() => bo.doc.getMap('entries').get('note') === 'an anonymous note', 'Bo to receive the note');
  // Written, stored and logged as far as it will be: the room's writes have settled.
  await server.app.rooms.get({ boardId: board.id as never, name: 'board' })?.settled();

  // The logs say who joined and which connections came and went, never the id she wrote with, and
  // never her presence id either.
  const logged = server.logs.map((l) => JSON.stringify(l)).join('\n');
  expect(logged).toContain(person.id);
  expect(logged).not.toContain(String(writer));
  expect(logged).not.toContain(String(presenceId));
  // What is stored is the update itself (its items carry the writer id, as every reader sees) and
  // the person's record, which names no client id.
  const stored = await server.app.storage.loadDocument({ boardId: board.id as never, name: 'board' });
  expect(Object.keys(stored).sort()).toEqual(['lastSeq', 'snapshot', 'snapshotSeq', 'updates']);
  const [record] = await server.app.storage.listPeople(board.id as never);
  expect(JSON.stringify(record)).not.toContain(String(writer));
});
