// The opening check-in: three short columns (what worked, what didn't, what surprised you) where
// each person adds a line, so every voice is heard early. Lines are anonymous unless the board
// shows authors; a person can take back their own lines, the facilitator any.
import { memo, useCallback, useState, useSyncExternalStore, type FormEvent } from 'react';
import {
  addCheckin,
  BoardValidationError,
  CHECKIN_KINDS,
  CHECKIN_LABELS,
  deleteCheckin,
  LIMITS,
  type CheckinKind,
  type CheckinLine,
} from '../../../../shared/board';
import type { CheckinId } from '../../../../shared/ids';
import { useBoard } from '../../sync/BoardContext';
import { useAuthorName, useFacilitation } from '../../sync/facilitationHooks';
import { IconButton } from '../../ui/Button';
import { InlineError } from '../../ui/Field';
import { CloseIcon } from '../../ui/icons';
import { useCheckins } from './meetingHooks';

const PLACEHOLDERS: Record<CheckinKind, string> = {
  worked: 'Paging reached the right person',
  didnt: 'Nobody owned the alert',
  surprised: 'Retries kept the queue full',
};

// The lines this browser wrote on a board, so their author can take them back (the board itself
// does not say who wrote an anonymous line).
const ownKey = (boardId: string) => `debrief:checkins:${boardId}`;
const ownListeners = new Set<() => void>();
const ownCache = new Map<string, { raw: string | null; ids: ReadonlySet<string> }>();

function readOwn(boardId: string): ReadonlySet<string> {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(ownKey(boardId));
  } catch {
    /* no storage: nothing remembered */
  }
  const hit = ownCache.get(boardId);
  if (hit && hit.raw === raw) return hit.ids;
  let ids: string[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) ids = parsed.filter((x): x is string => typeof x === 'string');
  } catch {
    /* mangled: start again */
  }
  const set = new Set(ids);
  ownCache.set(boardId, { raw, ids: set });
  return set;
}

function rememberOwn(boardId: string, id: CheckinId): void {
  const ids = [...readOwn(boardId), id].slice(-200);
  try {
    localStorage.setItem(ownKey(boardId), JSON.stringify(ids));
  } catch {
    /* storage refused: the line can still be deleted by the facilitator */
  }
  for (const l of [...ownListeners]) l();
}

function useOwnCheckins(boardId: string): ReadonlySet<string> {
  const subscribe = useCallback((l: () => void) => {
    ownListeners.add(l);
    return () => ownListeners.delete(l);
  }, []);
  const snapshot = useCallback(() => readOwn(boardId), [boardId]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

export function Checkin() {
  const { canEdit, connection } = useBoard();
  const lines = useCheckins();
  const own = useOwnCheckins(connection.boardId);
  return (
    <div className="meeting-card checkin">
      <div className="meeting-card__header">
        <h3 className="meeting-card__title">Check-in</h3>
        <p className="meeting-card__hint">One line each, in a few words. Press Enter to add it.</p>
      </div>
      <div className="checkin__columns">
        {CHECKIN_KINDS.map((kind) => (
          <CheckinColumn key={kind} kind={kind} lines={lines.filter((l) => l.kind === kind)} canEdit={canEdit} own={own} />
        ))}
      </div>
    </div>
  );
}

function CheckinColumn({
  kind,
  lines,
  canEdit,
  own,
}: {
  kind: CheckinKind;
  lines: CheckinLine[];
  canEdit: boolean;
  own: ReadonlySet<string>;
}) {
  const { isFacilitator } = useBoard();
  const headingId = `checkin-${kind}-title`;
  return (
    <section className="checkin__column" data-kind={kind} aria-labelledby={headingId}>
      <h4 className="checkin__heading" id={headingId}>
        {CHECKIN_LABELS[kind]} <span className="count">{lines.length}</span>
      </h4>
      {lines.length > 0 ? (
        <ul className="checkin__lines">
          {lines.map((line) => (
            <CheckinItem key={line.id} line={line} canDelete={canEdit && (isFacilitator || own.has(line.id))} />
          ))}
        </ul>
      ) : (
        !canEdit && <p className="empty-note">Nothing yet.</p>
      )}
      {canEdit && <CheckinComposer kind={kind} />}
    </section>
  );
}

const CheckinItem = memo(function CheckinItem({ line, canDelete }: { line: CheckinLine; canDelete: boolean }) {
  const { doc, ctx } = useBoard();
  const { showAuthors } = useFacilitation();
  return (
    <li className="checkin__line">
      <span className="checkin__text">
        {line.text}
        {showAuthors && line.author && <span className="author-tag"> — {line.author}</span>}
      </span>
      {canDelete && (
        <IconButton label={`Delete check-in line “${line.text.slice(0, 40)}”`} size="sm" className="checkin__delete" onClick={() => deleteCheckin(doc, line.id, ctx)}>
          <CloseIcon size={12} />
        </IconButton>
      )}
    </li>
  );
});

function CheckinComposer({ kind }: { kind: CheckinKind }) {
  const { doc, connection, ctx } = useBoard();
  const author = useAuthorName();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = `checkin-${kind}-input`;
  const errorId = `${inputId}-error`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (value === '') return setError('Write a few words first.');
    if (value.length > LIMITS.checkinLength) {
      return setError(`Keep it to one line: at most ${LIMITS.checkinLength} characters (this is ${value.length}).`);
    }
    try {
      const id = addCheckin(doc, { kind, text: value, ...(author ? { author } : {}) }, ctx);
      rememberOwn(connection.boardId, id);
      setText('');
      setError(null);
    } catch (err) {
      if (err instanceof BoardValidationError) setError(err.message);
      else throw err;
    }
  };
  return (
    <form className="checkin__composer" onSubmit={submit} noValidate>
      <label className="visually-hidden" htmlFor={inputId}>
        Add to “{CHECKIN_LABELS[kind]}”
      </label>
      <input
        id={inputId}
        className="input"
        value={text}
        placeholder={PLACEHOLDERS[kind]}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        enterKeyHint="send"
        data-native-undo
      />
      {error && <InlineError id={errorId}>{error}</InlineError>}
    </form>
  );
}
