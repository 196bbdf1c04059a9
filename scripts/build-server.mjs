// Compiles the server (server/ and the shared/ code it imports) to plain JavaScript that `node`
// runs without a TypeScript loader: `npm start` runs dist/server/main.mjs. esbuild bundles our
// sources into ES modules; npm packages stay external and load from node_modules as they are.
// Dynamic imports stay separate chunks (pg and ioredis load only when DATABASE_URL / REDIS_URL
// are set), as they would under a loader.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/server');
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: { main: path.join(root, 'server/main.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  splitting: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log(`server compiled to ${path.relative(root, outdir)}/main.mjs`);
