// Per-record memo for readers. A board of 1,000 notes is read again after every keystroke (a
// keystroke changes its root); rebuilding each note's plain record then (four Y.Text reads per
// event, its time checked) cost more than a frame. A record's value is kept until a transaction
// touches the record or anything inside it; keystrokes then rebuild one record, not a thousand.
//
// Only reads outside a transaction are kept: inside one, a change is not yet known here (Yjs
// reports what a transaction changed when it ends, before any observer runs).
//
// The same goes for values read from a slice of a root (core/roots.ts SLICE): the events' order
// is kept until an event is added, removed or re-timed, not rebuilt after each keystroke.
import type * as Y from 'yjs';
import { sliceTouched, type SliceName } from './roots';

type AnyType = Y.AbstractType<unknown>;

interface DocCache {
  records: WeakMap<AnyType, { tag: unknown; value: unknown }>;
  slices: Map<string, unknown>;
}

const caches = new WeakMap<Y.Doc, DocCache>();

function cacheOf(doc: Y.Doc): DocCache {
  const cache = caches.get(doc);
  if (cache) return cache;
  const fresh: DocCache = { records: new WeakMap(), slices: new Map() };
  // Before any observer (and so before any reader a change wakes) runs.
  doc.on('beforeObserverCalls', (tr: Y.Transaction) => {
    for (const type of tr.changed.keys()) {
      // The changed type and every type holding it: a record's value covers its texts and maps.
      for (let t: AnyType | null = type as AnyType; t; t = (t._item?.parent as AnyType | undefined) ?? null) fresh.records.delete(t);
    }
    for (const key of [...fresh.slices.keys()]) if (sliceTouched(tr, key.slice(0, key.indexOf('|')) as SliceName)) fresh.slices.delete(key);
  });
  caches.set(doc, fresh);
  return fresh;
}

/**
 * `build()`, or the value it gave for `record` last time if nothing in the record changed since
 * and `tag` is the same (a tag stands for what the value depends on outside the record).
 * The value is shared between reads: never mutate it.
 */
export function cachedRecord<T>(record: Y.Map<unknown>, tag: unknown, build: () => T): T {
  const doc = record.doc;
  if (!doc || doc._transaction !== null) return build();
  const cache = cacheOf(doc).records;
  const hit = cache.get(record as AnyType);
  if (hit && hit.tag === tag) return hit.value as T;
  const value = build();
  cache.set(record as AnyType, { tag, value });
  return value;
}

/**
 * `build()`, or the value it gave last time under the same `name` if no transaction has touched
 * `slice` since (`name` tells apart several values read from one slice). Shared between reads:
 * never mutate it.
 */
export function cachedSlice<T>(doc: Y.Doc, slice: SliceName, name: string, build: () => T): T {
  if (doc._transaction !== null) return build();
  const cache = cacheOf(doc).slices;
  const key = `${slice}|${name}`;
  if (cache.has(key)) return cache.get(key) as T;
  const value = build();
  cache.set(key, value);
  return value;
}
