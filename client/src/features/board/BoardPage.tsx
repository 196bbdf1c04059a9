// Opening a board: find the token (the link's fragment, this tab, or this browser's list), ask the
// server who it makes us, open the connection, and ask for a display name the first time.
// When the server cannot be reached, a board this browser knows opens from its saved copy.
// Nothing here lives at module scope: the link's fragment comes with the route (services/router),
// the connection from useBoardConnection, which keeps it through StrictMode's remount.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { upsertParticipant } from '../../../../shared/board';
import type { BoardId } from '../../../../shared/ids';
import { canWrite, type Role } from '../../../../shared/protocol';
import { ApiFailure, fetchSession } from '../../services/api';
import { navigate, type BoardLinkFragment, type BoardView as BoardViewKind } from '../../services/router';
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
import { BoardView } from './BoardView';
import { NameDialog } from './NameDialog';
import './board.css';

type Phase =
  | { kind: 'loading' }
  | { kind: 'no-token' }
  | { kind: 'refused'; title: string; message: string }
  | { kind: 'ready'; token: string; role: Role; offline: boolean };

/** The token this tab opened the board with, kept for reloads (the address no longer has it). */
function tabToken(boardId: BoardId, fromLink: string | null): string | null {
  try {
    if (fromLink) sessionStorage.setItem(tabTokenKey(boardId), fromLink);
    return sessionStorage.getItem(tabTokenKey(boardId));
  } catch {
    return fromLink;
  }
}

export function BoardPage({ boardId, link, view = 'board' }: { boardId: BoardId; link: BoardLinkFragment; view?: BoardViewKind }) {
  // The fragment of the link that opened this page (a later navigation within the board has none).
  const [fragment] = useState(link);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const known = findKnownBoard(boardId);
    const token = tabToken(boardId, fragment.token) ?? known?.token ?? null;
    if (!token) {
      setPhase({ kind: 'no-token' });
      return;
    }
    let cancelled = false;
    fetchSession(boardId, token).then(
      (session) => {
        if (cancelled) return;
        rememberBoard({
          id: boardId,
          token,
          role: session.role,
          title: session.title,
          ...(session.links ? { links: session.links } : {}),
        });
        setPhase({ kind: 'ready', token, role: session.role, offline: false });
      },
      (err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiFailure && err.unreachable && known && known.token === token) {
          // The server is away: open this browser's saved copy; edits sync when it is back.
          setPhase({ kind: 'ready', token, role: known.role, offline: true });
        } else if (err instanceof ApiFailure && err.unreachable) {
          setPhase({ kind: 'refused', title: 'Cannot reach Debrief', message: err.message });
        } else if (err instanceof ApiFailure && err.status === 404) {
          // Deleted (or never existed): whatever this browser kept of it goes too.
          void forgetDeletedBoard(boardId);
          setPhase({ kind: 'refused', title: 'Board not found', message: 'There is no board here. It may have been deleted.' });
        } else if (err instanceof ApiFailure && (err.status === 401 || err.status === 403)) {
          setPhase({
            kind: 'refused',
            title: 'This link does not open the board',
            message: 'It may be incomplete or replaced. Ask the facilitator to share the link again.',
          });
        } else {
          setPhase({
            kind: 'refused',
            title: 'The board did not open',
            message: err instanceof Error ? err.message : 'Something went wrong.',
          });
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, fragment, attempt]);

  if (phase.kind === 'ready') {
    return <OpenBoard boardId={boardId} token={phase.token} role={phase.role} openShare={fragment.share} view={view} />;
  }
  if (phase.kind === 'loading') return <BoardSkeleton />;
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
  openShare,
  view,
}: {
  boardId: BoardId;
  token: string;
  role: Role;
  openShare: boolean;
  view: BoardViewKind;
}) {
  const connection = useBoardConnection(boardId, token, role, { onDeleted: () => void forgetDeletedBoard(boardId) });
  useServerClock();
  if (!connection) return <BoardSkeleton />;
  return <OpenedBoard connection={connection} token={token} role={role} openShare={openShare} projector={view === 'projector'} />;
}

function OpenedBoard({
  connection,
  token,
  role,
  openShare,
  projector,
}: {
  connection: BoardConnection;
  token: string;
  role: Role;
  openShare: boolean;
  /** The room screen: read-only, nameless, shown as "Room screen" among the people here. */
  projector: boolean;
}) {
  const [name, setName] = useState(loadDisplayName);
  const voterId = useMemo(loadVoterId, []);
  const ballotId = useMemo(() => loadBallotId(connection.boardId), [connection.boardId]);

  // Tell others who is here, and record this person among the board's participants.
  useEffect(() => {
    if (projector) {
      // The room screen shows the board; it is not a person and writes nothing.
      connection.setPresence({ name: 'Room screen', color: colorFor(voterId), voterId, role: 'viewer' });
      return;
    }
    connection.setPresence({ name: name || (canWrite(role) ? 'Someone' : 'Viewer'), color: colorFor(voterId), voterId, role });
    if (!name || !canWrite(role)) return;
    const record = () => {
      try {
        upsertParticipant(connection.doc, voterId, name, LOCAL_WRITES);
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

  if (projector) {
    return (
      <BoardProvider value={scope}>
        <ProjectorView />
      </BoardProvider>
    );
  }
  return (
    <BoardProvider value={scope}>
      <BoardView openShareInitially={openShare && role === 'facilitator'} displayName={name} onRename={setName} />
      {canWrite(role) && (
        <NameDialog
          open={name === ''}
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
