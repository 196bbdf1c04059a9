// Dragging factors: the drop targets, how a pointer or the keyboard picks one, and what a drop
// means for the board. The drag itself never writes to the board; only a drop does, in one
// transaction (moveFactor, or createCluster when one note is dropped onto another).
import {
  type ClientRect,
  type CollisionDetection,
  type DroppableContainers,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import type { MutableRefObject } from 'react';
import type * as Y from 'yjs';
import {
  clusterDisplayName,
  createCluster,
  moveFactor,
  UNNAMED_CLUSTER,
  type ContributingFactor,
  type FactorCategory,
  type FactorCluster,
  type WriteContext,
} from '../../../../shared/board';
import type { ClusterId, FactorId } from '../../../../shared/ids';

/** The tray and the three columns, left to right. */
export type ColumnKey = 'unsorted' | FactorCategory;
export const COLUMN_KEYS: readonly ColumnKey[] = ['unsorted', 'people', 'process', 'technology'];
export const columnOf = (category: FactorCategory | null): ColumnKey => category ?? 'unsorted';
export const categoryOf = (column: ColumnKey): FactorCategory | null => (column === 'unsorted' ? null : column);

/** What a drop target is; kept in each droppable's `data`. */
export type DropTarget =
  | { type: 'column'; column: ColumnKey }
  | { type: 'cluster'; column: ColumnKey; clusterId: ClusterId }
  | { type: 'factor'; column: ColumnKey; factorId: FactorId; clusterId: ClusterId | null };

export const dragId = (id: FactorId) => `drag:${id}`;
export const columnDropId = (column: ColumnKey) => `column:${column}`;
export const clusterDropId = (id: ClusterId) => `cluster:${id}`;
export const factorDropId = (id: FactorId) => `factor:${id}`;

const SPECIFICITY: Record<DropTarget['type'], number> = { factor: 3, cluster: 2, column: 1 };

function targetOf(container: { data: { current?: unknown } } | undefined): DropTarget | undefined {
  return container?.data.current as DropTarget | undefined;
}

/**
 * Picks the drop target. A pointer drag's target is found by its sensor (`pickTargetAt`, once a
 * frame, see framedSensors.ts) and kept in `pointerTarget`; the keyboard's is whatever the arrow
 * keys last chose (see `keyboardCoordinates`), so where the overlay is drawn never decides by
 * accident. No droppable's rect is read here.
 */
export function factorCollisions(
  keyboardTarget: MutableRefObject<UniqueIdentifier | null>,
  pointerTarget: { current: UniqueIdentifier | null },
): CollisionDetection {
  // The same answer is returned as the same array, so dnd-kit's context (and every note that
  // reads it) is left alone while the pointer moves within one target.
  let last: Array<{ id: UniqueIdentifier }> = [];
  const answer = (id: UniqueIdentifier | null) => {
    if (id === null) return last.length === 0 ? last : (last = []);
    return last[0]?.id === id ? last : (last = [{ id }]);
  };
  return ({ pointerCoordinates }) => answer(pointerCoordinates ? pointerTarget.current : keyboardTarget.current);
}

/**
 * The drop target at a point, from the elements there (`document.elementsFromPoint`, topmost
 * first): the most specific enabled droppable among them (a note, then a cluster, then a
 * column), never the dragged note itself.
 */
export function pickTargetAt(
  elements: readonly Element[],
  containers: DroppableContainers,
  activeId: UniqueIdentifier,
): UniqueIdentifier | null {
  const byNode = new Map<Element, { id: UniqueIdentifier; target: DropTarget }>();
  for (const c of containers.values()) {
    const target = targetOf(c);
    const node = c.node.current;
    if (node && target && !c.disabled) byNode.set(node, { id: c.id, target });
  }
  const self = factorDropId(activeFactorId(activeId));
  let best: { id: UniqueIdentifier; rank: number } | null = null;
  for (const el of elements) {
    const hit = byNode.get(el);
    if (!hit || hit.id === self) continue;
    const rank = SPECIFICITY[hit.target.type];
    if (!best || rank > best.rank) best = { id: hit.id, rank };
  }
  return best?.id ?? null;
}

const activeFactorId = (id: UniqueIdentifier) => String(id).replace(/^drag:/, '') as FactorId;

/**
 * Arrow keys during a keyboard drag. Left and right go to the previous or next column (dropping
 * there puts the note at the end of it); up and down walk the column's notes and clusters
 * (dropping on a note stacks the two into a cluster, on a cluster adds to it).
 */
export function keyboardCoordinates(
  keyboardTarget: MutableRefObject<UniqueIdentifier | null>,
  originColumn: MutableRefObject<ColumnKey>,
): KeyboardCoordinateGetter {
  return (event, { context, currentCoordinates }) => {
    const { droppableContainers, droppableRects, active } = context;
    if (!active) return undefined;
    const key = event.code;
    if (key !== 'ArrowLeft' && key !== 'ArrowRight' && key !== 'ArrowUp' && key !== 'ArrowDown') return undefined;
    event.preventDefault();

    const self = factorDropId(activeFactorId(active.id));
    const current = keyboardTarget.current;
    const currentTarget = current !== null ? targetOf(droppableContainers.get(current)) : undefined;
    const column: ColumnKey = currentTarget?.column ?? originColumn.current;

    let next: UniqueIdentifier | null = null;
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      const at = COLUMN_KEYS.indexOf(column);
      const to = COLUMN_KEYS[at + (key === 'ArrowRight' ? 1 : -1)];
      if (to) next = columnDropId(to);
    } else {
      // The column itself, then its clusters and notes from top to bottom.
      const stops: Array<{ id: UniqueIdentifier; top: number }> = [];
      for (const container of droppableContainers.getEnabled()) {
        const t = targetOf(container);
        if (!t || t.column !== column || container.id === self) continue;
        if (t.type === 'column') continue;
        // A note inside a cluster is reached through its cluster.
        if (t.type === 'factor' && t.clusterId !== null) continue;
        const rect = droppableRects.get(container.id);
        if (rect) stops.push({ id: container.id, top: rect.top });
      }
      stops.sort((a, b) => a.top - b.top);
      const order = [columnDropId(column), ...stops.map((s) => s.id)];
      const at = current === null ? 0 : Math.max(0, order.indexOf(current));
      next = order[Math.min(order.length - 1, Math.max(0, at + (key === 'ArrowDown' ? 1 : -1)))] ?? null;
    }
    if (next === null) return currentCoordinates;
    keyboardTarget.current = next;
    const rect: ClientRect | undefined = droppableRects.get(next);
    if (!rect) return currentCoordinates;
    // Draw the note just inside the chosen target.
    return { x: rect.left + 12, y: rect.top + (String(next).startsWith('column:') ? 44 : 12) };
  };
}

/** What dropping a factor on a target does to the board; null when it changes nothing. */
export type DropOutcome =
  | { kind: 'move'; category: FactorCategory | null; clusterId: ClusterId | null; describe: string }
  | { kind: 'stack'; category: FactorCategory; with: FactorId; describe: string };

export function resolveDrop(
  factor: ContributingFactor,
  target: DropTarget | undefined,
  factors: readonly ContributingFactor[],
  clusters: readonly FactorCluster[],
  columnLabel: (c: ColumnKey) => string,
): DropOutcome | null {
  if (!target) return null;
  switch (target.type) {
    case 'column': {
      const category = categoryOf(target.column);
      if (factor.category === category && factor.clusterId === null) return null;
      return { kind: 'move', category, clusterId: null, describe: `Moved to ${columnLabel(target.column)}.` };
    }
    case 'cluster': {
      if (factor.clusterId === target.clusterId) return null;
      const cluster = clusters.find((c) => c.id === target.clusterId);
      if (!cluster) return null;
      return {
        kind: 'move',
        category: cluster.category,
        clusterId: cluster.id,
        describe: `Added to the cluster “${clusterDisplayName(cluster)}”.`,
      };
    }
    case 'factor': {
      if (target.factorId === factor.id) return null;
      const other = factors.find((f) => f.id === target.factorId);
      if (!other) return null;
      if (other.clusterId !== null) {
        if (other.clusterId === factor.clusterId) return null;
        const cluster = clusters.find((c) => c.id === other.clusterId);
        return {
          kind: 'move',
          category: other.category,
          clusterId: other.clusterId,
          describe: `Added to the cluster “${cluster ? clusterDisplayName(cluster) : UNNAMED_CLUSTER}”.`,
        };
      }
      if (other.category === null) {
        // The tray has no clusters: dropping on a tray note just returns to the tray.
        if (factor.category === null && factor.clusterId === null) return null;
        return { kind: 'move', category: null, clusterId: null, describe: 'Moved to Unsorted.' };
      }
      return {
        kind: 'stack',
        category: other.category,
        with: other.id,
        describe: `Stacked with another note into a new cluster in ${columnLabel(other.category)}.`,
      };
    }
    default:
      return null;
  }
}

/** Applies a drop outcome in one transaction; returns the new cluster's id when one was made. */
export function applyDrop(doc: Y.Doc, factorId: FactorId, outcome: DropOutcome, ctx: WriteContext): ClusterId | null {
  if (outcome.kind === 'move') {
    moveFactor(doc, factorId, { category: outcome.category, clusterId: outcome.clusterId }, ctx);
    return null;
  }
  return createCluster(doc, { name: UNNAMED_CLUSTER, category: outcome.category, factorIds: [outcome.with, factorId] }, ctx);
}
