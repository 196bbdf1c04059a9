// The app's React side: styles, then the app (and, in a production build, the offline shell).
// Loaded by the entry (main.tsx) once it has started what the page needs from the network.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles/tokens.css';
import '../styles/base.css';
import { App } from './App';
// After the app's own styles (imported through App), so the screen-size rules come last.
import '../styles/screens.css';
import { registerOfflineShell } from '../services/offlineShell';
import { markBoot } from '../services/bootMarks';

markBoot('app-loaded');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

if (import.meta.env.PROD) registerOfflineShell();
