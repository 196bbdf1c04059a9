// Spending and taking back dots on one note or cluster, and its tally.
import { memo } from 'react';
import { castVote, retractVote, type VoteTargetId } from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import { IconButton } from '../../ui/Button';
import { MinusIcon, PlusIcon } from '../../ui/icons';
import { showToast } from '../../ui/Toast';
import './voting.css';

interface VoteControlsProps {
  targetId: VoteTargetId;
  /** Short text naming the note, for the buttons' accessible names. */
  name: string;
  dots: number;
  mine: number;
  canAdd: boolean;
}

export const VoteControls = memo(function VoteControls({ targetId, name, dots, mine, canAdd }: VoteControlsProps) {
  const { doc, voterId, canEdit } = useBoard();
  const summary = `${dots} ${dots === 1 ? 'dot' : 'dots'}${mine > 0 ? `, ${mine} of them yours` : ''}`;
  const spend = () => {
    try {
      if (!castVote(doc, voterId, targetId)) showToast({ message: 'No dots left to spend here. Take one back from another note first.' });
    } catch (err) {
      showToast({ message: err instanceof Error ? err.message : String(err), tone: 'error' });
    }
  };
  return (
    <div className="votes" role="group" aria-label={`Dots on “${name}”: ${summary}`}>
      {canEdit && (
        <IconButton
          label={`Take back a dot from “${name}”`}
          size="sm"
          className="votes__btn"
          disabled={mine === 0}
          onClick={() => retractVote(doc, voterId, targetId)}
        >
          <MinusIcon size={14} />
        </IconButton>
      )}
      <span className={`votes__count${mine > 0 ? ' votes__count--mine' : ''}${dots === 0 ? ' votes__count--none' : ''}`} title={summary}>
        <span className="votes__dot" aria-hidden="true" />
        {dots}
      </span>
      {canEdit && (
        <IconButton label={`Add a dot to “${name}”`} size="sm" className="votes__btn" disabled={!canAdd} onClick={spend}>
          <PlusIcon size={14} />
        </IconButton>
      )}
    </div>
  );
});

/** A note's text shortened for a button's name or a list. */
export function shortName(text: string, max = 48): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'an empty note';
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
