// A board's first screen, drawn on the server with the page's own components, so that a person
// opening a board sees it before the app's code has arrived, run and synced (docs/first-screen.md).
//
// Built apart from the page (vite.render.config.ts -> dist/render/board.mjs) and loaded by the
// server (server/plugins/first-screen.ts), which hands it the board as it holds it. What is drawn is
// what the page itself draws once the board has synced, as the person the token names, for a window
// of the size the page says it has: public/first-screen.js puts it in place, marked inert and busy,
// and the app takes its place as soon as it has drawn the board (features/board/firstScreen.ts).
//
// Nothing here runs in a browser: the board is read, never written; there is no connection, no
// presence and no local copy, and the components' effects do not run.
import { renderToString } from 'react-dom/server';
import { Awareness } from 'y-protocols/awareness';
import { readFacilitation } from '../../../shared/facilitation';
import type { VoterId } from '../../../shared/ids';
import type { FirstScreenInput } from '../../../shared/firstScreen';
import { canWrite } from '../../../shared/protocol';
import { BoardView } from '../features/board/BoardView';
import { BoardProvider, type BoardScope } from '../sync/BoardContext';
import type { BoardConnection, ConnectionStatus } from '../sync/connection';
import { unwatchBoard } from '../sync/useBoardValue';
import { LOCAL_WRITES } from '../sync/writeContext';
import { FirstDrawingContext } from '../ui/firstDrawing';
import { withDisplayLocale } from '../services/locale';

const NEVER = new Promise<never>(() => undefined);
/** What the page shows while its connection opens. */
const CONNECTING: ConnectionStatus = { state: 'connecting', unsent: 0, keptOnDevice: false };

/** The board as the page draws it once synced, as HTML (the inside of the page's board frame):
 * shared/firstScreen.ts's FirstScreenRenderer. */
export function renderBoardFirstScreen(input: FirstScreenInput): string {
  const { doc, facilitation, role, person } = input;
  const awareness = new Awareness(doc);
  // The parts of a connection that drawing reads; no component calls the others while rendering.
  const connection = {
    boardId: input.boardId,
    doc,
    facilitation,
    awareness,
    undoManager: null,
    drafts: null,
    whenSynced: NEVER,
    whenLoadedLocally: NEVER,
    whenReadyToShow: NEVER,
    subscribeStatus: () => () => undefined,
    getStatus: () => CONNECTING,
  } as unknown as BoardConnection;
  const closed = readFacilitation(facilitation).phase === 'closed';
  const scope: BoardScope = {
    connection,
    doc,
    facilitation,
    ctx: LOCAL_WRITES,
    role,
    canEdit: canWrite(role) && !closed,
    closed,
    isFacilitator: role === 'facilitator',
    voterId: (person?.id ?? '') as VoterId,
    ballotId: '' as VoterId,
    displayName: person?.name ?? '',
    token: '',
  };
  try {
    return withDisplayLocale(input.locale, input.timeZone, () =>
      renderToString(
        <FirstDrawingContext.Provider value={{ ...input.viewport, timelineView: input.timelineView }}>
          <BoardProvider value={scope}>
            <BoardView openShareInitially={false} displayName={scope.displayName} onRename={() => undefined} />
          </BoardProvider>
        </FirstDrawingContext.Provider>,
      ),
    );
  } finally {
    // The readers' change counters watch the documents; the server's rooms outlive this drawing.
    unwatchBoard(doc);
    awareness.destroy();
  }
}
