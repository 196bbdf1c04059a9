// The workspace pages' React side: styles, then the pages (and, in a production build, the offline
// shell, which keeps the board's files for boards opened later). Loaded by workspaceEntry.ts.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles/tokens.css';
import '../styles/base.css';
import { WorkspaceApp } from './WorkspaceApp';
// After the pages' own styles, so the screen-size rules come last (as in start.tsx).
import '../styles/workspace-screens.css';
import { registerOfflineShell } from '../services/offlineShell';
import { markBoot } from '../services/bootMarks';

markBoot('app-loaded');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkspaceApp />
  </StrictMode>,
);

if (import.meta.env.PROD) registerOfflineShell();
