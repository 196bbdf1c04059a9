// Action items: specific, owned, dated changes, each traced to the factors it addresses. Past
// five, a gentle nudge to focus: a few that get done beat many that do not.
import { memo, useId, useState, type FormEvent } from 'react';
import {
  ACTION_ITEM_FOCUS_LIMIT,
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  addActionItem,
  BoardValidationError,
  deleteActionItem,
  LIMITS,
  STATUS_REASON_LENGTH,
  updateActionItem,
  type ActionItem,
  type ActionStatus,
  type ContributingFactor,
  readTextField,
} from '../../../../shared/board';
import type { FactorId } from '../../../../shared/ids';
import { useBoard } from '../../sync/BoardContext';
import { useAuthorName } from '../../sync/facilitationHooks';
import { useActions, useClusters, useFactors } from '../../sync/boardHooks';
import { deleteWithUndo } from '../../sync/undo';
import { Button, IconButton } from '../../ui/Button';
import { EditableText } from '../../ui/EditableText';
import { InlineError } from '../../ui/Field';
import { InfoIcon, LinkIcon, PlusIcon, TrashIcon } from '../../ui/icons';
import { Popover } from '../../ui/Popover';
import { showToast } from '../../ui/Toast';
import { shortName } from '../voting/VoteControls';
import { CoachHints } from '../coach/CoachHints';
import { UnaddressedFactors } from '../links/UnaddressedFactors';
import { AuthorHint, NoteAuthor } from '../prework/NoteAuthor';
import { NoTrackerHint, SendAllToTracker, TrackerIssue, TrackersContext, useBoardTrackers } from './TrackerIssue';
import './actions.css';

export function ActionsSection() {
  const { canEdit, isFacilitator } = useBoard();
  const actions = useActions();
  const factors = useFactors();
  const { trackers, canStoreCredentials } = useBoardTrackers();
  return (
    <TrackersContext.Provider value={trackers}>
      <section className="panel board-section actions" id="actions" aria-labelledby="actions-title">
        <div className="board-section__header">
          <div className="board-section__heading">
            <h2 id="actions-title" className="board-section__title">
              Action items <span className="board-section__count">{actions.length}</span>
            </h2>
            <p className="board-section__prompt">
              Specific and measurable, one owner, a date. “Add an alert on pool exhaustion by 15 Jan”, not “improve
              monitoring”.
            </p>
          </div>
        </div>
        {actions.length > ACTION_ITEM_FOCUS_LIMIT && (
          <div className="callout callout--warning actions__focus" role="status">
            <InfoIcon />
            <span>
              {actions.length} action items. Teams tend to finish three to five and let the rest go stale. Could some of
              these wait, or merge into one?
            </span>
          </div>
        )}
        <UnaddressedFactors />
        {actions.length > 0 ? (
          <div className="actions__table" role="table" aria-label="Action items">
            <div className="actions__head" role="row">
              <span role="columnheader">Status</span>
              <span role="columnheader">Action</span>
              <span role="columnheader">Owner</span>
              <span role="columnheader">Due</span>
              <span role="columnheader">Addresses</span>
              <span role="columnheader">
                <span className="visually-hidden">Delete</span>
              </span>
            </div>
            {actions.map((a) => (
              <ActionRow key={a.id} action={a} factors={factors} canEdit={canEdit} />
            ))}
          </div>
        ) : (
          <p className="empty-note actions__empty">No action items yet. Start from the top factors.</p>
        )}
        {canEdit && <ActionComposer />}
        {canEdit && isFacilitator && <SendAllToTracker actions={actions} />}
        {canEdit && isFacilitator && canStoreCredentials && trackers.length === 0 && <NoTrackerHint />}
      </section>
    </TrackersContext.Provider>
  );
}

const ActionRow = memo(function ActionRow({
  action,
  factors,
  canEdit,
}: {
  action: ActionItem;
  factors: ContributingFactor[];
  canEdit: boolean;
}) {
  const { doc, connection, ctx } = useBoard();
  const [error, setError] = useState<string | null>(null);
  // "Won't do" asks why, in the row itself: the reason stays with the item, on the follow-ups page
  // and in the report. No reason, no change.
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState(action.statusReason);
  const name = shortName(action.text, 60);
  const attempt = (patch: Parameters<typeof updateActionItem>[2]) => {
    try {
      updateActionItem(doc, action.id, patch, ctx);
      setError(null);
    } catch (err) {
      if (err instanceof BoardValidationError) setError(err.message);
      else throw err;
    }
  };
  return (
    <div className={`actions__row status--${action.status}`} role="row" aria-label={`Action: ${name}`} data-action-id={action.id}>
      <span role="cell">
        {canEdit ? (
          <select
            className="status-select"
            value={asking ? 'wont-do' : action.status}
            aria-label={`Status of “${name}”`}
            onChange={(e) => {
              const status = e.target.value as ActionStatus;
              setAsking(status === 'wont-do');
              if (status === 'wont-do') setReason(action.statusReason);
              else attempt({ status });
            }}
            title={action.status === 'wont-do' ? `Won't do: ${action.statusReason}` : undefined}
          >
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ACTION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        ) : (
          <span className="status-select status-select--static">{ACTION_STATUS_LABELS[action.status]}</span>
        )}
      </span>
      <span role="cell" className="actions__text">
        <EditableText
          multiline
          rows={1}
          value={action.text}
          readOnly={!canEdit}
          label="Action"
          placeholder="What will change?"
          onChange={(text) => updateActionItem(doc, action.id, { text }, ctx)}
          read={() => readTextField(doc, { root: 'actions', id: action.id })}
        />
        <NoteAuthor author={action.author} className="actions__author" />
        <TrackerIssue action={action} name={name} />
        {action.status === 'wont-do' && !asking && action.statusReason && (
          <span className="actions__reason">Won't do: {action.statusReason}</span>
        )}
        {asking && (
          <form
            className="actions__why"
            onSubmit={(e) => {
              e.preventDefault();
              const why = reason.trim();
              if (why === '') return;
              attempt({ status: 'wont-do', statusReason: why });
              setAsking(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setAsking(false);
              }
            }}
          >
            <input
              className="input"
              aria-label={`Why “${name}” won't be done`}
              placeholder="Why it won't be done"
              value={reason}
              maxLength={STATUS_REASON_LENGTH}
              autoFocus
              onChange={(e) => setReason(e.target.value)}
            />
            <Button type="submit" variant="primary" size="sm" disabled={reason.trim() === ''}>
              Save
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setAsking(false)}>
              Cancel
            </Button>
          </form>
        )}
        {error && <InlineError>{error}</InlineError>}
      </span>
      <span role="cell">
        <EditableText
          value={action.owner}
          readOnly={!canEdit}
          label={`Owner of “${name}”`}
          placeholder="Owner"
          onChange={(owner) => updateActionItem(doc, action.id, { owner }, ctx)}
          read={() => readTextField(doc, { root: 'actions', id: action.id, field: 'owner' })}
        />
      </span>
      <span role="cell">
        {canEdit ? (
          <input
            type="date"
            className="input actions__due"
            value={action.due}
            aria-label={`Due date of “${name}”`}
            onChange={(e) => attempt({ due: e.target.value })}
          />
        ) : (
          <span className="actions__due-static">{action.due || '—'}</span>
        )}
      </span>
      <span role="cell">
        <AddressesPicker action={action} factors={factors} canEdit={canEdit} name={name} onChange={(ids) => attempt({ factorIds: ids })} />
      </span>
      <span role="cell" className="actions__delete-cell">
        {canEdit && (
          <IconButton
            label={`Delete action “${name}”`}
            size="sm"
            className="actions__delete"
            onClick={() => deleteWithUndo(connection.undoManager, 'Action item', () => deleteActionItem(doc, action.id, ctx))}
          >
            <TrashIcon size={14} />
          </IconButton>
        )}
      </span>
    </div>
  );
});

function AddressesPicker({
  action,
  factors,
  canEdit,
  name,
  onChange,
}: {
  action: ActionItem;
  factors: ContributingFactor[];
  canEdit: boolean;
  name: string;
  onChange: (ids: FactorId[]) => void;
}) {
  // A cluster is addressed as a whole: picking it links every note in it (an action's links are
  // to factors), and its chip stands for them while all of them are linked.
  const clusters = useClusters()
    .map((c) => ({ cluster: c, members: factors.filter((f) => f.clusterId === c.id).map((f) => f.id) }))
    .filter((c) => c.members.length > 0);
  const whole = clusters.filter((c) => c.members.every((id) => action.factorIds.includes(id)));
  const coveredByCluster = new Set<string>(whole.flatMap((c) => c.members));
  const linked = action.factorIds
    .filter((id) => !coveredByCluster.has(id))
    .map((id) => factors.find((f) => f.id === id))
    .filter((f): f is ContributingFactor => f !== undefined);
  const count = whole.length + linked.length;
  const chips = (
    <span className="addresses__chips">
      {count === 0 ? (
        <span className="addresses__none">{canEdit ? 'Link factors' : 'None'}</span>
      ) : (
        <>
          {whole.map((c) => (
            <span key={c.cluster.id} className="addresses__chip addresses__chip--cluster" title={`Cluster: ${c.cluster.name || 'Untitled cluster'}`}>
              {shortName(c.cluster.name || 'Untitled cluster', 48)} (cluster)
            </span>
          ))}
          {linked.map((f) => (
            <span key={f.id} className="addresses__chip" title={f.text}>
              {shortName(f.text, 48)}
            </span>
          ))}
        </>
      )}
    </span>
  );
  if (!canEdit) return chips;
  return (
    <Popover
      label={`Factors “${name}” addresses`}
      align="end"
      trigger={(props) => (
        <button type="button" className="addresses__trigger" aria-label={`Factors “${name}” addresses: ${count || 'none'}. Change`} {...props}>
          <LinkIcon size={13} />
          {chips}
        </button>
      )}
    >
      <fieldset className="addresses__picker">
        <legend className="popover__heading">Addresses</legend>
        {factors.length === 0 && <p className="empty-note">Add contributing factors first.</p>}
        {clusters.map(({ cluster, members }) => {
          const checked = members.every((id) => action.factorIds.includes(id));
          return (
            <label key={cluster.id} className="addresses__option addresses__option--cluster">
              <input
                type="checkbox"
                checked={checked}
                onChange={() =>
                  onChange(checked ? action.factorIds.filter((id) => !members.includes(id)) : [...new Set([...action.factorIds, ...members])])
                }
              />
              <span>
                <strong>{shortName(cluster.name || 'Untitled cluster', 60)}</strong> (cluster, {members.length} {members.length === 1 ? 'note' : 'notes'})
              </span>
            </label>
          );
        })}
        {factors.map((f) => {
          const checked = action.factorIds.includes(f.id);
          return (
            <label key={f.id} className="addresses__option">
              <input
                type="checkbox"
                checked={checked}
                onChange={() =>
                  onChange(checked ? action.factorIds.filter((id) => id !== f.id) : [...action.factorIds, f.id])
                }
              />
              <span>{shortName(f.text, 70)}</span>
            </label>
          );
        })}
      </fieldset>
    </Popover>
  );
}

function ActionComposer() {
  const { doc, ctx } = useBoard();
  const author = useAuthorName();
  const id = useId();
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') return setError('Describe the action first: what will change, specifically?');
    if (text.length > LIMITS.noteLength) {
      return setError(`This action is ${text.length.toLocaleString()} characters; keep it under ${LIMITS.noteLength.toLocaleString()}.`);
    }
    try {
      addActionItem(doc, { text: text.trim(), owner: owner.trim(), due, author }, ctx);
      setText('');
      setOwner('');
      setDue('');
      setError(null);
      document.getElementById(`${id}-text`)?.focus();
      if (!owner.trim() || !due) {
        showToast({ message: 'Action added. Give it an owner and a due date so it does not drift.' });
      }
    } catch (err) {
      if (err instanceof BoardValidationError) setError(err.message);
      else throw err;
    }
  };

  return (
    <form className="action-composer" onSubmit={submit} noValidate aria-label="Add an action item">
      <div className="action-composer__fields">
        <div className="field action-composer__text">
          <label className="field__label" htmlFor={`${id}-text`}>
            New action
          </label>
          <input
            id={`${id}-text`}
            className="input"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (error) setError(null);
            }}
            placeholder="Add an integration test for pool settings"
            aria-invalid={error ? true : undefined}
            data-native-undo
          />
          <CoachHints text={text} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-owner`}>
            Owner
          </label>
          <input
            id={`${id}-owner`}
            className="input"
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
            placeholder="One person"
            data-native-undo
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-due`}>
            Due
          </label>
          <input id={`${id}-due`} className="input" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </div>
        <Button type="submit" variant="primary" icon={<PlusIcon />} className="action-composer__submit">
          Add action
        </Button>
      </div>
      {error && <InlineError>{error}</InlineError>}
      <AuthorHint />
    </form>
  );
}
