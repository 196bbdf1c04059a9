// What both workspace pages share: the index's version, polled so that a page refreshes when any
// board changes (a status set on a board shows on the follow-ups page within seconds), and loading
// a page of results with the failure kept as words for the person.
import { useEffect, useState } from 'react';
import { ApiFailure } from '../../services/api';
import { fetchLibraryVersion } from '../../services/workspace';

/** How often the pages ask whether the index changed. */
const POLL_MS = 2_000;

/** The index's version (0 until known); changes when any board was read again. */
export function useLibraryVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      if (document.visibilityState === 'visible') {
        try {
          const { version: v } = await fetchLibraryVersion();
          if (!stopped) setVersion(v);
        } catch {
          /* the page shows its own load errors */
        }
      }
    };
    const timer = setInterval(() => void tick(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return version;
}

export type Load<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; message: string; code: string };

/** Runs `load` whenever `key` changes (or `version` does), keeping the last answer while reloading. */
export function useLoad<T>(load: () => Promise<T>, key: string, version: number): Load<T> {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  useEffect(() => {
    let cancelled = false;
    load().then(
      (data) => !cancelled && setResult({ state: 'ready', data }),
      (error: unknown) =>
        !cancelled &&
        setResult({
          state: 'failed',
          message: error instanceof Error ? error.message : 'Something went wrong.',
          code: error instanceof ApiFailure ? error.code : 'ERROR',
        }),
    );
    return () => {
      cancelled = true;
    };
    // `load` is rebuilt every render; `key` says when what it asks for changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, version]);
  return result;
}
