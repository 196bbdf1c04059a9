// The board's ground rules, read together at the start. The facilitator can rewrite them, one per
// line; they live in the facilitation document, so only the facilitator's edits count.
import { useState, type FormEvent } from 'react';
import { BoardValidationError } from '../../../../shared/board';
import { FACILITATION_LIMITS, setGroundRules } from '../../../../shared/facilitation';
import { useBoard } from '../../sync/BoardContext';
import { useFacilitation } from '../../sync/facilitationHooks';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/Field';
import { PencilIcon } from '../../ui/icons';

/** What is wrong with a set of rules typed one per line, or null. */
export function checkGroundRules(lines: readonly string[]): string | null {
  const rules = lines.map((l) => l.trim()).filter((l) => l !== '');
  if (rules.length > FACILITATION_LIMITS.groundRules) {
    return `Keep it to ${FACILITATION_LIMITS.groundRules} rules or fewer (there are ${rules.length}).`;
  }
  const long = rules.findIndex((r) => r.length > FACILITATION_LIMITS.groundRuleLength);
  if (long >= 0) {
    return `Rule ${long + 1} is ${rules[long]!.length} characters long; keep each under ${FACILITATION_LIMITS.groundRuleLength}.`;
  }
  return null;
}

export function GroundRules() {
  const { facilitation, isFacilitator, closed, ctx } = useBoard();
  const { groundRules } = useFacilitation();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (draft === null) return;
    const lines = draft.split('\n');
    const problem = checkGroundRules(lines);
    if (problem) return setError(problem);
    try {
      setGroundRules(facilitation, lines, ctx);
      setDraft(null);
      setError(null);
    } catch (err) {
      if (err instanceof BoardValidationError) setError(err.message);
      else throw err;
    }
  };

  return (
    <div className="meeting-card ground-rules">
      <div className="meeting-card__header">
        <h3 className="meeting-card__title" id="ground-rules-title">
          Ground rules
        </h3>
        {isFacilitator && !closed && draft === null && (
          <Button
            variant="ghost"
            size="sm"
            icon={<PencilIcon size={13} />}
            onClick={() => {
              setDraft(groundRules.join('\n'));
              setError(null);
            }}
            aria-label="Edit the ground rules"
          >
            Edit
          </Button>
        )}
      </div>
      {draft === null ? (
        <ol className="ground-rules__list" aria-labelledby="ground-rules-title">
          {groundRules.map((rule, i) => (
            <li key={i}>{rule}</li>
          ))}
        </ol>
      ) : (
        <form className="ground-rules__form" onSubmit={save} noValidate>
          <label htmlFor="ground-rules-draft" className="ground-rules__hint">
            One rule per line. Leave it empty to go back to Debrief’s four.
          </label>
          <textarea
            id="ground-rules-draft"
            className="textarea"
            rows={Math.min(10, Math.max(4, draft.split('\n').length + 1))}
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              if (error) setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setDraft(null);
                setError(null);
              }
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'ground-rules-error' : undefined}
            autoFocus
            data-native-undo
          />
          {error && <InlineError id="ground-rules-error">{error}</InlineError>}
          <div className="ground-rules__actions">
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setDraft(null);
                setError(null);
              }}
            >
              Cancel
            </Button>
            <Button type="submit" variant="primary" size="sm">
              Save rules
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
