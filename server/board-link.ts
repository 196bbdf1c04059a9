// Reading a board's address as a person pastes it: `https://host/b/<id>#token=<token>` (the share
// link the app copies), the same with `?token=` instead of the fragment, or a bare
// `<id>#token=<token>`. Any host: what opens the board is its id and token, checked afterwards
// against storage. The result says which of these is missing, so the person can be told.
import { isBoardId, type BoardId } from '../shared/ids';

export type BoardLinkReading =
  | { kind: 'board'; boardId: BoardId; token: string }
  /** Not an address of a board: no `/b/<id>`, no bare id, or not an http(s) address. */
  | { kind: 'notABoard' }
  /** A board's address without a token (copied without its `#token=…`). */
  | { kind: 'noToken'; boardId: BoardId };

/** Reads a pasted board link; never throws. */
export function readBoardLink(pasted: string): BoardLinkReading {
  const text = pasted.trim();
  const hashAt = text.indexOf('#');
  const fragment = hashAt >= 0 ? text.slice(hashAt + 1) : '';
  const beforeHash = hashAt >= 0 ? text.slice(0, hashAt) : text;
  const queryAt = beforeHash.indexOf('?');
  const query = queryAt >= 0 ? beforeHash.slice(queryAt + 1) : '';
  let path = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path);
  if (scheme) {
    if (!/^https?$/i.test(scheme[1]!)) return { kind: 'notABoard' };
    // Drop the host: the path starts at the first slash after it.
    const afterHost = path.indexOf('/', scheme[0].length);
    path = afterHost >= 0 ? path.slice(afterHost) : '';
  }
  const boardId = boardIdOf(path);
  if (!boardId) return { kind: 'notABoard' };
  const token = tokenIn(fragment) ?? tokenIn(query);
  return token ? { kind: 'board', boardId, token } : { kind: 'noToken', boardId };
}

/** The id in `/b/<id>` (at the end of a path, a trailing slash allowed) or a bare id. */
function boardIdOf(path: string): BoardId | null {
  const candidate = /(?:^|\/)b\/([^/]+)\/?$/.exec(path)?.[1] ?? path;
  let id: string;
  try {
    id = decodeURIComponent(candidate);
  } catch {
    return null;
  }
  return isBoardId(id) ? id : null;
}

/** The `token` parameter of a fragment or query string (`token=…&share`), if not empty. */
function tokenIn(params: string): string | null {
  if (params === '') return null;
  const token = new URLSearchParams(params).get('token');
  return token !== null && token.trim() !== '' ? token.trim() : null;
}
