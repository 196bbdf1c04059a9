// The incident's severity, services and tags in the board's header. Everyone sees them; the
// facilitator edits them (they live in the facilitation document, which only facilitator
// connections may write; the server drops anyone else's change).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { BoardValidationError } from '../../../../shared/board';
import { setIncidentFields } from '../../../../shared/facilitation';
import { SEVERITIES, SEVERITY_LABELS, type Severity } from '../../../../shared/library';
import { useBoard } from '../../sync/BoardContext';
import { useFacilitation } from '../../sync/facilitationHooks';
import './library.css';

const splitLabels = (text: string) => text.split(',').map((s) => s.trim()).filter((s) => s !== '');

export function IncidentFields() {
  const { facilitation, ctx, isFacilitator, closed } = useBoard();
  const { incident } = useFacilitation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState({ severity: '', services: '', tags: '' });
  const [error, setError] = useState<string | null>(null);
  // The panel takes focus when it opens and gives it back to its button when it closes.
  const editButton = useRef<HTMLButtonElement>(null);
  const firstControl = useRef<HTMLSelectElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (editing) firstControl.current?.focus();
    else if (opened.current) editButton.current?.focus();
    opened.current = editing;
  }, [editing]);
  const canEdit = isFacilitator && !closed;
  const empty = !incident.severity && incident.services.length === 0 && incident.tags.length === 0;

  const start = () => {
    setDraft({ severity: incident.severity, services: incident.services.join(', '), tags: incident.tags.join(', ') });
    setError(null);
    setEditing(true);
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    try {
      setIncidentFields(facilitation, { severity: draft.severity as Severity | '', services: splitLabels(draft.services), tags: splitLabels(draft.tags) }, ctx);
      setEditing(false);
    } catch (err) {
      if (err instanceof BoardValidationError) setError(err.message);
      else throw err;
    }
  };

  if (editing) {
    return (
      <form
        className="incident-fields incident-fields--editing"
        onSubmit={save}
        aria-label="Incident fields"
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.stopPropagation();
          setEditing(false);
        }}
      >
        <select ref={firstControl} className="select select--sm" aria-label="Severity" value={draft.severity} onChange={(e) => setDraft({ ...draft, severity: e.target.value })}>
          <option value="">No severity</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABELS[s]}
            </option>
          ))}
        </select>
        <input className="input" aria-label="Services (separated by commas)" placeholder="Services: checkout, payments" value={draft.services} onChange={(e) => setDraft({ ...draft, services: e.target.value })} />
        <input className="input" aria-label="Tags (separated by commas)" placeholder="Tags: config, capacity" value={draft.tags} onChange={(e) => setDraft({ ...draft, tags: e.target.value })} />
        <button type="submit" className="btn btn--primary btn--sm">
          Save
        </button>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(false)}>
          Cancel
        </button>
        {error && (
          <span className="inline-error" role="alert">
            {error}
          </span>
        )}
      </form>
    );
  }
  if (empty && !canEdit) return null;
  return (
    <span className="incident-fields" aria-label="Incident fields">
      {incident.severity && <span className={`severity-badge severity-badge--${incident.severity.toLowerCase()}`}>{incident.severity}</span>}
      {incident.services.map((s) => (
        <span key={`s-${s}`} className="label-chip label-chip--service">
          {s}
        </span>
      ))}
      {incident.tags.map((t) => (
        <span key={`t-${t}`} className="label-chip">
          #{t}
        </span>
      ))}
      {canEdit && (
        <button
          ref={editButton}
          type="button"
          className="btn btn--ghost btn--sm incident-fields__edit"
          title={empty ? 'Add severity, services and tags: the library finds reviews by them' : 'Edit severity, services and tags'}
          onClick={start}
        >
          {empty ? 'Add severity, services, tags' : 'Edit'}
        </button>
      )}
    </span>
  );
}
