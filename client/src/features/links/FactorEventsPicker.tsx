// Which timeline events a contributing factor explains: a small picker on the factor note, so the
// board (and the report) can follow a chain from event to factor to action.
import { useMemo } from 'react';
import { combineReaders, readEvents, readTimelineOrder, setFactorEvents, type ContributingFactor } from '../../../../shared/board';
import type { EventId } from '../../../../shared/ids';
import { useBoard } from '../../sync/BoardContext';
import { useBoardValue } from '../../sync/useBoardValue';
import { LinkIcon } from '../../ui/icons';
import { Popover } from '../../ui/Popover';
import './links.css';

const short = (text: string, max = 56) => {
  const line = text.split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** The events' ids alone: not even read while someone types in a note (the events' order is not
 * touched), so the picker on each of hundreds of factors does not wake on a keystroke. */
const readEventIds = combineReaders({ events: readTimelineOrder }, ({ events }): string[] => events.map((e) => e.id));

export function FactorEventsPicker({ factor, name, canEdit }: { factor: Pick<ContributingFactor, 'id' | 'eventIds'>; name: string; canEdit: boolean }) {
  const { doc, ctx } = useBoard();
  const ids = useBoardValue(doc, readEventIds);
  const known = useMemo(() => new Set(ids), [ids]);
  const linked = factor.eventIds.filter((id) => known.has(id));
  const summary = linked.length === 0 ? 'Link events' : `${linked.length} event${linked.length === 1 ? '' : 's'}`;
  if (!canEdit) {
    return linked.length > 0 ? (
      <span className="factor-events__count" title="Timeline events this factor explains">
        <LinkIcon size={12} /> {summary}
      </span>
    ) : null;
  }
  const toggle = (id: EventId, on: boolean) => {
    const next = on ? [...linked, id] : linked.filter((x) => x !== id);
    setFactorEvents(doc, factor.id, next, ctx);
  };
  return (
    <Popover
      label={`Events “${name}” explains`}
      align="end"
      trigger={(props) => (
        <button type="button" className="factor-events__trigger" aria-label={`Events “${name}” explains: ${linked.length || 'none'}. Change`} title="Timeline events this factor explains" {...props}>
          <LinkIcon size={12} /> {summary}
        </button>
      )}
    >
      {() => <EventChoices linked={linked} toggle={toggle} />}
    </Popover>
  );
}

/** The picker's list: built only while the popover is open (a board of 600 events would
 * otherwise build 600 rows inside every factor note). */
function EventChoices({ linked, toggle }: { linked: EventId[]; toggle: (id: EventId, on: boolean) => void }) {
  const events = useBoardValue(useBoard().doc, readEvents);
  return (
    <fieldset className="factor-events__picker">
      <legend className="popover__heading">Explains these events</legend>
      {events.length === 0 && <p className="empty-note">Add events to the timeline first.</p>}
      {events.map((e) => (
        <label key={e.id} className="factor-events__option">
          <input type="checkbox" checked={linked.includes(e.id)} onChange={(ev) => toggle(e.id, ev.target.checked)} />
          <span className="factor-events__time">{e.time.slice(11, 16)}</span> {short(e.text) || 'Empty note'}
        </label>
      ))}
    </fieldset>
  );
}
