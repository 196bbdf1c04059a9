// Board tokens: issuing them, finding them in a request, and deciding which role one grants.
// A token is either one of the board's three links (facilitator, participant, view-only) or a
// person's personal token (`p.<personId>.<secret>`, docs/protocol.md "People"), which opens the
// board as that person with the person's current role.
// Tokens are compared as SHA-256 hashes with crypto.timingSafeEqual, against every role, so the
// time taken says nothing about how much of a token was right nor which role matched.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { isBoardId, randomId } from '../shared/ids';
import { ROLES, SIGNED_IN_SECRET, parsePersonalToken, type Role } from '../shared/protocol';
import { apiError } from './errors';
import type { BoardRecord, BoardStore, PersonRecord } from './storage/types';

/** Longest token accepted; ours are 43 characters. Longer strings are not hashed, just refused. */
export const MAX_TOKEN_LENGTH = 256;

/** A fresh token: 256 random bits, URL-safe base64. */
export const newToken = (): string => randomId(256);

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The role `token` grants on `board`, or null. Runs in time independent of the token's content. */
export function roleForToken(board: BoardRecord, token: string): Role | null {
  const presented = hashToken(token);
  let found: Role | null = null;
  for (const role of ROLES) {
    const expected = board.tokenHashes[role];
    // Every role is compared (no early exit) so timing does not tell which one matched.
    if (expected.length === presented.length && timingSafeEqual(presented, expected)) found = role;
  }
  return found;
}

/** The token of a request: `Authorization: Bearer <token>`, else `?token=`. Undefined if neither. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) return match[1];
  }
  const query = request.query as Record<string, unknown> | undefined;
  const token = query?.token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/** Replaces the value of a `token` query parameter in a URL with `[redacted]`, for logs. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  return url.slice(0, q) + url.slice(q).replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

/** Whether `secret` is the one whose hash the person keeps (constant time). */
export function secretMatches(person: PersonRecord, secret: string): boolean {
  const presented = hashToken(secret);
  return person.secretHash.length === presented.length && timingSafeEqual(presented, person.secretHash);
}

/**
 * What a connection or request was let in with: one of the board's links, or a person's own token.
 * Revoking a link closes exactly the connections whose credential is that link.
 */
export type Credential = { kind: 'link'; role: Role } | { kind: 'person'; person: PersonRecord };

/** A credential as one string (`link:participant`, `person:<id>`), to select connections by it. */
export function credentialKey(credential: Credential): string {
  return credential.kind === 'link' ? `link:${credential.role}` : `person:${credential.person.id}`;
}

/** Who a token lets in: the board, the role, and the person (null for a bare link). */
export interface BoardAccess {
  board: BoardRecord;
  role: Role;
  person: PersonRecord | null;
  credential: Credential;
}

/** The request's signed-in subject (`externalSubject`), or null for a guest; asked only when needed. */
export type SignedInSubject = () => Promise<string | null>;

const GUEST: SignedInSubject = async () => null;

/**
 * Finds the board and the role `token` grants on it. Any string is a possible id: one that is not
 * shaped like ours is simply not found. Throws BOARD_NOT_FOUND, TOKEN_MISSING, TOKEN_INVALID,
 * LINK_REVOKED (a link the facilitator replaced; the message says whom to ask), PERSON_UNKNOWN (a
 * personal token naming nobody on this board), PERSON_SECRET_INVALID (a known person, the wrong secret)
 * or PERSON_NOT_SIGNED_IN (a signed-in person's token without that person's sign-in, see SIGNED_IN_SECRET).
 */
export async function authorize(
  store: BoardStore,
  boardId: string,
  token: string | undefined,
  signedIn: SignedInSubject = GUEST,
): Promise<BoardAccess> {
  if (!isBoardId(boardId)) throw apiError('BOARD_NOT_FOUND');
  const board = await store.getBoard(boardId);
  if (!board) throw apiError('BOARD_NOT_FOUND');
  if (token === undefined || token === '') throw apiError('TOKEN_MISSING');
  if (token.length > MAX_TOKEN_LENGTH) throw apiError('TOKEN_INVALID');
  const personal = parsePersonalToken(token);
  if (personal) {
    const person = await store.getPerson(board.id, personal.personId);
    if (!person) throw apiError('PERSON_UNKNOWN');
    if (personal.secret === SIGNED_IN_SECRET) {
      // Anyone can write this token (person ids are not secret): only the person's own sign-in opens it.
      if (person.externalSubject === null || (await signedIn()) !== person.externalSubject) throw apiError('PERSON_NOT_SIGNED_IN');
    } else if (!secretMatches(person, personal.secret)) {
      throw apiError('PERSON_SECRET_INVALID');
    }
    return { board, role: person.role, person, credential: { kind: 'person', person } };
  }
  const role = roleForToken(board, token);
  if (!role) {
    const retired = await store.findRetiredLink(board.id, hashToken(token));
    if (retired) throw apiError('LINK_REVOKED', await revokedMessage(store, board, retired.role));
    throw apiError('TOKEN_INVALID');
  }
  return { board, role, person: null, credential: { kind: 'link', role } };
}

const LINK_NAMES: Record<Role, string> = {
  facilitator: 'facilitator link',
  participant: 'participant link',
  viewer: 'view-only link',
};

/** Why a replaced link no longer opens the board, and whom to ask for the new one (at most 120 bytes: it is also a close reason). */
export async function revokedMessage(store: BoardStore, board: BoardRecord, role: Role): Promise<string> {
  const facilitators = (await store.listPeople(board.id)).filter((p) => p.role === 'facilitator').map((p) => p.name);
  const base = `The facilitator replaced this ${LINK_NAMES[role]}.`;
  let ask = ' Ask the facilitator for the new one.';
  if (facilitators.length > 0) {
    // A close reason may hold 123 bytes; names are cut to fit rather than dropped.
    const names = facilitators.join(' or ');
    const room = 120 - Buffer.byteLength(`${base} Ask  for the new one.`);
    const fitted = Buffer.byteLength(names) <= room ? names : `${facilitators[0]!.slice(0, Math.max(8, room - 20))}…`;
    ask = ` Ask ${fitted} for the new one.`;
  }
  const message = `${base}${ask}`;
  return Buffer.byteLength(message) <= 123 ? message : `${base} Ask the facilitator for the new one.`;
}
