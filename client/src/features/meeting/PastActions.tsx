// "Last time's actions": the action items of earlier reviews linked to this board, so the meeting
// starts by asking whether what was promised got done. Their status is changed here and written
// to the earlier board by the server. The facilitator links an earlier review by pasting its link.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { LinkedBoard, PastActionItem } from '../../../../shared/protocol';
import { ApiFailure, fetchPastActions, linkEarlierBoard, unlinkEarlierBoard, updatePastAction } from '../../services/api';
import { useBoard } from '../../sync/BoardContext';
import { Button, IconButton } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field, InlineError } from '../../ui/Field';
import { CloseIcon, LinkIcon } from '../../ui/icons';
import { showToast } from '../../ui/Toast';
import { checkBoardLink } from './meetingLogic';
import { displayLocale } from '../../services/locale';

/** How often the list is fetched again while it is on screen (others may change a status). */
const REFRESH_MS = 15_000;

const STATUS_LABELS: Record<PastActionItem['status'], string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  'wont-do': "Won't do",
};
/** What can be set from here; won't do needs a reason, given on its own board or the follow-ups page. */
const STATUSES: Array<PastActionItem['status']> = ['open', 'in-progress', 'done'];

type Load = { state: 'loading' } | { state: 'ready'; boards: LinkedBoard[] } | { state: 'failed'; message: string; boards: LinkedBoard[] };

export function PastActions() {
  const { connection, token, isFacilitator, canEdit, closed } = useBoard();
  const boardId = connection.boardId;
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [linking, setLinking] = useState(false);

  const refresh = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const { boards } = await fetchPastActions(boardId, token, signal);
        if (!signal?.aborted) setLoad({ state: 'ready', boards });
      } catch (err) {
        if (signal?.aborted) return;
        const message = err instanceof ApiFailure ? err.message : 'Last time’s actions could not be loaded.';
        setLoad((prev) => ({ state: 'failed', message, boards: prev.state === 'loading' ? [] : prev.boards }));
      }
    },
    [boardId, token],
  );

  useEffect(() => {
    const abort = new AbortController();
    void refresh(abort.signal);
    const timer = window.setInterval(() => void refresh(abort.signal), REFRESH_MS);
    return () => {
      abort.abort();
      window.clearInterval(timer);
    };
  }, [refresh]);

  const boards = load.state === 'loading' ? [] : load.boards;
  const open = boards.reduce((n, b) => n + b.actions.filter((a) => a.status !== 'done').length, 0);
  const canLink = isFacilitator && !closed;

  const setStatus = async (linkedId: string, actionId: string, status: PastActionItem['status']) => {
    // Show the choice at once; the next fetch says what the earlier board holds.
    setLoad((prev) =>
      prev.state === 'loading'
        ? prev
        : {
            ...prev,
            boards: prev.boards.map((b) =>
              b.boardId !== linkedId ? b : { ...b, actions: b.actions.map((a) => (a.id === actionId ? { ...a, status } : a)) },
            ),
          },
    );
    try {
      await updatePastAction(boardId, token, linkedId, actionId, status);
    } catch (err) {
      showToast({ message: err instanceof ApiFailure ? err.message : 'The status could not be saved.', tone: 'error' });
    }
    void refresh();
  };

  const unlink = async (linked: LinkedBoard) => {
    try {
      await unlinkEarlierBoard(boardId, token, linked.boardId);
      showToast({ message: `“${linked.title || 'Untitled incident'}” is no longer linked.` });
    } catch (err) {
      showToast({ message: err instanceof ApiFailure ? err.message : 'The link could not be removed.', tone: 'error' });
    }
    void refresh();
  };

  return (
    <div className="meeting-card past-actions">
      <div className="meeting-card__header">
        <div>
          <h3 className="meeting-card__title">
            Last time’s actions {boards.length > 0 && <span className="count">{open} open</span>}
          </h3>
          <p className="meeting-card__hint">Were the promises of earlier reviews kept? Update each as you go through them.</p>
        </div>
        {canLink && (
          <Button variant="secondary" size="sm" icon={<LinkIcon size={14} />} onClick={() => setLinking(true)}>
            Link an earlier review
          </Button>
        )}
      </div>
      {load.state === 'failed' && <InlineError>{load.message}</InlineError>}
      {load.state === 'loading' ? (
        <p className="empty-note">Loading…</p>
      ) : boards.length === 0 ? (
        <p className="empty-note">
          {canLink
            ? 'No earlier review is linked. Link the last review of this service to go through its action items.'
            : 'No earlier review is linked to this one.'}
        </p>
      ) : (
        <div className="past-actions__boards">
          {boards.map((b) => (
            <LinkedBoardActions
              key={b.boardId}
              board={b}
              canChange={canEdit}
              onStatus={(actionId, status) => void setStatus(b.boardId, actionId, status)}
              {...(canLink ? { onUnlink: () => void unlink(b) } : {})}
            />
          ))}
        </div>
      )}
      {canLink && (
        <LinkDialog
          open={linking}
          onClose={() => setLinking(false)}
          onLinked={() => {
            setLinking(false);
            void refresh();
          }}
        />
      )}
    </div>
  );
}

function LinkedBoardActions({
  board,
  canChange,
  onStatus,
  onUnlink,
}: {
  board: LinkedBoard;
  canChange: boolean;
  onStatus: (actionId: string, status: PastActionItem['status']) => void;
  onUnlink?: () => void;
}) {
  const title = board.title || 'Untitled incident';
  return (
    <section className="linked-board" aria-label={`Action items of “${title}”`}>
      <div className="linked-board__header">
        <span className="linked-board__title">{title}</span>
        {board.incidentDate && <span className="linked-board__date">{formatDate(board.incidentDate)}</span>}
        {onUnlink && (
          <IconButton label={`Unlink “${title}”`} size="sm" className="linked-board__unlink" onClick={onUnlink}>
            <CloseIcon size={13} />
          </IconButton>
        )}
      </div>
      {board.actions.length === 0 ? (
        <p className="empty-note">That review has no action items.</p>
      ) : (
        <ul className="past-actions__list">
          {board.actions.map((a) => (
            <li key={a.id} className="past-action" data-status={a.status}>
              <div className="past-action__body">
                <span className="past-action__text">{a.text || 'Untitled action'}</span>
                <span className="past-action__meta">
                  {a.owner ? a.owner : 'No owner'}
                  {' · '}
                  {a.due ? `due ${formatDate(a.due)}` : 'no date'}
                </span>
              </div>
              {canChange && a.status !== 'wont-do' ? (
                <select
                  className="select select--sm past-action__status"
                  value={a.status}
                  aria-label={`Status of “${(a.text || 'Untitled action').slice(0, 60)}”`}
                  onChange={(e) => onStatus(a.id, e.target.value as PastActionItem['status'])}
                >
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
              ) : (
                <span className={`status-chip status-chip--${a.status}`}>{STATUS_LABELS[a.status]}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function LinkDialog({ open, onClose, onLinked }: { open: boolean; onClose: () => void; onLinked: () => void }) {
  const { connection, token } = useBoard();
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setLink('');
      setError(null);
      setBusy(false);
    }
  }, [open]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = checkBoardLink(link);
    if (!checked.ok) return setError(checked.error);
    setBusy(true);
    setError(null);
    try {
      const linked = await linkEarlierBoard(connection.boardId, token, checked.link);
      showToast({ message: `Linked “${linked.title || 'Untitled incident'}”.` });
      onLinked();
    } catch (err) {
      setBusy(false);
      setError(err instanceof ApiFailure ? err.message : 'The review could not be linked.');
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Link an earlier review"
      description="Paste the link of an earlier review's board (the facilitator or participant link from its Share dialog). Its action items then show here, and their status can be updated from this meeting."
    >
      <form className="dialog-form" onSubmit={submit} noValidate>
        <Field label="Link to the earlier board" error={error}>
          <input
            className="input"
            value={link}
            placeholder="https://debrief.example.com/b/…#token=…"
            onChange={(e) => {
              setLink(e.target.value);
              if (error) setError(null);
            }}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
          />
        </Field>
        <div className="dialog__footer">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Linking…' : 'Link review'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function formatDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return d.toLocaleDateString(displayLocale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
