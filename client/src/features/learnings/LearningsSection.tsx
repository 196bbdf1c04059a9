// Learnings: at the close, each person names one thing they learned or will change.
import { memo, useState, type FormEvent } from 'react';
import {
  addLearning,
  BoardValidationError,
  deleteLearning,
  LIMITS,
  updateLearning,
  type Learning,
  readTextField,
} from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import { useLearnings } from '../../sync/boardHooks';
import { useAuthorName, useFacilitation, usePhase } from '../../sync/facilitationHooks';
import { deleteWithUndo } from '../../sync/undo';
import { Button, IconButton } from '../../ui/Button';
import { EditableText } from '../../ui/EditableText';
import { InlineError } from '../../ui/Field';
import { PlusIcon, TrashIcon } from '../../ui/icons';
import { shortName } from '../voting/VoteControls';
import './learnings.css';

export function LearningsSection() {
  const { canEdit } = useBoard();
  const learnings = useLearnings();
  const { showAuthors } = useFacilitation();
  const closing = usePhase() === 'learnings';
  return (
    <section className="panel board-section" id="learnings" aria-labelledby="learnings-title">
      <div className="board-section__header">
        <div className="board-section__heading">
          <h2 id="learnings-title" className="board-section__title">
            Learnings <span className="board-section__count">{learnings.length}</span>
          </h2>
          <p className="board-section__prompt">
            {closing
              ? 'Your turn: add one thing you learned, or will do differently from now on.'
              : 'To close: one thing each person learned, or will do differently.'}
          </p>
        </div>
      </div>
      {learnings.length === 0 ? (
        <p className="empty-note">Nothing yet. These go into the report for other teams to read.</p>
      ) : (
        <ul className="learnings">
          {learnings.map((l) => (
            <LearningItem key={l.id} learning={l} canEdit={canEdit} showAuthor={showAuthors} />
          ))}
        </ul>
      )}
      {canEdit && <LearningComposer prompting={closing} />}
    </section>
  );
}

const LearningItem = memo(function LearningItem({
  learning,
  canEdit,
  showAuthor,
}: {
  learning: Learning;
  canEdit: boolean;
  showAuthor: boolean;
}) {
  const { doc, connection, ctx } = useBoard();
  const name = shortName(learning.text, 40);
  return (
    <li className="learning" data-learning-id={learning.id}>
      <span className="learning__bullet" aria-hidden="true" />
      <div className="learning__body">
        <EditableText
          multiline
          rows={1}
          className="learning__text"
          value={learning.text}
          readOnly={!canEdit}
          label={`Learning: ${name}`}
          onChange={(text) => updateLearning(doc, learning.id, text, ctx)}
          read={() => readTextField(doc, { root: 'learnings', id: learning.id })}
        />
        {showAuthor && learning.author && <span className="learning__author">— {learning.author}</span>}
      </div>
      {canEdit && (
        <IconButton
          label={`Delete learning “${name}”`}
          size="sm"
          className="learning__delete"
          onClick={() => deleteWithUndo(connection.undoManager, 'Learning', () => deleteLearning(doc, learning.id, ctx))}
        >
          <TrashIcon size={14} />
        </IconButton>
      )}
    </li>
  );
});

function LearningComposer({ prompting }: { prompting: boolean }) {
  const { doc, ctx } = useBoard();
  const author = useAuthorName();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') return setError('Write the learning first.');
    if (text.length > LIMITS.noteLength) return setError(`Keep it under ${LIMITS.noteLength.toLocaleString()} characters.`);
    try {
      addLearning(doc, { text: text.trim(), author }, ctx);
      setText('');
      setError(null);
    } catch (err) {
      if (err instanceof BoardValidationError) setError(err.message);
      else throw err;
    }
  };
  return (
    <form className="learning-composer" onSubmit={submit} noValidate>
      <div className="learning-composer__row">
        <label className="visually-hidden" htmlFor="learning-composer-text">
          New learning
        </label>
        <input
          id="learning-composer-text"
          className="input"
          value={text}
          placeholder={prompting ? 'One thing you learned or will change…' : 'I did not know the pool size was set per region'}
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError(null);
          }}
          aria-invalid={error ? true : undefined}
          data-native-undo
        />
        <Button type="submit" variant="secondary" icon={<PlusIcon />}>
          Add learning
        </Button>
      </div>
      {error && <InlineError>{error}</InlineError>}
    </form>
  );
}
