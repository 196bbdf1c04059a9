// The server's first screen of a board (public/first-screen.js, docs/first-screen.md) stays until
// the app has drawn the board, or what it shows instead (a refusal, the name question), and goes in
// the same frame: a layout effect runs before the browser paints, so no frame shows both or neither.
import { useLayoutEffect } from 'react';

/** Takes the server's first screen away once `drawn` (and keeps a late answer from showing it). */
export function useReplaceFirstScreen(drawn: boolean): void {
  useLayoutEffect(() => {
    if (!drawn) return;
    const slot = document.getElementById('first-screen');
    if (!slot) return;
    const scrolled = window.scrollY;
    slot.remove();
    delete document.documentElement.dataset.firstScreen;
    // The board beneath had the same layout: where the person had scrolled the first screen, stay.
    if (scrolled > 0) window.scrollTo(0, scrolled);
  }, [drawn]);
}
