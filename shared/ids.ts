// Branded identifiers: an id of one kind cannot be passed where another kind is expected.

declare const brand: unique symbol;
/** A string tagged with the kind of thing it names. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type BoardId = Brand<string, 'BoardId'>;
export type EventId = Brand<string, 'EventId'>;
export type FactorId = Brand<string, 'FactorId'>;
export type ClusterId = Brand<string, 'ClusterId'>;
export type ActionItemId = Brand<string, 'ActionItemId'>;
export type LearningId = Brand<string, 'LearningId'>;
export type CheckinId = Brand<string, 'CheckinId'>;
/** A participant's stable identity on one browser (not an account): who owns a set of dots. */
export type VoterId = Brand<string, 'VoterId'>;
/**
 * A person known to the server on one board (docs/protocol.md, "People"): issued when someone joins
 * with the facilitator or participant link. Its string is also the person's VoterId on the board
 * (the participants list is keyed by it), and what server-kept ballots key on.
 */
export type PersonId = Brand<string, 'PersonId'>;

/** Random id with `bits` of entropy, URL-safe base64, from the platform's CSPRNG. */
export function randomId(bits = 128): string {
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Board ids are 22 URL-safe base64 characters (128 random bits); anything else is unknown. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function isBoardId(value: unknown): value is BoardId {
  return typeof value === 'string' && BOARD_ID_PATTERN.test(value);
}

export const newBoardId = () => randomId(128) as BoardId;
export const newEventId = () => randomId(96) as EventId;
export const newFactorId = () => randomId(96) as FactorId;
export const newClusterId = () => randomId(96) as ClusterId;
export const newActionItemId = () => randomId(96) as ActionItemId;
export const newLearningId = () => randomId(96) as LearningId;
export const newCheckinId = () => randomId(96) as CheckinId;
export const newVoterId = () => randomId(96) as VoterId;
export const newPersonId = () => randomId(96) as PersonId;

/** Person ids are 16 URL-safe base64 characters (96 random bits). */
export const PERSON_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;

export function isPersonId(value: unknown): value is PersonId {
  return typeof value === 'string' && PERSON_ID_PATTERN.test(value);
}
