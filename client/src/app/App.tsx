// The composition root: the only module that knows every page. It picks the page for the current
// address (services/router) and mounts what every page shares (toasts). Nothing imports app/:
// features sit below it, and below them sync/, ui/ and services/ (see README, "Architecture").
import { lazy, Suspense } from 'react';
import { HomePage } from '../features/home/HomePage';
import { BoardPage } from '../features/board/BoardPage';
import { Announcer } from '../ui/Announcer';
import { ToastHost } from '../ui/Toast';
import { useRoute, navigate } from '../services/router';
import { Button } from '../ui/Button';
import '../features/home/home.css';

// The workspace's pages load when first visited: a board, the page most people open, does not
// wait for their code (docs/benchmarks.md, board "first render").
const LibraryPage = lazy(() => import('../features/library/LibraryPage').then((m) => ({ default: m.LibraryPage })));
const FollowUpsPage = lazy(() => import('../features/library/FollowUpsPage').then((m) => ({ default: m.FollowUpsPage })));
const ThemesPage = lazy(() => import('../features/library/ThemesPage').then((m) => ({ default: m.ThemesPage })));
const MetricsPage = lazy(() => import('../features/library/MetricsPage').then((m) => ({ default: m.MetricsPage })));
const TrackersPage = lazy(() => import('../features/trackers/TrackersPage').then((m) => ({ default: m.TrackersPage })));

/** While a workspace page's code loads. */
function PageLoading() {
  return (
    <main className="centered-message" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading…
      </span>
    </main>
  );
}

export function App() {
  const route = useRoute();
  return (
    <>
      {route.page === 'home' && <HomePage />}
      <Suspense fallback={<PageLoading />}>
        {route.page === 'library' && <LibraryPage />}
        {route.page === 'follow-ups' && <FollowUpsPage />}
        {route.page === 'trackers' && <TrackersPage />}
        {route.page === 'themes' && <ThemesPage />}
        {route.page === 'metrics' && <MetricsPage />}
      </Suspense>
      {route.page === 'board' && (
        <BoardPage key={`${route.boardId}/${route.view}`} boardId={route.boardId} link={route.link} view={route.view} />
      )}
      {route.page === 'not-found' && (
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
