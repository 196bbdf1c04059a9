// The lane: events on a horizontal axis in time order. Events of the same minute stack in one
// slot; each slot's tick shows its time (UTC), the day when it changes, and the gap since the
// previous one. Slots and notes are memoised and keep their identity while unchanged, so typing
// in one note re-renders that note alone, even on a board of hundreds.
import { memo, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import type { TimelineEvent } from '../../../../shared/board';
import type { EventId } from '../../../../shared/ids';
import { replaceEqualDeep } from '../../sync/useBoardValue';
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
  events: TimelineEvent[];
}

function groupByMinute(events: TimelineEvent[]): Slot[] {
  const slots: Slot[] = [];
  for (const e of events) {
    const last = slots[slots.length - 1];
    if (last && last.time === e.time) last.events.push(e);
    else slots.push({ id: e.time, time: e.time, events: [e] });
  }
  return slots;
}

interface TimelineLaneProps {
  events: TimelineEvent[];
  canEdit: boolean;
  /** Events written in this window are marked new (since this person last looked). */
  newWindow?: NewWindow | null;
  /** A horizontal lane (the default), or a list read top to bottom. */
  view?: 'lane' | 'list';
  ref?: Ref<TimelineLaneHandle>;
}

export function TimelineLane({ events, canEdit, newWindow = null, view = 'lane', ref }: TimelineLaneProps) {
  const laneRef = useRef<HTMLDivElement>(null);
  const previous = useRef<Slot[]>([]);
  const slots = useMemo(() => {
    const next = replaceEqualDeep(previous.current, groupByMinute(events));
    previous.current = next;
    return next;
  }, [events]);

  useImperativeHandle(ref, () => ({
    reveal(id) {
      // After React has put the new note in place.
      requestAnimationFrame(() => {
        const note = laneRef.current?.querySelector<HTMLElement>(`[data-event-id="${CSS.escape(id)}"]`);
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
    <div className={`lane${view === 'list' ? ' lane--list' : ''}`} ref={laneRef} role="region" aria-label="Timeline, earliest first" tabIndex={0} data-view={view}>
      <ol className="lane__track">
        {slots.map((slot, i) => (
          <TimeSlot
            key={slot.id}
            slot={slot}
            previousTime={i > 0 ? slots[i - 1]!.time : null}
            canEdit={canEdit}
            newFrom={newWindow?.from ?? null}
            newUntil={newWindow?.until ?? null}
          />
        ))}
      </ol>
    </div>
  );
}

const TimeSlot = memo(function TimeSlot({
  slot,
  previousTime,
  canEdit,
  newFrom,
  newUntil,
}: {
  slot: Slot;
  previousTime: string | null;
  canEdit: boolean;
  // Plain numbers, not the window object, so the slots stay memoised.
  newFrom: number | null;
  newUntil: number | null;
}) {
  const window = newFrom !== null && newUntil !== null ? { from: newFrom, until: newUntil } : null;
  const newDay = previousTime === null || previousTime.slice(0, 10) !== slot.time.slice(0, 10);
  return (
    <li className="slot">
      <div className="slot__tick">
        <span className="slot__day">{newDay ? dayUtc(slot.time) : ''}</span>
        <time className="slot__time" dateTime={slot.time.replace('Z', ':00Z')} title={localTime(slot.time)}>
          {clockUtc(slot.time)}
        </time>
        {previousTime && <span className="slot__gap">{gapLabel(previousTime, slot.time)}</span>}
      </div>
      <div className="slot__notes">
        {slot.events.map((e) => (
          <EventNote key={e.id} event={e} canEdit={canEdit} isNew={isInWindow(e.createdAt, window)} />
        ))}
      </div>
    </li>
  );
});
