// The workspace pages' React side: styles, then the pages. Loaded by workspaceEntry.ts. Unlike the
// board's app it does not register the offline shell (services/offlineShell.ts), whose install
// fetches every file of the board's app: the first board opened does that.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles/tokens.css';
import '../styles/base.css';
import { WorkspaceApp } from './WorkspaceApp';
// After the pages' own styles, so the screen-size rules come last (as in start.tsx).
import '../styles/workspace-screens.css';
import { markBoot } from '../services/bootMarks';

markBoot('app-loaded');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkspaceApp />
  </StrictMode>,
);
