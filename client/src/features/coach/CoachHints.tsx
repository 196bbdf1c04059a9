// The blameless-language coach under a text field: gentle hints about blame-oriented phrasing,
// each with a systemic reframing. Never blocks writing; it only offers.
import { useDeferredValue, useMemo } from 'react';
import { combineReaders, readParticipants } from '../../../../shared/board';
import { checkText } from '../../../../shared/coach';
import { useBoard } from '../../sync/BoardContext';
import { useBoardValue } from '../../sync/useBoardValue';
import './coach.css';

const readParticipantNames = combineReaders({ participants: readParticipants }, ({ participants }): string[] =>
  participants.map((p) => p.name).filter((n) => n.trim() !== ''),
);

/** The names of the board's participants, for the coach to notice a person named as a cause. */
export function useParticipantNames(): string[] {
  return useBoardValue(useBoard().doc, readParticipantNames);
}

export function CoachHints({ text, id, className }: { text: string; id?: string; className?: string }) {
  const names = useParticipantNames();
  const deferred = useDeferredValue(text);
  const hints = useMemo(() => (deferred.trim() ? checkText(deferred, { participantNames: names }) : []), [deferred, names]);
  if (hints.length === 0) return null;
  return (
    <ul className={`coach-hints${className ? ` ${className}` : ''}`} id={id} aria-label="Blameless-language hints" aria-live="polite">
      {hints.slice(0, 3).map((h) => (
        <li key={`${h.ruleId}-${h.start}`} className="coach-hint" data-rule={h.ruleId}>
          <span className="coach-hint__words">“{deferred.slice(h.start, h.end)}”</span> {h.message}{' '}
          {h.suggestion && <span className="coach-hint__suggestion">{h.suggestion}</span>}
        </li>
      ))}
      {hints.length > 3 && <li className="coach-hint coach-hint--more">and {hints.length - 3} more</li>}
    </ul>
  );
}
