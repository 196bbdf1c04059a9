// The client's two places: the home page and a board (`/b/<boardId>`). A tiny history-based
// router; the server answers every `/b/*` with index.html.
import { useSyncExternalStore } from 'react';
import { isBoardId, type BoardId } from '../../../shared/ids';

export type Route = { page: 'home' } | { page: 'board'; boardId: BoardId } | { page: 'not-found' };

const listeners = new Set<() => void>();
let current = parse(location.pathname);

function parse(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'home' };
  const m = /^\/b\/([^/]+)\/?$/.exec(pathname);
  if (m) {
    const id = decodeURIComponent(m[1]!);
    if (isBoardId(id)) return { page: 'board', boardId: id };
  }
  return { page: 'not-found' };
}

function update() {
  const next = parse(location.pathname);
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
