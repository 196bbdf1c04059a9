// The composition root: the only module that knows every page. It picks the page for the current
// address (services/router) and mounts what every page shares (toasts). Nothing imports app/:
// features sit below it, and below them sync/, ui/ and services/ (see README, "Architecture").
import { HomePage } from '../features/home/HomePage';
import { BoardPage } from '../features/board/BoardPage';
import { Announcer } from '../ui/Announcer';
import { ToastHost } from '../ui/Toast';
import { isWorkspacePage, keepWithin, useRoute, navigate } from '../services/router';
import { Button } from '../ui/Button';
import '../features/home/home.css';

// The workspace's pages are an app of their own (workspace.html, app/WorkspaceApp.tsx): a link to
// one loads it as a new document, and this app carries none of their code.
keepWithin((route) => !isWorkspacePage(route));

export function App() {
  const route = useRoute();
  return (
    <>
      {route.page === 'home' && <HomePage />}
      {route.page === 'board' && (
        <BoardPage key={`${route.boardId}/${route.view}`} boardId={route.boardId} link={route.link} view={route.view} />
      )}
      {(route.page === 'not-found' || isWorkspacePage(route)) && (
        <main className="centered-message">
          <h1>Nothing here</h1>
          <p>This address does not lead to a board. Board links look like /b/… followed by a long code.</p>
          <Button variant="primary" onClick={() => navigate('/')}>
            Go to Debrief
          </Button>
        </main>
      )}
      <ToastHost />
      <Announcer />
    </>
  );
}
