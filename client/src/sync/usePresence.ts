// Who is on the board right now, from awareness: one entry per person (several tabs of one
// browser count once), this person first.
import { useMemo, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { ROLES } from '../../../shared/protocol';
import type { PresenceUser } from './connection';

export interface PresentPerson extends PresenceUser {
  isSelf: boolean;
}

function readPeople(awareness: Awareness): PresentPerson[] {
  const selfId = awareness.clientID;
  const byVoter = new Map<string, PresentPerson>();
  awareness.getStates().forEach((state, clientId) => {
    const user = (state as { user?: Partial<PresenceUser> }).user;
    if (!user || typeof user.name !== 'string' || typeof user.voterId !== 'string') return;
    const person: PresentPerson = {
      name: user.name.slice(0, 60),
      color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#7c7c87',
      voterId: user.voterId,
      role: ROLES.includes(user.role as never) ? (user.role as PresenceUser['role']) : 'participant',
      isSelf: clientId === selfId,
    };
    const seen = byVoter.get(person.voterId);
    if (!seen || person.isSelf) byVoter.set(person.voterId, { ...person, isSelf: person.isSelf || !!seen?.isSelf });
  });
  return [...byVoter.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
}

export function usePresence(awareness: Awareness): PresentPerson[] {
  const store = useMemo(() => {
    let snapshot = readPeople(awareness);
    let key = JSON.stringify(snapshot);
    return {
      subscribe(onChange: () => void) {
        const handler = () => {
          const next = readPeople(awareness);
          const nextKey = JSON.stringify(next);
          if (nextKey !== key) {
            key = nextKey;
            snapshot = next;
            onChange();
          }
        };
        awareness.on('change', handler);
        return () => awareness.off('change', handler);
      },
      getSnapshot: () => snapshot,
    };
  }, [awareness]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

const PALETTE = ['#5b5bd6', '#d6404a', '#25915a', '#d0692b', '#8a4fd0', '#1f8f80', '#3d68d8', '#b5477d', '#7a6a1f'];

/** A steady colour for a person, from their voter id. */
export function colorFor(voterId: string): string {
  let h = 0;
  for (let i = 0; i < voterId.length; i++) h = (h * 31 + voterId.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}
