// Contributing factors and clusters: reading them.
//   factors   Y.Map<FactorId, Y.Map>   category, clusterId, order, createdAt, author, text: Y.Text,
//                                      eventIds: Y.Map<EventId, true>,
//                                      sameAs: Y.Map<'<boardId>/<factorId>', { reviewTitle, incidentDate, text }>
//   clusters  Y.Map<ClusterId, Y.Map>  name, category, order, createdAt
import * as Y from 'yjs';
import type { ClusterId, EventId, FactorId } from '../../ids';
import { authorOf, byOrder, isRec, num, oneOf, str, text } from '../core/fields';
import { defineReader } from '../core/reader';
import { cachedRecord } from '../core/recordCache';
import { ROOT } from '../core/roots';
import { readTimelinePositions } from '../events/read';
import { readSameAs } from './recurrence';
import { FACTOR_CATEGORIES, type ContributingFactor, type FactorCluster } from './schema';

/** The event ids a factor's `eventIds` field names: the keys of its Y.Map, or (written by a tool
 * that copied the shape of an action's `factorIds`) the strings of an array. */
export function linkedIds(v: unknown): string[] {
  if (v instanceof Y.Map) return [...v.keys()];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/** Factors in display order. A factor whose cluster is gone reads as unclustered; its links to
 * events that are gone or unreadable are left out, the rest are in timeline order. */
export const readFactors = defineReader(
  [ROOT.factors, ROOT.clusters, ...readTimelinePositions.roots],
  (r): ContributingFactor[] => {
    const { factors, clusters } = r;
    const timelineOrder = readTimelinePositions.from(r);
    const out: ContributingFactor[] = [];
    factors.forEach((f, id) => {
      if (!isRec(f)) return;
      const clusterId = f.get('clusterId');
      const cluster = typeof clusterId === 'string' ? clusters.get(clusterId) : undefined;
      const category = f.get('category');
      // A clustered factor always sits in its cluster's column.
      const placed = {
        category: isRec(cluster)
          ? oneOf(cluster.get('category'), FACTOR_CATEGORIES, 'process')
          : category === null || category === undefined
            ? null
            : oneOf(category, FACTOR_CATEGORIES, 'process'),
        clusterId: isRec(cluster) ? (clusterId as ClusterId) : null,
      };
      // The record's own fields, kept while it and the events' order are unchanged (a keystroke
      // in an event does not rebuild 400 factors); where its cluster puts it is read each time.
      const own = cachedRecord(f, timelineOrder, () => ({
        id: id as FactorId,
        text: text(f.get('text')),
        ...placed,
        order: num(f.get('order')),
        createdAt: num(f.get('createdAt')),
        eventIds: [...new Set(linkedIds(f.get('eventIds')))]
          .filter((eventId) => timelineOrder.has(eventId))
          .sort((a, b) => timelineOrder.get(a)! - timelineOrder.get(b)!) as EventId[],
        author: authorOf(f),
        sameAs: readSameAs(f.get('sameAs')),
      }));
      out.push(own.category === placed.category && own.clusterId === placed.clusterId ? own : { ...own, ...placed });
    });
    return out.sort(byOrder);
  },
  // Not woken by a keystroke in an event: only the events' order matters here.
  [ROOT.factors, ROOT.clusters, ...readTimelinePositions.watch],
);

export const readClusters = defineReader([ROOT.clusters], ({ clusters }): FactorCluster[] => {
  const out: FactorCluster[] = [];
  clusters.forEach((r, id) => {
    if (!isRec(r)) return;
    out.push({
      id: id as ClusterId,
      name: str(r.get('name')),
      category: oneOf(r.get('category'), FACTOR_CATEGORIES, 'process'),
      order: num(r.get('order')),
      createdAt: num(r.get('createdAt')),
    });
  });
  return out.sort(byOrder);
});
