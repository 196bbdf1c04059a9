// The board document's root types: their names, in one place, and typed access to them. Nothing
// outside shared/board calls `doc.getMap(...)`. The per-record layout is described in each
// record's folder (events/, factors/, votes/, ...) and in docs/document.md.
import * as Y from 'yjs';

/** The root names of the board document. */
export const ROOT = {
  meta: 'meta',
  settings: 'settings',
  events: 'events',
  factors: 'factors',
  clusters: 'clusters',
  actions: 'actions',
  learnings: 'learnings',
  votes: 'votes',
  participants: 'participants',
  checkins: 'checkins',
  ready: 'ready',
  voterNames: 'voterNames',
  actionTrackers: 'actionTrackers',
} as const;
export type RootName = (typeof ROOT)[keyof typeof ROOT];

/** Every root name, in declaration order. */
export const ROOT_NAMES: readonly RootName[] = Object.values(ROOT);

/** A record: one event, factor, cluster, action item, ... stored under its id in its root. */
export type Rec = Y.Map<unknown>;

/** What each root holds. */
export interface BoardRoots {
  meta: Y.Map<unknown>;
  settings: Y.Map<unknown>;
  events: Y.Map<Rec>;
  factors: Y.Map<Rec>;
  clusters: Y.Map<Rec>;
  actions: Y.Map<Rec>;
  learnings: Y.Map<Rec>;
  votes: Y.Map<Y.Map<number>>;
  participants: Y.Map<Rec>;
  checkins: Y.Map<Rec>;
  ready: Y.Map<unknown>;
  voterNames: Y.Map<unknown>;
  actionTrackers: Y.Map<unknown>;
}

/** Only the named roots: what a reader that declared them may touch (see reader.ts). */
export function pickRoots<R extends RootName>(doc: Y.Doc, names: readonly R[]): Pick<BoardRoots, R> {
  const out: Partial<Record<RootName, Y.Map<unknown>>> = {};
  for (const name of names) out[name] = doc.getMap<unknown>(name);
  return out as unknown as Pick<BoardRoots, R>;
}

/** Typed access to every root map. For mutations, which may touch any root they need. */
export function roots(doc: Y.Doc): BoardRoots {
  return pickRoots(doc, ROOT_NAMES);
}

/** The root types a person's undo should cover: everything they write, except the participant
 * list, readiness and ballot names (opening a board or saying "done" is not an edit to take back).
 * For a client's Y.UndoManager. */
// `any` is what Y.UndoManager's own signature takes: a Y.Map<T> is not assignable to
// AbstractType<unknown> (its event handler type is invariant in T).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function undoScope(doc: Y.Doc): Y.AbstractType<any>[] {
  const r = roots(doc);
  return [r.meta, r.settings, r.events, r.factors, r.clusters, r.actions, r.learnings, r.votes, r.checkins];
}

/** Calls `onChange` once after any transaction that touched one of the named roots (however deep);
 * returns the unsubscribe function. */
export function subscribeRoots(doc: Y.Doc, names: readonly RootName[], onChange: () => void): () => void {
  let dirty = false;
  const mark = () => {
    dirty = true;
  };
  const types = names.map((n) => doc.getMap<unknown>(n));
  for (const t of types) t.observeDeep(mark);
  const flush = () => {
    if (!dirty) return;
    dirty = false;
    onChange();
  };
  doc.on('afterTransaction', flush);
  return () => {
    for (const t of types) t.unobserveDeep(mark);
    doc.off('afterTransaction', flush);
  };
}
