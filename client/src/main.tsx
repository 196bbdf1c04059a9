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

/** The longest the app waits for the board's opening before it runs anyway (a slow server). */
const APP_WAITS_AT_MOST_MS = 400;

markBoot('entry');
const route = currentRoute();
const opening = route.page === 'board' ? startOpeningEarly(route.boardId, route.link.token) : null;
const appMayRun = opening
  ? Promise.race([opening.then(noop, noop), new Promise<void>((resolve) => setTimeout(resolve, APP_WAITS_AT_MOST_MS))])
  : Promise.resolve();
void appMayRun.then(() => import('./app/start'));

function noop(): void {}
