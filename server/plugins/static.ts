// Static plugin: serves the built client (dist/client) and answers the client's own routes
// (/b/<boardId>...) with index.html so a shared link opens the app, and the workspace's pages
// (/library, /follow-ups...) with workspace.html, their lighter way in. Without a build (tests, a
// fresh clone before `vite build`) it registers only a hint at `/`.
import fs from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { errorBody } from '../errors';

export interface StaticPluginOptions {
  clientDir: string;
  /** A board's page was asked for (its id from the address, unchecked): a chance to get it ready. */
  onBoardPage?: (boardId: string) => void;
}

/** The pages of the built client (index.html, workspace.html) as sent, for the security policy's
 * inline-script hashes; none without a build. */
export function clientPages(clientDir: string): string[] {
  return ['index.html', 'workspace.html'].flatMap((page) => {
    try {
      return [fs.readFileSync(path.join(clientDir, page), 'utf8')];
    } catch {
      return [];
    }
  });
}

export default fp<StaticPluginOptions>(
  async function staticPlugin(app, { clientDir, onBoardPage }) {
    if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
      app.log.warn({ clientDir }, 'no built client found; run `npm run build` to serve the app');
      app.get('/', async (_request, reply) =>
        reply.code(404).send(errorBody('ROUTE_NOT_FOUND', 'The client is not built: run `npm run build`, then restart.')),
      );
      return;
    }
    await app.register(fastifyStatic, {
      root: clientDir,
      index: 'index.html',
      // The build writes .br and .gz beside each script, style and page (scripts/compress-client.mjs):
      // sent to browsers that accept them, the plain file to those that do not.
      preCompressed: true,
      // Vite names built assets by content hash, so they never change under the same name.
      cacheControl: false,
      setHeaders(reply, filePath) {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    const spa = (request: { params: { boardId: string } }, reply: { sendFile: (file: string) => unknown }) => {
      onBoardPage?.(request.params.boardId);
      return reply.sendFile('index.html');
    };
    // The home page, named: with preCompressed, @fastify/static's own directory index answers 404 to
    // a browser that accepts brotli (it looks for a compressed index only).
    app.get('/', (_request, reply) => reply.sendFile('index.html'));
    app.get<{ Params: { boardId: string } }>('/b/:boardId', spa);
    app.get<{ Params: { boardId: string } }>('/b/:boardId/*', spa);
    // The workspace's pages (docs/library.md) have a way in of their own, without the board's code.
    // (A build from before workspace.html drew them in index.html's app.)
    const workspacePage = fs.existsSync(path.join(clientDir, 'workspace.html')) ? 'workspace.html' : 'index.html';
    const workspace = (_request: unknown, reply: { sendFile: (file: string) => unknown }) => reply.sendFile(workspacePage);
    app.get('/library', workspace);
    app.get('/follow-ups', workspace);
    app.get('/trackers', workspace);
    app.get('/library/themes', workspace);
    app.get('/library/metrics', workspace);
  },
  { name: 'debrief-static', fastify: '5.x', encapsulate: true },
);
