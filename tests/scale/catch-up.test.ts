// Announcements lost between instances (Redis dropping a message, a publish failing): the other
// instance still gets the update from the store, whether later updates reveal the gap or nothing
// follows at all (the periodic comparison with the store). Two in-process servers on one
// PostgreSQL and one Redis, with one instance's announcements dropped on purpose.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { RedisRelay } from '../../server/cluster/relay';
import type { PeerMessage } from '../../server/cluster/wire';
import { connectSynced, createBoard, docJson, startServer, TEST_MAP, waitUntil, type Client, type TestServer } from '../server/helpers';
import { startPostgres, startRedis, type Postgres, type Redis } from './services';

let postgres: Postgres;
let redis: Redis;
let servers: TestServer[] = [];
const clients: Client[] = [];
beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await postgres.createDatabase();
  const config = { databaseUrl, redisUrl: redis.url, catchUpIntervalMs: 300, logLevel: 'warn' as const };
  servers = [await startServer(config)];
  servers.push(await startServer(config));
});
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

/** Makes `server` drop the update announcements for which `drop` says so. */
function dropAnnouncements(server: TestServer, drop: (message: Extract<PeerMessage, { kind: 'update' }>) => boolean): () => void {
  const relay = server.app.peers as RedisRelay;
  const publish = relay.publish.bind(relay);
  relay.publish = (channel, message) => {
    if (message.kind === 'update' && drop(message)) return;
    publish(channel, message);
  };
  return () => {
    relay.publish = publish;
  };
}

test('the last update lost between instances, with nothing after it, still arrives (periodic check)', async () => {
  const [a, b] = servers;
  const board = await createBoard(a!.url, { title: 'Lost last' });
  const ann = await connectSynced(a!.wsUrl, board.id, board.tokens.participant);
  const bo = await connectSynced(b!.wsUrl, board.id, board.tokens.participant);
  clients.push(ann, bo);
  ann.doc.getMap(TEST_MAP).set('first', 1);
  await waitUntil(() => bo.doc.getMap(TEST_MAP).get('first') === 1, 'the first edit to cross');

  let dropped = 0;
  const restore = dropAnnouncements(a!, () => ++dropped === 1);
  try {
    ann.doc.getMap(TEST_MAP).set('lost', 'but stored');
    await waitUntil(() => dropped === 1, 'the announcement to be dropped');
    await waitUntil(() => bo.doc.getMap(TEST_MAP).get('lost') === 'but stored', 'Bo to get it from the store');
  } finally {
    restore();
  }
});

test('updates lost between instances in the middle of a stream are filled in from the store', async () => {
  const [a, b] = servers;
  const board = await createBoard(b!.url, { title: 'Gaps' });
  const ann = await connectSynced(a!.wsUrl, board.id, board.tokens.participant);
  const bo = await connectSynced(b!.wsUrl, board.id, board.tokens.participant);
  clients.push(ann, bo);
  // Every third announcement from a is lost; those after each gap reveal it.
  const restore = dropAnnouncements(a!, (m) => m.seq % 3 === 0);
  try {
    for (let i = 0; i < 60; i++) {
      ann.doc.getMap(TEST_MAP).set(`ann${i}`, i);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await waitUntil(() => bo.doc.getMap(TEST_MAP).size === 60, 'Bo to hold all sixty');
    expect(docJson(bo.doc)).toEqual(docJson(ann.doc));
  } finally {
    restore();
  }
});
