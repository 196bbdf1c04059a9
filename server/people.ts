// People of a board: creating them (with a personal secret the server keeps only as a hash),
// finding the one an identity provider vouches for, and what connections show of them. The HTTP
// routes are in plugins/people.ts; other sign-in paths (OIDC) call `personForSubject` here.
import { newPersonId, randomId, type BoardId } from '../shared/ids';
import { MAX_PERSON_NAME_LENGTH, personalToken, type PersonSummary, type Role } from '../shared/protocol';
import { hashToken } from './auth';
import type { BoardStore, PersonRecord } from './storage/types';

/** A person just made: the record as stored and the personal token (its secret is not kept in clear). */
export interface IssuedPerson {
  person: PersonRecord;
  token: string;
}

/** What a person's name may be: trimmed, no control characters, at most MAX_PERSON_NAME_LENGTH. */
export function cleanPersonName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_PERSON_NAME_LENGTH) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return null;
  return trimmed;
}

/** What the API answers about a person. */
export function personSummary(person: PersonRecord): PersonSummary {
  return { id: person.id, name: person.name, role: person.role };
}

/** A fresh personal secret: 256 random bits, URL-safe base64. */
const newSecret = (): string => randomId(256);

/**
 * Makes a new person on a board. Resolves null when the board no longer exists, or when
 * `externalSubject` is already another person's there (see `personForSubject`).
 */
export async function createPerson(
  store: BoardStore,
  boardId: BoardId,
  input: { name: string; role: Role; externalSubject?: string | null },
  now: number = Date.now(),
): Promise<IssuedPerson | null> {
  const secret = newSecret();
  const person: PersonRecord = {
    boardId,
    id: newPersonId(),
    name: input.name,
    role: input.role,
    secretHash: hashToken(secret),
    externalSubject: input.externalSubject ?? null,
    createdAt: now,
  };
  if (!(await store.createPerson(person))) return null;
  return { person, token: personalToken(person.id, secret) };
}

/**
 * The person a signed-in identity (an OIDC issuer and subject, joined as one string) is on a board:
 * the one made at their first sign-in there, else a new one with `name` and `role` (the role of the
 * link they came with). `token` is the personal token when the person was made now, else null (only
 * its hash is kept): the sign-in layer then vouches for the person itself. Null when the board is gone.
 */
export async function personForSubject(
  store: BoardStore,
  boardId: BoardId,
  input: { name: string; role: Role; externalSubject: string },
): Promise<{ person: PersonRecord; token: string | null } | null> {
  const known = await store.findPersonBySubject(boardId, input.externalSubject);
  if (known) return { person: known, token: null };
  const made = await createPerson(store, boardId, input);
  if (made) return made;
  // Made by a concurrent sign-in of the same subject (the unique index refused ours): that one.
  const raced = await store.findPersonBySubject(boardId, input.externalSubject);
  return raced ? { person: raced, token: null } : null;
}
