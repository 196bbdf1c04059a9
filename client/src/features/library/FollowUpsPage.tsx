// Follow-ups: every action item of the workspace, with its owner, due date (the default for the
// review's severity when none was written), status, review and factors. Overdue ones stand out.
// A status changed here is written into its board by the server, live for whoever has it open;
// a change made on a board shows here within seconds (the index's version is polled).
import { useState } from 'react';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, type ActionStatus } from '../../../../shared/board/actions/schema';
import type { FollowUp, FollowUpSort } from '../../../../shared/library';
import { ApiFailure } from '../../services/api';
import { navigate } from '../../services/router';
import { useSignIn } from '../../services/signIn';
import { loadDisplayName } from '../../services/storage';
import { fetchFollowUps, updateFollowUp } from '../../services/workspace';
import { showToast } from '../../ui/Toast';
import { FIRST_FOLLOW_UP_FILTERS } from './firstView';
import { isMembershipError, NotAMember, Pager, WorkspaceShell } from './WorkspaceShell';
import { useLibraryVersion, useLoad } from './useLibrary';

const SORT_LABELS: Record<FollowUpSort, string> = { due: 'Due date', severity: 'Severity', review: 'Review', status: 'Status' };
const SHOW: Record<string, string> = { 'open,in-progress': 'Not done yet', '': 'All', open: 'Open', 'in-progress': 'In progress', done: 'Done', 'wont-do': "Won't do" };

export function FollowUpsPage() {
  const version = useLibraryVersion();
  const signIn = useSignIn();
  const signedIn = Boolean(signIn?.person);
  const [status, setStatus] = useState(FIRST_FOLLOW_UP_FILTERS.status);
  const [overdue, setOverdue] = useState(FIRST_FOLLOW_UP_FILTERS.overdue);
  const [mine, setMine] = useState(false);
  const [sort, setSort] = useState<FollowUpSort>(FIRST_FOLLOW_UP_FILTERS.sort);
  const [page, setPage] = useState(1);
  // Without sign-in "mine" is the name this browser uses on boards.
  const myName = loadDisplayName();
  const params = { status, overdue, sort, page, ...(mine ? (signedIn ? { mine: true } : { owner: myName }) : {}) };
  const [bump, setBump] = useState(0);
  const list = useLoad(() => fetchFollowUps(params), JSON.stringify(params), version + bump);

  if (list.state === 'failed' && isMembershipError(list.code)) {
    return (
      <WorkspaceShell current="follow-ups">
        <h1 className="workspace__title">Follow-ups</h1>
        <NotAMember code={list.code} message={list.message} />
      </WorkspaceShell>
    );
  }
  const change = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  return (
    <WorkspaceShell current="follow-ups">
      <h1 className="workspace__title">Follow-ups</h1>
      <p className="workspace__lede">Every action item of every review. Change a status here and it changes on its board.</p>
      <div className="library-filters">
        <label>
          Show
          <select className="select" value={status} onChange={(e) => change(setStatus)(e.target.value)}>
            {Object.entries(SHOW).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort by
          <select className="select" value={sort} onChange={(e) => change(setSort)(e.target.value as FollowUpSort)}>
            {(Object.keys(SORT_LABELS) as FollowUpSort[]).map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={overdue} onChange={(e) => change(setOverdue)(e.target.checked)} /> Overdue only
        </label>
        <label className="check" title={signedIn ? 'Action items you own' : myName ? `Action items owned by ${myName}` : 'Give your name on a board first'}>
          <input type="checkbox" checked={mine} disabled={!signedIn && !myName} onChange={(e) => change(setMine)(e.target.checked)} /> Mine
        </label>
      </div>
      {list.state === 'failed' && (
        <p className="inline-error" role="alert">
          {list.message}
        </p>
      )}
      {list.state === 'ready' && list.data.total === 0 && <p className="empty-note">No action item matches.</p>}
      {list.state === 'ready' && list.data.total > 0 && (
        <>
          <p className="library-count">{list.data.total.toLocaleString('en')} {list.data.total === 1 ? 'action item' : 'action items'}</p>
          <ul className="follow-up-list">
            {list.data.items.map((item) => (
              <FollowUpRow key={`${item.boardId}/${item.actionId}`} item={item} onChanged={() => setBump((b) => b + 1)} />
            ))}
          </ul>
          <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} label="Follow-up pages" />
        </>
      )}
    </WorkspaceShell>
  );
}

function FollowUpRow({ item, onChanged }: { item: FollowUp; onChanged: () => void }) {
  const [status, setStatus] = useState<ActionStatus>(item.status);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState(item.statusReason);
  const [saving, setSaving] = useState(false);
  // The server's answer wins when the list reloads.
  const [seen, setSeen] = useState(item);
  if (seen !== item) {
    setSeen(item);
    setStatus(item.status);
    setReason(item.statusReason);
  }
  const save = async (next: ActionStatus, why?: string) => {
    setSaving(true);
    const before = status;
    setStatus(next);
    try {
      await updateFollowUp(item.boardId, item.actionId, next === 'wont-do' ? { status: next, reason: why ?? '' } : { status: next });
      setAsking(false);
      onChanged();
    } catch (err) {
      setStatus(before);
      showToast({ message: err instanceof ApiFailure ? err.message : 'The status could not be saved.', tone: 'error' });
    } finally {
      setSaving(false);
    }
  };
  const name = (item.text || 'Untitled action').slice(0, 60);
  return (
    <li className={`follow-up${item.overdue ? ' follow-up--overdue' : ''}`} data-status={status}>
      <div className="follow-up__body">
        <span className="follow-up__text">{item.text || 'Untitled action'}</span>
        <span className="follow-up__meta">
          <span>{item.owner || 'No owner'}</span>
          <span className={item.overdue ? 'follow-up__due follow-up__due--overdue' : 'follow-up__due'}>
            {item.due ? `due ${item.due}${item.dueIsDefault ? ` (default for ${item.severity || 'reviews without severity'})` : ''}` : 'no date'}
            {item.overdue && <strong> · overdue</strong>}
          </span>
          <a
            href={item.link}
            onClick={(e) => {
              e.preventDefault();
              navigate(item.link);
            }}
          >
            {item.severity ? `${item.severity} · ` : ''}
            {item.boardTitle || 'Untitled incident'}
          </a>
        </span>
        {item.factors.length > 0 && <span className="follow-up__factors">Addresses: {item.factors.join('; ')}</span>}
        {status === 'wont-do' && !asking && item.statusReason && <span className="follow-up__reason">Won't do: {item.statusReason}</span>}
      </div>
      <div className="follow-up__status">
        <select
          className="select select--sm"
          aria-label={`Status of “${name}”`}
          value={asking ? 'wont-do' : status}
          disabled={saving}
          onChange={(e) => {
            const next = e.target.value as ActionStatus;
            if (next === 'wont-do') setAsking(true);
            else {
              setAsking(false);
              void save(next);
            }
          }}
        >
          {ACTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {ACTION_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        {asking && (
          <form
            className="follow-up__why"
            onSubmit={(e) => {
              e.preventDefault();
              void save('wont-do', reason.trim());
            }}
          >
            <input
              className="input"
              aria-label={`Why “${name}” won't be done`}
              placeholder="Why it won't be done"
              value={reason}
              maxLength={300}
              required
              onChange={(e) => setReason(e.target.value)}
            />
            <button type="submit" className="btn btn--primary btn--sm" disabled={saving || reason.trim() === ''}>
              Save
            </button>
          </form>
        )}
      </div>
    </li>
  );
}
