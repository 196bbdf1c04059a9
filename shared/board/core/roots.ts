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

/** Parts of a root a reader can be woken by alone: the root's own keys (records added, removed or
 * replaced) and the named fields of its records. A keystroke in an event's text changes the events
 * root but not `events.times`, so what depends only on the events' order, times and markers
 * (factors' links, the lane's slots, the metrics) is not read again while someone types. */
export const SLICE = {
  /** Which events exist, and each one's time, creation time and marker. */
  eventTimes: 'events.times',
} as const;
export type SliceName = (typeof SLICE)[keyof typeof SLICE];

const SLICES: Record<SliceName, { root: RootName; recordKeys: readonly string[] }> = {
  'events.times': { root: ROOT.events, recordKeys: ['time', 'createdAt', 'marker'] },
};

/** What a reader can ask to be woken by: a whole root (however deep the change), or a slice of one. */
export type WatchName = RootName | SliceName;

/** Every slice name. */
export const SLICE_NAMES: readonly SliceName[] = Object.values(SLICE);

/** The root a watch name lies in. */
export function rootOfWatch(name: WatchName): RootName {
  return (SLICES as Partial<Record<WatchName, { root: RootName }>>)[name]?.root ?? (name as RootName);
}

/** Whether a transaction changed a slice (read when the transaction ends: `tr.changed` is final). */
export function sliceTouched(tr: Y.Transaction, slice: SliceName): boolean {
  const { root, recordKeys } = SLICES[slice];
  const type = tr.doc.share.get(root);
  if (!type) return false;
  if (tr.changed.has(type)) return true;
  for (const [changed, keys] of tr.changed) {
    if (changed._item?.parent !== type) continue;
    for (const k of recordKeys) if (keys.has(k)) return true;
  }
  return false;
}

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

/** Calls `onChange` once after any transaction that touched one of the named roots (however deep)
 * or slices; returns the unsubscribe function. */
export function subscribeRoots(doc: Y.Doc, names: readonly WatchName[], onChange: () => void): () => void {
  let dirty = false;
  const mark = () => {
    dirty = true;
  };
  const rootNames = names.filter((n): n is RootName => (ROOT_NAMES as readonly string[]).includes(n));
  const sliceNames = names.filter((n): n is SliceName => (SLICE_NAMES as readonly string[]).includes(n));
  const types = rootNames.map((n) => doc.getMap<unknown>(n));
  for (const t of types) t.observeDeep(mark);
  const flush = (tr: Y.Transaction) => {
    if (!dirty && !sliceNames.some((s) => sliceTouched(tr, s))) return;
    dirty = false;
    onChange();
  };
  doc.on('afterTransaction', flush);
  return () => {
    for (const t of types) t.unobserveDeep(mark);
    doc.off('afterTransaction', flush);
  };
}
