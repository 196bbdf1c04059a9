// "What we knew at the time" on an event note: what people saw, what they thought, and why the
// step made sense then. Folded away until someone opens it; its questions ask about that moment,
// not about what we know now, to guard the review against hindsight.
import { useId, useState } from 'react';
import {
  EVENT_CONTEXT_FIELDS,
  EVENT_CONTEXT_LABELS,
  EVENT_CONTEXT_PROMPTS,
  updateEventContext,
  type TimelineEvent,
  readTextField,
} from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import { EditableText } from '../../ui/EditableText';
import { ChevronRightIcon } from '../../ui/icons';
import './hindsight.css';

type ContextEvent = Pick<TimelineEvent, 'id' | 'time' | 'sawAtTheTime' | 'thoughtAtTheTime' | 'whyItMadeSense'>;

export function EventContext({ event, canEdit }: { event: ContextEvent; canEdit: boolean }) {
  const { doc, ctx } = useBoard();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const filled = EVENT_CONTEXT_FIELDS.filter((f) => event[f].trim() !== '');
  if (!canEdit && filled.length === 0) return null;
  const at = event.time.slice(11, 16);
  return (
    <div className="event-context">
      <button
        type="button"
        className="event-context__toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {/* An icon, not a "▸" character: the page's fonts lack it, and finding one that has it
            cost a fresh page 10-30 ms of its first layout (docs/benchmarks.md, tenth pass). */}
        <ChevronRightIcon size={12} className="event-context__chevron" />
        What we knew at the time
        {filled.length > 0 && <span className="event-context__count"> ({filled.length}/3)</span>}
      </button>
      {open && (
        <div className="event-context__fields" id={panelId}>
          {(canEdit ? EVENT_CONTEXT_FIELDS : filled).map((field) => (
            <div key={field} className="event-context__field">
              <span className="event-context__label">{EVENT_CONTEXT_LABELS[field]}</span>
              <EditableText
                multiline
                rows={2}
                className="event-context__text"
                value={event[field]}
                readOnly={!canEdit}
                label={`${EVENT_CONTEXT_LABELS[field]} at ${at}`}
                placeholder={EVENT_CONTEXT_PROMPTS[field]}
                onChange={(text) => updateEventContext(doc, event.id, { [field]: text }, ctx)}
                read={() => readTextField(doc, { root: 'events', id: event.id, field })}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
