// Spending and taking back dots on one note or cluster, and what this person may see of its
// tally: until the facilitator reveals the votes, only their own dots; afterwards everyone's, and
// under named voting who placed them.
import { memo } from 'react';
import type { VoteTargetId } from '../../../../shared/board';
import { dotsOpenIn, readFacilitation } from '../../../../shared/facilitation';
import { useBoard } from '../../sync/BoardContext';
import { IconButton } from '../../ui/Button';
import { EyeOffIcon, MinusIcon, PlusIcon } from '../../ui/icons';
import { Popover } from '../../ui/Popover';
import { showToast } from '../../ui/Toast';
import { selectPhase, useFacilitationField } from '../meeting/meetingHooks';
import { myBallotStore } from './myBallot';
import type { NamedDots } from './useVotes';
import './voting.css';

interface VoteControlsProps {
  targetId: VoteTargetId;
  /** Short text naming the note, for the buttons' accessible names. */
  name: string;
  /** Everyone's dots on the note, or null while the votes are hidden. */
  dots: number | null;
  mine: number;
  canAdd: boolean;
  /** Who placed the dots (named voting, after the reveal). */
  voters?: readonly NamedDots[] | undefined;
  /** Why no dot can go here whatever is left (a note inside a cluster: its cluster takes them). */
  closedReason?: string | undefined;
}

const plural = (n: number) => `${n} ${n === 1 ? 'dot' : 'dots'}`;
export const HIDDEN_HINT = 'Votes are hidden until the facilitator reveals them.';

export const VoteControls = memo(function VoteControls({ targetId, name, dots, mine, canAdd: canAddDot, voters, closedReason }: VoteControlsProps) {
  const canAdd = canAddDot && closedReason === undefined;
  const { facilitation, connection, token, canEdit: canWrite } = useBoard();
  const ballot = myBallotStore(connection.boardId, token);
  // The server decides; a refusal says why, and the dot shown is only ever the one it kept.
  const send = (delta: 1 | -1) =>
    ballot.vote(targetId, delta).catch((err: unknown) => showToast({ message: err instanceof Error ? err.message : String(err), tone: 'error' }));
  // Dots are spent in the Voting phase (and may still move while actions are decided), not before.
  const open = dotsOpenIn(useFacilitationField(selectPhase));
  const canEdit = canWrite && open;
  const summary =
    dots !== null
      ? `${plural(dots)}${mine > 0 ? `, ${mine} of them yours` : ''}`
      : canEdit
        ? `${mine > 0 ? `${mine} of yours` : 'none of yours'}; totals hidden until the facilitator reveals them`
        : canWrite
          ? 'dots are spent in the Voting phase'
          : 'hidden until the facilitator reveals them';
  // The rules are read when a dot is spent, so no note re-renders when the facilitator changes them.
  const rules = () => readFacilitation(facilitation).votes;
  const spend = () => {
    // The button is never disabled: a click with no dot to spend says why instead of doing nothing.
    if (closedReason !== undefined) {
      showToast({ message: closedReason });
      return;
    }
    if (!canAdd) {
      const { voteBudget, perTargetCap } = rules();
      showToast({
        message:
          perTargetCap !== null && mine >= perTargetCap
            ? `At most ${plural(perTargetCap)} on one note: this one has ${mine === 1 ? 'yours' : `all ${mine}`} it can take.`
            : `You have spent all ${plural(voteBudget)}. Take one back from another note to put it here.`,
      });
      return;
    }
    void send(1);
  };
  // Before the Voting phase there is nothing to show: no dots yet, and none to spend.
  if (!open && dots === null && mine === 0) return null;
  // A note in a cluster holds no dots (its cluster does): nothing to show unless some were placed
  // before it joined the cluster, which can be taken back.
  if (closedReason !== undefined && mine === 0 && (dots ?? 0) === 0) return null;
  return (
    <div className="votes" role="group" aria-label={`Dots on “${name}”: ${summary}`}>
      {canEdit && (
        <IconButton
          label={`Take back a dot from “${name}”`}
          size="sm"
          className="votes__btn"
          disabled={mine === 0}
          onClick={() => void send(-1)}
        >
          <MinusIcon size={14} />
        </IconButton>
      )}
      {dots === null ? (
        <HiddenTally mine={mine} canEdit={canEdit} />
      ) : voters && voters.length > 0 && dots > 0 ? (
        <NamedTally name={name} dots={dots} mine={mine} voters={voters} summary={summary} />
      ) : (
        <span className={tallyClass(dots, mine)} title={summary}>
          <span className="votes__dot" aria-hidden="true" />
          {dots}
        </span>
      )}
      {canEdit && (
        <IconButton
          label={`Add a dot to “${name}”`}
          size="sm"
          className="votes__btn"
          aria-disabled={canAdd ? undefined : true}
          onClick={spend}
        >
          <PlusIcon size={14} />
        </IconButton>
      )}
    </div>
  );
});

const tallyClass = (dots: number, mine: number) =>
  `votes__count${mine > 0 ? ' votes__count--mine' : ''}${dots === 0 ? ' votes__count--none' : ''}`;

/** Before the reveal: this person's own dots, and nothing of anyone else's. */
function HiddenTally({ mine, canEdit }: { mine: number; canEdit: boolean }) {
  if (!canEdit) {
    return (
      <span className="votes__count votes__count--hidden" title={HIDDEN_HINT}>
        <EyeOffIcon size={13} />
      </span>
    );
  }
  return (
    <span
      className={`votes__count votes__count--private${mine > 0 ? ' votes__count--mine' : ' votes__count--none'}`}
      title={`${mine > 0 ? `Your dots: ${mine}.` : 'You have no dots here.'} ${HIDDEN_HINT}`}
    >
      <span className="votes__dot" aria-hidden="true" />
      {mine > 0 && (
        <>
          {mine}
          <span className="votes__yours">yours</span>
        </>
      )}
    </span>
  );
}

/** After the reveal, under named voting: the tally opens the list of who placed the dots. */
function NamedTally({
  name,
  dots,
  mine,
  voters,
  summary,
}: {
  name: string;
  dots: number;
  mine: number;
  voters: readonly NamedDots[];
  summary: string;
}) {
  return (
    <Popover
      label={`Who put dots on “${name}”`}
      className="voters-popover"
      trigger={(props) => (
        <button
          type="button"
          className={`${tallyClass(dots, mine)} votes__count--button`}
          title={voters.map(voterLine).join('\n')}
          aria-label={`${summary}. Who voted`}
          {...props}
        >
          <span className="votes__dot" aria-hidden="true" />
          {dots}
        </button>
      )}
    >
      <div className="voters">
        <div className="popover__heading">Who voted</div>
        <ul className="voters__list">
          {voters.map((v) => (
            <li key={v.name ?? ''} className={`voters__row${v.name === null ? ' voters__row--unnamed' : ''}`}>
              <span className="voters__name">{v.name ?? 'Without a name'}</span>
              <span className="voters__dots">
                {Array.from({ length: Math.min(v.dots, 10) }, (_, i) => (
                  <span key={i} className="votes__dot" aria-hidden="true" />
                ))}
                {v.dots > 10 && <span aria-hidden="true">+{v.dots - 10}</span>}
                <span className="visually-hidden">{plural(v.dots)}</span>
              </span>
            </li>
          ))}
        </ul>
      </div>
    </Popover>
  );
}

const voterLine = (v: NamedDots) => `${v.name ?? 'Without a name'}: ${plural(v.dots)}`;

/** A note's text shortened for a button's name or a list. */
export function shortName(text: string, max = 48): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'an empty note';
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
