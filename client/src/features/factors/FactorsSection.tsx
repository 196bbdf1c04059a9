// Contributing factors: the tray and the People / Process / Technology columns, sorted by
// dragging (or the "Move to…" menu), stacked into clusters, and dot-voted (the rules, and the
// facilitator's reveal, in the section's tools). Factors others added since this person last
// looked are marked "New".
import { useCallback, useMemo, useRef, useState } from 'react';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { BoardValidationError, readClusters, readFactors } from '../../../../shared/board';
import type { FactorId } from '../../../../shared/ids';
import { useBoard } from '../../sync/BoardContext';
import { useClusters, useFactors } from '../../sync/boardHooks';
import { Section } from '../../ui/Section';
import { showToast } from '../../ui/Toast';
import { shortName } from '../voting/VoteControls';
import { VotingTools } from '../voting/VoteSettings';
import { useVotes } from '../voting/useVotes';
import { NewSinceNotice } from '../prework/NewSinceNotice';
import { useNewWindow } from '../prework/usePrework';
import { isInWindow } from '../prework/visits';
import { COLUMN_LABELS, factorRevealKey, useColumns } from './columns';
import { holdItem, revealItem } from '../../ui/windowing';
import {
  applyDrop,
  columnOf,
  factorCollisions,
  keyboardCoordinates,
  pickTargetAt,
  resolveDrop,
  type ColumnKey,
  type DropTarget,
} from './dnd';
import { FactorCardPreview } from './FactorCard';
import { FactorColumn } from './FactorColumn';
import { FramedMouseSensor, FramedTouchSensor, PointerTarget, type DragFrame, type DropTargetData } from './framedSensors';
import { PointerTargetContext } from './dropTargets';
import './factors.css';
import { DraftsControls } from '../drafts/DraftsControls';
import { PrivateNotes } from '../drafts/PrivateNotes';

// Pointer drags scroll the page themselves (framedSensors.ts); this is for the keyboard's, whose
// chosen target may sit near an edge: only right at it (dnd-kit's default starts at 20%).
const autoScroll = { threshold: { x: 0.08, y: 0.1 } };
// Sensor options are made once: a new options object each render would give dnd-kit new
// activators, and with them a new context for every note on the board.
const MOUSE_CONSTRAINT = { activationConstraint: { distance: 4 } };
// A short press-and-hold before a touch drag, so a finger can still scroll the page.
const TOUCH_CONSTRAINT = { activationConstraint: { delay: 180, tolerance: 6 } };
/** The overlay of a pointer drag is moved by its sensor: React leaves its transform alone. */
const OVERLAY_CLASS = 'factor-drag-overlay';
const SENSOR_MOVES_OVERLAY = { transform: undefined };


/** How long after a pointer drop dnd-kit still clears text selections (PointerSensor.detach). */
const DND_SELECTION_GUARD_MS = 60;

export function FactorsSection() {
  const { doc, canEdit, ctx } = useBoard();
  const factors = useFactors();
  const clusters = useClusters();
  const votes = useVotes();
  const newWindow = useNewWindow('factors');
  const newCount = newWindow ? factors.filter((f) => isInWindow(f.createdAt, newWindow)).length : 0;
  const shownWindow = newCount > 0 ? newWindow : null;
  const columns = useColumns(factors, clusters);
  const [activeId, setActiveId] = useState<FactorId | null>(null);
  const [pointerDrag, setPointerDrag] = useState(false);

  // Live references for the drag callbacks, which dnd-kit holds on to.
  const latest = useRef({ factors, clusters });
  latest.current = { factors, clusters };
  const keyboardTarget = useRef<UniqueIdentifier | null>(null);
  const originColumn = useRef<ColumnKey>('unsorted');

  const board = useRef<HTMLDivElement>(null);
  // Where a pointer drag is, said for screen readers while it moves (dnd-kit says it for the
  // keyboard's drags, and for every drop).
  const pointerAnnouncer = useRef<HTMLDivElement>(null);
  const sayOver = useRef<(active: UniqueIdentifier, over: DropTargetData | null) => string>(() => '');
  const frame = useMemo<DragFrame>(
    () => ({
      overlay: () => board.current?.parentElement?.querySelector<HTMLElement>(`.${OVERLAY_CLASS}`) ?? null,
      pick: pickTargetAt,
      target: new PointerTarget(),
      announceOver: (active, over) => {
        if (pointerAnnouncer.current) pointerAnnouncer.current.textContent = sayOver.current(active, over);
      },
    }),
    [],
  );

  const coordinateGetter = useMemo(() => keyboardCoordinates(keyboardTarget, originColumn), []);
  const collisionDetection = useMemo(() => factorCollisions(keyboardTarget, frame.target), [frame]);
  const keyboardOptions = useMemo(() => ({ coordinateGetter }), [coordinateGetter]);
  const mouseOptions = useMemo(() => ({ ...MOUSE_CONSTRAINT, frame }), [frame]);
  const touchOptions = useMemo(() => ({ ...TOUCH_CONSTRAINT, frame }), [frame]);
  const sensors = useSensors(
    useSensor(FramedMouseSensor, mouseOptions),
    useSensor(FramedTouchSensor, touchOptions),
    useSensor(KeyboardSensor, keyboardOptions),
  );

  const factorOf = useCallback(
    (id: UniqueIdentifier | undefined) => latest.current.factors.find((f) => `drag:${f.id}` === String(id)),
    [],
  );

  // The note being dragged stays rendered while auto-scroll carries the page away from it.
  const releaseDragged = useRef<(() => void) | null>(null);

  const onDragStart = useCallback(
    ({ active, activatorEvent }: DragStartEvent) => {
      const factor = factorOf(active.id);
      if (!factor) return;
      setPointerDrag(!(activatorEvent instanceof KeyboardEvent));
      if (pointerAnnouncer.current) pointerAnnouncer.current.textContent = '';
      originColumn.current = columnOf(factor.category);
      keyboardTarget.current = null;
      releaseDragged.current?.();
      releaseDragged.current = holdItem(factorRevealKey(factor.id));
      setActiveId(factor.id);
    },
    [factorOf],
  );

  const onDragCancel = useCallback(() => {
    keyboardTarget.current = null;
    releaseDragged.current?.();
    releaseDragged.current = null;
    setActiveId(null);
  }, []);

  const onDragEnd = useCallback(
    ({ active, over }: DragEndEvent) => {
      keyboardTarget.current = null;
      releaseDragged.current?.();
      releaseDragged.current = null;
      setActiveId(null);
      // Read the factor afresh: someone may have moved or deleted it while it was being dragged.
      const factor = readFactors(doc).find((f) => `drag:${f.id}` === String(active.id));
      if (!factor || !over) return;
      const outcome = resolveDrop(
        factor,
        over.data.current as DropTarget | undefined,
        readFactors(doc),
        readClusters(doc),
        (c) => COLUMN_LABELS[c],
      );
      if (!outcome) return;
      try {
        const clusterId = applyDrop(doc, factor.id, outcome, ctx);
        // After a pointer drag, dnd-kit keeps clearing the page's text selection for 50 ms
        // (its sensor's document listeners outlive the drop by that much); a name selected for
        // renaming before then loses its selection, and the first key typed is lost with it.
        setTimeout(() => requestAnimationFrame(() => {
          // A new cluster asks for its name; otherwise the note keeps the focus it had. Its new
          // place may be out of the column's window of rendered notes: ask for it.
          const selector = clusterId
            ? `[data-cluster-id="${CSS.escape(clusterId)}"] .cluster__name input`
            : `[data-factor-handle="${CSS.escape(factor.id)}"]`;
          void revealItem(factorRevealKey(factor.id), selector).then((el) => {
            if (el && (clusterId || document.activeElement === document.body)) {
              el.focus();
              if (el instanceof HTMLInputElement) el.select();
            }
          });
        }), DND_SELECTION_GUARD_MS);
      } catch (err) {
        if (err instanceof BoardValidationError) showToast({ message: err.message, tone: 'error' });
        else throw err;
      }
    },
    [doc, ctx],
  );

  const announcements = useMemo<Announcements>(() => {
    const name = (id: UniqueIdentifier) => `“${shortName(factorOf(id)?.text ?? '')}”`;
    const place = (over: { data: { current?: unknown } } | null) => {
      const t = over?.data.current as DropTarget | undefined;
      if (!t) return 'no drop target';
      if (t.type === 'column') return `the ${COLUMN_LABELS[t.column]} column`;
      if (t.type === 'cluster') return `a cluster in ${COLUMN_LABELS[t.column]}`;
      const other = latest.current.factors.find((f) => f.id === t.factorId);
      return `the note “${shortName(other?.text ?? '')}” in ${COLUMN_LABELS[t.column]}${t.clusterId ? '' : ', to stack them'}`;
    };
    sayOver.current = (active, over) => `${name(active)} is over ${place(over)}.`;
    return {
      onDragStart: ({ active }) =>
        `Picked up ${name(active.id)}. Left and right arrows change column, up and down pick a note or cluster to stack with. Space drops, Escape cancels.`,
      onDragOver: ({ active, over }) => `${name(active.id)} is over ${place(over)}.`,
      onDragEnd: ({ active, over }) => (over ? `Dropped ${name(active.id)} on ${place(over)}.` : `Dropped ${name(active.id)} where it was.`),
      onDragCancel: ({ active }) => `Cancelled. ${name(active.id)} is back where it was.`,
    };
  }, [factorOf]);

  // One object for the life of the board: a new one each render would make dnd-kit hand a new
  // context to every note.
  const accessibility = useMemo(
    () => ({
      announcements,
      screenReaderInstructions: {
        draggable:
          'To move this note, press Space. Then use the arrow keys: left and right change column, up and down choose a note to stack with. Press Space to drop or Escape to cancel. The Move to menu does the same without dragging.',
      },
    }),
    [announcements],
  );

  const active = activeId ? factors.find((f) => f.id === activeId) : undefined;

  return (
    <Section
      id="factors"
      title="Contributing factors"
      count={factors.length}
      prompt="What conditions made the incident possible, and why did our defences not catch it? Look for several, not one root cause."
      tools={<VotingTools />}
    >
      <NewSinceNotice section="factors" count={newCount} />
      <DraftsControls section="factors" />
      <PrivateNotes section="factors" />
      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        autoScroll={autoScroll}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
        accessibility={accessibility}
      >
        <PointerTargetContext.Provider value={frame.target}>
          <div ref={board} className={`factor-board${activeId ? ' is-dragging' : ''}`}>
            {columns.map((column) => (
              <FactorColumn
                key={column.id}
                column={column}
                votes={votes}
                canEdit={canEdit}
                newFrom={shownWindow?.from ?? null}
                newUntil={shownWindow?.until ?? null}
              />
            ))}
          </div>
        </PointerTargetContext.Provider>
        <div ref={pointerAnnouncer} className="visually-hidden" role="status" aria-live="assertive" aria-atomic="true" />
        {activeId && pointerDrag && <div className="factor-drag-shield" aria-hidden="true" />}
        <DragOverlay dropAnimation={null} className={OVERLAY_CLASS} style={pointerDrag ? SENSOR_MOVES_OVERLAY : undefined}>
          {active ? <FactorCardPreview factor={active} /> : null}
        </DragOverlay>
      </DndContext>
    </Section>
  );
}
