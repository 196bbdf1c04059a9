// Who a token makes us on a board, asked of the server: the session, joining as a person when the
// link is a facilitator's or participant's, and (once known) the board's connection.
//
// BoardPage asks this from an effect, after the app's code has loaded and rendered; the first
// time, the entry module (main.tsx) has already asked it, while that code was still loading
// (`startOpeningEarly`): the answers, and the connection's websockets and this browser's copy,
// are then under way or there by the time the page looks. The early opening is the same
// question with the same arguments as BoardPage's first one, so either may answer it.
import type { BoardId } from '../../../../shared/ids';
import { isPersonalToken, type JoinBoardResponse } from '../../../../shared/protocol';
import { fetchSession, joinBoard, type BoardSessionInfo } from '../../services/api';
import { markBoot } from '../../services/bootMarks';
import { signInStatus } from '../../services/signIn';
import { findKnownBoard, loadDisplayName, tabTokenKey, type KnownBoard } from '../../services/storage';
import { preopenBoardConnection } from '../../sync/openBoards';

/** Where opening a board with a token led. */
export type Opening =
  /** Open it with `token` (the link's, or the personal token joining gave). */
  | { kind: 'open'; token: string; session: BoardSessionInfo }
  /** A facilitator or participant link on a browser with no name yet: ask, then join. */
  | { kind: 'name'; link: string };

/** The token this tab opened the board with before (a reload: the address no longer has it). */
export function savedTabToken(boardId: BoardId): string | null {
  try {
    return sessionStorage.getItem(tabTokenKey(boardId));
  } catch {
    return null;
  }
}

/** The token a board page opens with at first: the link's, this browser's person's, this tab's. */
export function firstToken(boardId: BoardId, fromLink: string | null, known: KnownBoard | undefined): string | null {
  return fromLink ?? known?.token ?? savedTabToken(boardId) ?? null;
}

/**
 * Asks the server who `token` makes us and joins as a person when it is a facilitator's or
 * participant's link (as `joinName`, the signed-in name, or this browser's name). Stops before
 * joining once `cancelled()` (a page that is gone must not make a person).
 */
export async function resolveOpening(
  boardId: BoardId,
  token: string,
  known: KnownBoard | undefined,
  joinName: string | null,
  cancelled: () => boolean = () => false,
): Promise<Opening> {
  // The sign-in status is asked alongside: a new person may be given their signed-in name.
  const signedIn = joinName ? null : signInStatus();
  // A link (not a personal token) on a browser that has a name here: join at once, alongside the
  // question of what the link opens, instead of after its answer (the join's answer carries the
  // new token's session: one round trip to open the board, where there were three). A view-only
  // link is refused by the join, and then opens as the session says. A signed-in person is given
  // their signed-in name by the server whatever name is sent.
  const eagerName = isPersonalToken(token) || cancelled() ? null : (joinName ?? loadDisplayName());
  const sessionAsked = fetchSession(boardId, token);
  if (eagerName) {
    sessionAsked.catch(() => undefined); // read below if the join does not answer
    const joined = await joinBoard(boardId, token, eagerName, known?.person ? known.token : undefined).catch(() => null);
    if (joined) return opened(boardId, joined);
  }
  const session = await sessionAsked;
  markBoot('session');
  if (session.person || cancelled()) return { kind: 'open', token, session };
  // A view-only link on a browser that is someone here: stay that person.
  if (session.role === 'viewer') {
    if (known?.person && known.token !== token) {
      const own = await fetchSession(boardId, known.token).catch(() => null);
      if (own) return { kind: 'open', token: known.token, session: own };
    }
    return { kind: 'open', token, session };
  }
  // A facilitator or participant link: join as a person (this browser's person, if it is one here).
  // Signed in: the server gives a new person their signed-in name, and knows one it has seen (on
  // any device) by their sign-in; nothing to ask.
  const name = joinName ?? (await signedIn)?.person?.name ?? loadDisplayName();
  if (!name) return { kind: 'name', link: token };
  if (cancelled()) return { kind: 'open', token, session };
  return opened(boardId, await joinBoard(boardId, token, name, known?.person ? known.token : undefined));
}

/** Joined: the board opens with the personal token (its connection starts now). */
function opened(boardId: BoardId, joined: JoinBoardResponse): Opening {
  markBoot('joined');
  preopenBoardConnection(boardId, joined.token, joined.session.role);
  return { kind: 'open', token: joined.token, session: joined.session };
}

let early: { boardId: BoardId; token: string; opening: Promise<Opening> } | null = null;

/**
 * Starts opening the board of this address before the app has loaded (main.tsx). BoardPage's
 * first look with the same token takes this answer instead of asking again. Returns the opening
 * (settled once the board's connection has started, or it is known that it cannot), or null when
 * there is no token to open it with.
 */
export function startOpeningEarly(boardId: BoardId, fromLink: string | null): Promise<unknown> | null {
  const known = findKnownBoard(boardId);
  const token = firstToken(boardId, fromLink, known);
  if (!token) return null;
  const opening = resolveOpening(boardId, token, known, null);
  opening.then(
    (o) => {
      if (o.kind === 'open') preopenBoardConnection(boardId, o.token, o.session.role);
    },
    () => undefined, // BoardPage reads the failure from the same promise and says what it was.
  );
  early = { boardId, token, opening };
  return opening;
}

/** The early opening for this board and token, if one was started (for BoardPage's first look). */
export function earlyOpening(boardId: BoardId, token: string): Promise<Opening> | null {
  return early && early.boardId === boardId && early.token === token ? early.opening : null;
}

/** Marks the early opening as used up (a later attempt asks the server afresh). */
export function forgetEarlyOpening(): void {
  early = null;
}
