// React's window onto the board document. Components never read Y types: they ask for a plain
// value computed by one of shared/board's readers, through `useBoardValue`, which
//  - re-reads only after a transaction touched one of the roots the reader declares it reads (or,
//    for a reader that watches a slice of a root, that slice: `events.times` is not touched by a
//    keystroke in a note),
//  - keeps the previous snapshot (and every unchanged record inside it) when the new one is equal,
//    so a memoised note re-renders only when its own record changed.
import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { ROOT, SLICE, subscribeRoots, type RootsReader, type WatchName } from '../../../shared/board';

const WATCH_NAMES = [...Object.values(ROOT), ...Object.values(SLICE)] as WatchName[];

/** Per-document change counters, one per root and slice, kept from the moment a board is opened (so a
 * change that lands between a render and its subscription is never missed), and the latest
 * result of each reader, so several components reading the same thing read it once. */
interface RootClock {
  versions: Record<WatchName, number>;
  listeners: Map<WatchName, Set<() => void>>;
  reads: WeakMap<(doc: Y.Doc) => unknown, { stamp: string; value: unknown }>;
  stop: () => void;
}

const clocks = new WeakMap<Y.Doc, RootClock>();

function clockOf(doc: Y.Doc): RootClock {
  let clock = clocks.get(doc);
  if (clock) return clock;
  const versions = Object.fromEntries(WATCH_NAMES.map((n) => [n, 0])) as Record<WatchName, number>;
  const listeners = new Map<WatchName, Set<() => void>>(WATCH_NAMES.map((n) => [n, new Set()]));
  const stops = WATCH_NAMES.map((name) =>
    subscribeRoots(doc, [name], () => {
      versions[name]++;
      for (const l of [...listeners.get(name)!]) l();
    }),
  );
  clock = { versions, listeners, reads: new WeakMap(), stop: () => stops.forEach((s) => s()) };
  clocks.set(doc, clock);
  return clock;
}

/** Starts counting changes to a freshly opened board. */
export function watchBoard(doc: Y.Doc): void {
  clockOf(doc);
}

/** Stops counting (when the board is closed). */
export function unwatchBoard(doc: Y.Doc): void {
  clocks.get(doc)?.stop();
  clocks.delete(doc);
}

/** `read(doc)`, computed once per change of `roots` however many components ask. */
function sharedRead<T>(clock: RootClock, doc: Y.Doc, roots: readonly WatchName[], read: (doc: Y.Doc) => T): T {
  const stamp = roots.map((r) => `${r}:${clock.versions[r]}`).join(',');
  const hit = clock.reads.get(read);
  if (hit && hit.stamp === stamp) return hit.value as T;
  const value = read(doc);
  clock.reads.set(read, { stamp, value });
  return value;
}

/** A store over one value a reader derives from a board (with `args`, if it takes any). */
export function boardStore<T, A extends unknown[]>(doc: Y.Doc, reader: RootsReader<T, A>, ...args: A) {
  const clock = clockOf(doc);
  const roots = reader.watch ?? reader.roots;
  // A reader without arguments is computed once per change for everyone who asks; one with
  // arguments (a voter's id, a phase) once per store.
  const read = args.length === 0 ? (reader.read as unknown as (doc: Y.Doc) => T) : (d: Y.Doc) => reader.read(d, ...args);
  let stamp = '';
  let value: T;
  let has = false;
  return {
    subscribe(onChange: () => void): () => void {
      for (const r of roots) clock.listeners.get(r)!.add(onChange);
      return () => {
        for (const r of roots) clock.listeners.get(r)!.delete(onChange);
      };
    },
    getSnapshot(): T {
      const now = roots.map((r) => clock.versions[r]).join(',');
      if (!has || now !== stamp) {
        const next = sharedRead(clock, doc, roots, read);
        value = has ? replaceEqualDeep(value, next) : next;
        has = true;
        stamp = now;
      }
      return value;
    },
  };
}

/**
 * Reads a plain value from the board with a reader (`{ roots, read }`, e.g. shared/board's
 * `readEvents`) and re-renders when it changes. The reader is called only after a change to one
 * of the roots (or slices) it watches, with `args` after the doc (a change of `args` reads again).
 */
export function useBoardValue<T, A extends unknown[]>(doc: Y.Doc, reader: RootsReader<T, A>, ...args: A): T {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the store depends on exactly these.
  const store = useMemo(() => boardStore(doc, reader, ...args), [doc, reader, ...args]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

const idOf = (v: unknown): string | undefined =>
  isPlainObject(v) && typeof v.id === 'string' ? v.id : typeof v === 'object' && v && 'targetId' in v ? String((v as { targetId: unknown }).targetId) : undefined;

/**
 * Returns `prev` where `next` is deeply equal to it, reusing equal parts: arrays of records are
 * matched by `id`, so adding one note leaves every other note's object untouched.
 */
export function replaceEqualDeep<T>(prev: T, next: T): T {
  if (Object.is(prev, next)) return prev;
  if (Array.isArray(prev) && Array.isArray(next)) {
    // Readers keep unchanged records (shared/board core/recordCache): most elements are the very
    // same objects, in the same places, and need no look-up.
    let byId: Map<string, unknown> | null = null;
    const previousOf = (n: unknown, i: number): unknown => {
      if (prev[i] === n) return n;
      const id = idOf(n);
      if (id === undefined) return prev[i];
      if (idOf(prev[i]) === id) return prev[i];
      if (!byId) {
        byId = new Map<string, unknown>();
        for (const p of prev) {
          const pid = idOf(p);
          if (pid !== undefined) byId.set(pid, p);
        }
      }
      return byId.has(id) ? byId.get(id) : prev[i];
    };
    let same = prev.length === next.length;
    const out = next.map((n, i) => {
      const p = previousOf(n, i);
      const r = p === undefined ? n : replaceEqualDeep(p, n);
      if (r !== prev[i]) same = false;
      return r;
    });
    return (same ? prev : out) as T;
  }
  if (prev instanceof Map && next instanceof Map) {
    let same = prev.size === next.size;
    const out = new Map();
    for (const [k, v] of next) {
      const had = prev.has(k);
      const r = had ? replaceEqualDeep(prev.get(k), v) : v;
      if (!had || r !== prev.get(k)) same = false;
      out.set(k, r);
    }
    return (same ? prev : out) as T;
  }
  if (isPlainObject(prev) && isPlainObject(next)) {
    const keys = Object.keys(next);
    let same = keys.length === Object.keys(prev).length;
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const r = k in prev ? replaceEqualDeep(prev[k], next[k]) : next[k];
      if (!(k in prev) || r !== prev[k]) same = false;
      out[k] = r;
    }
    return (same ? prev : out) as T;
  }
  return next;
}

/**
 * Like `useBoardValue`, but a change is read only once the board has stayed unchanged (in the
 * reader's roots) for `ms`: for a value worth having a moment late and costly to read on every
 * keystroke (the coach's count walks every text on the board). The first value is read at once.
 */
export function useSettledBoardValue<T>(doc: Y.Doc, reader: RootsReader<T>, ms: number): T {
  const store = useMemo(() => {
    const inner = boardStore(doc, reader);
    let value = inner.getSnapshot();
    return {
      subscribe(onChange: () => void): () => void {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const settle = () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            const next = inner.getSnapshot();
            if (next === value) return;
            value = next;
            onChange();
          }, ms);
        };
        const stop = inner.subscribe(settle);
        // A change between the first read and this subscription.
        if (inner.getSnapshot() !== value) settle();
        return () => {
          clearTimeout(timer);
          stop();
        };
      },
      getSnapshot: () => value,
    };
  }, [doc, reader, ms]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
