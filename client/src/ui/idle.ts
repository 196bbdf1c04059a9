// Work a page can do once it is drawn: a hook that turns true when the browser is first idle
// after the component mounted (requestIdleCallback; a timer where there is none), so a costly
// extra (the coach's count of the whole board) never holds up the first screen.
import { useEffect, useState } from 'react';

/** The longest the idle wait lasts on a page that never goes idle. */
const IDLE_TIMEOUT_MS = 2_000;

/** Runs `run` once the browser is idle (at most IDLE_TIMEOUT_MS later); returns a cancel. */
export function whenIdle(run: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 200);
  return () => clearTimeout(id);
}

/** False on the first render; true once the browser has been idle after the component mounted. */
export function useIdleAfterMount(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => (idle ? undefined : whenIdle(() => setIdle(true))), [idle]);
  return idle;
}
