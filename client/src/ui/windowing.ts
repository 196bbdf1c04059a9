// Windowed lists: a long list (the timeline's slots, a factor column's notes) keeps in the DOM only
// the items near the viewport, with the space of the others held by its container's padding, so a
// board of 1,000 notes costs the page what a board of a few dozen does.
//
// What a person relies on survives the windowing:
//  - the item holding keyboard focus, and its neighbours, stay rendered wherever the list is
//    scrolled, so focus is never dropped to <body> and Tab / Shift+Tab always find the next note
//    (focusing it scrolls it into view, which brings its own neighbours in);
//  - code that wants to reach a note by id (after adding or moving it, the coach's "next hint")
//    asks `revealItem`, and the list holding it renders it;
//  - each item's real size is measured (ResizeObserver) and kept by key, so the scroll length is
//    right once an item has been seen, and estimated until then.
import { useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { FirstDrawingContext } from './firstDrawing';

// ---- Reveal requests --------------------------------------------------------------------------

/** Keys (`event:<id>`, `factor:<id>`, …) some code wants rendered, until the given time. */
const wanted = new Map<string, number>();
const wantedListeners = new Set<() => void>();
/** How long a revealed item stays rendered without focus (enough to scroll to and focus it). */
const REVEAL_HOLD_MS = 1500;
/** Frames to wait for a revealed item to be drawn before giving up. */
const REVEAL_FRAMES = 30;

function wantedNow(): string[] {
  const now = performance.now();
  for (const [key, until] of wanted) if (until < now) wanted.delete(key);
  return [...wanted.keys()];
}

/**
 * Asks the windowed list holding `key` to render it; resolves with the element `selector` finds
 * once it is in the DOM (or null if it never appears, e.g. the item was deleted meanwhile).
 */
export function revealItem(key: string, selector: string): Promise<HTMLElement | null> {
  wanted.set(key, performance.now() + REVEAL_HOLD_MS);
  for (const l of [...wantedListeners]) l();
  return new Promise((resolve) => {
    let frames = 0;
    const look = () => {
      const el = document.querySelector<HTMLElement>(selector);
      if (el) return resolve(el);
      if (++frames >= REVEAL_FRAMES) return resolve(null);
      requestAnimationFrame(look);
    };
    look();
  });
}

/** Keeps `key` rendered until the returned function is called (e.g. the note being dragged). */
export function holdItem(key: string): () => void {
  wanted.set(key, Infinity);
  for (const l of [...wantedListeners]) l();
  return () => {
    if (wanted.get(key) !== Infinity) return;
    wanted.delete(key);
    for (const l of [...wantedListeners]) l();
  };
}

// ---- The hook ---------------------------------------------------------------------------------

export interface WindowedListOptions {
  /** How many items the whole list has. */
  count: number;
  /** A stable key per item: measured sizes are kept by it. */
  keyOf: (index: number) => string;
  /** The item holding a revealed key (see revealItem), or -1. */
  indexOfKey: (key: string) => number;
  /** Along which axis the items follow one another. */
  axis: 'x' | 'y';
  /** An unmeasured item's size along the axis, in px. */
  estimate: number;
  /** The container's CSS gap between items, in px. */
  gap: number;
  /** Extra px rendered beyond each edge of the viewport. */
  overscan?: number;
  /** Render every item (e.g. a short list, or a view that cannot window). */
  disabled?: boolean;
  /** Where a vertical list starts on a board's first screen, in px from the page's top: drawn on
   * the server, before any layout, it is an estimate (see useWindowedList). */
  firstDrawingTop?: number;
}

export interface WindowedList {
  /** Put on the element whose children are the items (each with `data-window-key`). */
  containerRef: RefObject<HTMLElement | null>;
  /** The container's padding that stands in for the items not rendered. */
  containerStyle: CSSProperties;
  /** The indexes to render, ascending. */
  indexes: number[];
  /** Extra space before an item that follows a run of unrendered ones (0 for most). */
  spaceBefore: (index: number) => number;
}

const DEFAULT_OVERSCAN = 400;

/** Which items of a long list to render, from the viewport, focus and reveal requests. */
export function useWindowedList({
  count,
  keyOf,
  indexOfKey,
  axis,
  estimate,
  gap,
  overscan = DEFAULT_OVERSCAN,
  disabled = false,
  firstDrawingTop,
}: WindowedListOptions): WindowedList {
  const containerRef = useRef<HTMLElement | null>(null);
  // Measured sizes by item key; a new Map whenever one changes.
  const [sizes, setSizes] = useState<ReadonlyMap<string, number>>(() => new Map());
  // The viewport, in px from the start of the first item: [from, to].
  // Nothing known before the first layout: render a first item or two, then measure before paint.
  // Drawn on the server (a first screen), the window's size is all there is to go by, and only what
  // the window shows is drawn, nothing beyond its edges: every element costs the first frame of a
  // fresh page dearly on a slow machine (docs/benchmarks.md, "Issue 15, ninth pass"), and the page
  // draws the rest a moment later. A row: as wide as the window. A column: from where it starts on
  // the page (its caller's estimate; else half-way down) to the window's bottom, and at least its
  // first item.
  const drawing = useContext(FirstDrawingContext);
  const edge = drawing ? 0 : overscan;
  const [view, setView] = useState<{ from: number; to: number }>(() => ({
    from: 0,
    to: drawing ? (axis === 'x' ? drawing.width : Math.max(0, drawing.height - (firstDrawingTop ?? drawing.height / 2))) : 0,
  }));
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const [wantedKeys, setWantedKeys] = useState<string[]>(wantedNow);

  // Offsets of every item's start, from measured sizes or the estimate.
  const offsets = useMemo(() => {
    const starts = new Float64Array(count + 1);
    let at = 0;
    for (let i = 0; i < count; i++) {
      starts[i] = at;
      at += (sizes.get(keyOf(i)) ?? estimate) + gap;
    }
    starts[count] = count > 0 ? at - gap : 0;
    return starts;
  }, [count, keyOf, estimate, gap, sizes]);
  const sizeOf = useCallback((i: number) => sizes.get(keyOf(i)) ?? estimate, [sizes, keyOf, estimate]);

  const indexes = useMemo(() => {
    if (disabled) return Array.from({ length: count }, (_, i) => i);
    const chosen = new Set<number>();
    // Binary search for the first item ending after the view's start.
    const from = view.from - edge;
    const to = view.to + edge;
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid]! + sizeOf(mid) < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < count && offsets[i]! <= to; i++) chosen.add(i);
    const keep = (i: number) => {
      if (i >= 0 && i < count) chosen.add(i);
    };
    if (focusedKey !== null) {
      const f = indexOfKeyExact(focusedKey);
      if (f >= 0) [f - 1, f, f + 1].forEach(keep);
    }
    for (const key of wantedKeys) {
      const w = indexOfKey(key);
      if (w >= 0) [w - 1, w, w + 1].forEach(keep);
    }
    return [...chosen].sort((a, b) => a - b);

    function indexOfKeyExact(key: string): number {
      // The focused item is remembered by its own key; look near the last place first.
      for (let i = 0; i < count; i++) if (keyOf(i) === key) return i;
      return -1;
    }
  }, [disabled, count, view, edge, offsets, sizeOf, focusedKey, wantedKeys, indexOfKey, keyOf]);

  const spaceBefore = useCallback(
    (index: number) => {
      const at = indexes.indexOf(index);
      if (at <= 0) return 0;
      const prev = indexes[at - 1]!;
      if (prev === index - 1) return 0;
      return offsets[index]! - (offsets[prev]! + sizeOf(prev) + gap);
    },
    [indexes, offsets, sizeOf, gap],
  );

  const first = indexes[0];
  const last = indexes[indexes.length - 1];
  const before = first === undefined ? 0 : offsets[first]!;
  const after = last === undefined ? offsets[count]! : offsets[count]! - (offsets[last]! + sizeOf(last));
  const containerStyle: CSSProperties = disabled
    ? {}
    : axis === 'x'
      ? { paddingLeft: before, paddingRight: after }
      : { paddingTop: before, paddingBottom: after };

  // Where the viewport is, relative to the first item: read on scroll and resize, once a frame.
  const measureView = useCallback(() => {
    const el = containerRef.current;
    if (!el) return;
    const rect = el.getBoundingClientRect();
    let lo = 0;
    let hi = axis === 'x' ? window.innerWidth : window.innerHeight;
    // Clip to every scrolling ancestor along the axis (the lane scrolls sideways; the page down).
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      const overflow = axis === 'x' ? style.overflowX : style.overflowY;
      if (overflow === 'visible') continue;
      const r = p.getBoundingClientRect();
      lo = Math.max(lo, axis === 'x' ? r.left : r.top);
      hi = Math.min(hi, axis === 'x' ? r.right : r.bottom);
    }
    const start = axis === 'x' ? rect.left : rect.top;
    const next = { from: Math.round(lo - start), to: Math.round(hi - start) };
    setView((prev) => (Math.abs(prev.from - next.from) < 24 && Math.abs(prev.to - next.to) < 24 ? prev : next));
  }, [axis]);

  // Before the first paint, so the first frame already shows the right items.
  useLayoutEffect(() => {
    if (!disabled) measureView();
  }, [disabled, measureView]);

  useEffect(() => {
    if (disabled) return;
    let frame = 0;
    const schedule = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        measureView();
      });
    };
    // Scroll events do not bubble, but a capturing listener on window hears every scroller's.
    window.addEventListener('scroll', schedule, { capture: true, passive: true });
    window.addEventListener('resize', schedule, { passive: true });
    // Content above the list growing or folding moves it without any scrolling: the page's size
    // changes then.
    const page = new ResizeObserver(schedule);
    page.observe(document.body);
    return () => {
      page.disconnect();
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule, { capture: true });
      window.removeEventListener('resize', schedule);
    };
  }, [disabled, measureView]);

  // Reveal requests from anywhere on the page.
  useEffect(() => {
    if (disabled) return;
    const onWanted = () => setWantedKeys(wantedNow());
    wantedListeners.add(onWanted);
    return () => void wantedListeners.delete(onWanted);
  }, [disabled]);
  // Let go of revealed items once their hold has passed (focus keeps them from then on).
  useEffect(() => {
    if (wantedKeys.every((k) => wanted.get(k) === Infinity)) return;
    const t = setTimeout(() => setWantedKeys(wantedNow()), REVEAL_HOLD_MS + 50);
    return () => clearTimeout(t);
  }, [wantedKeys]);

  // Focus: the item holding it stays rendered, with its neighbours.
  const hasItems = count > 0;
  useEffect(() => {
    const el = containerRef.current;
    if (!el || disabled) return;
    const itemKeyOf = (target: EventTarget | null) => {
      if (!(target instanceof Element) || !el.contains(target)) return null;
      let item: Element | null = target;
      while (item && item.parentElement !== el) item = item.parentElement;
      return item instanceof HTMLElement ? (item.dataset.windowKey ?? null) : null;
    };
    const onFocusIn = (e: FocusEvent) => setFocusedKey(itemKeyOf(e.target));
    const onFocusOut = (e: FocusEvent) => {
      // Focus leaving the list; moving inside it is handled by the focusin that follows.
      if (e.relatedTarget === null || !el.contains(e.relatedTarget as Node)) {
        // An item being unmounted blurs without a relatedTarget: keep it if it still has focus.
        requestAnimationFrame(() => {
          if (!el.contains(document.activeElement)) setFocusedKey(null);
        });
      }
    };
    el.addEventListener('focusin', onFocusIn);
    el.addEventListener('focusout', onFocusOut);
    return () => {
      el.removeEventListener('focusin', onFocusIn);
      el.removeEventListener('focusout', onFocusOut);
    };
  }, [disabled, hasItems]);

  // Measure the rendered items; a changed size moves the offsets of those after it.
  const observer = useRef<ResizeObserver | null>(null);
  const observed = useRef(new Set<HTMLElement>());
  useLayoutEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const ro = (observer.current ??= new ResizeObserver((entries) => {
      const seen: Array<[string, number]> = [];
      for (const entry of entries) {
        const target = entry.target as HTMLElement;
        const key = target.dataset.windowKey;
        if (!key || !target.isConnected) continue;
        const box = entry.borderBoxSize[0];
        const size = box ? (axis === 'x' ? box.inlineSize : box.blockSize) : axis === 'x' ? target.offsetWidth : target.offsetHeight;
        if (size > 0) seen.push([key, size]); // 0: not laid out (display: none, a folded section)
      }
      setSizes((prev) => {
        const changed = seen.filter(([key, size]) => Math.abs((prev.get(key) ?? -1) - size) > 0.5);
        if (changed.length === 0) return prev;
        const next = new Map(prev);
        for (const [key, size] of changed) next.set(key, size);
        return next;
      });
    }));
    for (const item of observed.current) {
      if (item.parentElement !== el) {
        ro.unobserve(item);
        observed.current.delete(item);
      }
    }
    for (const child of el.children) {
      if (child instanceof HTMLElement && child.dataset.windowKey && !observed.current.has(child)) {
        ro.observe(child);
        observed.current.add(child);
      }
    }
  });
  useEffect(() => {
    const set = observed.current;
    return () => {
      observer.current?.disconnect();
      observer.current = null;
      set.clear();
    };
  }, []);

  return { containerRef, containerStyle, indexes, spaceBefore };
}
