// The reference server for benchmarks: y-websocket 2's own `setupWSConnection` (in memory, no auth,
// no limits) on a plain http + ws server, as its bin/server.cjs does. It uses the project's ws 8
// rather than the ws 6 that y-websocket 2 bundles, so all three servers share one transport.
// Env: PORT (0 = any free port), HOST. Prints one line naming its address once listening.
'use strict';
const http = require('node:http');
const { WebSocketServer } = require('ws');
const { setupWSConnection } = require('y-websocket-v2/bin/utils');

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('okay');
});
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, host, () => {
  const { address, port: bound } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(JSON.stringify({ msg: `Server listening at http://${address}:${bound}` }));
});
const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
