// The lane: events on a horizontal axis in time order. Events of the same minute stack in one
// slot; each slot's tick shows its time (UTC), the day when it changes, and the gap since the
// previous one. Slots and notes are memoised and keep their identity while unchanged, so typing
// in one note re-renders that note alone, even on a board of hundreds: the lane is laid out from
// the events' order and times (which a keystroke does not change), and each note reads its own
// event. Only the slots near the
// viewport are in the DOM (ui/windowing): the one holding focus and its neighbours always are, so
// the keyboard walks every note, and `reveal` brings any event in.
import { memo, useCallback, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import type { TimelineEntry } from '../../../../shared/board';
import type { EventId } from '../../../../shared/ids';
import { revealItem, useWindowedList } from '../../ui/windowing';
import { isInWindow, type NewWindow } from '../prework/visits';
import { EventNote } from './EventNote';
import { clockUtc, dayUtc, gapLabel, localTime } from './time';

export interface TimelineLaneHandle {
  /** Scrolls an event into view and highlights it briefly. */
  reveal(id: EventId): void;
}

interface Slot {
  id: string;
  time: string;
  events: TimelineEntry[];
}

function groupByMinute(events: TimelineEntry[]): Slot[] {
  const slots: Slot[] = [];
  for (const e of events) {
    const last = slots[slots.length - 1];
    if (last && last.time === e.time) last.events.push(e);
    else slots.push({ id: e.time, time: e.time, events: [e] });
  }
  return slots;
}

/** `next`, keeping each slot of `prev` whose events are the very same entries (the board's
 * readers keep unchanged ones), and `prev` itself when nothing changed: after an event is
 * re-timed, two slots are new. */
function keepUnchangedSlots(prev: Slot[], next: Slot[]): Slot[] {
  const byId = new Map(prev.map((s) => [s.id, s]));
  let same = prev.length === next.length;
  const out = next.map((slot, i) => {
    const old = byId.get(slot.id);
    const kept = old && old.events.length === slot.events.length && old.events.every((e, j) => e === slot.events[j]) ? old : slot;
    if (kept !== prev[i]) same = false;
    return kept;
  });
  return same ? prev : out;
}

interface TimelineLaneProps {
  /** The events' order and times (each note reads its own words). */
  events: TimelineEntry[];
  canEdit: boolean;
  /** Events written in this window are marked new (since this person last looked). */
  newWindow?: NewWindow | null;
  /** A horizontal lane (the default), or a list read top to bottom. */
  view?: 'lane' | 'list';
  ref?: Ref<TimelineLaneHandle>;
}

/** An event's key for `revealItem`. */
export const eventRevealKey = (id: EventId) => `event:${id}`;

export function TimelineLane({ events, canEdit, newWindow = null, view = 'lane', ref }: TimelineLaneProps) {
  const previous = useRef<Slot[]>([]);
  const slots = useMemo(() => {
    const next = keepUnchangedSlots(previous.current, groupByMinute(events));
    previous.current = next;
    return next;
  }, [events]);

  useImperativeHandle(ref, () => ({
    reveal(id) {
      // Once the lane has put the note in place (it may have been out of the window).
      void revealItem(eventRevealKey(id), `.lane [data-event-id="${CSS.escape(id)}"]`).then((note) => {
        if (!note) return;
        note.scrollIntoView({ behavior: 'smooth', block: 'nearest', inline: 'nearest' });
        note.classList.remove('is-new');
        void note.offsetWidth;
        note.classList.add('is-new');
      });
    },
  }));

  if (slots.length === 0) {
    return (
      <div className="lane lane--empty">
        <p className="lane__empty">
          No events yet. Start with the first sign that something was wrong: an alert, a customer report, a graph that
          looked odd.
        </p>
      </div>
    );
  }

  return (
    <div className={`lane${view === 'list' ? ' lane--list' : ''}`} role="region" aria-label="Timeline, earliest first" tabIndex={0} data-view={view}>
      {/* Keyed by the view: sizes measured across the lane mean nothing down the list. */}
      <WindowedTrack key={view} slots={slots} view={view} canEdit={canEdit} newWindow={newWindow} />
    </div>
  );
}

/** Slot widths across the lane (CSS: flex 0 0 232px, gap 16px); list rows are measured. */
const LANE_SLOT = { estimate: 232, gap: 16 };
const LIST_SLOT = { estimate: 110, gap: 12 };

function WindowedTrack({ slots, view, canEdit, newWindow }: { slots: Slot[]; view: 'lane' | 'list'; canEdit: boolean; newWindow: NewWindow | null }) {
  const slotOfEvent = useMemo(() => {
    const map = new Map<string, number>();
    slots.forEach((slot, i) => slot.events.forEach((e) => map.set(eventRevealKey(e.id), i)));
    return map;
  }, [slots]);
  const keyOf = useCallback((i: number) => slots[i]!.id, [slots]);
  const indexOfKey = useCallback((key: string) => slotOfEvent.get(key) ?? -1, [slotOfEvent]);
  const size = view === 'lane' ? LANE_SLOT : LIST_SLOT;
  // The list view's notes start about this far down a first screen (under the header, the meeting
  // bar and the timeline's heading and tools).
  const windowed = useWindowedList({ count: slots.length, keyOf, indexOfKey, axis: view === 'lane' ? 'x' : 'y', ...size, firstDrawingTop: 450 });
  return (
    <ol className="lane__track" ref={windowed.containerRef as Ref<HTMLOListElement>} style={windowed.containerStyle}>
      {windowed.indexes.map((i) => {
        const slot = slots[i]!;
        return (
          <TimeSlot
            key={slot.id}
            slot={slot}
            position={i + 1}
            total={slots.length}
            spaceBefore={windowed.spaceBefore(i)}
            axis={view === 'lane' ? 'x' : 'y'}
            previousTime={i > 0 ? slots[i - 1]!.time : null}
            canEdit={canEdit}
            newFrom={newWindow?.from ?? null}
            newUntil={newWindow?.until ?? null}
          />
        );
      })}
    </ol>
  );
}

const TimeSlot = memo(function TimeSlot({
  slot,
  position,
  total,
  spaceBefore,
  axis,
  previousTime,
  canEdit,
  newFrom,
  newUntil,
}: {
  slot: Slot;
  /** 1-based place in the whole timeline, and how many slots it has (most are not rendered). */
  position: number;
  total: number;
  /** Room for unrendered slots just before this one (see ui/windowing). */
  spaceBefore: number;
  axis: 'x' | 'y';
  previousTime: string | null;
  canEdit: boolean;
  // Plain numbers, not the window object, so the slots stay memoised.
  newFrom: number | null;
  newUntil: number | null;
}) {
  const window = newFrom !== null && newUntil !== null ? { from: newFrom, until: newUntil } : null;
  const newDay = previousTime === null || previousTime.slice(0, 10) !== slot.time.slice(0, 10);
  return (
    <li
      className={`slot${position === total ? ' slot--last' : ''}`}
      data-window-key={slot.id}
      aria-posinset={position}
      aria-setsize={total}
      style={spaceBefore ? (axis === 'x' ? { marginLeft: spaceBefore } : { marginTop: spaceBefore }) : undefined}
    >
      <div className="slot__tick">
        <span className="slot__day">{newDay ? dayUtc(slot.time) : ''}</span>
        <time className="slot__time" dateTime={slot.time.replace('Z', ':00Z')} title={localTime(slot.time)}>
          {clockUtc(slot.time)}
        </time>
        {previousTime && <span className="slot__gap">{gapLabel(previousTime, slot.time)}</span>}
      </div>
      <div className="slot__notes">
        {slot.events.map((e) => (
          <EventNote key={e.id} id={e.id} canEdit={canEdit} isNew={isInWindow(e.createdAt, window)} />
        ))}
      </div>
    </li>
  );
});
