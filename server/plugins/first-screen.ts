// First-screen plugin: a board's first screen drawn here, so a person opening a board sees it before
// the page's app has loaded, run and synced (docs/first-screen.md).
//   GET /api/boards/:id/first-screen?w=<px>&h=<px>&view=lane|list&lang=<locale>&tz=<IANA zone>
//   (any role; token as on every board route)
// answers the board as the page draws it once synced, for that person and a window of that size,
// as an HTML fragment: client/public/first-screen.js asks for it as the page starts and shows it,
// inert, until the app has drawn the board itself.
//
// The drawing is the page's own components (client/src/app/firstScreen.tsx), built apart by
// `vite build --config vite.render.config.ts` into RENDER_DIR (dist/render). Without that build the
// route answers FIRST_SCREEN_UNAVAILABLE and boards open as they always did: once the app is in.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import * as Y from 'yjs';
import type { FirstScreenRenderer } from '../../shared/firstScreen';
import { isBoardId, type BoardId } from '../../shared/ids';
import type { ServerConfig } from '../config';
import { apiError } from '../errors';
import { boardAccess, boardParams, type BoardRoute } from '../http';

export interface FirstScreenPluginOptions {
  config: ServerConfig;
}

/** A window's size as the page reports it; anything outside draws for the nearest sensible one. */
const viewportQuery = {
  type: 'object',
  properties: {
    token: { type: 'string' },
    w: { type: 'string', pattern: '^[0-9]{1,6}$', default: '1280' },
    h: { type: 'string', pattern: '^[0-9]{1,6}$', default: '800' },
    // The timeline's view this person chose (client/src/services/storage.ts).
    view: { type: 'string', enum: ['lane', 'list'], default: 'lane' },
    // The reader's language (navigator.language) and time zone (IANA), for dates and times.
    lang: { type: 'string', maxLength: 64, pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,7}$', default: 'en' },
    tz: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_+\\-]+(/[A-Za-z0-9_+\\-]+){0,3}$', default: 'UTC' },
  },
} as const;

/** How long a board drawn for a first screen stays loaded for the page's websocket. */
const KEEP_LOADED_MS = 15_000;

/** How long after a board's page is sent its rooms are loaded (loadBoardAhead). */
const LOAD_AHEAD_AFTER_MS = 100;

/**
 * A board's page was asked for: its rooms are loaded now, while the browser fetches the page's
 * scripts, so the first screen's request (which carries the token, from the link's fragment the
 * server never sees) and then the websocket find them loaded. Nothing is sent: the page's address
 * names a board but does not let anyone see it. Only an existing board, and only while the server has
 * room to spare; held KEEP_LOADED_MS like a first screen's. Never throws: it only saves time.
 *
 * It starts LOAD_AHEAD_AFTER_MS after the page is sent: reading a board from SQLite holds the event
 * loop for tens of milliseconds, and the page's own files are asked for in that time; the first
 * screen's request comes later still (docs/benchmarks.md, "Issue 15, ninth pass").
 */
export function loadBoardAhead(app: FastifyInstance, boardId: string, maxRooms: number): void {
  if (!isBoardId(boardId)) return;
  setTimeout(() => {
    void (async () => {
      try {
        if (app.rooms.get({ boardId, name: 'board' }) || !(await app.storage.getBoard(boardId))) return;
        await keepBoardLoaded(app, boardId, maxRooms);
      } catch (error) {
        app.log.debug({ err: error, boardId }, 'a board could not be loaded ahead of its page');
      }
    })();
  }, LOAD_AHEAD_AFTER_MS).unref();
}

/** Loads a board's rooms (the board's and its facilitation's) and holds them KEEP_LOADED_MS, so the
 * page's websocket that follows finds them loaded (one read of the board from storage, not two);
 * not when the server has no room for two more. */
async function keepBoardLoaded(app: FastifyInstance, boardId: BoardId, maxRooms: number): Promise<void> {
  if (!app.rooms.get({ boardId, name: 'board' }) && app.rooms.size + 2 > maxRooms) return;
  await Promise.all([
    app.rooms.keepLoaded({ boardId, name: 'board' }, KEEP_LOADED_MS),
    app.rooms.keepLoaded({ boardId, name: 'facilitation' }, KEEP_LOADED_MS),
  ]);
}

/** Whether this server's Intl formats dates in `locale` and `timeZone` (a well-formed but unknown
 * zone, like "Mars/Olympus", throws). */
function knownToIntl(locale: string, timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(locale, { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Past these a window draws no more of a list: a 8K screen does not need a 100,000 px timeline. */
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export default fp<FirstScreenPluginOptions>(
  async function firstScreenPlugin(app, { config }) {
    const file = path.join(config.renderDir, 'board.mjs');
    const built = fs.existsSync(file);
    if (!built) app.log.info({ renderDir: config.renderDir }, 'no first-screen renderer built; boards open when the app has loaded');
    let renderer: Promise<FirstScreenRenderer> | null = null;
    const load = () => (renderer ??= import(pathToFileURL(file).href) as Promise<FirstScreenRenderer>);
    // Loaded once the server is up, in the background (half a second of compiling its 1 MB), so
    // the first board opened after a start does not wait for it.
    if (built) {
      app.addHook('onReady', async () => {
        load().catch((error: unknown) => {
          renderer = null;
          app.log.error({ err: error, renderDir: config.renderDir }, 'the first-screen renderer failed to load');
        });
      });
    }

    app.get<BoardRoute & { Querystring: { token?: string; w: string; h: string; view: 'lane' | 'list'; lang: string; tz: string } }>(
      '/api/boards/:id/first-screen',
      { schema: { params: boardParams, querystring: viewportQuery } },
      async (request, reply) => {
        // Who may see the board first: refusals read as on every board route.
        const { board, role, person } = await boardAccess(app, request);
        if (!built) throw apiError('FIRST_SCREEN_UNAVAILABLE');
        const { lang: locale, tz: timeZone } = request.query;
        if (!knownToIntl(locale, timeZone)) {
          throw apiError('INVALID_REQUEST', `Unknown language or time zone: ${JSON.stringify(locale)}, ${JSON.stringify(timeZone)}.`);
        }
        let renderBoardFirstScreen: FirstScreenRenderer['renderBoardFirstScreen'];
        try {
          ({ renderBoardFirstScreen } = await load());
        } catch (error) {
          renderer = null;
          request.log.error({ err: error, renderDir: config.renderDir }, 'the first-screen renderer failed to load');
          throw apiError('FIRST_SCREEN_FAILED');
        }
        const viewport = { width: clamp(Number(request.query.w), 320, 3840), height: clamp(Number(request.query.h), 320, 2160) };
        const started = performance.now();
        // The page's websocket follows within a second or two.
        await keepBoardLoaded(app, board.id, config.maxRooms);
        const boardKey = { boardId: board.id, name: 'board' } as const;
        // The facilitation document is small: a copy, so the drawing's readers never watch the room's own.
        const facilitation = new Y.Doc();
        Y.applyUpdate(facilitation, await app.rooms.read({ boardId: board.id, name: 'facilitation' }, (doc) => Y.encodeStateAsUpdate(doc)));
        let read = 0;
        let html: string;
        try {
          html = await app.rooms.read(boardKey, (doc) => {
            read = performance.now();
            return renderBoardFirstScreen({
              boardId: board.id,
              doc,
              facilitation,
              role,
              person: person ? { id: person.id, name: person.name } : null,
              viewport,
              timelineView: request.query.view,
              locale,
              timeZone,
            });
          });
        } catch (error) {
          // A drawing that fails is this server's bug, never the board's: the page opens as before.
          request.log.error({ err: error, boardId: board.id }, 'first screen failed to draw');
          throw apiError('FIRST_SCREEN_FAILED');
        } finally {
          facilitation.destroy();
        }
        const readMs = read - started;
        const drawMs = performance.now() - read;
        request.log.debug({ boardId: board.id, readMs: Math.round(readMs), drawMs: Math.round(drawMs), bytes: html.length }, 'first screen drawn');
        return reply
          .type('text/html; charset=utf-8')
          // Where the time went, for the browser's developer tools and the benchmark.
          .header(
            'server-timing',
            `read;dur=${readMs.toFixed(1)};desc="the board's documents", draw;dur=${drawMs.toFixed(1)};desc="drawing", total;dur=${reply.elapsedTime.toFixed(1)};desc="since the request arrived"`,
          )
          // `no-store` and `nosniff`, as on every /api answer, come from the security plugin.
          .send(html);
      },
    );
  },
  { name: 'debrief-first-screen', fastify: '5.x', dependencies: ['debrief-storage', 'debrief-rooms', 'debrief-sign-in'], encapsulate: true },
);
