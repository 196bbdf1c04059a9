// Builds the Fastify application from one plugin per concern:
//   security (headers on every answer) ->
//   storage (the BoardStore) -> cluster (the other instances, with REDIS_URL) -> metrics (Prometheus,
//   own port, with METRICS_PORT) -> rooms (websocket
//   sync) -> sign-in (optional OpenID Connect) -> api (HTTP) -> links (earlier boards' action
//   items, HTTP) -> people -> ballots -> drafts -> trackers (action items into issue trackers) ->
//   library (workspace, index, search, follow-ups) -> health -> static client.
// `buildApp` does not listen; main.ts does, and tests call `listen({ port: 0 })` or `inject()`.
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { ServerConfig } from './config';
import { apiError, handleError, handleNotFound } from './errors';
import { loggerOptions, type LogSink } from './logging';
import apiPlugin from './plugins/api';
import firstScreenPlugin, { loadBoardAhead } from './plugins/first-screen';
import clusterPlugin from './plugins/cluster';
import healthPlugin from './plugins/health';
import libraryPlugin from './plugins/library';
import linksPlugin from './plugins/links';
import peoplePlugin from './plugins/people';
import metricsPlugin from './plugins/metrics';
import roomsPlugin from './plugins/rooms';
import ballotsPlugin from './plugins/ballots';
import draftsPlugin from './plugins/drafts';
import signInPlugin from './plugins/sign-in';
import securityPlugin, { inlineScriptHashes } from './plugins/security';
import staticPlugin, { clientPages } from './plugins/static';
import trackersPlugin from './plugins/trackers';
import transferPlugin from './plugins/transfer';
import storagePlugin from './plugins/storage';
import type { BoardStore } from './storage/types';

export interface BuildAppOptions {
  /** A store to use instead of SQLite under config.dataDir (it is closed with the app). */
  store?: BoardStore;
  /** Where log lines go instead of stdout. */
  logStream?: LogSink;
  /** Websocket heartbeat interval in ms (default 30 s). */
  heartbeatMs?: number;
  /** How old a tracker send's claim must be to count as crashed (default 2 min; tests shorten it). */
  trackerClaimLeaseMs?: number;
  /** Sent issues the periodic check reads per run (default 50; tests lower it). */
  trackerCheckBatch?: number;
}

/** Trusts the nearest `hops` proxies, whatever their addresses (as Fastify does for a number). */
const trustHops =
  (hops: number) =>
  (_address: string, hop: number): boolean =>
    hop < hops;

/** Builds the Debrief server (not yet listening). */
export async function buildApp(config: ServerConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    bodyLimit: config.maxBodyBytes,
    // Behind a reverse proxy every socket comes from the proxy: the limits per address then count
    // the address it forwards, and only from the proxies named (a client cannot claim another).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : (config.trustProxy ?? false),
    // Reject wrong types and unknown fields instead of coercing or silently dropping them.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } },
    // Keep-alive HTTP connections do not hold up a shutdown.
    forceCloseConnections: 'idle',
    // URLs the router cannot take (a path segment over 100 characters, broken %-escapes) name
    // nothing: 404 through our handler, never echoing the URL. An upgrade request refused here
    // bypasses the websocket plugin's hooks, so its socket is ended here.
    frameworkErrors(error, request, reply) {
      if (request.headers.upgrade) reply.raw.once('finish', () => request.raw.socket?.destroy());
      const notFound = error.code === 'FST_ERR_MAX_PARAM_LENGTH' || error.code === 'FST_ERR_BAD_URL';
      handleError(notFound ? apiError('ROUTE_NOT_FOUND') : error, request, reply);
    },
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  await app.register(websocket, {
    options: {
      // ws refuses a larger frame from its header (nothing of it buffered), closing with 1009
      // (CloseCode.frameTooLarge).
      maxPayload: config.maxFrameBytes,
      // Off, explicitly: compressing every message for every recipient costs CPU per recipient, and
      // broadcasts are framed once, uncompressed, for all (server/sync/broadcast.ts).
      perMessageDeflate: false,
    },
    // Connections are closed by the rooms plugin's preClose (with 1012, after flushing).
    preClose: (done) => done(),
    // A client's protocol error (bad framing, oversized frame): ws has already closed the socket
    // with the right code; it is the client's fault, not the server's.
    errorHandler(error, socket, request) {
      const code = (error as NodeJS.ErrnoException).code;
      request.log.info({ code, error: error.message }, 'websocket error');
      if (!code?.startsWith('WS_ERR_')) socket.terminate();
    },
  });
  // Sign out posts to us and is redirected to the provider's end-session endpoint.
  await app.register(securityPlugin, {
    formActionOrigins: config.signIn ? [new URL(config.signIn.issuer).origin] : [],
    scriptHashes: inlineScriptHashes(...clientPages(config.clientDir)),
  });
  await app.register(storagePlugin, { config, ...(options.store ? { store: options.store } : {}) });
  await app.register(clusterPlugin, { config });
  await app.register(metricsPlugin, { config });
  await app.register(roomsPlugin, { config, ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}) });
  await app.register(signInPlugin, { config });
  await app.register(apiPlugin, { config });
  await app.register(firstScreenPlugin, { config });
  await app.register(linksPlugin, { config });
  await app.register(peoplePlugin, { config });
  await app.register(ballotsPlugin, { config });
  await app.register(draftsPlugin, { config });
  await app.register(libraryPlugin, { config });
  await app.register(trackersPlugin, {
    config,
    ...(options.trackerClaimLeaseMs !== undefined ? { claimLeaseMs: options.trackerClaimLeaseMs } : {}),
    ...(options.trackerCheckBatch !== undefined ? { checkBatch: options.trackerCheckBatch } : {}),
  });
  await app.register(transferPlugin, { config });
  await app.register(healthPlugin);
  // A board's page loads the board's rooms while the browser fetches its scripts (first-screen.ts).
  await app.register(staticPlugin, { clientDir: config.clientDir, onBoardPage: (boardId) => loadBoardAhead(app, boardId, config.maxRooms) });
  return app;
}
