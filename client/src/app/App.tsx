// The app shell: picks the page for the current address.
import { HomePage } from '../features/home/HomePage';
import { BoardPage } from '../features/board/BoardPage';
import { ToastHost } from '../ui/Toast';
import { useRoute, navigate } from './router';
import { Button } from '../ui/Button';
import '../features/home/home.css';

export function App() {
  const route = useRoute();
  return (
    <>
      {route.page === 'home' && <HomePage />}
      {route.page === 'board' && <BoardPage key={`${route.boardId}/${route.view}`} boardId={route.boardId} view={route.view} />}
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
    </>
  );
}
