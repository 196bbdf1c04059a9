// Cluster plugin: decorates `peers`, this instance's link to the other instances sharing its
// PostgreSQL store (a RedisRelay when REDIS_URL is set, else null: one server, nothing shared).
// It says goodbye and closes its Redis connections when the server stops, after the rooms have.
// The relay, and with it `ioredis`, is imported only when REDIS_URL is set.
import fp from 'fastify-plugin';
import type { ServerConfig } from '../config';
import { isSequencedStore } from '../storage/types';
import type { PeerNetwork } from '../sync/peers';

declare module 'fastify' {
  interface FastifyInstance {
    peers: PeerNetwork | null;
  }
}

export interface ClusterPluginOptions {
  config: ServerConfig;
}

export default fp<ClusterPluginOptions>(
  async function clusterPlugin(app, { config }) {
    if (!config.redisUrl) {
      app.decorate('peers', null);
      return;
    }
    if (!isSequencedStore(app.storage)) throw new Error('REDIS_URL needs the PostgreSQL store (DATABASE_URL).');
    const { RedisRelay } = await import('../cluster/relay');
    const relay = new RedisRelay({
      redisUrl: config.redisUrl,
      store: app.storage,
      log: app.log,
      heartbeatMs: config.instanceHeartbeatMs,
      catchUpIntervalMs: config.catchUpIntervalMs,
    });
    await relay.start();
    app.decorate('peers', relay);
    // onClose hooks run after preClose, where the rooms close and store what they hold.
    app.addHook('onClose', async () => {
      await relay.stop();
    });
  },
  { name: 'debrief-cluster', fastify: '5.x', dependencies: ['debrief-storage'] },
);
