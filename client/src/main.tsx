// Entry point, kept small so that it runs as soon as it arrives: it starts what the page needs
// from the network (a board link: who the token makes us, joining, the board's connection;
// features/board/boardOpening.ts) and loads the app (app/start.tsx), whose code is fetched
// alongside (index.html preloads it, vite.config.ts).
//
// On a board page the app is run once the board's connection has started (or after
// APP_WAITS_AT_MOST_MS): the answers to the opening's requests are handled on the page's one
// thread, and running the app first (compiling and running its code, the first render: 300-500 ms
// on a loaded 2-core machine) held each of them up, so the connection started half a second late.
import { startOpeningEarly } from './features/board/boardOpening';
import { markBoot } from './services/bootMarks';
import { currentRoute } from './services/router';

//
// It also waits for the board's first screen, drawn by the server (public/first-screen.js), to be
// painted: the page's one thread paints it only between the app's long tasks.

/** The longest the app waits for the board's opening before it runs anyway (a slow server). */
const APP_WAITS_AT_MOST_MS = 400;
/** The longest it waits for the server's first screen to be painted. */
const FIRST_SCREEN_WAITS_AT_MOST_MS = 800;

declare global {
  interface Window {
    /** Set by public/first-screen.js: resolves once the board's first screen is painted (true) or
     * will not be (false); null when there is none to ask for. */
    debriefFirstScreen?: Promise<boolean> | null;
  }
}

markBoot('entry');
const route = currentRoute();
const opening = route.page === 'board' ? startOpeningEarly(route.boardId, route.link.token) : null;
const appMayRun = Promise.all([
  opening ? atMost(opening.then(noop, noop), APP_WAITS_AT_MOST_MS) : null,
  window.debriefFirstScreen ? atMost(window.debriefFirstScreen.then(noop, noop), FIRST_SCREEN_WAITS_AT_MOST_MS) : null,
]);
void appMayRun.then(() => import('./app/start'));

function atMost(wait: Promise<void>, ms: number): Promise<void> {
  return Promise.race([wait, new Promise<void>((resolve) => setTimeout(resolve, ms))]);
}

function noop(): void {}
