// The facilitator's voting settings: dots per person, and an optional cap per note.
import { useState, type FormEvent } from 'react';
import { BoardValidationError, LIMITS, setVoteSettings } from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import { useVoteSettings } from '../../sync/boardHooks';
import { Button } from '../../ui/Button';
import { Field, InlineError } from '../../ui/Field';
import { SettingsIcon } from '../../ui/icons';
import { Popover } from '../../ui/Popover';
import './voting.css';

export function VoteSettingsButton() {
  return (
    <Popover
      label="Voting settings"
      align="end"
      trigger={(props) => (
        <Button variant="secondary" size="sm" icon={<SettingsIcon />} {...props}>
          Voting
        </Button>
      )}
    >
      {(close) => <VoteSettingsForm onDone={close} />}
    </Popover>
  );
}

function VoteSettingsForm({ onDone }: { onDone: () => void }) {
  const { doc } = useBoard();
  const settings = useVoteSettings();
  const [budget, setBudget] = useState(String(settings.voteBudget));
  const [cap, setCap] = useState(settings.perTargetCap === null ? '' : String(settings.perTargetCap));
  const [error, setError] = useState<string | null>(null);

  const save = (e: FormEvent) => {
    e.preventDefault();
    const voteBudget = Number(budget);
    const perTargetCap = cap.trim() === '' ? null : Number(cap);
    try {
      setVoteSettings(doc, { voteBudget, perTargetCap });
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
