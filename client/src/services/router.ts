// The client's two places: the home page and a board (`/b/<boardId>`). A tiny history-based
// router; the server answers every `/b/*` with index.html.
//
// A board link carries its token in the fragment (`#token=…`, and `#share` right after creating
// a board). The router takes it out of the address as it reads the address, so the token is not
// left in the address bar to be pasted into a chat by mistake, and hands it on in the route: it
// belongs to the navigation that brought the person here, read exactly once per navigation (not
// once per render, which React's StrictMode doubles in development), and a reload no longer has it.
import { useSyncExternalStore } from 'react';
import { isBoardId, type BoardId } from '../../../shared/ids';

/** What a board link's fragment said. */
export interface BoardLinkFragment {
  /** The token the link opens the board with (null: the link had none). */
  token: string | null;
  /** Open the share dialog (the facilitator has just created the board). */
  share: boolean;
}

export type Route = { page: 'home' } | { page: 'board'; boardId: BoardId; link: BoardLinkFragment } | { page: 'not-found' };

const listeners = new Set<() => void>();
let current = parse();

/** The route for the current address; a board's fragment is taken out of the address. */
function parse(): Route {
  const { pathname } = location;
  if (pathname === '/' || pathname === '/index.html') return { page: 'home' };
  const m = /^\/b\/([^/]+)\/?$/.exec(pathname);
  if (m) {
    const id = decodeURIComponent(m[1]!);
    if (isBoardId(id)) return { page: 'board', boardId: id, link: takeFragment(id) };
  }
  return { page: 'not-found' };
}

function takeFragment(boardId: BoardId): BoardLinkFragment {
  if (!location.hash) return { token: null, share: false };
  const params = new URLSearchParams(location.hash.slice(1));
  history.replaceState(history.state, '', `/b/${boardId}`);
  return { token: params.get('token'), share: params.has('share') };
}

function update() {
  const next = parse();
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
