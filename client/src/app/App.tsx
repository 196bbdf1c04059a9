// The composition root: the only module that knows every page. It picks the page for the current
// address (services/router) and mounts what every page shares (toasts). Nothing imports app/:
// features sit below it, and below them sync/, ui/ and services/ (see README, "Architecture").
import { HomePage } from '../features/home/HomePage';
import { FollowUpsPage } from '../features/library/FollowUpsPage';
import { LibraryPage } from '../features/library/LibraryPage';
import { MetricsPage } from '../features/library/MetricsPage';
import { ThemesPage } from '../features/library/ThemesPage';
import { BoardPage } from '../features/board/BoardPage';
import { TrackersPage } from '../features/trackers/TrackersPage';
import { Announcer } from '../ui/Announcer';
import { ToastHost } from '../ui/Toast';
import { useRoute, navigate } from '../services/router';
import { Button } from '../ui/Button';
import '../features/home/home.css';

export function App() {
  const route = useRoute();
  return (
    <>
      {route.page === 'home' && <HomePage />}
      {route.page === 'library' && <LibraryPage />}
      {route.page === 'follow-ups' && <FollowUpsPage />}
      {route.page === 'trackers' && <TrackersPage />}
      {route.page === 'themes' && <ThemesPage />}
      {route.page === 'metrics' && <MetricsPage />}
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
