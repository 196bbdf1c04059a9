// Memory stays bounded under the tiny-keys attack: a participant sends two million map keys (about
// 32 MB on the wire) in 1,000-key updates. Without a cap that took the server from 220 to 1,208 MiB.
// The board size cap (MAX_BOARD_BYTES, 2 MiB by default) stops the document at its limit, the
// writer is refused, and the server's resident memory stays within the budget below.
import { afterAll, beforeAll, expect, test } from 'vitest';
import fs from 'node:fs';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol';
import { encodeUpdate } from '../../server/sync/messages';
import { createBoard, rawSocket, spawnServer, tempDir, type ChildServer, type RawSocket } from './helpers';

/** Growth of the server's resident memory allowed under the attack (MiB). */
const RSS_BUDGET_MIB = 320;
const KEYS_PER_UPDATE = 1000;
const UPDATES = 2000;

let server: ChildServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = tempDir();
  // No backpressure worth the name: the attack is about memory, not rate.
  server = await spawnServer(dataDir, { MAX_MESSAGES_PER_SECOND: '1000000' });
}, 60_000);
afterAll(async () => {
  server.process.kill('SIGKILL');
  await server.exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The server's resident memory now and at its peak, MiB (from /proc). */
function memory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** `count` distinct updates of KEYS_PER_UPDATE tiny keys each, framed as sync updates. */
function tinyKeyFrames(count: number): Buffer[] {
  const frames: Buffer[] = [];
  for (let u = 0; u < count; u++) {
    const doc = new Y.Doc();
    const map = doc.getMap('k');
    doc.transact(() => {
      for (let i = 0; i < KEYS_PER_UPDATE; i++) map.set(`${u}.${i}`, 0);
    });
    frames.push(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    doc.destroy();
  }
  return frames;
}

test(`two million tiny keys (28 MB sent) grow the server by less than ${RSS_BUDGET_MIB} MiB`, async () => {
  const board = await createBoard(server.url);
  const url = `${server.wsUrl}/${board.id}?token=${board.tokens.participant}`;
  // Someone else has the board open meanwhile: it stays loaded, as it would in a meeting.
  const bystander = rawSocket(`${server.wsUrl}/${board.id}?token=${board.tokens.viewer}`);
  await bystander.opened;
  const before = memory(server.process.pid!);
  // 400 distinct updates (400,000 keys, more than the cap lets in), sent 5 times over: 2,000 updates.
  const frames = tinyKeyFrames(UPDATES / 5);
  let sentBytes = 0;
  let refusals = 0;
  let socket: RawSocket | null = null;
  for (let n = 0; n < UPDATES; n++) {
    if (!socket || socket.socket.readyState !== socket.socket.OPEN) {
      socket = rawSocket(url);
      await socket.opened;
    }
    const frame = frames[n % frames.length]!;
    socket.socket.send(frame);
    sentBytes += frame.byteLength;
    // Every 50 frames, a barrier: an awareness query answered means everything before it was handled.
    if (n % 50 === 49) {
      const seen = socket.messages.length;
      socket.socket.send(new Uint8Array([MessageType.queryAwareness]));
      const closed = await Promise.race([
        socket.closed.then((code) => code),
        new Promise<null>((resolve) => {
          const poll = setInterval(() => {
            if (socket!.messages.length > seen + 0 && socket!.messages.some((m) => m[0] === MessageType.awareness)) {
              clearInterval(poll);
              resolve(null);
            }
          }, 5);
          void socket!.closed.then(() => clearInterval(poll));
        }),
      ]);
      if (closed !== null) {
        expect(closed).toBe(4413);
        refusals++;
      }
    }
  }
  socket?.socket.close();
  bystander.socket.close();
  const after = memory(server.process.pid!);
  expect(sentBytes).toBeGreaterThan(25 * 1024 * 1024);
  // The cap refused the writer, again and again: the board stopped growing.
  expect(refusals).toBeGreaterThan(0);
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  console.log(`tiny keys: ${(sentBytes / 1024 / 1024).toFixed(1)} MB sent, RSS ${before.rss.toFixed(0)} -> ${after.rss.toFixed(0)} MiB (peak ${after.peak.toFixed(0)})`);
  expect(after.peak - before.rss).toBeLessThan(RSS_BUDGET_MIB);
}, 120_000);
