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
  const ink = readableBehindWhite(person.color);
  return (
    <span
      className={`avatar${person.role === 'viewer' ? ' avatar--viewer' : ''}`}
      style={{ background: ink, ['--avatar-ink' as string]: ink }}
      title={person.isSelf ? `${person.name} (you)` : person.name}
      aria-hidden="true"
    >
      {initials(person.name)}
    </span>
  );
}

/** The person's colour, darkened just enough that white initials on it read at 4.5:1 (WCAG AA):
 * colours come from other clients too, so they are checked here rather than trusted. */
export function readableBehindWhite(hex: string): string {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  if (rgb.some((c) => Number.isNaN(c))) return hex;
  for (let scale = 1; scale > 0; scale -= 0.04) {
    const next = rgb.map((c) => Math.round(c * scale));
    if (contrastWithWhite(next) >= 4.5) return `#${next.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  }
  return '#000000';
}

function contrastWithWhite(rgb: number[]): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}
