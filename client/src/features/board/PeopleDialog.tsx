// The facilitator's people list: everyone who joined the board as a person, whether they are here,
// and their role. A facilitator makes a participant facilitator (several may run the meeting at once)
// and back; the server reconnects the person with the new role.
import { useCallback, useEffect, useState } from 'react';
import type { PeopleResponse, Role } from '../../../../shared/protocol';
import { ApiFailure, fetchPeople, updatePerson } from '../../services/api';
import { useBoard } from '../../sync/BoardContext';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { showToast } from '../../ui/Toast';

const ROLE_NAMES: Record<Role, string> = { facilitator: 'Facilitator', participant: 'Participant', viewer: 'View only' };

export function PeopleDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { connection, token } = useBoard();
  const [people, setPeople] = useState<PeopleResponse['people'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    fetchPeople(connection.boardId, token).then(
      (answer) => {
        setPeople(answer.people);
        setError(null);
      },
      (err: unknown) => setError(err instanceof ApiFailure ? err.message : 'The list could not be loaded.'),
    );
  }, [connection.boardId, token]);

  useEffect(() => {
    if (open) load();
  }, [open, load]);

  const setRole = async (personId: string, name: string, role: Role) => {
    try {
      await updatePerson(connection.boardId, token, personId, { role });
      showToast({ message: `${name} is now ${ROLE_NAMES[role].toLowerCase()}.` });
      load();
    } catch (err) {
      showToast({ message: err instanceof ApiFailure ? err.message : 'The role could not be changed.', tone: 'error' });
    }
  };

  return (
    <Dialog open={open} onClose={onClose} title="People on this board" description="Everyone who joined with the facilitator or participant link.">
      {error && <p role="alert">{error}</p>}
      {people && people.length === 0 && <p>Nobody has joined yet.</p>}
      {people && people.length > 0 && (
        <ul className="people-list" aria-label="People">
          {people.map((p) => (
            <li key={p.id} className="people-list__person">
              <span className="people-list__name">{p.name}</span>
              <span className="people-list__role">
                {ROLE_NAMES[p.role]}
                {p.online ? ' · here now' : ''}
              </span>
              {p.role === 'facilitator' ? (
                <Button variant="secondary" size="sm" onClick={() => void setRole(p.id, p.name, 'participant')} aria-label={`Make ${p.name} a participant`}>
                  Make participant
                </Button>
              ) : (
                <Button variant="secondary" size="sm" onClick={() => void setRole(p.id, p.name, 'facilitator')} aria-label={`Make ${p.name} a facilitator`}>
                  Make facilitator
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="dialog__footer">
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      </div>
    </Dialog>
  );
}
