// Applies the saved theme before the workspace pages' first paint (workspace.html's entry is
// render-blocking), as public/theme-boot.js does for the board's index.html: here without a
// script file to revalidate before the entry may run.
import { loadTheme } from '../services/storage';

const saved = loadTheme();
if (saved !== 'system') document.documentElement.dataset.theme = saved;
