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

/** The coach's hints on a text, checked a moment behind the typing. A note's first check too
 * comes just after the note is drawn (the initial value ''), so a board of 1,000 notes is on
 * screen before its 1,000 checks run, and they run without holding the page. */
function useCoachHints(text: string) {
  const names = useParticipantNames();
  const deferred = useDeferredValue(text, '');
  const hints = useMemo(() => (deferred.trim() ? checkText(deferred, { participantNames: names }) : []), [deferred, names]);
  return { hints, checked: deferred };
}

/**
 * The hints float just below the field, over what follows, so a long hint appearing as someone
 * types does not push the column down. On a note already on the board (`onNote`) they show while
 * its text is being edited, and a small mark on the note says it has some: the facilitator's
 * count jumps from mark to mark.
 */
export function CoachHints({ text, id, className, onNote = false }: { text: string; id?: string; className?: string; onNote?: boolean }) {
  const { hints, checked } = useCoachHints(text);
  if (hints.length === 0) return null;
  const deferred = checked;
  return (
    <div className={`coach-float${onNote ? ' coach-float--note' : ''}`}>
      {onNote && (
        <span className="coach-mark" data-coach-mark="" role="img" aria-label={`${hints.length} phrasing ${hints.length === 1 ? 'hint' : 'hints'}: edit the text to see ${hints.length === 1 ? 'it' : 'them'}`} title="The coach has a phrasing hint for this note: click into the text to see it." />
      )}
    <ul className={`coach-hints${onNote ? ' coach-hints--while-editing' : ''}${className ? ` ${className}` : ''}`} id={id} aria-label="Blameless-language hints" aria-live="polite">
      {hints.slice(0, 3).map((h) => (
        <li key={`${h.ruleId}-${h.start}`} className="coach-hint" data-rule={h.ruleId}>
          <span className="coach-hint__words">“{deferred.slice(h.start, h.end)}”</span> {h.message}{' '}
          {h.suggestion && <span className="coach-hint__suggestion">{h.suggestion}</span>}
        </li>
      ))}
      {hints.length > 3 && <li className="coach-hint coach-hint--more">and {hints.length - 3} more</li>}
    </ul>
    </div>
  );
}
