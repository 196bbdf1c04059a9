// Opening a board: find the token (the link's fragment, this tab, or this browser's list), ask the
// server who it makes us, open the connection, and ask for a display name the first time.
// When the server cannot be reached, a board this browser knows opens from its saved copy.
// Nothing here lives at module scope: the link's fragment comes with the route (services/router),
// the connection from useBoardConnection, which keeps it through StrictMode's remount.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { upsertParticipant } from '../../../../shared/board';
import type { BoardId, VoterId } from '../../../../shared/ids';
import { ROOM_SCREEN_NAME, canWrite, type Role } from '../../../../shared/protocol';
import { ApiFailure, updatePerson, type BoardSessionInfo } from '../../services/api';
import { signInHref, useSignIn } from '../../services/signIn';
import { navigate, type BoardFocus, type BoardLinkFragment, type BoardView as BoardViewKind } from '../../services/router';
import {
  findKnownBoard,
  forgetDeletedBoard,
  loadBallotId,
  loadDisplayName,
  loadVoterId,
  rememberBoard,
  saveDisplayName,
  tabTokenKey,
} from '../../services/storage';
import { Button } from '../../ui/Button';
import { BoardProvider, type BoardScope } from '../../sync/BoardContext';
import type { BoardConnection } from '../../sync/connection';
import { useBoardConnection } from '../../sync/useBoardConnection';
import { LOCAL_WRITES } from '../../sync/writeContext';
import { colorFor } from '../../sync/usePresence';
import { facilitationStore, useServerClock } from '../../sync/facilitationHooks';
import { Brand } from '../home/Brand';
import { ProjectorView } from '../projector/ProjectorView';
import { earlyOpening, firstToken, forgetEarlyOpening, resolveOpening } from './boardOpening';
import { BoardView } from './BoardView';
import { useReplaceFirstScreen } from './firstScreen';
import { NameDialog } from './NameDialog';
import './board.css';

type Phase =
  | { kind: 'loading' }
  | { kind: 'no-token' }
  | { kind: 'refused'; title: string; message: string; offerSignIn?: true }
  // A facilitator or participant link on a browser with no name yet: ask, then join.
  | { kind: 'name'; link: string }
  | { kind: 'ready'; token: string; role: Role; offline: boolean; session: BoardSessionInfo | null };

/** The token this tab opened the board with, kept for reloads (the address no longer has it). */
function tabToken(boardId: BoardId, fromLink: string | null): string | null {
  try {
    if (fromLink) sessionStorage.setItem(tabTokenKey(boardId), fromLink);
    return sessionStorage.getItem(tabTokenKey(boardId));
  } catch {
    return fromLink;
  }
}

/**
 * What the address bar holds once the board is open: a link that works for whoever holds it. The
 * participant link when this person may pass it on (a latecomer given the address joins; on this
 * browser it opens as this person), the view-only link for a viewer, else the bare address, which
 * this browser opens as this person. Secrets stay in the fragment, which no request carries.
 */
function addressFor(boardId: BoardId, token: string, session: BoardSessionInfo, view: BoardViewKind): string {
  const shareable = session.links?.participant ?? (session.role === 'viewer' && !session.person ? token : null);
  // A room screen stays one across a reload: its path keeps `/projector`.
  const path = `/b/${boardId}${view === 'projector' ? '/projector' : ''}`;
  return shareable ? `${path}#token=${encodeURIComponent(shareable)}` : path;
}

/** Why a token did not open the board, in words for the person. */
function refusalFor(boardId: BoardId, err: unknown): Phase {
  if (err instanceof ApiFailure && err.unreachable) return { kind: 'refused', title: 'Cannot reach Debrief', message: err.message };
  if (err instanceof ApiFailure && err.status === 404) {
    // Deleted (or never existed): whatever this browser kept of it goes too.
    void forgetDeletedBoard(boardId);
    return { kind: 'refused', title: 'Board not found', message: 'There is no board here. It may have been deleted.' };
  }
  if (err instanceof ApiFailure && err.code === 'LINK_REVOKED') return { kind: 'refused', title: 'This link was replaced', message: err.message };
  if (err instanceof ApiFailure && err.code === 'PERSON_NOT_SIGNED_IN') {
    return { kind: 'refused', title: 'Sign in to continue as yourself', message: err.message, offerSignIn: true };
  }
  if (err instanceof ApiFailure && (err.code === 'PERSON_UNKNOWN' || err.code === 'PERSON_SECRET_INVALID')) {
    return { kind: 'refused', title: 'This personal link does not open the board', message: err.message };
  }
  if (err instanceof ApiFailure && (err.status === 401 || err.status === 403)) {
    return {
      kind: 'refused',
      title: 'This link does not open the board',
      message: 'It may be incomplete or replaced. Ask the facilitator to share the link again.',
    };
  }
  return { kind: 'refused', title: 'The board did not open', message: err instanceof Error ? err.message : 'Something went wrong.' };
}

export function BoardPage({ boardId, link, view = 'board' }: { boardId: BoardId; link: BoardLinkFragment; view?: BoardViewKind }) {
  // The fragment of the link that opened this page (a later navigation within the board has none).
  const [fragment] = useState(link);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [joinName, setJoinName] = useState<string | null>(null);
  // A signed-in person's name is offered when the board asks for one (docs/sign-in.md).
  const signIn = useSignIn();

  useEffect(() => {
    const known = findKnownBoard(boardId);
    // A link in the address comes first; then this browser's person (or the link this tab used).
    const token = firstToken(boardId, attempt === 0 ? fragment.token : null, known);
    if (!token) {
      setPhase({ kind: 'no-token' });
      return;
    }
    let cancelled = false;
    // The first look takes the answer main.tsx started asking for while the app loaded.
    const opening = (attempt === 0 && !joinName ? earlyOpening(boardId, token) : null) ?? resolveOpening(boardId, token, known, joinName, () => cancelled);
    opening.then(
      (result) => {
        if (cancelled) return;
        forgetEarlyOpening();
        if (result.kind === 'name') {
          setPhase({ kind: 'name', link: result.link });
          return;
        }
        const { token: openToken, session } = result;
        rememberBoard({
          id: boardId,
          token: openToken,
          role: session.role,
          title: session.title,
          ...(session.links ? { links: session.links } : {}),
          ...(session.person ? { person: { id: session.person.id, name: session.person.name } } : {}),
        });
        tabToken(boardId, openToken);
        history.replaceState(history.state, '', addressFor(boardId, openToken, session, view));
        setPhase({ kind: 'ready', token: openToken, role: session.role, offline: false, session });
      },
      (err: unknown) => {
        if (cancelled) return;
        forgetEarlyOpening();
        if (err instanceof ApiFailure && err.unreachable && known) {
          // The server is away: open this browser's saved copy as the person (or link) this browser
          // knows here, whatever link the address holds (after opening, it holds the participant
          // link, not this person's own); edits sync when it is back.
          setPhase({ kind: 'ready', token: known.token, role: known.role, offline: true, session: null });
        } else {
          setPhase(refusalFor(boardId, err));
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, fragment, attempt, joinName, view]);

  // What the page shows instead of the board replaces the server's first screen too; the name
  // question is asked over it (someone new sees the board they are joining).
  useReplaceFirstScreen(phase.kind === 'no-token' || phase.kind === 'refused');

  // Asked again when the server says this person's role or name changed.
  const onIdentityChanged = useCallback(() => setAttempt((n) => n + 1), []);

  if (phase.kind === 'ready') {
    return (
      <OpenBoard
        boardId={boardId}
        token={phase.token}
        role={phase.role}
        session={phase.session}
        openShare={fragment.share}
        focus={fragment.focus}
        onIdentityChanged={onIdentityChanged}
        view={view}
      />
    );
  }
  if (phase.kind === 'loading') return <BoardSkeleton />;
  if (phase.kind === 'name') {
    return (
      <>
        <BoardSkeleton />
        <NameDialog
          open
          initial={signIn?.person?.name ?? ''}
          onSubmit={(next) => {
            saveDisplayName(next);
            setJoinName(next);
          }}
        />
      </>
    );
  }
  return (
    <main className="centered-message">
      <Brand />
      <h1>{phase.kind === 'no-token' ? 'This board needs its link' : phase.title}</h1>
      <p>
        {phase.kind === 'no-token'
          ? 'Boards open through the link the facilitator shares. Open that link again, or ask for it.'
          : phase.message}
      </p>
      <div className="centered-message__actions">
        {phase.kind === 'refused' && phase.offerSignIn && (
          <a className="btn btn--secondary btn--md" href={signInHref(window.location.pathname)}>
            Sign in
          </a>
        )}
        {phase.kind === 'refused' && (
          <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </Button>
        )}
        <Button variant="primary" onClick={() => navigate('/')}>
          Go to Debrief
        </Button>
      </div>
    </main>
  );
}

function OpenBoard({
  boardId,
  token,
  role,
  session,
  openShare,
  focus,
  onIdentityChanged,
  view,
}: {
  boardId: BoardId;
  token: string;
  role: Role;
  session: BoardSessionInfo | null;
  openShare: boolean;
  focus: BoardFocus | null;
  onIdentityChanged: () => void;
  view: BoardViewKind;
}) {
  const connection = useBoardConnection(boardId, token, role, { onDeleted: () => void forgetDeletedBoard(boardId), onIdentityChanged });
  useServerClock();
  if (!connection) return <BoardSkeleton />;
  return <OpenedBoard connection={connection} token={token} role={role} session={session} openShare={openShare} focus={focus} projector={view === 'projector'} />;
}

function OpenedBoard({
  connection,
  token,
  role,
  session,
  openShare,
  focus,
  projector,
}: {
  connection: BoardConnection;
  token: string;
  role: Role;
  session: BoardSessionInfo | null;
  openShare: boolean;
  focus: BoardFocus | null;
  /** The room screen: read-only, nameless, shown as "Room screen" among the people here. */
  projector: boolean;
}) {
  // A signed-in person's name is offered in the name dialog (docs/sign-in.md).
  const signIn = useSignIn();
  const known = findKnownBoard(connection.boardId);
  const person = session?.person ?? known?.person ?? null;
  const [name, setName] = useState(() => person?.name ?? loadDisplayName());
  // A person's id is their key in the participants list (the server stamps it on their presence);
  // a bare link's holder keeps this browser's own id.
  const browserVoterId = useMemo(loadVoterId, []);
  const voterId = (person?.id as VoterId | undefined) ?? browserVoterId;
  const ballotId = useMemo(() => loadBallotId(connection.boardId), [connection.boardId]);

  // Tell others who is here, and record this person among the board's participants.
  useEffect(() => {
    if (projector) {
      // The room screen shows the board; it is not a person and writes nothing.
      connection.setPresence({ name: ROOM_SCREEN_NAME, color: colorFor(voterId), voterId, role: 'viewer', roomScreen: true });
      return;
    }
    connection.setPresence({ name: name || (canWrite(role) ? 'Someone' : 'Viewer'), color: colorFor(voterId), voterId, role });
    if (!name || !canWrite(role)) return;
    const record = () => {
      try {
        // Under the id that writes only what names this person, never their anonymous notes'.
        connection.writeNamed(() => upsertParticipant(connection.doc, voterId, name, LOCAL_WRITES));
      } catch {
        /* a name the board refuses was caught by the dialog already */
      }
    };
    void connection.whenLoadedLocally.then(record);
    void connection.whenSynced.then(record);
  }, [connection, name, role, voterId, projector]);

  const closed = useClosed(connection);
  const scope = useMemo<BoardScope>(
    () => ({
      connection,
      doc: connection.doc,
      facilitation: connection.facilitation,
      ctx: LOCAL_WRITES,
      role,
      canEdit: canWrite(role) && !closed && !projector,
      closed,
      isFacilitator: role === 'facilitator',
      voterId,
      ballotId,
      displayName: name,
      token,
    }),
    [connection, role, voterId, ballotId, name, token, closed, projector],
  );

  const rename = useCallback(
    (next: string) => {
      setName(next);
      // The server keeps the person's name (presence is stamped with it); it reconnects them to show it.
      if (person) void updatePerson(connection.boardId, token, person.id, { name: next }).catch(() => undefined);
    },
    [connection.boardId, person, token],
  );


  // Drawn now (the board's sections, or the room screen): the server's first screen goes.
  useReplaceFirstScreen(true);

  if (projector) {
    return (
      <BoardProvider value={scope}>
        <ProjectorView />
      </BoardProvider>
    );
  }
  return (
    <BoardProvider value={scope}>
      <BoardView openShareInitially={openShare && role === 'facilitator'} displayName={name} onRename={rename} focus={focus} />
      {canWrite(role) && (
        <NameDialog
          open={name === ''}
          initial={signIn?.person?.name ?? ''}
          onSubmit={(next) => {
            saveDisplayName(next);
            setName(next);
          }}
        />
      )}
    </BoardProvider>
  );
}

/** Whether the facilitator has closed the board. Re-renders only when that changes, not on every
 * timer or setting. */
function useClosed(connection: BoardConnection): boolean {
  const store = facilitationStore(connection.facilitation);
  const read = useCallback(() => store.getSnapshot().phase === 'closed', [store]);
  return useSyncExternalStore(store.subscribe, read, read);
}

/** The board's frame while it opens, the same shape as the board so nothing jumps. */
function BoardSkeleton() {
  return (
    <div className="board-app" aria-busy="true">
      <header className="board-header">
        <div className="board-header__bar">
          <Brand compact />
          <div className="skeleton skeleton--title" />
        </div>
        <div className="board-subnav" />
      </header>
      <main className="board-main">
        <div className="skeleton skeleton--section" />
        <div className="skeleton skeleton--section" />
      </main>
      <span className="visually-hidden" role="status">
        Opening the board…
      </span>
    </div>
  );
}
