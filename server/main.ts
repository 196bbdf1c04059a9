// Entry point: reads the configuration, listens, and stops cleanly on SIGTERM/SIGINT (stop
// accepting, store pending writes, close connections with 1012 so clients reconnect elsewhere).
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 15_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`debrief: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const app = await buildApp(config);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      await app.close();
      app.log.info('stopped');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Tests and scripts read the port from this line when PORT=0.
  app.log.info({ port, host: config.host, dataDir: config.dataDir }, 'debrief server listening');
}

main().catch((error: unknown) => {
  process.stderr.write(`debrief: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
