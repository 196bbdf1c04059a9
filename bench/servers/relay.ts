// The floor for the fan-out benchmark: a relay that forwards every frame to every other socket in
// the same room (URL path), with no Yjs, no storage, no auth. Whatever a sync server spends beyond
// this is the price of holding the document.
// Env: PORT (0 = any free port), HOST. Prints one line naming its address once listening.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const rooms = new Map<string, Set<WebSocket>>();

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
