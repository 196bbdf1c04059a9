// "2 of 3 dots left": this person's budget, always in view while they vote. Their own dots only:
// nothing here depends on anyone else's ballot.
import { dotsOpenIn } from '../../../../shared/facilitation';
import { selectPhase, useFacilitationField } from '../meeting/meetingHooks';
import { describeRules } from './ballot';
import { useVotes } from './useVotes';
import './voting.css';

export function DotsLeft() {
  const { left, budget, cap } = useVotes();
  const phase = useFacilitationField(selectPhase);
  const spent = budget - left;
  // Before the Voting phase the budget is not news; once closed, there is nothing left to spend.
  if (!dotsOpenIn(phase)) return null;
  return (
    <div className="dots-left" role="status" aria-live="polite" title={`Voting: ${describeRules({ voteBudget: budget, perTargetCap: cap })}`}>
      <span className="dots-left__dots" aria-hidden="true">
        {Array.from({ length: Math.min(budget, 12) }, (_, i) => (
          <span key={i} className={`dots-left__dot${i < left ? ' is-free' : ''}`} />
        ))}
      </span>
      <span className="dots-left__text">
        {left} of {budget} {budget === 1 ? 'dot' : 'dots'} left
      </span>
      <span className="visually-hidden">{spent > 0 ? `, ${spent} spent` : ''}</span>
    </div>
  );
}
