// Readers: each turns some roots of the board into plain data, and says which roots those are, so
// a subscriber re-reads exactly when one of them changes (client/src/sync/useBoardValue.ts).
// A reader's function is handed only the roots it declared, so reading another is a compile error
// (and undefined at run time): the declaration cannot drift from what the code reads. A reader
// built on others declares their roots by spreading them (`[ROOT.factors, ...readEvents.roots]`)
// and calls them with `.from(r)`, which the compiler accepts only if those roots were declared;
// `combineReaders` builds one from others' values with the union of their roots, automatically.
//
// A reader may also say it is woken by less than its whole roots (`watch`: a slice such as
// `events.times`, core/roots.ts): it must then read nothing outside that slice, or it would miss
// changes. Its roots still say what it may touch; its watch says what changes it.
import type * as Y from 'yjs';
import { pickRoots, rootOfWatch, type BoardRoots, type RootName, type WatchName } from './roots';

/** Anything with the `{ roots, read }` shape the client's hooks take. */
export interface RootsReader<T, A extends unknown[] = []> {
  /** Every root the value depends on: a change to any other root cannot change it. */
  readonly roots: readonly RootName[];
  /** What changes the value, if less than `roots` (each a root or a slice of one of them). */
  readonly watch?: readonly WatchName[];
  readonly read: (doc: Y.Doc, ...args: A) => T;
}

/** A reader of the board: call it with a doc (`readEvents(doc)`), or hand it to a hook. */
export interface BoardReader<T, A extends unknown[] = [], R extends RootName = RootName> extends RootsReader<T, A> {
  (doc: Y.Doc, ...args: A): T;
  readonly roots: readonly R[];
  readonly watch: readonly WatchName[];
  /** Reads from roots already picked: how one reader calls another inside its own function. */
  readonly from: (r: Pick<BoardRoots, R>, ...args: A) => T;
}

/** A reader that sees only the roots it names; woken by changes to them, or only to `watch`
 * (roots or slices of them) when given. */
export function defineReader<R extends RootName, T, A extends unknown[] = []>(
  roots: readonly R[],
  read: (r: Pick<BoardRoots, R>, ...args: A) => T,
  watch?: readonly WatchName[],
): BoardReader<T, A, R> {
  const names: readonly R[] = Object.freeze([...new Set(roots)]);
  const watched: readonly WatchName[] = Object.freeze([...new Set(watch ?? names)]);
  for (const w of watched) {
    if (!(names as readonly RootName[]).includes(rootOfWatch(w))) throw new Error(`A reader watches ${w} outside its roots (${names.join(', ')})`);
  }
  const fromDoc = (doc: Y.Doc, ...args: A): T => read(pickRoots(doc, names), ...args);
  return Object.assign(fromDoc, { roots: names, watch: watched, read: fromDoc, from: read });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyReader<A extends unknown[]> = BoardReader<any, A, any>;
type ValueOf<P> = P extends BoardReader<infer T, infer _A, infer _R> ? T : never;
type RootsOfReader<P> = P extends BoardReader<infer _T, infer _A, infer R> ? R : never;

/** A reader made of others' values: its roots are the union of theirs. Each part is called with
 * the same extra arguments as the whole (a part that takes none ignores them). */
export function combineReaders<P extends Record<string, AnyReader<A>>, T, A extends unknown[] = []>(
  parts: P,
  combine: (values: { [K in keyof P]: ValueOf<P[K]> }, ...args: A) => T,
): BoardReader<T, A, RootsOfReader<P[keyof P]>> {
  type R = RootsOfReader<P[keyof P]>;
  const entries = Object.entries(parts);
  const roots = entries.flatMap(([, part]) => part.roots as readonly R[]);
  const watch = entries.flatMap(([, part]) => part.watch);
  return defineReader(
    roots,
    (r: Pick<BoardRoots, R>, ...args: A) => {
      const values: Record<string, unknown> = {};
      for (const [key, part] of entries) values[key] = part.from(r, ...args);
      return combine(values as { [K in keyof P]: ValueOf<P[K]> }, ...args);
    },
    watch,
  );
}
