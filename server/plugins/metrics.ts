// Metrics plugin: Prometheus metrics (prom-client) on their own port, off unless METRICS_PORT is
// set, so that what an operator scrapes is never reachable from where boards are served.
// Decorates `syncObserver` (what the sync layer reports, server/sync/observer.ts): a no-op when
// metrics are off. Serves `GET /metrics` on METRICS_HOST:METRICS_PORT; `metricsAddress()` says
// where (tests listen on port 0).
//   debrief_connections                  gauge    open websockets
//   debrief_rooms_loaded                 gauge    documents loaded in memory
//   debrief_messages_received_total      counter  frames from clients
//   debrief_received_bytes_total         counter
//   debrief_messages_sent_total          counter  frames queued for clients (a broadcast counts once per recipient)
//   debrief_sent_bytes_total             counter
//   debrief_backpressure_pauses_total    counter  sockets paused because their sender spent its budget
//   debrief_refusals_total{reason}       counter  refusals by reason (RefusalReason)
//   debrief_store_write_seconds          histogram  one append to storage
//   debrief_errors_total{kind}           counter  server-side failures (load, store, http)
// plus prom-client's default process metrics (RSS, heap, event loop lag, file descriptors).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fp from 'fastify-plugin';
import type { ServerConfig } from '../config';
import { NO_OBSERVER, type RefusalReason, type SyncObserver } from '../sync/observer';

declare module 'fastify' {
  interface FastifyInstance {
    syncObserver: SyncObserver;
    /** Where `/metrics` is served (null when metrics are off or not listening yet). */
    metricsAddress(): AddressInfo | null;
  }
}

export interface MetricsPluginOptions {
  config: ServerConfig;
}

export default fp<MetricsPluginOptions>(
  async function metricsPlugin(app, { config }) {
    if (config.metricsPort === null) {
      app.decorate('syncObserver', NO_OBSERVER);
      app.decorate('metricsAddress', () => null);
      return;
    }
    // Loaded only when asked for: a server without metrics does not carry prom-client in memory.
    const { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } = await import('prom-client');
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'debrief_' });
    new Gauge({
      name: 'debrief_connections',
      help: 'Open websocket connections.',
      registers: [registry],
      collect() {
        this.set(app.hasDecorator('rooms') ? app.rooms.connectionCount : 0);
      },
    });
    new Gauge({
      name: 'debrief_rooms_loaded',
      help: 'Documents loaded in memory.',
      registers: [registry],
      collect() {
        this.set(app.hasDecorator('rooms') ? app.rooms.size : 0);
      },
    });
    const counter = (name: string, help: string, labelNames: string[] = []) =>
      new Counter({ name, help, labelNames, registers: [registry] });
    const messagesIn = counter('debrief_messages_received_total', 'Websocket frames received from clients.');
    const bytesIn = counter('debrief_received_bytes_total', 'Bytes of websocket frames received from clients.');
    const messagesOut = counter('debrief_messages_sent_total', 'Websocket frames queued for clients (per recipient).');
    const bytesOut = counter('debrief_sent_bytes_total', 'Bytes of websocket frames queued for clients (per recipient).');
    const pauses = counter('debrief_backpressure_pauses_total', 'Sockets paused because their sender spent its message budget.');
    const refusals = counter('debrief_refusals_total', 'Refusals, by reason.', ['reason']);
    const errors = counter('debrief_errors_total', 'Server-side failures, by kind.', ['kind']);
    const storeWrites = new Histogram({
      name: 'debrief_store_write_seconds',
      help: 'Time to store one update (append to the log).',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const observer: SyncObserver = {
      received(bytes) {
        messagesIn.inc();
        bytesIn.inc(bytes);
      },
      sent(bytes) {
        messagesOut.inc();
        bytesOut.inc(bytes);
      },
      paused: () => pauses.inc(),
      refused: (reason: RefusalReason) => refusals.inc({ reason }),
      storeWrite: (seconds) => storeWrites.observe(seconds),
      error: (kind) => errors.inc({ kind }),
    };
    app.decorate('syncObserver', observer);
    // A 5xx answered by the HTTP API is a bug worth counting.
    app.addHook('onResponse', async (_request, reply) => {
      if (reply.statusCode >= 500 && reply.statusCode !== 503) errors.inc({ kind: 'http' });
    });

    const server = http.createServer((request, response) => {
      if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: metrics are at /metrics.\n');
        return;
      }
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text),
        (error: unknown) => {
          app.log.error({ err: error }, 'metrics failed');
          response.writeHead(500).end();
        },
      );
    });
    let listening = false;
    app.decorate('metricsAddress', () => (listening ? (server.address() as AddressInfo) : null));
    app.addHook('onReady', async () => {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.metricsPort!, config.metricsHost, () => {
          listening = true;
          resolve();
        });
      });
      app.log.info({ port: (server.address() as AddressInfo).port, host: config.metricsHost }, 'metrics listening');
    });
    app.addHook('onClose', async () => {
      if (!listening) return;
      listening = false;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
  },
  { name: 'debrief-metrics', fastify: '5.x' },
);
