// "Since you last looked": one visit per opened board. The visit begins the first time a section
// asks (so React's development double-start of the connection does not count as a visit), reads
// when this browser last looked, and from then on keeps that time current. Each section (timeline,
// factors) can be marked as seen for the rest of the visit.
import { useEffect, useSyncExternalStore } from 'react';
import type { BoardConnection } from '../../sync/connection';
import { useBoard } from '../../sync/BoardContext';
import { loadLastLooked, saveLastLooked, type NewWindow } from './visits';

/** A part of the board with its own "new since you last looked" line. */
export type PreworkSection = 'timeline' | 'factors';

/** How often the "last looked" time is brought up to date while the board is open. */
const KEEP_CURRENT_MS = 30_000;

interface Visit {
  /** When this browser last looked before this visit; null on a first visit. */
  previous: number | null;
  startedAt: number;
  listeners: Set<() => void>;
  /** The window per section, kept as one object until it changes (stable snapshots). */
  windows: Record<PreworkSection, NewWindow | null>;
}

const visits = new WeakMap<BoardConnection, Visit>();

function visitOf(connection: BoardConnection): Visit {
  let visit = visits.get(connection);
  if (visit) return visit;
  const previous = loadLastLooked(connection.boardId);
  const startedAt = Date.now();
  saveLastLooked(connection.boardId, startedAt);
  const window = previous !== null && previous < startedAt ? { from: previous, until: startedAt } : null;
  visit = { previous, startedAt, listeners: new Set(), windows: { timeline: window, factors: window } };
  visits.set(connection, visit);
  return visit;
}

/** The window in which a section's notes count as new for this person (null: none are). */
export function useNewWindow(section: PreworkSection): NewWindow | null {
  const { connection } = useBoard();
  const visit = visitOf(connection);
  return useSyncExternalStore(
    (onChange) => {
      visit.listeners.add(onChange);
      return () => visit.listeners.delete(onChange);
    },
    () => visit.windows[section],
    () => visit.windows[section],
  );
}

/** Marks a section's new notes as seen for the rest of this visit. */
export function useMarkSeen(section: PreworkSection): () => void {
  const { connection } = useBoard();
  return () => {
    const visit = visitOf(connection);
    visit.windows = { ...visit.windows, [section]: null };
    saveLastLooked(connection.boardId, Date.now());
    for (const l of [...visit.listeners]) l();
  };
}

/** When this browser last looked before this visit. */
export function usePreviousLook(): number | null {
  return visitOf(useBoard().connection).previous;
}

/** Keeps "last looked" current while the board is open: now and then, and when the page is left. */
export function useKeepLookCurrent(): void {
  const { connection } = useBoard();
  useEffect(() => {
    visitOf(connection);
    const save = () => saveLastLooked(connection.boardId, Date.now());
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') save();
    }, KEEP_CURRENT_MS);
    const onHide = () => {
      if (document.visibilityState === 'hidden') save();
    };
    window.addEventListener('pagehide', save);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', save);
      document.removeEventListener('visibilitychange', onHide);
      save();
    };
  }, [connection]);
}
