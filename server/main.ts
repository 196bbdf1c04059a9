// Entry point: reads the configuration, listens, and stops cleanly on SIGTERM/SIGINT (stop
// accepting, store pending writes, close connections with 1012 so clients reconnect elsewhere).
// `npm start` runs it compiled (scripts/build-server.mjs) under plain node.
//
// Shutdown always ends: nothing on the way to exit may block the event loop, so the deadline
// timer can always fire. Logs go through a sink that never blocks (server/log-sink.ts): a stdout
// whose reader is gone or not reading cannot hold the process.
import { workspaceLinkPath } from './library/workspace';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { stdoutSink } from './log-sink';

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 15_000;
/** How long the last log lines may take to be written at exit. */
const LOG_FLUSH_MS = 200;

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

  const logs = stdoutSink();
  const app = await buildApp(config, { logStream: logs });
  let stopping = false;
  const exit = async (code: number) => {
    await logs.flush(LOG_FLUSH_MS);
    process.exit(code);
  };
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Not unref'd: this timer alone must be able to end the process.
    setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    try {
      await app.close();
      app.log.info({ droppedLogLines: logs.dropped }, 'stopped');
      await exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      await exit(1);
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Tests and scripts read the port from this line when PORT=0.
  app.log.info({ port, host: config.host, dataDir: config.dataDir }, 'debrief server listening');
  if (app.library.newWorkspaceToken) {
    // Shown once, on the console only (not in the log lines): only its hash is stored.
    const origin = config.signIn?.publicUrl ?? `http://localhost:${port}`;
    process.stderr.write(
      `\nThe workspace was created. Its library opens for whoever holds this link (shown only now; replace it with \`npm run workspace-link\`):\n  ${origin}${workspaceLinkPath(app.library.newWorkspaceToken)}\n\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`debrief: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
