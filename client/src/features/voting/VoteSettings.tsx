// The rules of the vote and, for the facilitator, the controls: dots per person, the most dots on
// one note, named voting, and revealing the votes. All of it lives in the facilitation document,
// which only the facilitator's connection may write; everyone else sees the rules as words.
import { useId, useState, type FormEvent } from 'react';
import { BoardValidationError, LIMITS } from '../../../../shared/board';
import { setFacilitationVoteSettings, setNamedVoting, setVotesRevealed } from '../../../../shared/facilitation';
import { useBoard } from '../../sync/BoardContext';
import { useFacilitation } from '../../sync/facilitationHooks';
import { Button } from '../../ui/Button';
import { Field, InlineError } from '../../ui/Field';
import { EyeIcon, EyeOffIcon, PeopleIcon, SettingsIcon } from '../../ui/icons';
import { Popover } from '../../ui/Popover';
import { describeRules } from './ballot';
import { HIDDEN_HINT } from './VoteControls';
import './voting.css';

/** The Factors section's voting tools: the rules and whether votes show, for everyone; reveal and
 * settings for the facilitator while the board is open. */
export function VotingTools() {
  const { isFacilitator, closed } = useBoard();
  return (
    <div className="voting-tools">
      <VoteRules />
      {isFacilitator && !closed && (
        <>
          <RevealButton />
          <VoteSettingsButton />
        </>
      )}
    </div>
  );
}

/** "3 dots each, at most 2 on one note", whether the votes are hidden, and whether named. */
export function VoteRules() {
  const { votes } = useFacilitation();
  return (
    <div className="vote-rules" role="group" aria-label="Voting rules">
      <span className="vote-rules__item">
        <span className="votes__dot" aria-hidden="true" />
        {describeRules(votes)}
      </span>
      <span
        className={`vote-rules__item vote-rules__state${votes.revealed ? ' is-revealed' : ''}`}
        title={votes.revealed ? 'Everyone sees the tallies and the ranking.' : HIDDEN_HINT}
      >
        {votes.revealed ? <EyeIcon size={14} /> : <EyeOffIcon size={14} />}
        {votes.revealed ? 'Votes revealed' : 'Votes hidden'}
      </span>
      {votes.named && (
        <span className="vote-rules__item" title="Once the votes are revealed, each note shows who put dots on it.">
          <PeopleIcon size={14} />
          Named voting
        </span>
      )}
    </div>
  );
}

/** "Reveal votes" / "Hide again": the facilitator's switch for everyone's tallies. */
export function RevealButton({ variant = 'primary' }: { variant?: 'primary' | 'secondary' }) {
  const { facilitation, ctx } = useBoard();
  const { revealed } = useFacilitation().votes;
  return revealed ? (
    <Button
      variant="secondary"
      size="sm"
      icon={<EyeOffIcon size={14} />}
      onClick={() => setVotesRevealed(facilitation, false, ctx)}
      title="Hide everyone’s tallies again: each person sees only their own dots"
    >
      Hide again
    </Button>
  ) : (
    <Button
      variant={variant}
      size="sm"
      icon={<EyeIcon size={14} />}
      onClick={() => setVotesRevealed(facilitation, true, ctx)}
      title="Show everyone the tallies and the ranking"
    >
      Reveal votes
    </Button>
  );
}

export function VoteSettingsButton() {
  return (
    <Popover
      label="Voting settings"
      align="end"
      trigger={(props) => (
        <Button variant="secondary" size="sm" icon={<SettingsIcon />} {...props}>
          Vote settings
        </Button>
      )}
    >
      {(close) => <VoteSettingsForm onDone={close} />}
    </Popover>
  );
}

function VoteSettingsForm({ onDone }: { onDone: () => void }) {
  const { facilitation, ctx } = useBoard();
  const { votes } = useFacilitation();
  const [budget, setBudget] = useState(String(votes.voteBudget));
  const [cap, setCap] = useState(votes.perTargetCap === null ? '' : String(votes.perTargetCap));
  const [named, setNamed] = useState(votes.named);
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();

  const save = (e: FormEvent) => {
    e.preventDefault();
    const voteBudget = Number(budget);
    const perTargetCap = cap.trim() === '' ? null : Number(cap);
    try {
      facilitation.transact(() => {
        setFacilitationVoteSettings(facilitation, { voteBudget, perTargetCap }, ctx);
        if (named !== votes.named) setNamedVoting(facilitation, named, ctx);
      });
      onDone();
    } catch (err) {
      if (err instanceof BoardValidationError) setError(err.message);
      else throw err;
    }
  };

  return (
    <form className="vote-settings" onSubmit={save} noValidate>
      <div className="popover__heading">Voting</div>
      <Field label="Dots per person" hint={`Three is a good start; at most ${LIMITS.maxVoteBudget}.`}>
        <input
          className="input"
          type="number"
          min={1}
          max={LIMITS.maxVoteBudget}
          value={budget}
          onChange={(e) => setBudget(e.target.value)}
          data-native-undo
        />
      </Field>
      <Field label="Most dots on one note" optional hint="Leave empty for no limit.">
        <input
          className="input"
          type="number"
          min={1}
          value={cap}
          onChange={(e) => setCap(e.target.value)}
          placeholder="No limit"
          data-native-undo
        />
      </Field>
      <label className="vote-settings__switch">
        <input type="checkbox" role="switch" checked={named} onChange={(e) => setNamed(e.target.checked)} aria-describedby={hintId} />
        <span>
          <span className="vote-settings__switch-label">Named voting</span>
          <span className="field__hint" id={hintId}>
            Off, nobody can tell whose dots are whose. On, each dot placed from now on carries its voter’s name, shown
            with the tallies once revealed.
          </span>
        </span>
      </label>
      {error && <InlineError>{error}</InlineError>}
      <div className="vote-settings__footer">
        <Button variant="ghost" size="sm" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" size="sm">
          Save
        </Button>
      </div>
    </form>
  );
}
