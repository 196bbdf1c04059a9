// `npm run backup -- <file>` and `npm run restore -- <file> [--skip-existing]` (docs/export.md):
// the whole workspace to and from one file. Both use the server's store (DATA_DIR's SQLite file, or
// DATABASE_URL) and work while the server runs: a backup reads one consistent snapshot; a restore
// adds the backup's boards in one transaction, all or nothing, and never touches a board the
// server already has (so no live room changes under its clients).
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config';
import { openSqliteStore } from './storage/sqlite';
import type { BoardStore } from './storage/types';
import { backupWorkspace, restoreWorkspace } from './transfer/backup';
import { TransferError } from './transfer/validate';

const USAGE = 'usage: npm run backup -- <file>\n       npm run restore -- <file> [--skip-existing]\n';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flags = rest.filter((a) => a.startsWith('--'));
  const files = rest.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => !(command === 'restore' && f === '--skip-existing'));
  if ((command !== 'backup' && command !== 'restore') || files.length !== 1 || unknown.length > 0) {
    process.stderr.write(unknown.length > 0 ? `Unknown option ${unknown[0]}.\n${USAGE}` : USAGE);
    return 2;
  }
  // npm runs scripts from the project's folder; a relative path means where the command was typed.
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), files[0]!);
  if (command === 'restore' && !fs.existsSync(file)) {
    process.stderr.write(`restore: there is no file ${file}.\n`);
    return 1;
  }
  const config = loadConfig(process.env);
  if (!config.databaseUrl && command === 'backup' && !fs.existsSync(`${config.dataDir}/debrief.sqlite`)) {
    process.stderr.write(`backup: there is no database in ${config.dataDir} (DATA_DIR): nothing to back up.\n`);
    return 1;
  }
  const store: BoardStore = config.databaseUrl
    ? await (await import('./storage/postgres')).openPostgresStore({ connectionString: config.databaseUrl })
    : openSqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
  try {
    const started = performance.now();
    if (command === 'backup') {
      const { boards, bytes } = await backupWorkspace(store, file);
      const ms = Math.round(performance.now() - started);
      process.stdout.write(`Backed up ${boards} board${boards === 1 ? '' : 's'} and the workspace to ${file} (${bytes.toLocaleString('en')} bytes, ${ms} ms).\n`);
    } else {
      const result = await restoreWorkspace(store, file, {
        skipExisting: flags.includes('--skip-existing'),
        maxBoardBytes: config.maxBoardBytes,
        dueDays: config.followUpDueDays,
      });
      const ms = Math.round(performance.now() - started);
      process.stdout.write(`Restored ${result.restored} board${result.restored === 1 ? '' : 's'} and the workspace from ${file} (${ms} ms).\n`);
      if (result.skipped.length > 0) process.stdout.write(`Left as they are (this server already has them): ${result.skipped.join(', ')}.\n`);
      if (result.missingLinkedBoards.length > 0) {
        process.stdout.write(`Links to boards neither in the backup nor here were left out: ${result.missingLinkedBoards.join(', ')}.\n`);
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof TransferError) {
      process.stderr.write(`${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${process.argv[2] ?? 'transfer'}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
