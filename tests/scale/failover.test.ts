// Instances and Redis failing mid-session: an instance killed with kill -9 loses nothing that a
// participant on another instance has seen, and its clients carry on from a surviving instance;
// the presence of people stranded on a dead instance goes away; Redis killed and restarted loses
// nothing, not even edits made while it was down.
import { afterEach, expect, test } from 'vitest';
import type { BoardId } from '../../shared/ids';
import { connect, connectSynced, createBoard, docJson, joinBoard, TEST_MAP, waitUntil, type Client } from '../server/helpers';
import { moveTo, startCluster, type Cluster } from './cluster';

let cluster: Cluster | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await cluster?.stop();
  cluster = undefined;
});

const nameOf = (watcher: Client, who: Client) =>
  (watcher.provider.awareness.getStates().get(who.doc.clientID) as { user?: { name?: string } } | undefined)?.user?.name;

test('kill -9 of an instance mid-edit: nothing seen elsewhere is lost, and its clients carry on from a survivor', async () => {
  cluster = await startCluster(3, { INSTANCE_HEARTBEAT_MS: '200' });
  const [a, b, c] = cluster.instances;
  const board = await createBoard(a!.url, { title: 'Failover' });
  // People on the board: the server shows their presence under the names they joined with.
  const writer = await connectSynced(a!.wsUrl, board.id, (await joinBoard(a!.url, board.id, board.tokens.participant, 'Writer')).token);
  const neighbour = await connectSynced(a!.wsUrl, board.id, board.tokens.participant);
  const reader = await connectSynced(b!.wsUrl, board.id, board.tokens.viewer);
  const other = await connectSynced(c!.wsUrl, board.id, board.tokens.participant);
  clients.push(writer, neighbour, reader, other);
  writer.provider.awareness.setLocalStateField('user', { name: 'Writer' });
  await waitUntil(() => nameOf(reader, writer) === 'Writer', 'the reader to see the writer');

  // The writer keeps typing on a; once the reader on b has seen a good part, a is killed.
  let written = 0;
  const typing = setInterval(() => {
    for (let i = 0; i < 5; i++) writer.doc.getMap(TEST_MAP).set(`edit${written++}`, written);
  }, 2);
  let seen: Record<string, unknown>;
  try {
    await waitUntil(() => reader.doc.getMap(TEST_MAP).size >= 150, 'the reader to see 150 edits');
    a!.process.kill('SIGKILL');
    seen = docJson(reader.doc).entries;
    // The writer and its neighbour reconnect elsewhere, as a load balancer would send them.
    moveTo(writer, b!);
    moveTo(neighbour, c!);
    expect(await a!.exited).toBe('SIGKILL');
    // Still typing while disconnected, and after: the edits travel once it has reconnected.
    await waitUntil(() => writer.provider.wsconnected && neighbour.provider.wsconnected, 'both to reconnect to survivors');
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    clearInterval(typing);
  }
  neighbour.doc.getMap(TEST_MAP).set('after', 'failover');

  // Everyone converges on everything the writer typed: nothing the reader had seen is missing.
  await waitUntil(
    () => [neighbour, reader, other].every((p) => JSON.stringify(docJson(p.doc)) === JSON.stringify(docJson(writer.doc))),
    'every copy to agree',
    15_000,
  );
  const final = docJson(other.doc).entries;
  for (const [key, value] of Object.entries(seen)) expect(final[key], key).toEqual(value);
  expect(Object.keys(final)).toHaveLength(written + 1);
  // The writer is still listed for the others (now speaking through b).
  expect(nameOf(other, writer)).toBe('Writer');

  // And it is all stored: a newcomer on a fresh instance loads every edit.
  const fresh = await cluster.spawn();
  const newcomer = await connectSynced(fresh.wsUrl, board.id, board.tokens.viewer);
  clients.push(newcomer);
  expect(docJson(newcomer.doc)).toEqual(docJson(writer.doc));
});

test('people stranded on a killed instance leave the others’ presence; a SIGTERM stop keeps everything', async () => {
  cluster = await startCluster(2, { INSTANCE_HEARTBEAT_MS: '200' });
  const [a, b] = cluster.instances;
  const board = await createBoard(a!.url, { title: 'Stranded' });
  // This one does not reconnect (a closed laptop, say).
  const strandedToken = (await joinBoard(a!.url, board.id, board.tokens.participant, 'Stranded')).token;
  const stranded = connect(a!.wsUrl, board.id, strandedToken, { reconnect: false });
  const watcher = await connectSynced(b!.wsUrl, board.id, board.tokens.participant);
  clients.push(stranded, watcher);
  stranded.provider.awareness.setLocalStateField('user', { name: 'Stranded' });
  await waitUntil(() => nameOf(watcher, stranded) === 'Stranded', 'the watcher to see them');
  a!.process.kill('SIGKILL');
  // b notices a's silence after three heartbeats and removes its people.
  await waitUntil(() => !watcher.provider.awareness.getStates().has(stranded.doc.clientID), 'them to leave the list');

  // A clean stop of a clustered instance (a rolling restart) still stores everything and exits 0.
  watcher.doc.getMap(TEST_MAP).set('before', 'restart');
  b!.process.kill('SIGTERM');
  expect(await b!.exited).toBe(0);
  const again = await cluster.spawn();
  const back = await connectSynced(again.wsUrl, board.id, board.tokens.viewer);
  clients.push(back);
  expect(back.doc.getMap(TEST_MAP).get('before')).toBe('restart');
});

test('Redis killed mid-session and restarted: edits made meanwhile on either side reach the other, presence comes back', async () => {
  // No periodic check against the store here: only the reconnection's catch-up can bring the edits.
  cluster = await startCluster(2, { CATCH_UP_INTERVAL_MS: '3600000' });
  const [a, b] = cluster.instances;
  const board = await createBoard(a!.url, { title: 'Redis restart' });
  const ann = await connectSynced(a!.wsUrl, board.id, board.tokens.participant);
  const bo = await connectSynced(b!.wsUrl, board.id, (await joinBoard(b!.url, board.id, board.tokens.participant, 'Bo')).token);
  clients.push(ann, bo);
  ann.doc.getMap(TEST_MAP).set('before', 'ann');
  await waitUntil(() => bo.doc.getMap(TEST_MAP).get('before') === 'ann', 'the first edit to cross');

  await cluster.redis.kill();
  // Each instance stores its own people's edits while Redis is away: Bo's first, then Ann's. (a may
  // learn of Bo's from the gap in its own numbers; b has no such hint of Ann's.)
  const key = { boardId: board.id as BoardId, name: 'board' as const };
  const stored = async () => (await cluster!.store.loadDocument(key)).updates.length;
  const before = await stored();
  for (let i = 0; i < 40; i++) bo.doc.getMap(TEST_MAP).set(`bo${i}`, i);
  await waitUntil(async () => (await stored()) >= before + 40, 'Bo’s edits to be stored');
  for (let i = 0; i < 40; i++) ann.doc.getMap(TEST_MAP).set(`ann${i}`, i);
  await waitUntil(async () => (await stored()) >= before + 80, 'Ann’s edits to be stored');

  await cluster.redis.restart();
  await waitUntil(
    () => ann.doc.getMap(TEST_MAP).size === 81 && JSON.stringify(docJson(ann.doc)) === JSON.stringify(docJson(bo.doc)),
    'both to hold all 81 edits',
    15_000,
  );
  // Live again: a new edit and a presence change cross at once.
  bo.doc.getMap(TEST_MAP).set('after', 'bo');
  bo.provider.awareness.setLocalStateField('cursor', 'after');
  const cursorOf = (watcher: Client, who: Client) =>
    (watcher.provider.awareness.getStates().get(who.doc.clientID) as { cursor?: string } | undefined)?.cursor;
  await waitUntil(
    () => ann.doc.getMap(TEST_MAP).get('after') === 'bo' && cursorOf(ann, bo) === 'after' && nameOf(ann, bo) === 'Bo',
    'a new edit and Bo’s presence to reach Ann',
  );
});
