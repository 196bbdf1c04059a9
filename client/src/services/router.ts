// The client's places: the home page, a board (`/b/<boardId>`) and its room screen
// (`/b/<boardId>/projector`, or `?view=projector`). A tiny history-based router; the server
// answers every `/b/*` with index.html.
//
// A board link carries its token in the fragment (`#token=…`, and `#share` right after creating
// a board). The router takes it out of the address as it reads the address, so the token is not
// left in the address bar to be pasted into a chat by mistake, and hands it on in the route: it
// belongs to the navigation that brought the person here, read exactly once per navigation (not
// once per render, which React's StrictMode doubles in development), and a reload no longer has it.
import { useSyncExternalStore } from 'react';
import { isBoardId, type BoardId } from '../../../shared/ids';
import { saveWorkspaceKey } from './workspace';

/** A record a link points at (a search result: `#token=...&event=<id>`), scrolled to and highlighted. */
export interface BoardFocus {
  kind: 'event' | 'factor' | 'action' | 'learning' | 'summary';
  id: string;
}

/** What a board link's fragment said. */
export interface BoardLinkFragment {
  /** The token the link opens the board with (null: the link had none). */
  token: string | null;
  /** Open the share dialog (the facilitator has just created the board). */
  share: boolean;
  /** The record to bring into view, if the link names one. */
  focus: BoardFocus | null;
}

/** How a board is shown: the working board, or the room screen (features/projector). */
export type BoardView = 'board' | 'projector';

export type Route =
  | { page: 'home' }
  /** The workspace's pages; `key` is the workspace link's token when the address carried one. */
  | { page: 'library'; key: string | null }
  | { page: 'follow-ups'; key: string | null }
  /** The workspace's trackers, for its admin (docs/trackers.md). */
  | { page: 'trackers' }
  | { page: 'themes'; key: string | null }
  | { page: 'metrics'; key: string | null }
  | { page: 'board'; boardId: BoardId; view: BoardView; link: BoardLinkFragment }
  | { page: 'not-found' };

const listeners = new Set<() => void>();
/** The route, read from the address the first time it is asked (main.tsx, at once), not when this
 * module loads: the server imports it too, to draw a board's first screen (client/src/app/firstScreen.tsx). */
let current: Route | null = null;

function route(): Route {
  if (current === null) {
    current = parse();
    window.addEventListener('popstate', update);
  }
  return current;
}

/**
 * The route for an address (the current one by default); a board's fragment and a workspace key
 * are taken out of the current address, unless `take` is false (only asking which page it is).
 */
function parse(where: { pathname: string; search: string } = location, take = true): Route {
  const { pathname, search } = where;
  const key = () => (take ? takeKey() : null);
  if (pathname === '/' || pathname === '/index.html') return { page: 'home' };
  if (pathname === '/library' || pathname === '/library/') return { page: 'library', key: key() };
  if (pathname === '/follow-ups' || pathname === '/follow-ups/') return { page: 'follow-ups', key: key() };
  if (pathname === '/trackers' || pathname === '/trackers/') return { page: 'trackers' };
  if (pathname === '/library/themes' || pathname === '/library/themes/') return { page: 'themes', key: key() };
  if (pathname === '/library/metrics' || pathname === '/library/metrics/') return { page: 'metrics', key: key() };
  const m = /^\/b\/([^/]+)(\/projector)?\/?$/.exec(pathname);
  if (m) {
    const id = decodeURIComponent(m[1]!);
    const view: BoardView = m[2] !== undefined || new URLSearchParams(search).get('view') === 'projector' ? 'projector' : 'board';
    if (isBoardId(id)) return { page: 'board', boardId: id, view, link: take ? takeFragment() : { token: null, share: false, focus: null } };
  }
  return { page: 'not-found' };
}

function takeFragment(): BoardLinkFragment {
  if (!location.hash) return { token: null, share: false, focus: null };
  const params = new URLSearchParams(location.hash.slice(1));
  // The path stays (a room screen's `/projector` with it); only the fragment goes.
  history.replaceState(history.state, '', location.pathname + location.search);
  let focus: BoardFocus | null = null;
  for (const kind of ['event', 'factor', 'action', 'learning'] as const) {
    const id = params.get(kind);
    if (id) focus = { kind, id };
  }
  if (params.has('summary')) focus = { kind: 'summary', id: '' };
  return { token: params.get('token'), share: params.has('share'), focus };
}

/** The workspace link's token (`#key=...`), taken out of the address like a board's token. */
function takeKey(): string | null {
  if (!location.hash) return null;
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  history.replaceState(history.state, '', location.pathname + location.search);
  if (key) saveWorkspaceKey(key);
  return key;
}

/** The workspace's pages, which the server answers with workspace.html (app/workspaceEntry.ts);
 * every other page is the board's app (index.html, main.tsx). */
export function isWorkspacePage(route: Route): boolean {
  return route.page === 'library' || route.page === 'follow-ups' || route.page === 'themes' || route.page === 'metrics' || route.page === 'trackers';
}

/** The pages this document draws (all, unless keepWithin said otherwise). */
let drawn: (route: Route) => boolean = () => true;

/**
 * Limits this document to the pages `draws` accepts (the workspace entry, which has no board
 * code): a link or a history step to another page loads that page as a new document.
 */
export function keepWithin(draws: (route: Route) => boolean): void {
  drawn = draws;
}

function update() {
  if (!drawn(parse(location, false))) {
    location.reload();
    return;
  }
  const next = parse();
  if (JSON.stringify(next) !== JSON.stringify(current)) {
    current = next;
    listeners.forEach((l) => l());
  }
}

/** Goes to a path within the app (a fragment may carry a token). */
export function navigate(path: string): void {
  const url = new URL(path, location.href);
  if (!drawn(parse(url, false))) {
    location.assign(url.href);
    return;
  }
  history.pushState(null, '', path);
  update();
  window.scrollTo(0, 0);
}

/** The route for the current address (read outside React: main.tsx, before the app renders). */
export function currentRoute(): Route {
  return route();
}

export function useRoute(): Route {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    route,
    route,
  );
}
