// Clusters: named stacks of factors within one column. A cluster lives while it holds a factor.
import * as Y from 'yjs';
import type { ClusterId, FactorId } from '../../ids';
import { RECORD_ID_BITS, type WriteContext } from '../core/context';
import { isRec, num, oneOf } from '../core/fields';
import { roots, type Rec } from '../core/roots';
import { LIMITS } from '../core/schema';
import { requireRecord, requireText } from '../core/validate';
import { readFactors } from './read';
import { FACTOR_CATEGORIES, type FactorCategory } from './schema';
import { dissolveIfEmpty, lastOrder, requireCategory } from './write';

export interface NewCluster {
  name: string;
  category: FactorCategory;
  factorIds: FactorId[];
}

/** Stacks factors into a new named cluster in a column (e.g. one factor dropped onto another). */
export function createCluster(doc: Y.Doc, input: NewCluster, ctx: WriteContext): ClusterId {
  const name = requireText(input.name, LIMITS.clusterNameLength, 'Cluster name').trim();
  requireCategory(input.category);
  const factorIds = [...new Set(input.factorIds)];
  const id = ctx.newId(RECORD_ID_BITS) as ClusterId;
  doc.transact(() => {
    const { clusters, factors } = roots(doc);
    // Check every factor before writing anything: a throw half-way would leave a half-made cluster.
    const members = factorIds.map((fid) => requireRecord(factors, fid, 'factor'));
    let max = 0;
    clusters.forEach((c) => {
      if (isRec(c) && c.get('category') === input.category) max = Math.max(max, num(c.get('order')));
    });
    const r: Rec = new Y.Map();
    r.set('name', name);
    r.set('category', input.category);
    r.set('order', max + 1);
    r.set('createdAt', ctx.now());
    clusters.set(id, r);
    members.forEach((f, i) => {
      const old = f.get('clusterId');
      f.set('category', input.category);
      f.set('clusterId', id);
      f.set('order', i + 1);
      if (typeof old === 'string' && old !== id) dissolveIfEmpty(doc, old as ClusterId);
    });
  }, ctx.origin);
  return id;
}

export function renameCluster(doc: Y.Doc, id: ClusterId, name: string, ctx: WriteContext): void {
  const clean = requireText(name, LIMITS.clusterNameLength, 'Cluster name');
  doc.transact(() => requireRecord(roots(doc).clusters, id, 'cluster').set('name', clean), ctx.origin);
}

/** Removes a cluster; its factors stay in the column, unclustered. */
export function ungroupCluster(doc: Y.Doc, id: ClusterId, ctx: WriteContext): void {
  doc.transact(() => {
    const { clusters, factors } = roots(doc);
    const c = clusters.get(id);
    if (!isRec(c)) return;
    const category = oneOf(c.get('category'), FACTOR_CATEGORIES, 'process');
    let order = lastOrder(doc, category, null);
    // In display order, so the notes land in the column in the order they sat in the cluster.
    for (const member of readFactors(doc)) {
      if (member.clusterId !== id) continue;
      const f = factors.get(member.id);
      if (!isRec(f)) continue;
      f.set('clusterId', null);
      f.set('category', category);
      f.set('order', order++);
    }
    clusters.delete(id);
  }, ctx.origin);
}
