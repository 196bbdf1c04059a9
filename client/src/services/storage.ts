// What this browser remembers between visits, in localStorage: the person's display name and
// voter id, and the boards they have opened (with the token that opens each). Every read
// tolerates missing or mangled entries; storage that refuses writes (private mode) is not fatal.
import { isBoardId, newVoterId, type BoardId, type VoterId } from '../../../shared/ids';
import { ROLES, type Role } from '../../../shared/protocol';
import { deleteLocalCopy } from './localCopy';

const KEYS = {
  name: 'debrief:name',
  voterId: 'debrief:voterId',
  boards: 'debrief:boards',
  theme: 'debrief:theme',
  timelineView: 'debrief:timelineView',
} as const;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* storage full or disabled: the app still works for this visit */
  }
}

export const storageKeys = KEYS;

/** The name others see; empty until the person has given one. */
export function loadDisplayName(): string {
  return (read(KEYS.name) ?? '').trim();
}

export function saveDisplayName(name: string): void {
  write(KEYS.name, name.trim());
}

/** How this person likes the timeline drawn: a horizontal lane, or a list read top to bottom
 * (easier past ten or so events). Theirs alone: never in the shared document. */
export type TimelineView = 'lane' | 'list';

export function loadTimelineView(): TimelineView {
  return read(KEYS.timelineView) === 'list' ? 'list' : 'lane';
}

export function saveTimelineView(view: TimelineView): void {
  write(KEYS.timelineView, view);
}

/** This browser's stable voter id, created on first use. */
export function loadVoterId(): VoterId {
  const saved = read(KEYS.voterId);
  if (saved && /^[A-Za-z0-9_-]{8,64}$/.test(saved)) return saved as VoterId;
  const fresh = newVoterId();
  write(KEYS.voterId, fresh);
  return fresh;
}

/** This browser's ballot id on one board: random, kept per board, so that dots cannot be matched
 * to the participant list (which is keyed by the voter id). */
export function loadBallotId(boardId: string): VoterId {
  const key = `debrief:ballot:${boardId}`;
  const saved = read(key);
  if (saved && /^[A-Za-z0-9_-]{8,64}$/.test(saved)) return saved as VoterId;
  const fresh = newVoterId();
  write(key, fresh);
  return fresh;
}

/** A board this browser has opened. */
export interface KnownBoard {
  id: BoardId;
  token: string;
  role: Role;
  title: string;
  incidentDate: string;
  lastOpened: number;
  /** Share tokens, when this browser created the board (facilitator). */
  links?: { participant: string; viewer: string };
}

export function loadKnownBoards(): KnownBoard[] {
  try {
    const raw: unknown = JSON.parse(read(KEYS.boards) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw
      .filter(
        (b): b is KnownBoard =>
          typeof b === 'object' &&
          b !== null &&
          isBoardId(b.id) &&
          typeof b.token === 'string' &&
          ROLES.includes(b.role) &&
          typeof b.title === 'string',
      )
      .map((b) => ({ ...b, incidentDate: typeof b.incidentDate === 'string' ? b.incidentDate : '', lastOpened: Number(b.lastOpened) || 0 }))
      .sort((a, b) => b.lastOpened - a.lastOpened);
  } catch {
    return [];
  }
}

export function findKnownBoard(id: BoardId): KnownBoard | undefined {
  return loadKnownBoards().find((b) => b.id === id);
}

/** Adds or updates a board. A stronger role's token is never replaced by a weaker one's, so
 * opening the view-only link on the facilitator's own browser does not lose their access. */
export function rememberBoard(entry: Partial<KnownBoard> & Pick<KnownBoard, 'id'>): KnownBoard {
  const boards = loadKnownBoards();
  const existing = boards.find((b) => b.id === entry.id);
  const rank = (r: Role) => ROLES.length - ROLES.indexOf(r);
  let merged: KnownBoard = {
    token: '',
    role: 'viewer',
    title: '',
    incidentDate: '',
    ...existing,
    ...stripUndefined(entry),
    id: entry.id,
    lastOpened: Date.now(),
  };
  if (existing && entry.role && entry.token && rank(entry.role) < rank(existing.role)) {
    merged = { ...merged, role: existing.role, token: existing.token };
  }
  const next = [merged, ...boards.filter((b) => b.id !== entry.id)].slice(0, 30);
  write(KEYS.boards, JSON.stringify(next));
  return merged;
}

export function forgetBoard(id: BoardId): void {
  write(KEYS.boards, JSON.stringify(loadKnownBoards().filter((b) => b.id !== id)));
}

/** sessionStorage key of the token this tab opened a board with. */
export const tabTokenKey = (id: string) => `debrief:tab-token:${id}`;

/**
 * Removes all this browser keeps of a deleted board: its place in the list, this tab's token and
 * its saved copy (IndexedDB), so a deleted board's content does not outlive it here.
 */
export function forgetDeletedBoard(id: BoardId): Promise<void> {
  forgetBoard(id);
  try {
    sessionStorage.removeItem(tabTokenKey(id));
  } catch {
    /* ignore */
  }
  return deleteLocalCopy(id);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function loadTheme(): 'light' | 'dark' | 'system' {
  const t = read(KEYS.theme);
  return t === 'light' || t === 'dark' ? t : 'system';
}

export function saveTheme(theme: 'light' | 'dark' | 'system'): void {
  if (theme === 'system') {
    try {
      localStorage.removeItem(KEYS.theme);
    } catch {
      /* ignore */
    }
  } else write(KEYS.theme, theme);
}
