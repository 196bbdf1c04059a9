// One polite live region for the page, there from the start: screen readers announce changes to a
// live region that already exists, not reliably one that appears with its text (as a toast does).
// Used when something moves out from under the keyboard (a factor moved with "Move to…").
import { useSyncExternalStore } from 'react';

let current = { text: '', serial: 0 };
const listeners = new Set<() => void>();

/** Says `text` to screen readers (the same text twice in a row is said twice). */
export function announce(text: string): void {
  current = { text, serial: current.serial + 1 };
  listeners.forEach((l) => l());
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const getSnapshot = () => current;

/** Renders the page's live region; mount once. */
export function Announcer() {
  const { text, serial } = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  // A changing key would remove the region; a trailing no-break space on odd turns makes the same
  // words a change of text instead.
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-announcer="">
      {text ? `${text}${serial % 2 ? '' : '\u00a0'}` : ''}
    </div>
  );
}
