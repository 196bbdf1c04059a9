// The dnd-kit hooks of the factor board, each in a leaf component of its own. dnd-kit hands a new
// context to every draggable and droppable whenever the target under the pointer (or the dragged
// note's measured box) changes, a dozen or more times in one drag; a note, column or cluster that
// called the hooks itself re-rendered each time, and with it its windowed list. These leaves are
// what re-renders now: they register the element they sit in and mark it (`is-over`,
// `is-placeholder`, `is-stack-target`) by toggling a class on it, re-applied after every render
// of the element's owner, which re-renders the leaf with it. During a pointer drag the target
// under the pointer comes from the drag's sensor (`PointerTarget`, framedSensors.ts), not from
// dnd-kit, which hears of it only at the drop: a new target re-renders two of these leaves.
import { createContext, useContext, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { useDraggable, useDroppable, type UniqueIdentifier } from '@dnd-kit/core';
import type { FactorId } from '../../../../shared/ids';
import { GripIcon } from '../../ui/icons';
import { dragId, factorDropId, type DropTarget } from './dnd';
import { PointerTarget } from './framedSensors';

/** The pointer drag's target on this board (FactorsSection provides it). */
export const PointerTargetContext = createContext(new PointerTarget());

/** Whether the drag is over `id`: the pointer's target during a pointer drag, else dnd-kit's. */
function useIsOver(id: UniqueIdentifier, dndIsOver: boolean): boolean {
  const pointer = useContext(PointerTargetContext);
  // -1: no pointer drag (follow dnd-kit); 1 / 0: the pointer is / is not over this target.
  const read = () => (pointer.dragging ? (pointer.current === id ? 1 : 0) : -1);
  const overByPointer = useSyncExternalStore(pointer.subscribe, read, read);
  return overByPointer === -1 ? dndIsOver : overByPointer === 1;
}

/** Makes the element this sits in (a column, a cluster) a drop target marked `is-over` while a drag is over it. */
export function DropTargetMark({ id, target, disabled }: { id: string; target: DropTarget; disabled: boolean }) {
  const { setNodeRef, isOver: dndIsOver } = useDroppable({ id, data: target, disabled });
  const isOver = useIsOver(id, dndIsOver);
  const mark = useRef<HTMLSpanElement>(null);
  // No dependencies: the owner's render rewrites its className, and this runs after it.
  useLayoutEffect(() => {
    const host = mark.current?.parentElement ?? null;
    setNodeRef(host);
    host?.classList.toggle('is-over', isOver);
  });
  return <span ref={mark} hidden />;
}

interface FactorDragHandleProps {
  factorId: FactorId;
  target: Extract<DropTarget, { type: 'factor' }>;
  /** Notes in the tray are not stacking targets: clusters live in the columns. */
  stackable: boolean;
  name: string;
}

/**
 * A note's drag handle. The note (the article holding the handle) is what is dragged and what
 * another note can be dropped on to stack the two.
 */
export function FactorDragHandle({ factorId, target, stackable, name }: FactorDragHandleProps) {
  const drag = useDraggable({ id: dragId(factorId) });
  const drop = useDroppable({ id: factorDropId(factorId), data: target, disabled: !stackable });
  const handle = useRef<HTMLButtonElement>(null);
  const stacking = useIsOver(factorDropId(factorId), drop.isOver) && !drag.isDragging;
  const { setNodeRef: setDragNode, setActivatorNodeRef } = drag;
  const { setNodeRef: setDropNode } = drop;
  useLayoutEffect(() => {
    const note = handle.current?.closest<HTMLElement>('article') ?? null;
    setDragNode(note);
    setDropNode(note);
    setActivatorNodeRef(handle.current);
    note?.classList.toggle('is-placeholder', drag.isDragging);
    note?.classList.toggle('is-stack-target', stacking);
  });
  return (
    <>
      <button
        ref={handle}
        type="button"
        className="factor-card__handle"
        data-factor-handle={factorId}
        {...drag.attributes}
        {...drag.listeners}
        aria-label={`Drag “${name}”`}
        title="Drag to a column, or onto another note to stack them"
      >
        <GripIcon size={14} />
      </button>
      {stacking && (
        <span className="factor-card__stack-hint" aria-hidden="true">
          {target.clusterId ? 'Add to this cluster' : 'Stack into a cluster'}
        </span>
      )}
    </>
  );
}
