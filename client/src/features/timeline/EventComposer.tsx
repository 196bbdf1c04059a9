// Adding an event: a time in UTC, a kind, what happened. Enter adds it and keeps the time and kind,
// so a run of events goes in quickly. Anything refused stays in the fields with the reason.
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { addEvent, BoardValidationError, EVENT_KINDS, EVENT_KIND_LABELS, LIMITS, type EventKind } from '../../../../shared/board';
import type { EventId } from '../../../../shared/ids';
import { useBoard } from '../../sync/BoardContext';
import { useAuthorName } from '../../sync/facilitationHooks';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/Field';
import { PlusIcon } from '../../ui/icons';
import { CoachHints } from '../coach/CoachHints';
import { AuthorHint } from '../prework/NoteAuthor';
import { localTime, longUtc, parseUtcInput } from './time';
import { NO_DRAFTS_MESSAGE, useWriteTarget } from '../drafts/draftsHooks';
import { PrivateHint } from '../drafts/PrivateNotes';
import { announce } from '../../ui/Announcer';

interface EventComposerProps {
  /** The day a bare "14:02" falls on. */
  defaultDate: string;
  onAdded: (id: EventId) => void;
}

export function EventComposer({ defaultDate, onAdded }: EventComposerProps) {
  const { ctx } = useBoard();
  // While the facilitator has "Write privately first" on, new events go to this person's drafts;
  // the server names them (or not) when it reveals them, so no name is written here.
  const target = useWriteTarget('timeline');
  const boardAuthor = useAuthorName();
  const author = target.isPrivate ? undefined : boardAuthor;
  const id = useId();
  const [time, setTime] = useState('');
  const [kind, setKind] = useState<EventKind>('detection');
  const [text, setText] = useState('');
  const [timeError, setTimeError] = useState<string | null>(null);
  const [textError, setTextError] = useState<string | null>(null);

  const parsed = time.trim() ? parseUtcInput(time, defaultDate) : null;

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const when = parseUtcInput(time, defaultDate);
    const whatError =
      text.trim() === ''
        ? 'Write what happened before adding the event.'
        : text.length > LIMITS.noteLength
          ? `This note is ${text.length.toLocaleString()} characters; an event holds up to ${LIMITS.noteLength.toLocaleString()}. Shorten it, or split it into several events.`
          : null;
    setTimeError(when.ok ? null : when.message);
    setTextError(whatError ?? (target.blocked ? NO_DRAFTS_MESSAGE : null));
    if (target.blocked) return;
    if (!when.ok || whatError) {
      document.getElementById(!when.ok ? `${id}-time` : `${id}-text`)?.focus();
      return;
    }
    try {
      const eventId = addEvent(target.doc, { time: when.time, kind, text: text.trim(), author }, ctx);
      setText('');
      if (target.isPrivate) announce('Added to your private notes.');
      else onAdded(eventId);
      document.getElementById(`${id}-text`)?.focus();
    } catch (err) {
      if (err instanceof BoardValidationError) setTextError(err.message);
      else throw err;
    }
  };

  const onTextKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form className="event-composer" onSubmit={submit} noValidate aria-label="Add an event">
      <div className="event-composer__field event-composer__time">
        <label className="field__label" htmlFor={`${id}-time`}>
          Time (UTC)
        </label>
        <div className="input-affix">
          <input
            id={`${id}-time`}
            className="input"
            value={time}
            onChange={(e) => {
              setTime(e.target.value);
              if (timeError) setTimeError(null);
            }}
            placeholder="14:02"
            autoComplete="off"
            inputMode="numeric"
            aria-invalid={timeError ? true : undefined}
            aria-describedby={`${id}-time-help`}
            data-native-undo
          />
          <span className="input-affix__suffix" aria-hidden="true">
            UTC
          </span>
        </div>
      </div>
      <div className="event-composer__field event-composer__kind">
        <label className="field__label" htmlFor={`${id}-kind`}>
          Kind
        </label>
        <select
          id={`${id}-kind`}
          className={`select kind-select-field kind--${kind}`}
          value={kind}
          onChange={(e) => setKind(e.target.value as EventKind)}
        >
          {EVENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {EVENT_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="event-composer__field event-composer__text">
        <label className="field__label" htmlFor={`${id}-text`}>
          What happened
        </label>
        <textarea
          id={`${id}-text`}
          className="textarea event-composer__textarea"
          rows={1}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (textError) setTextError(null);
          }}
          onKeyDown={onTextKeyDown}
          placeholder="Error-rate alert fired for checkout-api; on-call paged"
          aria-invalid={textError ? true : undefined}
          aria-describedby={textError ? `${id}-text-error` : undefined}
          data-native-undo
        />
      </div>
      <Button type="submit" variant="primary" icon={<PlusIcon />} className="event-composer__submit">
        Add event
      </Button>
      <div className="event-composer__status" id={`${id}-time-help`}>
        {timeError ? (
          <InlineError>{timeError}</InlineError>
        ) : textError ? null : parsed?.ok ? (
          <span className="event-composer__resolved" title={localTime(parsed.time)}>
            {longUtc(parsed.time)} · {localTime(parsed.time)}
          </span>
        ) : (
          <span className="event-composer__hint">
            A time alone falls on {defaultDate}. Press <kbd className="kbd">Enter</kbd> to add,{' '}
            <kbd className="kbd">Shift</kbd>+<kbd className="kbd">Enter</kbd> for a new line.
          </span>
        )}
        {textError && <InlineError id={`${id}-text-error`}>{textError}</InlineError>}
      </div>
      <CoachHints text={text} className="event-composer__coach" />
      {target.isPrivate || target.blocked ? <PrivateHint section="timeline" className="event-composer__author" /> : <AuthorHint className="event-composer__author" />}
    </form>
  );
}
