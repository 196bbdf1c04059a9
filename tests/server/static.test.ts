// The server serves the built client, and answers the client's own routes with index.html.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inlineScriptHashes } from '../../server/plugins/security';
import { startServer, tempDir, type TestServer } from './helpers';

let server: TestServer;
let clientDir: string;
const BIG_SCRIPT = Buffer.from(Array.from({ length: 2000 }, (_, i) => `export const note${i} = "what happened at 14:${String(i % 60).padStart(2, '0')}";`).join('\n'));
beforeAll(async () => {
  clientDir = tempDir('debrief-client-');
  fs.mkdirSync(path.join(clientDir, 'assets'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Debrief</title>');
  fs.writeFileSync(path.join(clientDir, 'assets', 'app-1a2b3c.js'), 'console.log("hi")');
  // A built script with its compressed copies beside it, as scripts/compress-client.mjs writes them.
  fs.writeFileSync(path.join(clientDir, 'assets', 'start-9z8y7x.js'), BIG_SCRIPT);
  fs.writeFileSync(path.join(clientDir, 'assets', 'start-9z8y7x.js.br'), brotliCompressSync(BIG_SCRIPT));
  fs.writeFileSync(path.join(clientDir, 'assets', 'start-9z8y7x.js.gz'), gzipSync(BIG_SCRIPT));
  server = await startServer({ clientDir });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

test('/ and board links get the app; hashed assets are cached for good; the API is not shadowed', async () => {
  // As a browser asks (accepting compressed answers) and as a plain client does.
  for (const url of ['/', '/b/AAAAAAAAAAAAAAAAAAAAAA', '/b/AAAAAAAAAAAAAAAAAAAAAA/report']) {
    for (const headers of [{}, { 'accept-encoding': 'gzip, deflate, br, zstd' }]) {
      const res = await server.app.inject({ url, headers });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('<title>Debrief</title>');
    }
  }
  const asset = await server.app.inject({ url: '/assets/app-1a2b3c.js' });
  expect(asset.statusCode).toBe(200);
  expect(asset.headers['cache-control']).toContain('immutable');
  expect((await server.app.inject({ url: '/' })).headers['cache-control']).toBe('no-cache');
  expect((await server.app.inject({ url: '/api/boards/x/session' })).statusCode).toBe(404);
  expect((await server.app.inject({ url: '/missing.js' })).statusCode).toBe(404);
  expect((await server.app.inject({ url: '/healthz' })).json()).toMatchObject({ status: 'ok' });
});

test('a script goes compressed to a browser that accepts brotli or gzip, as it is to one that does not', async () => {
  const url = '/assets/start-9z8y7x.js';
  const br = await server.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
  expect(br.statusCode).toBe(200);
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers['content-type']).toMatch(/javascript/);
  expect(br.headers['cache-control']).toContain('immutable');
  expect(br.headers.vary).toMatch(/accept-encoding/i);
  expect(br.rawPayload.length).toBeLessThan(BIG_SCRIPT.length / 4);
  expect(brotliDecompressSync(br.rawPayload).equals(BIG_SCRIPT)).toBe(true);
  const gz = await server.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(gz.rawPayload).equals(BIG_SCRIPT)).toBe(true);
  const plain = await server.app.inject({ url, headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.rawPayload.equals(BIG_SCRIPT)).toBe(true);
  // A file without compressed copies is sent as it is.
  const small = await server.app.inject({ url: '/assets/app-1a2b3c.js', headers: { 'accept-encoding': 'br' } });
  expect(small.headers['content-encoding']).toBeUndefined();
  expect(small.body).toBe('console.log("hi")');
});

test('without a built client the server still runs and says how to build it', async () => {
  const bare = await startServer();
  try {
    const res = await bare.app.inject({ url: '/' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ message: expect.stringMatching(/npm run build/) });
  } finally {
    await bare.close();
  }
});

test('every answer carries the security headers; token-bearing API answers are never stored', async () => {
  const created = await server.app.inject({ method: 'POST', url: '/api/boards', payload: {} });
  const { id, tokens } = created.json() as { id: string; tokens: { facilitator: string } };
  const session = await server.app.inject({ url: `/api/boards/${id}/session`, headers: { authorization: `Bearer ${tokens.facilitator}` } });
  for (const res of [created, session, await server.app.inject({ url: '/' }), await server.app.inject({ url: `/b/${id}` }), await server.app.inject({ url: '/assets/app-1a2b3c.js' })]) {
    const csp = String(res.headers['content-security-policy']);
    // Scripts only from this origin (and inline ones only by their hashes: none in this suite's
    // client), no eval, and no site may frame the board.
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  }
  expect(created.statusCode).toBe(201);
  expect(created.headers['cache-control']).toBe('no-store');
  expect(session.json()).toHaveProperty('links');
  expect(session.headers['cache-control']).toBe('no-store');
  // Errors under /api too (a 404 may answer a request that carried a token).
  expect((await server.app.inject({ url: `/api/boards/${id}/session?token=nope` })).headers['cache-control']).toBe('no-store');
});

// Both ways in (the board's and the workspace's), as written: no inline script, and no inline event
// handler, which no hash can allow. The build puts index.html's two boot scripts inline (below).
for (const page of ['index.html', 'workspace.html']) {
  test(`${page} has no inline script or inline event handler`, () => {
    const html = fs.readFileSync(path.resolve(import.meta.dirname, '../../client', page), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
}

test('the inline scripts of a built page run by their hashes alone: nothing else inline, no eval', async () => {
  const dir = tempDir('debrief-client-');
  const theme = "document.documentElement.dataset.theme = 'dark';";
  const ask = 'window.asked = "é ✓";\n';
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><head><script>${theme}</script><script>${ask}</script><script type="module" src="/assets/a.js"></script></head>`,
  );
  fs.writeFileSync(path.join(dir, 'workspace.html'), '<!doctype html><script type="module" src="/assets/w.js"></script>');
  const built = await startServer({ clientDir: dir });
  try {
    const sha = (code: string) => `'sha256-${crypto.createHash('sha256').update(code, 'utf8').digest('base64')}'`;
    for (const url of ['/', '/b/AAAAAAAAAAAAAAAAAAAAAA', '/library', '/api/boards/AAAAAAAAAAAAAAAAAAAAAA/session']) {
      const csp = String((await built.app.inject({ url })).headers['content-security-policy']);
      const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src '));
      expect(scriptSrc, url).toBe(`script-src 'self' ${sha(theme)} ${sha(ask)}`);
    }
  } finally {
    await built.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the built client: index.html carries its two boot scripts inline, and the server allows exactly those', async () => {
  // `npm test` builds the client first (scripts/check-and-build.sh).
  const builtDir = path.resolve(import.meta.dirname, '../../dist/client');
  const html = fs.readFileSync(path.join(builtDir, 'index.html'), 'utf8');
  const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  expect(inline).toEqual([expect.stringContaining("localStorage.getItem('debrief:theme')"), expect.stringContaining('window.debriefFirstScreen =')]);
  expect(html).not.toContain('src="/first-screen.js"');
  const built = await startServer({ clientDir: builtDir });
  try {
    const csp = String((await built.app.inject({ url: '/b/AAAAAAAAAAAAAAAAAAAAAA' })).headers['content-security-policy']);
    expect(csp.split('; ').find((d) => d.startsWith('script-src '))).toBe(`script-src 'self' ${inlineScriptHashes(html).join(' ')}`);
  } finally {
    await built.close();
  }
});

test("the workspace's pages get their own page, workspace.html (a build without one: index.html)", async () => {
  const dir = tempDir('debrief-client-');
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Board app</title>');
  fs.writeFileSync(path.join(dir, 'workspace.html'), '<!doctype html><title>Workspace app</title>');
  const withPage = await startServer({ clientDir: dir });
  try {
    for (const url of ['/library', '/follow-ups', '/library/themes', '/library/metrics', '/trackers']) {
      const res = await withPage.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<title>Workspace app</title>');
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(String(res.headers['content-security-policy'])).toMatch(/(^|; )script-src 'self'(;|$)/);
    }
    expect((await withPage.app.inject({ url: '/b/AAAAAAAAAAAAAAAAAAAAAA' })).body).toContain('<title>Board app</title>');
  } finally {
    await withPage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The suite's client has no workspace.html.
  expect((await server.app.inject({ url: '/library' })).body).toContain('<title>Debrief</title>');
});

