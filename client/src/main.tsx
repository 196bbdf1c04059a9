// Entry point, kept small so that it runs as soon as it arrives: it starts what the page needs
// from the network (a board link: who the token makes us, joining, the board's connection;
// features/board/boardOpening.ts) and loads the app (app/start.tsx), whose code is fetched
// alongside (index.html preloads it, vite.config.ts) and compiled meanwhile.
import { startOpeningEarly } from './features/board/boardOpening';
import { markBoot } from './services/bootMarks';
import { currentRoute } from './services/router';

markBoot('entry');
const route = currentRoute();
if (route.page === 'board') startOpeningEarly(route.boardId, route.link.token);
void import('./app/start');
