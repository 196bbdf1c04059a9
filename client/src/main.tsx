// Entry point: styles, then the app (and, in a production build, the offline shell).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/tokens.css';
import './styles/base.css';
import { App } from './app/App';
// After the app's own styles (imported through App), so the screen-size rules come last.
import './styles/screens.css';
import { registerOfflineShell } from './services/offlineShell';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

if (import.meta.env.PROD) registerOfflineShell();
