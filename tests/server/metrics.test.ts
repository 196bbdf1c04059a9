// Prometheus metrics: off unless METRICS_PORT is set, then on their own port (never the app's),
// counting what an operator watches: connections, rooms, messages and bytes both ways, store write
// latency, refusals by reason.
import { afterEach, expect, test } from 'vitest';
import { connectSynced, createBoard, startServer, TEST_MAP, waitUntil, type Client, type TestServer } from './helpers';

const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

/** Parses a Prometheus text exposition into `name{labels}` -> value. */
function parse(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

test('metrics are off by default, and never served on the app port', async () => {
  const s = await startServer();
  servers.push(s);
  expect(s.app.metricsAddress()).toBeNull();
  expect((await fetch(`${s.url}/metrics`)).status).toBe(404);
});

test('a scrape shows connections, rooms, traffic both ways, store writes and refusals', async () => {
  const s = await startServer({ metricsPort: 0, maxBoardCreationsPerMinute: 2 });
  servers.push(s);
  const address = s.app.metricsAddress();
  expect(address).not.toBeNull();
  expect(address!.port).not.toBe(Number(new URL(s.url).port));
  const scrape = async () => {
    const res = await fetch(`http://127.0.0.1:${address!.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return parse(await res.text());
  };

  const board = await createBoard(s.url);
  const writer = await connectSynced(s.wsUrl, board.id, board.tokens.participant);
  const reader = await connectSynced(s.wsUrl, board.id, board.tokens.viewer);
  clients.push(writer, reader);
  for (let i = 0; i < 10; i++) writer.doc.getMap(TEST_MAP).set(`k${i}`, i);
  await waitUntil(() => reader.doc.getMap(TEST_MAP).size === 10, 'the edits at the reader');
  await createBoard(s.url);
  expect((await fetch(`${s.url}/api/boards`, { method: 'POST' })).status).toBe(429);

  const m = await scrape();
  expect(m.get('debrief_connections')).toBe(2);
  expect(m.get('debrief_rooms_loaded')).toBe(2); // the board and its facilitation document
  expect(m.get('debrief_messages_received_total')).toBeGreaterThanOrEqual(10);
  expect(m.get('debrief_received_bytes_total')).toBeGreaterThan(0);
  expect(m.get('debrief_messages_sent_total')).toBeGreaterThanOrEqual(10);
  expect(m.get('debrief_sent_bytes_total')).toBeGreaterThan(0);
  expect(m.get('debrief_store_write_seconds_count')).toBeGreaterThanOrEqual(10);
  expect(m.get('debrief_store_write_seconds_bucket{le="+Inf"}')).toBe(m.get('debrief_store_write_seconds_count'));
  expect(m.get('debrief_refusals_total{reason="board_creations_per_address"}')).toBe(1);
  expect(m.has('debrief_backpressure_pauses_total')).toBe(true);
  expect(m.get('debrief_process_resident_memory_bytes')).toBeGreaterThan(0);

  for (const c of clients.splice(0)) c.destroy();
  await waitUntil(async () => (await scrape()).get('debrief_connections') === 0, 'the connections to be gone');
});
