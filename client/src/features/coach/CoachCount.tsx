// For the facilitator: how many coach hints the board's words carry, per phase. Unobtrusive: a
// small button in the export area, with the breakdown in its tooltip; each press brings the next
// marked note into view with its text ready to edit (which shows its hints). None: nothing shown.
import { useRef } from 'react';
import {
  combineReaders,
  readActions,
  readClusters,
  readEvents,
  readFactors,
  readLearnings,
  readMeta,
  readParticipants,
} from '../../../../shared/board';
import { countBoardHints, type BoardHintCounts } from '../../../../shared/coach';
import { useBoard } from '../../sync/BoardContext';
import { useBoardValue } from '../../sync/useBoardValue';
import { showToast } from '../../ui/Toast';
import './coach.css';

const readCounts = combineReaders(
  {
    meta: readMeta,
    events: readEvents,
    factors: readFactors,
    clusters: readClusters,
    actions: readActions,
    learnings: readLearnings,
    participants: readParticipants,
  },
  (board): BoardHintCounts => countBoardHints(board),
);

export function CoachCount() {
  const { doc, isFacilitator } = useBoard();
  const counts = useBoardValue(doc, readCounts);
  const lastShown = useRef(-1);
  if (!isFacilitator || counts.total === 0) return null;
  const detail = `Timeline ${counts.timeline} · Factors ${counts.factors} · Actions ${counts.actions} · Learnings ${counts.learnings} · Summary ${counts.summary}`;
  const next = () => {
    const marks = [...document.querySelectorAll<HTMLElement>('[data-coach-mark]')];
    if (marks.length === 0) {
      showToast({ message: `The hints are in fields without a mark (${detail}).` });
      return;
    }
    lastShown.current = (lastShown.current + 1) % marks.length;
    const note = marks[lastShown.current]!.closest<HTMLElement>('article') ?? marks[lastShown.current]!;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    note.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'center' });
    note.querySelector<HTMLTextAreaElement>('textarea')?.focus({ preventScroll: true });
  };
  return (
    <button type="button" className="coach-count" onClick={next} title={`Phrasing the coach would reframe: press to go to the next note with a hint. ${detail}`} data-testid="coach-count">
      {`${counts.total} phrasing hint${counts.total === 1 ? '' : 's'}`}
      <span className="visually-hidden">: go to the next</span>
    </button>
  );
}
