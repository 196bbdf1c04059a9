// Storage plugin: decorates `storage` (a BoardStore) for the other plugins and closes it when the
// server stops. The store is PostgreSQL when DATABASE_URL is set, else SQLite under DATA_DIR,
// unless one is passed in (tests). The PostgreSQL store, and with it `pg`, is imported only when
// DATABASE_URL is set: a server on SQLite does not carry the driver in memory.
import fp from 'fastify-plugin';
import type { ServerConfig } from '../config';
import { openSqliteStore } from '../storage/sqlite';
import type { BoardStore } from '../storage/types';

declare module 'fastify' {
  interface FastifyInstance {
    storage: BoardStore;
  }
}

export interface StoragePluginOptions {
  config: ServerConfig;
  /** Use this store instead of opening SQLite; it is still closed with the server. */
  store?: BoardStore;
}

export default fp<StoragePluginOptions>(
  async function storagePlugin(app, { config, store }) {
    const boards =
      store ??
      (config.databaseUrl
        ? await (await import('../storage/postgres')).openPostgresStore({
            connectionString: config.databaseUrl,
            onError: (error) => app.log.warn({ err: error }, 'PostgreSQL connection error'),
          })
        : openSqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous }));
    app.decorate('storage', boards);
    // onClose runs after the rooms have stopped and flushed (preClose), so nothing writes after.
    app.addHook('onClose', async () => {
      await boards.close();
    });
  },
  { name: 'debrief-storage', fastify: '5.x' },
);
