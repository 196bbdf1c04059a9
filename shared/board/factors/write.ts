// Contributing factors: adding, editing, moving (a drop is one transaction) and deleting them.
import * as Y from 'yjs';
import type { ClusterId, EventId, FactorId } from '../../ids';
import { RECORD_ID_BITS, type WriteContext } from '../core/context';
import { isRec, oneOf } from '../core/fields';
import { roots, type Rec } from '../core/roots';
import { LIMITS } from '../core/schema';
import { applyTextEdit } from '../core/text';
import { BoardValidationError, newText, requireAuthor, requireRecord, requireText, textOf } from '../core/validate';
import { readFactors } from './read';
import { requireEarlierFactor, SAME_AS_LIMIT, writeSameAs, type EarlierFactor } from './recurrence';
import { FACTOR_CATEGORIES, type FactorCategory } from './schema';

/** Where a factor goes: the unsorted tray (category null), a column, or a cluster in a column. */
export interface FactorPlacement {
  category: FactorCategory | null;
  clusterId?: ClusterId | null;
  /** Position among its siblings; defaults to the end. */
  order?: number;
}

export interface NewFactor {
  text: string;
  category?: FactorCategory | null;
  eventIds?: EventId[];
  /** The writer's name, given only while the board shows authors. */
  author?: string;
  /** Factors of earlier reviews it is the same as (picked from the suggestions while writing it). */
  sameAs?: EarlierFactor[];
}

export function requireCategory(category: FactorCategory): FactorCategory {
  if (!FACTOR_CATEGORIES.includes(category)) {
    throw new BoardValidationError(`Unknown factor category: ${String(category)}.`);
  }
  return category;
}

/** The order value after the last factor of a column (or of a cluster in it). */
export function lastOrder(doc: Y.Doc, category: FactorCategory | null, clusterId: ClusterId | null): number {
  let max = 0;
  for (const f of readFactors(doc)) {
    if (f.category === category && f.clusterId === clusterId) max = Math.max(max, f.order);
  }
  return max + 1;
}

/** The order value that places an item between two neighbours (either may be missing). */
export function orderBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return after! - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

export function addFactor(doc: Y.Doc, input: NewFactor, ctx: WriteContext): FactorId {
  const value = requireText(input.text, LIMITS.noteLength, 'Factor text');
  const author = requireAuthor(input.author);
  const category = input.category ?? null;
  if (category !== null) requireCategory(category);
  const eventIds = [...new Set(input.eventIds ?? [])];
  for (const eventId of eventIds) requireRecord(roots(doc).events, eventId, 'event');
  const sameAs = (input.sameAs ?? []).map((link) => requireEarlierFactor(link));
  if (sameAs.length > SAME_AS_LIMIT) throw new BoardValidationError(`A factor can name at most ${SAME_AS_LIMIT} earlier factors.`);
  const id = ctx.newId(RECORD_ID_BITS) as FactorId;
  doc.transact(() => {
    const r: Rec = new Y.Map();
    r.set('category', category);
    r.set('clusterId', null);
    r.set('order', lastOrder(doc, category, null));
    r.set('createdAt', ctx.now());
    r.set('text', newText(value));
    if (author) r.set('author', author);
    // Made with the factor, so two people linking events to it at once both keep their links.
    const links = new Y.Map<boolean>();
    for (const eventId of eventIds) links.set(eventId, true);
    r.set('eventIds', links);
    if (sameAs.length > 0) writeSameAs(r, sameAs);
    roots(doc).factors.set(id, r);
  }, ctx.origin);
  return id;
}

export function updateFactorText(doc: Y.Doc, id: FactorId, value: string, ctx: WriteContext): void {
  requireText(value, LIMITS.noteLength, 'Factor text');
  doc.transact(() => applyTextEdit(textOf(requireRecord(roots(doc).factors, id, 'factor')), value, ctx.origin), ctx.origin);
}

/** Moves a factor in one transaction: what a drop commits. Joining a cluster takes its column. */
export function moveFactor(doc: Y.Doc, id: FactorId, to: FactorPlacement, ctx: WriteContext): void {
  const clusterId = to.clusterId ?? null;
  let category = to.category;
  doc.transact(() => {
    const { factors, clusters } = roots(doc);
    const r = requireRecord(factors, id, 'factor');
    if (clusterId !== null) {
      const c = requireRecord(clusters, clusterId, 'cluster');
      category = oneOf(c.get('category'), FACTOR_CATEGORIES, 'process');
    } else if (category !== null) {
      requireCategory(category);
    }
    const previousCluster = r.get('clusterId');
    r.set('category', category);
    r.set('clusterId', clusterId);
    r.set('order', to.order ?? lastOrder(doc, category, clusterId));
    if (typeof previousCluster === 'string' && previousCluster !== clusterId) dissolveIfEmpty(doc, previousCluster as ClusterId);
  }, ctx.origin);
}

/** A cluster left without factors has nothing to name; remove it (within the caller's transaction). */
export function dissolveIfEmpty(doc: Y.Doc, clusterId: ClusterId): void {
  const remaining = readFactors(doc).filter((f) => f.clusterId === clusterId);
  if (remaining.length === 0) roots(doc).clusters.delete(clusterId);
}

export function deleteFactor(doc: Y.Doc, id: FactorId, ctx: WriteContext): void {
  doc.transact(() => {
    const { factors, actions } = roots(doc);
    const r = factors.get(id);
    const clusterId = isRec(r) ? r.get('clusterId') : null;
    factors.delete(id);
    // Action items stop pointing at a factor that is gone.
    actions.forEach((a) => {
      if (!isRec(a)) return;
      const ids = a.get('factorIds');
      if (Array.isArray(ids) && ids.includes(id)) a.set('factorIds', ids.filter((x) => x !== id));
    });
    if (typeof clusterId === 'string') dissolveIfEmpty(doc, clusterId as ClusterId);
  }, ctx.origin);
}
