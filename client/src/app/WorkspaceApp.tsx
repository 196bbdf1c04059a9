// The workspace pages' composition root (workspace.html): the library, follow-ups, themes, metrics
// and trackers pages, and what they share (toasts). Any other page (home, a board) is left to the
// board's app: the router loads it as a new document (services/router.ts, keepWithin).
import { FollowUpsPage } from '../features/library/FollowUpsPage';
import { LibraryPage } from '../features/library/LibraryPage';
import { MetricsPage } from '../features/library/MetricsPage';
import { ThemesPage } from '../features/library/ThemesPage';
import { TrackersPage } from '../features/trackers/TrackersPage';
import { isWorkspacePage, keepWithin, useRoute } from '../services/router';
import { Announcer } from '../ui/Announcer';
import { ToastHost } from '../ui/Toast';
import '../features/home/home.css';

keepWithin(isWorkspacePage);

export function WorkspaceApp() {
  const route = useRoute();
  return (
    <>
      {route.page === 'library' && <LibraryPage />}
      {route.page === 'follow-ups' && <FollowUpsPage />}
      {route.page === 'themes' && <ThemesPage />}
      {route.page === 'metrics' && <MetricsPage />}
      {route.page === 'trackers' && <TrackersPage />}
      <ToastHost />
      <Announcer />
    </>
  );
}
