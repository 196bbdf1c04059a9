// For the facilitator: how many coach hints the board's words carry, per phase. Unobtrusive: a
// small line in the export area, with the breakdown in its tooltip.
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
  if (!isFacilitator) return null;
  const detail = `Timeline ${counts.timeline} · Factors ${counts.factors} · Actions ${counts.actions} · Learnings ${counts.learnings} · Summary ${counts.summary}`;
  return (
    <span className="coach-count" title={`Phrasing the coach would reframe. ${detail}`} data-testid="coach-count">
      {counts.total === 0 ? 'No blame-language hints' : `${counts.total} blame-language hint${counts.total === 1 ? '' : 's'}`}
    </span>
  );
}
