// One event on the timeline: its kind (the note's colour), its time, and its text, each editable
// in place; deleting offers an undo.
import { memo, useId, useState, type FormEvent } from 'react';
import {
  BoardValidationError,
  deleteEvent,
  EVENT_KINDS,
  EVENT_KIND_LABELS,
  updateEvent,
  type EventKind,
  type TimelineEvent,
  readTextField,
} from '../../../../shared/board';
import type { EventId } from '../../../../shared/ids';
import { useBoard } from '../../sync/BoardContext';
import { useTimelineEvent } from '../../sync/boardHooks';
import { deleteWithUndo } from '../../sync/undo';
import { IconButton } from '../../ui/Button';
import { EditableText } from '../../ui/EditableText';
import { InlineError } from '../../ui/Field';
import { TrashIcon } from '../../ui/icons';
import { CoachHints } from '../coach/CoachHints';
import { EventContext } from '../hindsight/EventContext';
import { MarkerControl } from '../metrics/MarkerControl';
import { NewBadge } from '../prework/NewSinceNotice';
import { NoteAuthor } from '../prework/NoteAuthor';
import { clockUtc, editableUtc, localTime, longUtc, parseUtcInput } from './time';

/** The note of one event, which it reads itself: a keystroke re-renders only the note typed in. */
export const EventNote = memo(function EventNote({
  id,
  canEdit,
  isNew = false,
}: {
  id: EventId;
  canEdit: boolean;
  /** Added since this person last looked. */
  isNew?: boolean;
}) {
  const event = useTimelineEvent(id);
  // Gone (deleted here or by someone else) before the lane caught up.
  if (!event) return null;
  return <EventNoteBody event={event} canEdit={canEdit} isNew={isNew} />;
});

function EventNoteBody({ event, canEdit, isNew }: { event: TimelineEvent; canEdit: boolean; isNew: boolean }) {
  const { doc, connection, ctx } = useBoard();
  const label = `${EVENT_KIND_LABELS[event.kind]} at ${clockUtc(event.time)} UTC`;
  return (
    <article className={`event-note kind--${event.kind}${isNew ? ' event-note--new' : ''}`} data-event-id={event.id} aria-label={label}>
      <div className="event-note__head">
        <KindSelect id={event.id} kind={event.kind} canEdit={canEdit} />
        <EventTime id={event.id} time={event.time} canEdit={canEdit} />
        {isNew && <NewBadge />}
        {canEdit && (
          <IconButton
            label={`Delete event at ${clockUtc(event.time)}`}
            size="sm"
            className="event-note__delete"
            onClick={() => deleteWithUndo(connection.undoManager, 'Event', () => deleteEvent(doc, event.id, ctx))}
          >
            <TrashIcon size={14} />
          </IconButton>
        )}
      </div>
      <EditableText
        multiline
        className="event-note__text"
        value={event.text}
        readOnly={!canEdit}
        label={`What happened at ${clockUtc(event.time)}`}
        placeholder="What happened?"
        onChange={(text) => updateEvent(doc, event.id, { text }, ctx)}
        read={() => readTextField(doc, { root: 'events', id: event.id })}
      />
      <NoteAuthor author={event.author} className="event-note__author" />
      {canEdit && <CoachHints text={event.text} onNote />}
      <MarkerControl event={event} canEdit={canEdit} />
      <EventContext event={event} canEdit={canEdit} />
    </article>
  );
}

/** The event's kind (the note's colour). Memoised, like the time: the note re-renders on each
 * keystroke in its text, these do not. */
const KindSelect = memo(function KindSelect({ id, kind, canEdit }: { id: EventId; kind: EventKind; canEdit: boolean }) {
  const { doc, ctx } = useBoard();
  if (!canEdit) return <span className="kind-select kind-select--static">{EVENT_KIND_LABELS[kind]}</span>;
  return (
    <select
      className="kind-select"
      value={kind}
      aria-label={`Kind of event (${EVENT_KIND_LABELS[kind]})`}
      onChange={(e) => updateEvent(doc, id, { kind: e.target.value as EventKind }, ctx)}
    >
      {EVENT_KINDS.map((k) => (
        <option key={k} value={k}>
          {EVENT_KIND_LABELS[k]}
        </option>
      ))}
    </select>
  );
});

/** The event's time: a button showing HH:MM (UTC, your zone on hover) that turns into a field. */
const EventTime = memo(function EventTime({ id, time, canEdit }: { id: EventId; time: string; canEdit: boolean }) {
  const event = { id, time };
  const { doc, ctx } = useBoard();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const title = `${longUtc(event.time)}\n${localTime(event.time)}`;

  if (!canEdit) {
    return (
      <time className="event-time event-time--static" dateTime={event.time.replace('Z', ':00Z')} title={title}>
        {clockUtc(event.time)} UTC
      </time>
    );
  }

  if (!editing) {
    return (
      <button
        type="button"
        className="event-time"
        title={title}
        aria-label={`Time: ${longUtc(event.time)}. Change time`}
        onClick={() => {
          setDraft(editableUtc(event.time));
          setError(null);
          setEditing(true);
        }}
      >
        {clockUtc(event.time)} <span className="event-time__zone">UTC</span>
      </button>
    );
  }

  const commit = (e?: FormEvent) => {
    e?.preventDefault();
    const parsed = parseUtcInput(draft, event.time.slice(0, 10));
    if (!parsed.ok) return setError(parsed.message);
    try {
      if (parsed.time !== event.time) updateEvent(doc, event.id, { time: parsed.time }, ctx);
      setEditing(false);
    } catch (err) {
      if (err instanceof BoardValidationError) setError(err.message);
      else throw err;
    }
  };

  return (
    <form className="event-time-form" onSubmit={commit}>
      <input
        className="input event-time-form__input"
        value={draft}
        autoFocus
        aria-label="Event time (UTC)"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            setEditing(false);
          }
        }}
        onBlur={() => {
          // Leaving a valid time saves it; an invalid one stays open with its message.
          const parsed = parseUtcInput(draft, event.time.slice(0, 10));
          if (parsed.ok) commit();
          else setError(parsed.message);
        }}
        data-native-undo
      />
      {error && (
        <div className="event-time-form__error">
          <InlineError id={errorId}>{error}</InlineError>
        </div>
      )}
    </form>
  );
});
