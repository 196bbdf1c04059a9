// The board's header: what the incident is, who is here, the connection, and the board-wide
// actions (share, download, theme); beneath it, the meeting bar (phase, purpose, timer, who is
// done) with this person's dots and undo.
import { useEffect, useRef, useState } from 'react';
import { isHttpUrl } from '../../../../shared/board';
import { rememberBoard } from '../../services/storage';
import { ThemeToggle } from '../theme/ThemeToggle';
import { useBoard } from '../../sync/BoardContext';
import { useMeta } from '../../sync/boardHooks';
import { useUndoState } from '../../sync/undo';
import { Button, IconButton } from '../../ui/Button';
import { ExternalIcon, PeopleIcon, RedoIcon, ShareIcon, UndoIcon } from '../../ui/icons';
import { ExportButton } from '../export/ExportButton';
import { Brand } from '../home/Brand';
import { MeetingBar } from '../meeting/MeetingBar';
import { ConnectionStatusPill, RefusedBanner } from '../presence/ConnectionStatus';
import { PresenceBar } from '../presence/PresenceBar';
import { RoleBadge } from '../presence/RoleBadge';
import { DotsLeft } from '../voting/DotsLeft';
import { IncidentFields } from '../library/IncidentFields';
import { BoardMenu } from './BoardMenu';
import { Dialog } from '../../ui/Dialog';
import { useFacilitation } from '../../sync/facilitationHooks';
import { PeopleDialog } from './PeopleDialog';
import { ShareDialog } from './ShareDialog';
import { displayLocale } from '../../services/locale';

export function BoardHeader({ openShareInitially, onEditName }: { openShareInitially: boolean; onEditName: () => void }) {
  const { role, isFacilitator, canEdit, connection, token, displayName } = useBoard();
  const [peopleOpen, setPeopleOpen] = useState(false);
  // On a phone the title's line (date, link, severity, services, tags) has no room: the "More"
  // menu opens it as a dialog.
  const [detailsOpen, setDetailsOpen] = useState(false);
  // Facilitators share the invite links; a person shares their own link (and the participant link while allowed).
  const canShare = isFacilitator || token.startsWith('p.');
  const meta = useMeta();
  const [shareOpen, setShareOpen] = useState(false);
  // A new board opens its share panel, but one dialog at a time: after the name is given (the
  // name dialog comes first for someone new), never stacked behind it.
  const shareWaiting = useRef(openShareInitially);
  useEffect(() => {
    if (!shareWaiting.current || (canEdit && !displayName)) return;
    shareWaiting.current = false;
    setShareOpen(true);
  }, [canEdit, displayName]);
  const undo = useUndoState(connection.undoManager);

  // Keep this browser's list of boards (on the home page) named as the board is now.
  useEffect(() => {
    if (meta.title || meta.incidentDate) {
      rememberBoard({ id: connection.boardId, title: meta.title, incidentDate: meta.incidentDate });
    }
  }, [connection.boardId, meta.title, meta.incidentDate]);

  return (
    <header className="board-header">
      <div className="board-header__bar">
        <Brand compact />
        <div className="board-title">
          <h1 className="board-title__text" title={meta.title}>
            {meta.title || 'Untitled incident'}
          </h1>
          <div className="board-title__meta">
            <IncidentMeta />
          </div>
        </div>
        <div className="board-header__actions">
          <PresenceBar onEditName={canEdit ? onEditName : undefined} />
          <ConnectionStatusPill />
          <RoleBadge role={role} />
          {isFacilitator && (
            <Button variant="secondary" icon={<PeopleIcon />} onClick={() => setPeopleOpen(true)} title="Who is on the board, and their roles">
              People
            </Button>
          )}
          {canShare && (
            <Button variant="secondary" icon={<ShareIcon />} onClick={() => setShareOpen(true)} title="Share the board">
              Share
            </Button>
          )}
          <ExportButton />
          <ThemeToggle />
          <BoardMenu onEditName={canEdit ? onEditName : undefined} onIncidentDetails={() => setDetailsOpen(true)} />
        </div>
      </div>
      <RefusedBanner />
      <MeetingBar
        tools={
          canEdit ? (
            <>
              <DotsLeft />
              <div className="board-subnav__undo">
                <IconButton label="Undo (Ctrl+Z)" size="sm" disabled={!undo.canUndo} onClick={() => connection.undoManager?.undo()}>
                  <UndoIcon />
                </IconButton>
                <IconButton
                  label="Redo (Ctrl+Shift+Z)"
                  size="sm"
                  disabled={!undo.canRedo}
                  onClick={() => connection.undoManager?.redo()}
                >
                  <RedoIcon />
                </IconButton>
              </div>
            </>
          ) : undefined
        }
      />
      {canShare && <ShareDialog open={shareOpen} onClose={() => setShareOpen(false)} />}
      <IncidentDetailsDialog open={detailsOpen} onClose={() => setDetailsOpen(false)} />
      {isFacilitator && <PeopleDialog open={peopleOpen} onClose={() => setPeopleOpen(false)} />}
    </header>
  );
}

/** The incident's date, its link and its fields (severity, services, tags; the facilitator edits them). */
function IncidentMeta() {
  const meta = useMeta();
  return (
    <>
      {meta.incidentDate && <span>{formatIncidentDate(meta.incidentDate)}</span>}
      {isHttpUrl(meta.incidentLink) && (
        <a href={meta.incidentLink} target="_blank" rel="noopener noreferrer" className="board-title__link">
          Incident link <ExternalIcon size={12} />
        </a>
      )}
      <IncidentFields />
    </>
  );
}

/** The title's line as a dialog, for a phone (opened from the "More" menu). */
function IncidentDetailsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { isFacilitator, closed } = useBoard();
  const { incident } = useFacilitation();
  const meta = useMeta();
  const nothing = !meta.incidentDate && !isHttpUrl(meta.incidentLink) && !incident.severity && incident.services.length === 0 && incident.tags.length === 0;
  return (
    <Dialog open={open} onClose={onClose} title="Incident details" className="incident-details-dialog">
      <div className="incident-details">
        <IncidentMeta />
        {nothing && !(isFacilitator && !closed) && <p className="dialog__description">No date, link, severity, services or tags yet.</p>}
      </div>
    </Dialog>
  );
}

function formatIncidentDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString(displayLocale(), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
