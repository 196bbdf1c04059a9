// Light, dark, or whatever the system prefers. The choice is kept in this browser and applied as
// `data-theme` on <html> (public/theme-boot.js applies it before the first paint).
import { useSyncExternalStore } from 'react';
import { IconButton } from '../ui/Button';
import { MoonIcon, SunIcon } from '../ui/icons';
import { loadTheme, saveTheme } from './storage';

type ThemeChoice = 'light' | 'dark' | 'system';

const listeners = new Set<() => void>();
let choice: ThemeChoice = loadTheme();
const media = window.matchMedia('(prefers-color-scheme: dark)');
media.addEventListener('change', () => listeners.forEach((l) => l()));

function apply(next: ThemeChoice) {
  choice = next;
  saveTheme(next);
  if (next === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = next;
  listeners.forEach((l) => l());
}

/** The theme in effect now. */
function effective(): 'light' | 'dark' {
  return choice === 'system' ? (media.matches ? 'dark' : 'light') : choice;
}

export function useEffectiveTheme(): 'light' | 'dark' {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    effective,
  );
}

/** Switches between light and dark (the first switch leaves "follow the system"). */
export function ThemeToggle() {
  const theme = useEffectiveTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <IconButton label={`Switch to ${next} theme`} onClick={() => apply(next)}>
      {theme === 'dark' ? <SunIcon /> : <MoonIcon />}
    </IconButton>
  );
}
