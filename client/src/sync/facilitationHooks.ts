// React's window onto the facilitation document: the phase, the timer, vote settings and reveal,
// whether authors show, the ground rules. One cached snapshot per document, re-read only after a
// transaction touched it; components pick what they need with a selector.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import {
  readFacilitation,
  subscribeFacilitation,
  type FacilitationSnapshot,
  type Phase,
} from '../../../shared/facilitation';
import { useBoard } from './BoardContext';
import { serverClock } from '../services/serverClock';
import { replaceEqualDeep } from './useBoardValue';

interface FacilitationStore {
  subscribe(onChange: () => void): () => void;
  getSnapshot(): FacilitationSnapshot;
}

const stores = new WeakMap<Y.Doc, FacilitationStore>();

/** The shared store of one facilitation document (created on first use, kept with the doc). */
export function facilitationStore(doc: Y.Doc): FacilitationStore {
  let store = stores.get(doc);
  if (store) return store;
  let value = readFacilitation(doc);
  let stale = false;
  const listeners = new Set<() => void>();
  subscribeFacilitation(doc, () => {
    stale = true;
    for (const l of [...listeners]) l();
  });
  store = {
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    getSnapshot() {
      if (stale) {
        value = replaceEqualDeep(value, readFacilitation(doc));
        stale = false;
      }
      return value;
    },
  };
  stores.set(doc, store);
  return store;
}

/** The facilitation state of a facilitation document (outside a board's context). */
export function useFacilitationOf(doc: Y.Doc): FacilitationSnapshot {
  const store = facilitationStore(doc);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

/** The open board's facilitation state. */
export function useFacilitation(): FacilitationSnapshot {
  return useFacilitationOf(useBoard().facilitation);
}

/** The phase the open board is in. */
export function usePhase(): Phase {
  return useFacilitation().phase;
}

/**
 * The server's clock, re-read every `everyMs` while mounted (for countdowns). Returns ms since the
 * epoch on the server's clock as this browser estimates it (serverClock.ts).
 */
export function useServerNow(everyMs = 250): number {
  const store = useMemo(() => {
    let now = serverClock.now();
    return {
      subscribe(onChange: () => void) {
        const release = serverClock.use();
        const timer = setInterval(() => {
          now = serverClock.now();
          onChange();
        }, everyMs);
        const unsubscribe = serverClock.subscribe(() => {
          now = serverClock.now();
          onChange();
        });
        return () => {
          clearInterval(timer);
          unsubscribe();
          release();
        };
      },
      getSnapshot: () => now,
    };
  }, [everyMs]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

/** Keeps the server clock measured while a board is open. */
export function useServerClock(): void {
  useEffect(() => serverClock.use(), []);
}

/** The name to put on what this person writes now: their display name while the board shows
 * authors, otherwise nothing (anonymous, the default). */
export function useAuthorName(): string | undefined {
  const { displayName } = useBoard();
  const show = useFacilitation().showAuthors;
  return show && displayName.trim() !== '' ? displayName : undefined;
}
