// Defensive field readers, for readers facing a document any peer may have written: a field of
// the wrong type reads as its default, never as a crash. And the orders records are read in.
import * as Y from 'yjs';
import type { Rec } from './roots';
import { LIMITS } from './schema';

export const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
export const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
/** A Y.Text's content (or a plain string's, written by an older or foreign tool). */
export const text = (v: unknown): string => (v instanceof Y.Text ? v.toString() : typeof v === 'string' ? v : '');
export const oneOf = <T extends string>(v: unknown, options: readonly T[], fallback: T): T =>
  typeof v === 'string' && (options as readonly string[]).includes(v) ? (v as T) : fallback;
export const isRec = (v: unknown): v is Rec => v instanceof Y.Map;
/** A record's author, or '' for an anonymous one. */
export const authorOf = (r: Rec): string => str(r.get('author')).slice(0, LIMITS.nameLength);

/** Display order within a column or cluster (ties: creation order, then id). */
export const byOrder = <T extends { order: number; createdAt: number; id: string }>(a: T, b: T) =>
  a.order - b.order || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
/** Creation order (ties: id, so every copy agrees). */
export const byCreated = <T extends { createdAt: number; id: string }>(a: T, b: T) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
