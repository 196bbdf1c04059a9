// Pointer drags that leave React alone between targets. dnd-kit's mouse and touch sensors report
// every pointer move to DndContext, whose state holds the translate: each move re-rendered it,
// re-ran collision detection over every droppable's rect (which re-read scroll offsets), let its
// auto-scroller read every scrolling ancestor's sizes, and handed out a new context that React
// walked the board's fibers to deliver. These sensors subclass dnd-kit's (activation, Escape,
// text-selection guard and listeners stay theirs) and, once a frame while the pointer moves:
// - move the drag overlay by a CSS transform (no render),
// - find the drop target under the pointer with `document.elementsFromPoint`,
// - publish that target (`PointerTarget`) to the few leaves that mark it (the column, cluster or
//   note under the pointer): two small components re-render when it changes, nothing else;
// - tell dnd-kit the target only at the drop, so DndContext (and, through its context, every
//   note's drag handle) renders at pick-up and drop only; the collision detection answers with
//   the target found here;
// - announce the target for screen readers once the pointer has rested on it (a live region
//   written directly, not dnd-kit's, which would need DndContext to render);
// - scroll the page (or the board, sideways) when the pointer is near its edge, reading sizes
//   only while it is.
// The keyboard sensor, the announcements of keyboard drags and of every drop, the droppables and
// onDragEnd are dnd-kit's, unchanged.
import {
  MouseSensor,
  TouchSensor,
  getScrollableAncestors,
  type DroppableContainers,
  type MouseSensorOptions,
  type SensorProps,
  type TouchSensorOptions,
  type UniqueIdentifier,
} from '@dnd-kit/core';

/** What a framed drag needs from the board it runs on. One object for the life of the board. */
export interface DragFrame {
  /** The element drawn under the pointer (the DragOverlay's), moved by a transform. */
  overlay: () => HTMLElement | null;
  /** The drop target under a point, from the elements there (topmost first), or null. */
  pick: (elements: readonly Element[], containers: DroppableContainers, active: UniqueIdentifier) => UniqueIdentifier | null;
  /** The target the pointer is over, which the collision detection answers with. */
  target: PointerTarget;
  /** Says where the dragged note is, for screen readers (the pointer rested on `over`). */
  announceOver: (active: UniqueIdentifier, over: DropTargetData | null) => void;
}

/** A droppable as the announcements read it (its `data`). */
export type DropTargetData = { data: { current?: unknown } };

/**
 * The drop target under the pointer during a pointer drag, as a store the drop targets' leaves
 * subscribe to (useSyncExternalStore): a new target re-renders the leaf it leaves and the leaf it
 * enters. Outside pointer drags `dragging` is false and leaves follow dnd-kit's `over` (the
 * keyboard's drags).
 */
export class PointerTarget {
  dragging = false;
  current: UniqueIdentifier | null = null;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Sets the drag's state and target; listeners hear of a change only. */
  set(dragging: boolean, current: UniqueIdentifier | null): void {
    if (dragging === this.dragging && current === this.current) return;
    this.dragging = dragging;
    this.current = current;
    for (const listener of this.listeners) listener();
  }
}

export interface FramedMouseOptions extends MouseSensorOptions {
  frame: DragFrame;
}
export interface FramedTouchOptions extends TouchSensorOptions {
  frame: DragFrame;
}

/** Scroll when the pointer is this close to an edge: a share of the scroller's visible size. */
const EDGE = { x: 0.08, y: 0.1 };
/** Pixels a frame at the very edge; less further in. */
const MAX_SCROLL_STEP = 24;
/** How long a drop may wait for dnd-kit to take in the last target before ending (ms). It takes
 * two renders and an effect: a frame or two on an idle page, more on a busy phone; a time rather
 * than a count of frames, so a slow device's drop still lands where the note was drawn. */
const SETTLE_MS = 1_000;
/** A target is announced once the pointer has rested on it this long (ms). */
const ANNOUNCE_AFTER_MS = 250;

type Props = SensorProps<MouseSensorOptions & { frame: DragFrame }>;
type Point = { x: number; y: number };

/** One drag: wraps the sensor's callbacks to dnd-kit. */
class FramedDrag {
  private start: Point | null = null;
  private pointer: Point | null = null;
  private sent: UniqueIdentifier | null = null;
  private raf = 0;
  private announceTimer = 0;
  private overlay: HTMLElement | null = null;
  private scrollers: Element[] = [];
  private done = false;

  constructor(private readonly props: Props) {}

  /** The callbacks dnd-kit's sensor calls instead of dnd-kit's own. */
  wrap(): Props {
    return {
      ...this.props,
      onStart: (at) => this.onStart(at),
      onMove: (at) => this.onMove(at),
      onEnd: () => this.onEnd(),
      onCancel: () => this.onCancel(),
    };
  }

  private get frame() {
    return this.props.options.frame;
  }

  private onStart(at: Point) {
    this.start = at;
    this.pointer = at;
    this.sent = null;
    this.frame.target.set(true, null);
    // Scroll containers of the note, innermost first (the board sideways, then the page): read once.
    this.scrollers = getScrollableAncestors(this.props.activeNode.node.current);
    this.props.onStart(at);
    this.schedule();
  }

  private onMove(at: Point) {
    this.pointer = at;
    this.schedule();
  }

  private schedule() {
    if (!this.raf && !this.done) this.raf = requestAnimationFrame(() => this.tick());
  }

  private tick() {
    this.raf = 0;
    if (this.done) return;
    const scrolling = this.update();
    // Keep scrolling while the pointer rests at an edge.
    if (scrolling) this.schedule();
  }

  /** Draws the overlay, finds the target, scrolls; true while scrolling. */
  private update(): boolean {
    const { start, pointer } = this;
    if (!start || !pointer) return false;
    if (!this.overlay?.isConnected) this.overlay = this.frame.overlay();
    if (this.overlay) this.overlay.style.transform = `translate3d(${pointer.x - start.x}px, ${pointer.y - start.y}px, 0)`;
    const { context, active } = this.props;
    const target = this.frame.pick(document.elementsFromPoint(pointer.x, pointer.y), context.current.droppableContainers, active);
    if (target !== this.frame.target.current) {
      // The marks move (two leaves re-render); dnd-kit hears of it at the drop.
      this.frame.target.set(true, target);
      window.clearTimeout(this.announceTimer);
      const over = target === null ? null : (context.current.droppableContainers.get(target) ?? null);
      this.announceTimer = window.setTimeout(() => this.frame.announceOver(active, over), ANNOUNCE_AFTER_MS);
    }
    return this.autoScroll(pointer);
  }

  private autoScroll({ x, y }: Point): boolean {
    const view = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
    for (const el of this.scrollers) {
      const page = el === document.scrollingElement || el === document.documentElement || el === document.body;
      const box = page ? view : el.getBoundingClientRect();
      const w = box.right - box.left;
      const h = box.bottom - box.top;
      const step = (distance: number, size: number) => (distance < size ? Math.ceil(MAX_SCROLL_STEP * (1 - distance / size)) : 0);
      let dx = step(x - box.left, w * EDGE.x) * -1 || step(box.right - x, w * EDGE.x);
      let dy = step(y - box.top, h * EDGE.y) * -1 || step(box.bottom - y, h * EDGE.y);
      if (!dx && !dy) continue;
      const scroller = page ? (document.scrollingElement ?? document.documentElement) : el;
      if (dx < 0 && scroller.scrollLeft <= 0) dx = 0;
      if (dx > 0 && scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1) dx = 0;
      if (dy < 0 && scroller.scrollTop <= 0) dy = 0;
      if (dy > 0 && scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) dy = 0;
      if (!dx && !dy) continue;
      scroller.scrollBy(dx, dy);
      return true;
    }
    return false;
  }

  private stop() {
    this.done = true;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    window.clearTimeout(this.announceTimer);
  }

  private onEnd() {
    if (this.done) return;
    // The last frame's target, now: a drop within a frame of reaching a note still lands on it.
    this.update();
    this.stop();
    const { context, onEnd } = this.props;
    const wanted = this.frame.target.current;
    // dnd-kit learns the target now, in one render of DndContext (its collision detection
    // answers with `frame.target`), and sets `over` in an effect a render later; the drop waits
    // for both so it lands where the note was drawn, and dnd-kit announces it.
    if (wanted !== this.sent && this.pointer) {
      this.sent = wanted;
      this.props.onMove(this.pointer);
    }
    const settled = () => (context.current.over?.id ?? null) === wanted;
    const since = performance.now();
    const finish = () => {
      if (settled() || performance.now() - since > SETTLE_MS) {
        onEnd();
        this.frame.target.set(false, null);
      } else requestAnimationFrame(finish);
    };
    finish();
  }

  private onCancel() {
    this.stop();
    this.props.onCancel();
    this.frame.target.set(false, null);
  }
}

/** dnd-kit's mouse sensor, with moves drawn once a frame outside React (see the header). */
export class FramedMouseSensor extends MouseSensor {
  constructor(props: SensorProps<FramedMouseOptions>) {
    super(new FramedDrag(props).wrap());
    this.autoScrollEnabled = false;
  }
}

/** dnd-kit's touch sensor (press and hold, then drag), framed the same way. */
export class FramedTouchSensor extends TouchSensor {
  constructor(props: SensorProps<FramedTouchOptions>) {
    super(new FramedDrag(props as Props).wrap() as SensorProps<FramedTouchOptions>);
    this.autoScrollEnabled = false;
  }
}
