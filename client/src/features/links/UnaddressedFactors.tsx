// In the Action items section: the most-voted factors and clusters that no action addresses yet,
// so the team sees which of the things it said mattered most are still without a change. Only
// once the facilitator has revealed the votes: before that there is no "most-voted" to show.
// The facilitator can say one can wait, with why (kept in the facilitation document, and in the
// report); it then leaves the warning for a quieter "can wait" line.
import { useId, useMemo, useState } from 'react';
import {
  BoardValidationError,
  combineReaders,
  readActions,
  readBallots,
  readClusters,
  readFactors,
  type VoteSettings,
} from '../../../../shared/board';
import { unaddressedTopFactors, type UnaddressedTarget } from '../../../../shared/causal';
import { FACILITATION_LIMITS, setCanWait } from '../../../../shared/facilitation';
import { useBoard } from '../../sync/BoardContext';
import { useFacilitation } from '../../sync/facilitationHooks';
import { useBoardValue } from '../../sync/useBoardValue';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/Field';
import { InfoIcon } from '../../ui/icons';
import { Popover } from '../../ui/Popover';
import { shortName } from '../voting/VoteControls';
import './links.css';

/** The most-voted notes without an action, counting dots with the facilitation document's rules. */
const readUnaddressed = combineReaders(
  { factors: readFactors, clusters: readClusters, actions: readActions, ballots: readBallots },
  (board, _settings: VoteSettings): UnaddressedTarget[] => unaddressedTopFactors(board),
);

export function UnaddressedFactors() {
  const { votes } = useFacilitation();
  return votes.revealed ? <Unaddressed voteBudget={votes.voteBudget} perTargetCap={votes.perTargetCap} /> : null;
}

const nameOf = (t: UnaddressedTarget) => shortName(t.kind === 'factor' ? t.text : t.name || 'Untitled cluster', 48);
const dotsOf = (t: UnaddressedTarget) => `${t.dots} dot${t.dots === 1 ? '' : 's'}`;

function Unaddressed({ voteBudget, perTargetCap }: { voteBudget: number; perTargetCap: number | null }) {
  const { doc, facilitation, isFacilitator, canEdit, ctx } = useBoard();
  const { canWait } = useFacilitation();
  const settings = useMemo(() => ({ voteBudget, perTargetCap }), [voteBudget, perTargetCap]);
  const targets = useBoardValue(doc, readUnaddressed, settings);
  const open = targets.filter((t) => !(t.id in canWait));
  const waiting = targets.filter((t) => t.id in canWait);
  const canDecide = isFacilitator && canEdit;
  if (targets.length === 0) return null;
  return (
    <>
      {open.length > 0 && (
        <div className="callout callout--warning unaddressed" role="status" aria-label="Top-voted factors no action addresses">
          <InfoIcon />
          <span>
            {open.length === 1 ? 'A top-voted factor has' : `${open.length} top-voted factors have`} no action yet:{' '}
            {open.map((t, i) => (
              <span key={t.id}>
                {i > 0 && ', '}
                <strong>{nameOf(t)}</strong> ({dotsOf(t)})
                {canDecide && <CanWaitButton target={t} />}
              </span>
            ))}
            . Link an action to each under “Addresses”, or {canDecide ? 'say why it can wait' : 'the facilitator can say why it can wait'}.
          </span>
        </div>
      )}
      {waiting.length > 0 && (
        <ul className="unaddressed-waiting" aria-label="Top-voted factors that can wait">
          {waiting.map((t) => (
            <li key={t.id}>
              <strong>{nameOf(t)}</strong> ({dotsOf(t)}) can wait: {canWait[t.id]}
              {canDecide && (
                <Button size="sm" variant="ghost" onClick={() => setCanWait(facilitation, t.id, null, ctx)}>
                  Needs an action after all
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** "Can wait…": asks why (the reason goes into the report). */
function CanWaitButton({ target }: { target: UnaddressedTarget }) {
  const { facilitation, ctx } = useBoard();
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const name = nameOf(target);
  return (
    <Popover
      label={`Why can “${name}” wait?`}
      trigger={(props) => (
        <button type="button" className="unaddressed__wait" aria-label={`“${name}” can wait…`} {...props}>
          can wait…
        </button>
      )}
    >
      {(close) => (
        <form
          className="can-wait"
          onSubmit={(e) => {
            e.preventDefault();
            try {
              setCanWait(facilitation, target.id, reason, ctx);
              close();
            } catch (err) {
              if (err instanceof BoardValidationError) setError(err.message);
              else throw err;
            }
          }}
        >
          <label className="field__label" htmlFor={`${id}-reason`}>
            Why can it wait? (goes into the report)
          </label>
          <textarea
            id={`${id}-reason`}
            className="textarea"
            rows={2}
            maxLength={FACILITATION_LIMITS.canWaitReasonLength}
            data-native-undo
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
          />
          {error && <InlineError>{error}</InlineError>}
          <Button type="submit" size="sm" variant="primary">
            Save
          </Button>
        </form>
      )}
    </Popover>
  );
}
