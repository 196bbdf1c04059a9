// "Move to…": the same moves as dragging, from a menu of buttons, for keyboards, screen readers,
// and anyone who would rather not drag.
import { BoardValidationError, clusterDisplayName, moveFactor, type ContributingFactor } from '../../../../shared/board';
import { useBoard } from '../../sync/BoardContext';
import { useClusters } from '../../sync/boardHooks';
import { IconButton } from '../../ui/Button';
import { CheckIcon, MoveIcon } from '../../ui/icons';
import { Popover } from '../../ui/Popover';
import { announce } from '../../ui/Announcer';
import { showToast } from '../../ui/Toast';
import { COLUMN_LABELS, factorRevealKey } from './columns';
import { revealItem } from '../../ui/windowing';
import { shortName } from '../voting/VoteControls';
import { categoryOf, COLUMN_KEYS, columnOf } from './dnd';

/** The note is drawn anew in its new column or cluster (the menu and its button went with the old
 * one, and focus fell to the page): put the keyboard back on its "Move to…" button there. */
function followMovedFactor(factorId: string): void {
  // Its new place may be far down a column, out of the window of rendered notes: ask for it.
  // After a frame, so the old note's button is gone from the DOM.
  requestAnimationFrame(() => {
    void revealItem(factorRevealKey(factorId), `[data-factor-id="${CSS.escape(factorId)}"] [data-move-to]`).then((button) => {
      // Someone who already moved on (clicked elsewhere) keeps their place.
      if (button && (document.activeElement === document.body || document.activeElement === null || !document.activeElement.isConnected)) button.focus();
    });
  });
}

export function MoveToMenu({ factor, name }: { factor: ContributingFactor; name: string }) {
  return (
    <Popover
      label={`Move “${name}” to`}
      role="menu"
      align="end"
      trigger={(props) => (
        <IconButton label={`Move “${name}” to…`} size="sm" data-move-to="" {...props}>
          <MoveIcon size={14} />
        </IconButton>
      )}
    >
      {(close) => <MoveToItems factor={factor} onDone={close} />}
    </Popover>
  );
}

function MoveToItems({ factor, onDone }: { factor: ContributingFactor; onDone: () => void }) {
  const { doc, ctx } = useBoard();
  const clusters = useClusters();
  const here = columnOf(factor.category);
  const move = (placement: Parameters<typeof moveFactor>[2], where: string) => {
    try {
      moveFactor(doc, factor.id, placement, ctx);
    } catch (err) {
      if (err instanceof BoardValidationError) showToast({ message: err.message, tone: 'error' });
      else throw err;
      onDone();
      return;
    }
    onDone();
    showToast({ message: `Moved to ${where}.` });
    announce(`Moved “${shortName(factor.text)}” to ${where}.`);
    followMovedFactor(factor.id);
  };
  const otherClusters = clusters.filter((c) => c.id !== factor.clusterId);
  return (
    <>
      <div className="popover__heading">Move to</div>
      {COLUMN_KEYS.map((column) => {
        const current = column === here && factor.clusterId === null;
        return (
          <button
            key={column}
            type="button"
            role="menuitem"
            className="menu-item"
            aria-current={current ? 'true' : undefined}
            disabled={current}
            onClick={() => move({ category: categoryOf(column), clusterId: null }, COLUMN_LABELS[column])}
          >
            <span className={`menu-swatch cat--${column}`} aria-hidden="true" />
            {COLUMN_LABELS[column]}
            {current && <CheckIcon size={14} className="menu-item__check" />}
          </button>
        );
      })}
      {otherClusters.length > 0 && (
        <>
          <div className="menu-separator" role="separator" />
          <div className="popover__heading">Into a cluster</div>
          {otherClusters.map((c) => (
            <button
              key={c.id}
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() => move({ category: c.category, clusterId: c.id }, `the cluster “${clusterDisplayName(c)}”`)}
            >
              <span className={`menu-swatch cat--${c.category}`} aria-hidden="true" />
              <span className="menu-item__text">{clusterDisplayName(c)}</span>
              <span className="menu-item__meta">{COLUMN_LABELS[c.category]}</span>
            </button>
          ))}
        </>
      )}
    </>
  );
}
