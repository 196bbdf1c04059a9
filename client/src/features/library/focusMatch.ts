// Brings the record a link points at (a search result: `#event=<id>`, `#factor=`, `#action=`,
// `#learning=`, `#summary`) into view on the board once it is rendered, and highlights it for a
// few seconds so the eye finds it.
import { useEffect } from 'react';
import type { BoardFocus } from '../../services/router';
import './library.css';

/** How long to look for the record (the board may still be syncing) and to keep it highlighted. */
const FIND_FOR_MS = 8_000;
const HIGHLIGHT_MS = 6_000;

export function useFocusMatch(focus: BoardFocus | null): void {
  useEffect(() => {
    if (!focus) return;
    const selector = focus.kind === 'summary' ? '#summary' : `[data-${focus.kind}-id="${CSS.escape(focus.id)}"]`;
    const started = performance.now();
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = () => {
      const el = document.querySelector<HTMLElement>(selector);
      if (el) {
        el.scrollIntoView({ block: 'center' });
        el.classList.add('focus-match');
        el.setAttribute('data-focus-match', '');
        timer = setTimeout(() => {
          el.classList.remove('focus-match');
          el.removeAttribute('data-focus-match');
        }, HIGHLIGHT_MS);
        return;
      }
      if (performance.now() - started < FIND_FOR_MS) frame = requestAnimationFrame(look);
    };
    frame = requestAnimationFrame(look);
    return () => {
      cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
    };
  }, [focus]);
}
