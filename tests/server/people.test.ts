// People on a board, against a real server with real and raw clients: joining makes a person with a
// personal token; a forged person id or another's secret is refused with a clear message; replacing
// a link closes its holders with the permanent code and tells them whom to ask; roles change from
// the people list; and presence says who a connection is, whatever the client claims.
import { afterEach, expect, test } from 'vitest';
import * as encoding from 'lib0/encoding';
import { CloseCode, MessageType, NON_RETRYABLE_CLOSE_CODES, parsePersonalToken, personalToken } from '../../shared/protocol';
import type { ApiErrorBody, BoardSession, JoinBoardResponse, PeopleResponse } from '../../shared/protocol';
import { encodeAwarenessEntries } from '../../server/sync/messages';
import type { BoardId } from '../../shared/ids';
import { connectSynced, createBoard, docJson, rawSocket, startServer, TEST_MAP, waitUntil, type Client, type TestServer } from './helpers';

let server: TestServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
});

async function api<T>(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server!.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

const join = (boardId: string, link: string, name: string, person?: string) =>
  api<JoinBoardResponse>('POST', `/api/boards/${boardId}/people`, link, { name, ...(person ? { person } : {}) });

function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, encodeAwarenessEntries([{ clientId, clock, state: JSON.stringify(state) }]));
  return encoding.toUint8Array(encoder);
}

test('joining with the participant link makes a person whose personal token opens the board on any device', async () => {
  server = await startServer();
  const board = await createBoard(server.url, { title: 'People' });
  const joined = await join(board.id, board.tokens.participant, 'Robin Quill');
  expect(joined.status).toBe(201);
  expect(joined.body.person).toMatchObject({ name: 'Robin Quill', role: 'participant' });
  const token = joined.body.token;
  expect(parsePersonalToken(token)?.personId).toBe(joined.body.person.id);

  // Only the secret's hash is stored: the token is nowhere in the database file's rows.
  const stored = await server.app.storage.getPerson(board.id as BoardId, joined.body.person.id);
  expect(JSON.stringify(stored)).not.toContain(parsePersonalToken(token)!.secret);

  const session = await api<BoardSession>('GET', `/api/boards/${board.id}/session`, token);
  expect(session.body).toMatchObject({ role: 'participant', person: { id: joined.body.person.id, name: 'Robin Quill' } });
  // The join's answer carries that same session, so a page that joins opens the board at once.
  expect(joined.body.session).toEqual(session.body);
  // Participants are given the participant link to pass on, until the facilitator says otherwise.
  expect(session.body.links).toEqual({ participant: board.tokens.participant });
  expect((await api('PATCH', `/api/boards/${board.id}/invite-links`, board.tokens.facilitator, { participantsMayShare: false })).status).toBe(204);
  expect((await api<BoardSession>('GET', `/api/boards/${board.id}/session`, token)).body.links).toBeUndefined();

  // Two devices, one person: both sync, and presence shows the same person on each.
  const laptop = await connectSynced(server.wsUrl, board.id, token);
  const phone = await connectSynced(server.wsUrl, board.id, token);
  clients.push(laptop, phone);
  laptop.doc.getMap(TEST_MAP).set('from', 'laptop');
  await waitUntil(() => phone.doc.getMap(TEST_MAP).get('from') === 'laptop', 'the edit on the other device');
  phone.provider.awareness.setLocalStateField('user', { name: 'Someone else', role: 'facilitator', color: '#123456' });
  await waitUntil(() => laptop.provider.awareness.getStates().get(phone.doc.clientID)?.user, 'the phone presence');
  expect(laptop.provider.awareness.getStates().get(phone.doc.clientID)?.user).toEqual({
    name: 'Robin Quill',
    role: 'participant',
    voterId: joined.body.person.id,
    person: true,
    color: '#123456',
  });
});

test('a forged person id, another person’s secret and a view-only join are refused with a clear message; nothing stored is lost', async () => {
  server = await startServer();
  const board = await createBoard(server.url);
  const alice = (await join(board.id, board.tokens.participant, 'Alice')).body;
  const bob = (await join(board.id, board.tokens.participant, 'Bob')).body;
  const writer = await connectSynced(server.wsUrl, board.id, alice.token);
  clients.push(writer);
  writer.doc.getMap(TEST_MAP).set('kept', 'yes');

  const forged = personalToken('AAAAAAAAAAAAAAAA', parsePersonalToken(alice.token)!.secret);
  const mixed = personalToken(alice.person.id, parsePersonalToken(bob.token)!.secret);
  for (const [token, code, words] of [
    [forged, 'PERSON_UNKNOWN', 'names nobody on this board'],
    [mixed, 'PERSON_SECRET_INVALID', 'secret does not match'],
  ] as const) {
    const refused = await api<ApiErrorBody>('GET', `/api/boards/${board.id}/session`, token);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe(code);
    expect(refused.body.message).toContain(words);
    // The websocket is refused before the upgrade, with the same status.
    const socket = rawSocket(`${server.wsUrl}/${board.id}?token=${encodeURIComponent(token)}`);
    await expect(socket.opened).rejects.toMatchObject({ statusCode: 401 });
  }
  const viewerJoin = await join(board.id, board.tokens.viewer, 'Mallory');
  expect(viewerJoin.status).toBe(403);
  expect(viewerJoin.body).toMatchObject({ code: 'JOIN_NEEDS_LINK' });
  // A name made of control characters is refused by the schema.
  expect((await join(board.id, board.tokens.participant, '\u0007')).status).toBe(400);

  const check = await connectSynced(server.wsUrl, board.id, bob.token);
  clients.push(check);
  await waitUntil(() => check.doc.getMap(TEST_MAP).get('kept') === 'yes', 'what Alice wrote');
  expect((await server.app.storage.listPeople(board.id as BoardId)).map((p) => p.name)).toEqual(['Alice', 'Bob']);
});

test('a replaced link closes its holders with the permanent code and says whom to ask; people who joined with it stay', async () => {
  server = await startServer();
  const board = await createBoard(server.url);
  const robin = (await join(board.id, board.tokens.facilitator, 'Robin')).body;
  expect(robin.person.role).toBe('facilitator');
  const sam = (await join(board.id, board.tokens.participant, 'Sam')).body;

  const bare = rawSocket(`${server.wsUrl}/${board.id}?token=${board.tokens.participant}`);
  await bare.opened;
  let reason = '';
  bare.socket.once('close', (_code, why) => (reason = why.toString()));
  const samClient = await connectSynced(server.wsUrl, board.id, sam.token);
  const viewer = await connectSynced(server.wsUrl, board.id, board.tokens.viewer);
  clients.push(samClient, viewer);

  const reissued = await api<{ role: string; token: string }>('POST', `/api/boards/${board.id}/invite-links/participant`, robin.token);
  expect(reissued.status).toBe(200);
  expect(await bare.closed).toBe(CloseCode.linkRevoked);
  expect(CloseCode.linkRevoked).toBeGreaterThanOrEqual(4400);
  expect(CloseCode.linkRevoked).toBeLessThan(4500);
  expect(NON_RETRYABLE_CLOSE_CODES.has(CloseCode.linkRevoked)).toBe(true);
  expect(reason).toBe('The facilitator replaced this participant link. Ask Robin for the new one.');

  // The old link is refused with the same words; the new one opens the board; Sam stays connected.
  const old = await api<ApiErrorBody>('GET', `/api/boards/${board.id}/session`, board.tokens.participant);
  expect(old.status).toBe(401);
  expect(old.body).toMatchObject({ code: 'LINK_REVOKED', message: reason });
  expect((await api<BoardSession>('GET', `/api/boards/${board.id}/session`, reissued.body.token)).body.role).toBe('participant');
  samClient.doc.getMap(TEST_MAP).set('after', 'revocation');
  await waitUntil(() => viewer.doc.getMap(TEST_MAP).get('after') === 'revocation', "Sam's edit after the revocation");
  expect(samClient.closeCodes).toEqual([]);
  // Only a facilitator replaces links.
  expect((await api('POST', `/api/boards/${board.id}/invite-links/viewer`, sam.token)).status).toBe(403);
});

test('promoting and demoting from the people list: two facilitators at once, the change reaches their connections', async () => {
  server = await startServer();
  const board = await createBoard(server.url);
  const robin = (await join(board.id, board.tokens.facilitator, 'Robin')).body;
  const sam = (await join(board.id, board.tokens.participant, 'Sam')).body;
  const samFacilitation = await connectSynced(server.wsUrl, board.id, sam.token, { document: 'facilitation' });
  const robinFacilitation = await connectSynced(server.wsUrl, board.id, robin.token, { document: 'facilitation' });
  clients.push(samFacilitation, robinFacilitation);

  const people = await api<PeopleResponse>('GET', `/api/boards/${board.id}/people`, robin.token);
  expect(people.body.people).toEqual([
    { id: robin.person.id, name: 'Robin', role: 'facilitator', online: false },
    { id: sam.person.id, name: 'Sam', role: 'participant', online: false },
  ]);
  expect((await api('GET', `/api/boards/${board.id}/people`, sam.token)).status).toBe(403);

  // Sam is made facilitator: his connection is closed to reconnect, and then writes the facilitation document.
  const promoted = await api('PATCH', `/api/boards/${board.id}/people/${sam.person.id}`, robin.token, { role: 'facilitator' });
  expect(promoted.body).toEqual({ id: sam.person.id, name: 'Sam', role: 'facilitator' });
  await waitUntil(() => samFacilitation.closeCodes.includes(CloseCode.identityChanged), 'the identity change to reach Sam');
  await waitUntil(() => samFacilitation.provider.wsconnected && samFacilitation.provider.synced, 'Sam to reconnect');
  samFacilitation.doc.getMap(TEST_MAP).set('phase', 'voting');
  await waitUntil(() => robinFacilitation.doc.getMap(TEST_MAP).get('phase') === 'voting', "Sam's facilitation change");

  // Robin steps down (Sam is facilitator now); Sam cannot step down after, as the last one.
  expect((await api('PATCH', `/api/boards/${board.id}/people/${robin.person.id}`, robin.token, { role: 'participant' })).status).toBe(200);
  const last = await api<ApiErrorBody>('PATCH', `/api/boards/${board.id}/people/${sam.person.id}`, sam.token, { role: 'participant' });
  expect(last.status).toBe(409);
  expect(last.body.code).toBe('LAST_FACILITATOR');
  // Robin, a participant now, may not change roles; opening the facilitator link makes him facilitator again.
  expect((await api('PATCH', `/api/boards/${board.id}/people/${sam.person.id}`, robin.token, { role: 'participant' })).status).toBe(403);
  const back = await join(board.id, board.tokens.facilitator, 'Robin', robin.token);
  expect(back.status).toBe(200);
  expect(back.body).toMatchObject({ person: { id: robin.person.id, name: 'Robin', role: 'facilitator' }, token: robin.token });
  // The session answered with it is the raised one: a facilitator's, with every link.
  expect(back.body.session).toMatchObject({ role: 'facilitator', person: { id: robin.person.id }, links: { participant: board.tokens.participant, viewer: board.tokens.viewer } });
  // A forged person id in the list's route is a clear 404.
  expect((await api<ApiErrorBody>('PATCH', `/api/boards/${board.id}/people/nobody`, sam.token, { role: 'viewer' })).body.code).toBe('PERSON_NOT_FOUND');
});

test('presence cannot lie: a viewer cannot appear as a facilitator or as someone else, nor take over a reconnecting person’s client id', async () => {
  server = await startServer();
  const board = await createBoard(server.url);
  const alice = (await join(board.id, board.tokens.participant, 'Alice')).body;
  const mallory = (await join(board.id, board.tokens.participant, 'Mallory')).body;
  const observer = await connectSynced(server.wsUrl, board.id, board.tokens.participant);
  clients.push(observer);
  const states = () => observer.provider.awareness.getStates();

  // A raw viewer claims to be the facilitator Alice.
  const viewer = rawSocket(`${server.wsUrl}/${board.id}?token=${board.tokens.viewer}`);
  await viewer.opened;
  viewer.socket.send(awarenessFrame(5001, 1, { user: { name: 'Alice', role: 'facilitator', voterId: alice.person.id } }));
  await waitUntil(() => states().get(5001), "the viewer's presence");
  expect(states().get(5001)?.user).toEqual({ name: 'Viewer', role: 'viewer', voterId: 'link-viewer-5001', person: false });

  // Alice is present with client id 7001, then her connection drops.
  const aliceSocket = rawSocket(`${server.wsUrl}/${board.id}?token=${encodeURIComponent(alice.token)}`);
  await aliceSocket.opened;
  aliceSocket.socket.send(awarenessFrame(7001, 1, { cursor: 1 }));
  await waitUntil(() => states().get(7001)?.user?.name === 'Alice', "Alice's presence");
  aliceSocket.socket.close();
  await waitUntil(() => !states().has(7001), "Alice's presence to go");

  // Mallory claims Alice's client id with a newer clock while she is away, then speaks for herself.
  const malSocket = rawSocket(`${server.wsUrl}/${board.id}?token=${encodeURIComponent(mallory.token)}`);
  await malSocket.opened;
  malSocket.socket.send(awarenessFrame(7001, 50, { cursor: 666 }));
  malSocket.socket.send(awarenessFrame(8001, 1, { cursor: 2 }));
  await waitUntil(() => states().get(8001)?.user?.name === 'Mallory', "Mallory's own presence (the barrier)");
  expect(states().has(7001)).toBe(false);

  // Alice comes back with her id and her next clock: it is hers again.
  const again = rawSocket(`${server.wsUrl}/${board.id}?token=${encodeURIComponent(alice.token)}`);
  await again.opened;
  again.socket.send(awarenessFrame(7001, 2, { cursor: 3 }));
  await waitUntil(() => states().get(7001)?.cursor === 3, "Alice's presence again");
  expect(states().get(7001)?.user).toMatchObject({ name: 'Alice', role: 'participant', voterId: alice.person.id });
  for (const s of [viewer, malSocket, again]) s.socket.close();
  expect(docJson(observer.doc).entries).toEqual({});
});
