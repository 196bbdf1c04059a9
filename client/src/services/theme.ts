// Light, dark, or whatever the system prefers. The choice is kept in this browser and applied as
// `data-theme` on <html> (public/theme-boot.js applies it before the first paint).
import { useSyncExternalStore } from 'react';
import { loadTheme, saveTheme } from './storage';

export type ThemeChoice = 'light' | 'dark' | 'system';

const listeners = new Set<() => void>();
let choice: ThemeChoice = loadTheme();
let media: MediaQueryList | null = null;

/** The system's preference, watched from the first time it is asked (never on the server, which
 * draws a board's first screen with these components: client/src/app/firstScreen.tsx). */
function systemPrefersDark(): boolean {
  if (!media) {
    media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', () => listeners.forEach((l) => l()));
  }
  return media.matches;
}

/** Switches to `next`, keeps it in this browser and applies it to the page. */
export function chooseTheme(next: ThemeChoice): void {
  choice = next;
  saveTheme(next);
  if (next === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = next;
  listeners.forEach((l) => l());
}

/** The theme in effect now. */
function effective(): 'light' | 'dark' {
  return choice === 'system' ? (systemPrefersDark() ? 'dark' : 'light') : choice;
}

/** The theme in effect (re-renders when the choice or the system's preference changes). */
export function useEffectiveTheme(): 'light' | 'dark' {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    effective,
    // The server's first screen: the theme is the page's (theme-boot.js), the icon follows once live.
    () => (choice === 'dark' ? 'dark' : 'light'),
  );
}
