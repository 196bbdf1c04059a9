// Roles in sync: a viewer sees the board live but changes nothing and speaks in awareness only for
// itself; the facilitation document (and with it the meeting's phase) is written only by the facilitator.
import { afterEach, expect, test } from 'vitest';
import * as encoding from 'lib0/encoding';
import { readPhase, setPhase } from '../../shared/facilitation';
import { MessageType } from '../../shared/protocol';
import { encodeAwarenessEntries } from '../../server/sync/messages';
import {
  connectSynced,
  createBoard,
  docJson,
  rawSocket,
  startServer,
  TEST_MAP,
  waitUntil,
  type Client,
  type TestServer,
} from './helpers';
import { LIVE_WRITES } from '../helpers/context';

let server: TestServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, encodeAwarenessEntries([{ clientId, clock, state: JSON.stringify(state) }]));
  return encoding.toUint8Array(encoder);
}

test('a viewer sees the board and its changes live, but its own edits reach no one and are not kept', async () => {
  server = await startServer();
  const board = await createBoard(server.url, { title: 'Read only' });
  const participant = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(participant);
  participant.doc.getMap(TEST_MAP).set('before', 'the viewer came');

  const viewer = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(viewer);
  await waitUntil(() => viewer.doc.getMap(TEST_MAP).get('before') === 'the viewer came', 'the board at the viewer');
  participant.doc.getMap(TEST_MAP).set('live', 1);
  await waitUntil(() => viewer.doc.getMap(TEST_MAP).get('live') === 1, 'a live change at the viewer');

  // The viewer edits locally; then says so in awareness, which the server handles after the edit.
  viewer.doc.getMap(TEST_MAP).set('viewer', 'should not land');
  viewer.doc.getMap(TEST_MAP).delete('before');
  viewer.provider.awareness.setLocalStateField('marker', 'edited');
  await waitUntil(
    () => participant.provider.awareness.getStates().get(viewer.doc.clientID)?.marker === 'edited',
    'the viewer awareness at the participant',
  );

  // Anyone syncing from the server now gets the board without the viewer's edit.
  const newcomer = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(newcomer);
  expect(docJson(newcomer.doc).entries).toEqual({ before: 'the viewer came', live: 1 });
  expect(docJson(participant.doc).entries).toEqual({ before: 'the viewer came', live: 1 });

  // Nor after the board is reloaded from storage.
  for (const c of clients.splice(0)) c.destroy();
  await waitUntil(() => server!.app.rooms.size === 0, 'the room to be released');
  const reloaded = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(reloaded);
  expect(docJson(reloaded.doc).entries).toEqual({ before: 'the viewer came', live: 1 });
});

test('awareness: a connection speaks for its own client id only, never for someone else', async () => {
  server = await startServer();
  const board = await createBoard(server.url);
  const alice = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  const bob = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(alice, bob);
  bob.provider.awareness.setLocalStateField('user', { name: 'Bob' });
  await waitUntil(() => alice.provider.awareness.getStates().get(bob.doc.clientID)?.user?.name === 'Bob', "Bob's presence");

  // A viewer with its own socket first claims its own id, then tries to speak for Bob.
  const spoofer = rawSocket(`${server.wsUrl}/${board.id}?token=${board.tokens.viewer}`);
  await spoofer.opened;
  const ownId = 424242;
  spoofer.socket.send(awarenessFrame(ownId, 1, { user: { name: 'Viewer' } }));
  spoofer.socket.send(awarenessFrame(bob.doc.clientID, 1000, { user: { name: 'Mallory' } }));
  spoofer.socket.send(awarenessFrame(bob.doc.clientID, 1001, null));
  spoofer.socket.send(awarenessFrame(ownId, 2, { user: { name: 'Viewer' }, done: true }));

  await waitUntil(() => alice.provider.awareness.getStates().get(ownId)?.done === true, "the viewer's own presence");
  expect(alice.provider.awareness.getStates().get(bob.doc.clientID)?.user?.name).toBe('Bob');
  expect(server.app.rooms.connectionCount).toBe(3);
  spoofer.socket.close();

  // When the viewer leaves, its presence goes with it; Bob's stays.
  await waitUntil(() => !alice.provider.awareness.getStates().has(ownId), "the viewer's presence to be removed");
  expect(alice.provider.awareness.getStates().get(bob.doc.clientID)?.user?.name).toBe('Bob');
});

test('the facilitation document is written by the facilitator only, and read by everyone', async () => {
  server = await startServer();
  const board = await createBoard(server.url);
  const facilitator = await connectSynced(server.wsUrl, board.id, board.tokens.facilitator, { document: 'facilitation' });
  const participant = await connectSynced(server.wsUrl, board.id, board.tokens.participant, { document: 'facilitation' });
  clients.push(facilitator, participant);

  facilitator.doc.getMap(TEST_MAP).set('phase', 'timeline');
  await waitUntil(() => participant.doc.getMap(TEST_MAP).get('phase') === 'timeline', 'the phase at the participant');

  participant.doc.getMap(TEST_MAP).set('phase', 'voting');
  participant.provider.awareness.setLocalStateField('marker', 'tried');
  await waitUntil(
    () => facilitator.provider.awareness.getStates().get(participant.doc.clientID)?.marker === 'tried',
    'the marker',
  );
  const check = await connectSynced(server.wsUrl, board.id, board.tokens.viewer, { document: 'facilitation' });
  clients.push(check);
  expect(check.doc.getMap(TEST_MAP).get('phase')).toBe('timeline');
  expect(facilitator.doc.getMap(TEST_MAP).get('phase')).toBe('timeline');

  // The two documents of a board are separate.
  const boardDoc = await connectSynced(server.wsUrl, board.id, board.tokens.facilitator);
  clients.push(boardDoc);
  expect(boardDoc.doc.getMap(TEST_MAP).has('phase')).toBe(false);

  // The meeting's phase, written as the app writes it: a participant cannot close the board.
  setPhase(participant.doc, 'closed', Date.now(), LIVE_WRITES);
  participant.provider.awareness.setLocalStateField('marker', 'closed it');
  await waitUntil(
    () => facilitator.provider.awareness.getStates().get(participant.doc.clientID)?.marker === 'closed it',
    'the second marker',
  );
  expect(readPhase(facilitator.doc)).toBe('prework');
  const phaseCheck = await connectSynced(server.wsUrl, board.id, board.tokens.viewer, { document: 'facilitation' });
  clients.push(phaseCheck);
  expect(readPhase(phaseCheck.doc)).toBe('prework');
  // So the board stays writable for everyone.
  const participantBoard = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(participantBoard);
  participantBoard.doc.getMap(TEST_MAP).set('still', 'open');
  await waitUntil(() => boardDoc.doc.getMap(TEST_MAP).get('still') === 'open', 'an edit after the attempt');
});
