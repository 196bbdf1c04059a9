// Writes a brotli (.br) and a gzip (.gz) copy beside each built client file worth compressing
// (scripts, styles, pages, SVG: not source maps), which the server sends to browsers that accept
// them (@fastify/static's preCompressed, server/plugins/static.ts). The board's scripts are about
// 650 KB as built and under 200 KB as brotli: on a slow link, what a person waits for before the
// board. Compressed once, at build time, at the formats' highest settings.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'dist/client');
const WORTH = /\.(js|mjs|css|html|svg|json|webmanifest)$/;
/** Below this, the headers cost as much as compression saves. */
const MIN_BYTES = 1024;

function* files(at) {
  for (const name of readdirSync(at)) {
    const file = path.join(at, name);
    if (statSync(file).isDirectory()) yield* files(file);
    else if (WORTH.test(name)) yield file;
  }
}

let raw = 0;
let br = 0;
for (const file of files(dir)) {
  const bytes = readFileSync(file);
  if (bytes.length < MIN_BYTES) continue;
  const brotli = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  writeFileSync(`${file}.br`, brotli);
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  raw += bytes.length;
  br += brotli.length;
}
console.log(`client compressed: ${Math.round(raw / 1024)} KB -> ${Math.round(br / 1024)} KB as brotli (and gzip beside it)`);
