// The client's places: the home page, a board (`/b/<boardId>`) and its room screen
// (`/b/<boardId>/projector`, or `?view=projector`). A tiny history-based router; the server
// answers every `/b/*` with index.html.
import { useSyncExternalStore } from 'react';
import { isBoardId, type BoardId } from '../../../shared/ids';

/** How a board is shown: the working board, or the room screen (features/projector). */
export type BoardView = 'board' | 'projector';

export type Route = { page: 'home' } | { page: 'board'; boardId: BoardId; view: BoardView } | { page: 'not-found' };

const listeners = new Set<() => void>();
let current = parse(location.pathname, location.search);

function parse(pathname: string, search: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'home' };
  const m = /^\/b\/([^/]+)(\/projector)?\/?$/.exec(pathname);
  if (m) {
    const id = decodeURIComponent(m[1]!);
    const projector = m[2] !== undefined || new URLSearchParams(search).get('view') === 'projector';
    if (isBoardId(id)) return { page: 'board', boardId: id, view: projector ? 'projector' : 'board' };
  }
  return { page: 'not-found' };
}

function update() {
  const next = parse(location.pathname, location.search);
  if (JSON.stringify(next) !== JSON.stringify(current)) {
    current = next;
    listeners.forEach((l) => l());
  }
}

window.addEventListener('popstate', update);

/** Goes to a path within the app (a fragment may carry a token). */
export function navigate(path: string): void {
  history.pushState(null, '', path);
  update();
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
