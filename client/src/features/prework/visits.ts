// When this browser last looked at each board, in localStorage: the baseline for "new since you
// last looked". Updated when a visit begins and kept current while the board is open, so what a
// person added themselves last time is not "new" to them next time. Storage that refuses is not
// fatal: without a baseline nothing is marked new.
import type { BoardId } from '../../../../shared/ids';

const keyOf = (boardId: BoardId) => `debrief:last-looked:${boardId}`;

/** When this browser last had the board open (ms since the epoch), or null for a first visit. */
export function loadLastLooked(boardId: BoardId): number | null {
  try {
    const raw = localStorage.getItem(keyOf(boardId));
    const at = raw === null ? NaN : Number(raw);
    return Number.isFinite(at) && at > 0 ? at : null;
  } catch {
    return null;
  }
}

export function saveLastLooked(boardId: BoardId, at: number): void {
  try {
    localStorage.setItem(keyOf(boardId), String(Math.round(at)));
  } catch {
    /* storage full or disabled: next time nothing is marked new */
  }
}

/** The window in which a note counts as new: written after the previous visit and before this one
 * began (so not what this person adds now). */
export interface NewWindow {
  from: number;
  until: number;
}

export const isInWindow = (createdAt: number, window: NewWindow | null): boolean =>
  window !== null && createdAt > window.from && createdAt < window.until;

/** "Tue 14:02" for a time this week, "3 Nov, 14:02" for an older one, in this browser's zone. */
export function formatLastLooked(at: number, now = Date.now()): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (now - at < 6 * 24 * 60 * 60 * 1000) return `${date.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
  const day = date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(now - at > 300 * 24 * 60 * 60 * 1000 ? { year: 'numeric' } : {}) });
  return `${day}, ${time}`;
}
