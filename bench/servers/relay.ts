// The floor for the fan-out benchmark: a relay that forwards every frame to every other socket in
// the same room (URL path), with no Yjs, no storage, no auth. Whatever a sync server spends beyond
// this is the price of holding the document.
//
// RELAY_PREFRAME=1 is a diagnostic, not the floor: the websocket frame (header + payload) is built
// once and the same Buffer is written to every peer's TCP socket, bypassing ws's per-send framing.
// It measures how much of the per-recipient cost is ws's JavaScript rather than the kernel's write.
// Only valid without permessage-deflate (ws then queues nothing of its own).
// Env: PORT (0 = any free port), HOST. Prints one line naming its address once listening.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const rooms = new Map<string, Set<WebSocket>>();
const PREFRAME = process.env.RELAY_PREFRAME === '1';

/** An unmasked, final websocket frame (RFC 6455 section 5.2) around `payload`. */
function frameOnce(payload: Buffer, isBinary: boolean): Buffer {
  const opcode = isBinary ? 0x2 : 0x1;
  const n = payload.length;
  const headerLength = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + n);
  frame[0] = 0x80 | opcode;
  if (n < 126) frame[1] = n;
  else if (n < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}

/** ws's TCP socket (a private field; this is a diagnostic). */
const socketOf = (ws: WebSocket) => (ws as unknown as { _socket: Socket })._socket;

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('okay');
});
const wss = new WebSocketServer({ noServer: true });

wss.on('connection', (ws: WebSocket, req: http.IncomingMessage) => {
  const name = (req.url ?? '/').split('?')[0]!;
  let room = rooms.get(name);
  if (room === undefined) rooms.set(name, (room = new Set()));
  const members = room;
  members.add(ws);
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (PREFRAME) {
      const framed = frameOnce(data as Buffer, isBinary);
      for (const peer of members) if (peer !== ws && peer.readyState === peer.OPEN) socketOf(peer).write(framed);
      return;
    }
    for (const peer of members) if (peer !== ws && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary });
  });
  ws.on('close', () => {
    members.delete(ws);
    if (members.size === 0) rooms.delete(name);
  });
});

server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, host, () => {
  const { address, port: bound } = server.address() as AddressInfo;
  console.log(JSON.stringify({ msg: `Server listening at http://${address}:${bound}` }));
});
const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
