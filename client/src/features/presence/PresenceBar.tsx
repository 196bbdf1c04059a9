// Who is here now: initials in their colour, this person first (a button to change their name).
import { useBoard } from '../../sync/BoardContext';
import { usePresence, type PresentPerson } from '../../sync/usePresence';
import './presence.css';

const SHOWN = 5;

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = [...parts[0]!][0] ?? '';
  const last = parts.length > 1 ? ([...parts[parts.length - 1]!][0] ?? '') : '';
  return (first + last).toUpperCase();
}

export function PresenceBar({ onEditName }: { onEditName?: () => void }) {
  const { connection } = useBoard();
  const people = usePresence(connection.awareness);
  const shown = people.slice(0, SHOWN);
  const hidden = people.slice(SHOWN);
  const summary = `${people.length} ${people.length === 1 ? 'person' : 'people'} here: ${people
    .map((p) => (p.isSelf ? `${p.name} (you)` : p.name))
    .join(', ')}`;
  return (
    <div className="presence" role="group" aria-label={summary} title={summary}>
      {shown.map((p) =>
        p.isSelf && onEditName ? (
          <button
            key={p.voterId}
            type="button"
            className="presence__self"
            onClick={onEditName}
            aria-label={`You are ${p.name}. Change your name`}
            title={`${p.name} (you) · change your name`}
          >
            <Avatar person={p} />
          </button>
        ) : (
          <Avatar key={p.voterId} person={p} />
        ),
      )}
      {hidden.length > 0 && (
        <span className="avatar presence__more" title={hidden.map((p) => p.name).join(', ')}>
          +{hidden.length}
        </span>
      )}
    </div>
  );
}

function Avatar({ person }: { person: PresentPerson }) {
  return (
    <span
      className={`avatar${person.role === 'viewer' ? ' avatar--viewer' : ''}`}
      style={{ background: person.color }}
      title={person.isSelf ? `${person.name} (you)` : person.name}
      aria-hidden="true"
    >
      {initials(person.name)}
    </span>
  );
}
