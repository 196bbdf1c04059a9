// Shown to everyone once the facilitator closes the review; the facilitator can reopen it.
import { setPhase } from '../../../../shared/facilitation';
import { useBoard } from '../../sync/BoardContext';
import { serverClock } from '../../services/serverClock';
import { Button } from '../../ui/Button';
import { LockIcon } from '../../ui/icons';

export function ClosedBanner() {
  const { facilitation, isFacilitator, ctx } = useBoard();
  return (
    <div className="closed-banner" role="note" aria-label="Review closed">
      <LockIcon size={18} />
      <p className="closed-banner__text">
        <strong>This review is closed.</strong> The board is read-only and the report is final.
      </p>
      {isFacilitator && (
        <Button
          variant="secondary"
          onClick={() => {
            setPhase(facilitation, 'learnings', serverClock.now(), ctx);
            // This banner goes away: keep the keyboard on the meeting's controls.
            requestAnimationFrame(() => document.querySelector<HTMLElement>('.meeting-bar__next')?.focus());
          }} title="Back to Learnings: everyone can edit again">
          Reopen
        </Button>
      )}
    </div>
  );
}
