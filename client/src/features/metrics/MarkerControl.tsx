// The incident moment an event marks (impact started, detected, …): a small select on the note for
// people who can edit, a badge for viewers. Setting a marker moves it off any other event.
import { MARKER_LABELS, MARKER_NAMES, setEventMarker, type MarkerName, type TimelineEvent } from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import './metrics.css';

export function MarkerControl({ event, canEdit }: { event: Pick<TimelineEvent, 'id' | 'marker' | 'time'>; canEdit: boolean }) {
  const { doc, ctx } = useBoard();
  const marker = event.marker;
  if (!canEdit) {
    return marker ? <span className="marker-badge">{MARKER_LABELS[marker]}</span> : null;
  }
  return (
    <select
      className={`marker-select${marker ? ' marker-select--set' : ''}`}
      value={marker ?? ''}
      aria-label={`Incident marker for the event at ${event.time.slice(11, 16)} (${marker ? MARKER_LABELS[marker] : 'none'})`}
      title="Mark this as a moment of the incident, for the metrics"
      onChange={(e) => setEventMarker(doc, event.id, (e.target.value || null) as MarkerName | null, ctx)}
    >
      <option value="">{marker ? 'No marker' : 'Mark…'}</option>
      {MARKER_NAMES.map((m) => (
        <option key={m} value={m}>
          {MARKER_LABELS[m]}
        </option>
      ))}
    </select>
  );
}
