// A contributing factor note: a drag handle, its text (editable in place), its dots, a "Move to…"
// menu for moving it without dragging, and delete with undo. Dropping another note on it (in a
// column) stacks the two into a cluster.
import { memo } from 'react';
import { deleteFactor, updateFactorText, type ContributingFactor, readTextField } from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import { deleteWithUndo } from '../../sync/undo';
import { IconButton } from '../../ui/Button';
import { EditableText } from '../../ui/EditableText';
import { GripIcon, TrashIcon } from '../../ui/icons';
import { shortName, VoteControls } from '../voting/VoteControls';
import { columnOf } from './dnd';
import { FactorDragHandle } from './dropTargets';
import { MoveToMenu } from './MoveToMenu';
import { SameAsNote } from './SameAsNote';
import { FactorEventsPicker } from '../links/FactorEventsPicker';
import { CoachHints } from '../coach/CoachHints';
import { NewBadge } from '../prework/NewSinceNotice';
import { NoteAuthor } from '../prework/NoteAuthor';
import type { NamedDots } from '../voting/useVotes';

/** One target per theme: dots go to a cluster as a whole, not to the notes inside it. */
export const CLUSTERED_NOTE_DOTS = 'Dots go to the cluster as a whole: use the cluster’s + above its notes.';

interface FactorCardProps {
  factor: ContributingFactor;
  canEdit: boolean;
  /** Everyone's dots on the note, or null while the votes are hidden. */
  dots: number | null;
  mine: number;
  canAdd: boolean;
  /** Who placed the dots (named voting, after the reveal). */
  voters?: readonly NamedDots[] | undefined;
  /** Added since this person last looked. */
  isNew?: boolean;
}

/** The note. Its drag handle (a leaf, see dropTargets) re-renders as a drag moves over targets; the note does not. */
export const FactorCard = memo(function FactorCard(props: FactorCardProps) {
  const { factor, canEdit } = props;
  const column = columnOf(factor.category);
  const name = shortName(factor.text);
  return (
    <article
      className={`factor-card cat--${column}${canEdit ? '' : ' factor-card--readonly'}${props.isNew ? ' factor-card--new' : ''}`}
      aria-label={`Factor: ${name}`}
      data-factor-id={factor.id}
    >
      {canEdit && (
        <FactorDragHandle
          factorId={factor.id}
          target={{ type: 'factor', column, factorId: factor.id, clusterId: factor.clusterId }}
          stackable={factor.category !== null}
          name={name}
        />
      )}
      <FactorCardBody {...props} name={name} />
    </article>
  );
});

const FactorCardBody = memo(function FactorCardBody({
  factor,
  canEdit,
  dots,
  mine,
  canAdd,
  voters,
  isNew,
  name,
}: FactorCardProps & { name: string }) {
  const { doc, connection, ctx } = useBoard();
  return (
    <div className="factor-card__body">
      {isNew && <NewBadge />}
      <EditableText
        multiline
        className="factor-card__text"
        value={factor.text}
        readOnly={!canEdit}
        label={`Factor text: ${name}`}
        placeholder="Describe the condition"
        onChange={(text) => updateFactorText(doc, factor.id, text, ctx)}
        read={() => readTextField(doc, { root: 'factors', id: factor.id })}
      />
      <NoteAuthor author={factor.author} className="factor-card__author" />
      <SameAsNote links={factor.sameAs} />
      {canEdit && <CoachHints text={factor.text} onNote />}
      <div className="factor-card__footer">
        <VoteControls
          targetId={factor.id}
          name={name}
          dots={dots}
          mine={mine}
          canAdd={canAdd}
          voters={voters}
          closedReason={factor.clusterId === null ? undefined : CLUSTERED_NOTE_DOTS}
        />
        <FactorEventsPicker factor={factor} name={name} canEdit={canEdit} />
        {canEdit && (
          <div className="factor-card__tools">
            <MoveToMenu factor={factor} name={name} />
            <IconButton
              label={`Delete “${name}”`}
              size="sm"
              className="factor-card__delete"
              onClick={() => deleteWithUndo(connection.undoManager, 'Factor', () => deleteFactor(doc, factor.id, ctx))}
            >
              <TrashIcon size={14} />
            </IconButton>
          </div>
        )}
      </div>
    </div>
  );
});

/** What the pointer carries while dragging: a still picture of the note. */
export function FactorCardPreview({ factor }: { factor: ContributingFactor }) {
  return (
    <div className={`factor-card factor-card--overlay cat--${columnOf(factor.category)}`} aria-hidden="true">
      <span className="factor-card__handle">
        <GripIcon size={14} />
      </span>
      <div className="factor-card__body">
        <div className="editable editable--readonly factor-card__text">{factor.text || 'Empty note'}</div>
      </div>
    </div>
  );
}
