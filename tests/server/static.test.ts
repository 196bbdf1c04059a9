// The server serves the built client, and answers the client's own routes with index.html.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, tempDir, type TestServer } from './helpers';

let server: TestServer;
let clientDir: string;
beforeAll(async () => {
  clientDir = tempDir('debrief-client-');
  fs.mkdirSync(path.join(clientDir, 'assets'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Debrief</title>');
  fs.writeFileSync(path.join(clientDir, 'assets', 'app-1a2b3c.js'), 'console.log("hi")');
  server = await startServer({ clientDir });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

test('/ and board links get the app; hashed assets are cached for good; the API is not shadowed', async () => {
  for (const url of ['/', '/b/AAAAAAAAAAAAAAAAAAAAAA', '/b/AAAAAAAAAAAAAAAAAAAAAA/report']) {
    const res = await server.app.inject({ url });
    expect(res.statusCode, url).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<title>Debrief</title>');
  }
  const asset = await server.app.inject({ url: '/assets/app-1a2b3c.js' });
  expect(asset.statusCode).toBe(200);
  expect(asset.headers['cache-control']).toContain('immutable');
  expect((await server.app.inject({ url: '/' })).headers['cache-control']).toBe('no-cache');
  expect((await server.app.inject({ url: '/api/boards/x/session' })).statusCode).toBe(404);
  expect((await server.app.inject({ url: '/missing.js' })).statusCode).toBe(404);
  expect((await server.app.inject({ url: '/healthz' })).json()).toMatchObject({ status: 'ok' });
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
