// The board page's layout: the header, then the review in the order the meeting runs: timeline,
// contributing factors, the dots and the actions they lead to, and the close.
import { useState } from 'react';
import { loadDisplayName, saveDisplayName } from '../../app/storage';
import { useBoard } from '../../sync/BoardContext';
import { useUndoShortcuts } from '../../sync/undo';
import { EyeIcon } from '../../ui/icons';
import { ActionsSection } from '../actions/ActionsSection';
import { FactorsSection } from '../factors/FactorsSection';
import { LearningsSection } from '../learnings/LearningsSection';
import { SummarySection } from '../learnings/SummarySection';
import { TimelineSection } from '../timeline/TimelineSection';
import { TopFactors } from '../voting/TopFactors';
import { BoardHeader } from './BoardHeader';
import { NameDialog } from './NameDialog';

interface BoardViewProps {
  openShareInitially: boolean;
  displayName: string;
  onRename: (name: string) => void;
}

export function BoardView({ openShareInitially, displayName, onRename }: BoardViewProps) {
  const { connection, canEdit } = useBoard();
  const [renaming, setRenaming] = useState(false);
  // A closed board takes no edits, undo included.
  useUndoShortcuts(canEdit ? connection.undoManager : null);

  return (
    <div className="board-app">
      <BoardHeader openShareInitially={openShareInitially} onEditName={() => setRenaming(true)} />
      <main className="board-main">
        {!canEdit && (
          <div className="view-only-note" role="note">
            <EyeIcon />
            <span>
              <strong>View only.</strong> You can follow the review as it happens and download the report, but not change
              the board.
            </span>
          </div>
        )}
        <TimelineSection />
        <FactorsSection />
        <div className="board-row">
          <TopFactors />
          <ActionsSection />
        </div>
        <div className="board-row board-row--close">
          <LearningsSection />
          <SummarySection />
        </div>
      </main>
      {renaming && (
        <NameDialog
          open
          initial={displayName || loadDisplayName()}
          onCancel={() => setRenaming(false)}
          onSubmit={(name) => {
            saveDisplayName(name);
            onRename(name);
            setRenaming(false);
          }}
        />
      )}
    </div>
  );
}
