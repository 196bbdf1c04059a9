// Entry point of the workspace's pages (library, follow-ups, themes, metrics, trackers), which the
// server answers with workspace.html: none of the board's code is loaded or preloaded. Kept small
// so that it runs as soon as it arrives: it applies the saved theme, asks for what the page shows first
// (features/library/firstView.ts) and loads the pages (workspaceStart.tsx), whose code is fetched
// alongside (workspace.html preloads it, vite.config.ts) and compiled while the answers come.
import './workspaceTheme';
import { firstReads } from '../features/library/firstView';
import { markBoot } from '../services/bootMarks';
import { currentRoute } from '../services/router';
import { signInStatus } from '../services/signIn';
import { startEarly } from '../services/workspace';

markBoot('entry');
startEarly(firstReads(currentRoute()));
void signInStatus();
void import('./workspaceStart');
