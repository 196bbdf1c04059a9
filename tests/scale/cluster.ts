// Several Debrief servers as child processes on one PostgreSQL and one Redis, as a deployment
// behind a load balancer would run them. Tests give each client an instance's URL, as a balancer
// would, and point a reconnecting client at another instance when its own is gone.
import fs from 'node:fs';
import { openPostgresStore, type PostgresBoardStore } from '../../server/storage/postgres';
import { spawnServer, tempDir, type ChildServer, type Client } from '../server/helpers';
import { startPostgres, startRedis, type Postgres, type Redis } from './services';

export interface Cluster {
  postgres: Postgres;
  redis: Redis;
  databaseUrl: string;
  instances: ChildServer[];
  /** A store on the same database, for looking at what is stored. */
  store: PostgresBoardStore;
  /** Starts one more instance. */
  spawn(env?: Record<string, string>): Promise<ChildServer>;
  /** Kills every instance, then the services; removes every folder. */
  stop(): Promise<void>;
}

/** Starts PostgreSQL, Redis and `count` instances with `env` (DATABASE_URL and REDIS_URL set). */
export async function startCluster(count: number, env: Record<string, string> = {}): Promise<Cluster> {
  const dirs: string[] = [];
  const instances: ChildServer[] = [];
  let postgres: Postgres | undefined;
  let redis: Redis | undefined;
  let store: PostgresBoardStore | undefined;
  const stop = async () => {
    for (const child of instances) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
    await store?.close().catch(() => {});
    await Promise.all([postgres?.stop(), redis?.stop()]);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    const databaseUrl = await postgres.createDatabase();
    const spawn = async (extra: Record<string, string> = {}) => {
      const dir = tempDir('debrief-instance-');
      dirs.push(dir);
      const child = await spawnServer(dir, {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis!.url,
        ...env,
        ...extra,
      });
      instances.push(child);
      return child;
    };
    // The first one creates the schema; the others start together.
    await spawn();
    await Promise.all(Array.from({ length: count - 1 }, () => spawn()));
    store = await openPostgresStore({ connectionString: databaseUrl });
    return { postgres, redis, databaseUrl, instances, store, spawn, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Points a client's provider at another instance; it connects there on its next attempt. */
export function moveTo(client: Client, instance: ChildServer): void {
  // y-websocket 3 builds each connection's URL from `serverUrl` (a plain field) and the room.
  (client.provider as unknown as { serverUrl: string }).serverUrl = instance.wsUrl;
}
