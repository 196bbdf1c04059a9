// This person's own private notes in a section, marked as seen by nobody else until the
// facilitator reveals them; a note can be taken back (deleted) before then. Shown while the mode is
// on or while any of their notes wait. Plus the line under a composer that says where a note goes.
import { useId } from 'react';
import { deleteEvent, deleteFactor, EVENT_KIND_LABELS, FACTOR_CATEGORY_LABELS } from '../../../../shared/board';
import type { DraftSection } from '../../../../shared/facilitation';
import type { EventId, FactorId } from '../../../../shared/ids';
import { useBoard } from '../../sync/BoardContext';
import { IconButton } from '../../ui/Button';
import { EyeIcon, TrashIcon } from '../../ui/icons';
import { longUtc } from '../timeline/time';
import { useDraftsDoc, useMyDraftEvents, useMyDraftFactors, usePrivateWriting } from './draftsHooks';
import './drafts.css';

export const PRIVATE_MARKER = 'Only you see this until the facilitator reveals';

export function PrivateNotes({ section }: { section: DraftSection }) {
  const drafts = useDraftsDoc();
  const on = usePrivateWriting(section);
  const { ctx, canEdit } = useBoard();
  const events = useMyDraftEvents();
  const factors = useMyDraftFactors();
  const id = useId();
  if (!drafts) return null;
  const notes =
    section === 'timeline'
      ? events.map((e) => ({ id: e.id, meta: `${longUtc(e.time)} · ${EVENT_KIND_LABELS[e.kind]}`, text: e.text }))
      : factors.map((f) => ({ id: f.id, meta: f.category ? FACTOR_CATEGORY_LABELS[f.category] : 'Unsorted', text: f.text }));
  if (!on && notes.length === 0) return null;
  const remove = (noteId: string) =>
    section === 'timeline' ? deleteEvent(drafts, noteId as EventId, ctx) : deleteFactor(drafts, noteId as FactorId, ctx);

  return (
    <section className="private-notes" aria-labelledby={`${id}-title`} aria-describedby={`${id}-marker`}>
      <h3 id={`${id}-title`} className="private-notes__title">
        Your private notes <span className="private-notes__count">{notes.length}</span>
      </h3>
      <p id={`${id}-marker`} className="private-notes__marker">
        <EyeIcon size={14} aria-hidden="true" /> {PRIVATE_MARKER}.
      </p>
      {notes.length === 0 ? (
        <p className="private-notes__empty">
          {section === 'timeline' ? 'Events you add now go here first.' : 'Factors you add now go here first.'}
        </p>
      ) : (
        <ul className="private-notes__list">
          {notes.map((note) => (
            <li key={note.id} className="private-note" aria-describedby={`${id}-marker`}>
              <span className="private-note__badge">Private</span>
              <span className="private-note__meta">{note.meta}</span>
              <span className="private-note__text">{note.text}</span>
              {canEdit && (
                <IconButton label={`Delete private note: ${note.text.slice(0, 60)}`} size="sm" onClick={() => remove(note.id)}>
                  <TrashIcon size={14} />
                </IconButton>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Under a composer while the mode is on: what is added now stays private until the reveal. */
export function PrivateHint({ section, className }: { section: DraftSection; className?: string }) {
  const drafts = useDraftsDoc();
  const on = usePrivateWriting(section);
  if (!on) return null;
  return (
    <p className={`private-hint${className ? ` ${className}` : ''}`}>
      {drafts
        ? 'Writing privately first: what you add stays in your private notes until the facilitator reveals everyone’s.'
        : 'Writing privately first: join the board under your name to add notes now.'}
    </p>
  );
}
