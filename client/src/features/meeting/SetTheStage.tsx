// The Ground rules phase's part of the board: the ground rules, the check-in, and the action items
// of earlier reviews. Open while the meeting is in that phase; folded to one line otherwise, and
// any person can unfold it.
import { useState } from 'react';
import { useFacilitation } from '../../sync/facilitationHooks';
import { ChevronDownIcon } from '../../ui/icons';
import { Checkin } from './Checkin';
import { GroundRules } from './GroundRules';
import { useCheckins } from './meetingHooks';
import { PastActions } from './PastActions';

export function SetTheStage() {
  const { phase } = useFacilitation();
  const inPhase = phase === 'groundRules';
  // The meeting arriving at (or leaving) this phase opens (or folds) it for everyone; a person's own
  // unfolding holds until the phase next changes. Derived in render, not set in an effect, so the
  // fold lands in the same frame as the phase: the board scrolls to the new phase's part after
  // this section has its new height, not before (it landed 220 px past the timeline).
  const [override, setOverride] = useState<{ phase: string; open: boolean } | null>(null);
  const open = override && override.phase === phase ? override.open : inPhase;
  const setOpen = (next: boolean) => setOverride({ phase, open: next });
  const checkins = useCheckins().length;

  return (
    <section className="panel board-section stage" id="ground-rules" aria-labelledby="stage-title" data-open={open}>
      <div className="board-section__header stage__header">
        <div className="board-section__heading">
          <h2 id="stage-title" className="board-section__title">
            <button type="button" className="stage__toggle" aria-expanded={open} aria-controls="stage-body" onClick={() => setOpen(!open)}>
              <ChevronDownIcon className="stage__chevron" />
              Set the stage
            </button>
          </h2>
          <p className="board-section__prompt">
            {open
              ? 'Ground rules, a one-line check-in from everyone, and whether last time’s actions were done.'
              : `Ground rules, check-in (${checkins} ${checkins === 1 ? 'line' : 'lines'}) and last time’s actions.`}
          </p>
        </div>
      </div>
      {open && (
        <div className="stage__body" id="stage-body">
          <div className="stage__row">
            <GroundRules />
            <Checkin />
          </div>
          <PastActions />
        </div>
      )}
    </section>
  );
}
