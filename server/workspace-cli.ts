// `npm run workspace-link`: replaces the workspace's member link and prints the new one (the old
// link stops opening the library at once, and says it was replaced). Uses the same store as the
// server (DATA_DIR's SQLite file, or DATABASE_URL) and works while the server runs.
import { loadConfig } from './config';
import { rotateWorkspaceLink, workspaceLinkPath } from './library/workspace';
import { openSqliteStore } from './storage/sqlite';
import type { BoardStore } from './storage/types';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.signIn) {
    process.stderr.write('Sign-in (OIDC_ISSUER) is configured: the workspace\'s members are signed-in people, and there is no link to replace.\n');
    process.exitCode = 1;
    return;
  }
  const store: BoardStore = config.databaseUrl
    ? await (await import('./storage/postgres')).openPostgresStore({ connectionString: config.databaseUrl })
    : openSqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
  try {
    const token = await rotateWorkspaceLink(store);
    const origin = process.env.PUBLIC_URL?.trim().replace(/\/+$/, '') || `http://localhost:${config.port}`;
    process.stdout.write(`The workspace link was replaced; the old one no longer opens the library. The new link:\n  ${origin}${workspaceLinkPath(token)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`workspace-link: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
