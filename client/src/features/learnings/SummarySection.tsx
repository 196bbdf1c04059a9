// The summary at the top of the report: what happened, who was affected, for how long.
import { setSummary, readTextField } from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import { useMeta } from '../../sync/boardHooks';
import { EditableText } from '../../ui/EditableText';
import './learnings.css';

export function SummarySection() {
  const { doc, canEdit, ctx } = useBoard();
  const { summary } = useMeta();
  return (
    <section className="panel board-section" id="summary" aria-labelledby="summary-title">
      <div className="board-section__header">
        <div className="board-section__heading">
          <h2 id="summary-title" className="board-section__title">
            Summary
          </h2>
          <p className="board-section__prompt">
            For readers who were not there: what happened, who and what was affected, for how long, with numbers.
          </p>
        </div>
      </div>
      <EditableText
        multiline
        rows={5}
        className="summary__text"
        value={summary}
        readOnly={!canEdit}
        label="Summary"
        placeholder="Between 14:02 and 14:49 UTC, about 8% of checkout requests failed…"
        onChange={(next) => setSummary(doc, next, ctx)}
        read={() => readTextField(doc, { root: 'meta', field: 'summary' })}
      />
    </section>
  );
}
