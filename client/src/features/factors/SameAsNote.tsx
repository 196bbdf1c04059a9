// "Same as in <review> (date)" under a factor linked to factors of earlier reviews (picked from the
// suggestions while it was written; docs/library.md), as the report shows it. Hovering shows the
// earlier factor's words.
import type { EarlierFactor } from '../../../../shared/board';

export function SameAsNote({ links }: { links: readonly EarlierFactor[] }) {
  if (links.length === 0) return null;
  return (
    <p className="factor-same-as factor-card__same-as">
      Same as in{' '}
      {links.map((l, i) => (
        <span key={`${l.boardId}/${l.factorId}`} title={l.text ? `“${l.text}”` : undefined}>
          {i > 0 && ', '}
          {l.reviewTitle || 'Untitled postmortem'}
          {l.incidentDate ? ` (${l.incidentDate})` : ''}
        </span>
      ))}
    </p>
  );
}
