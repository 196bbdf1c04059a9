// Board tokens: issuing them, finding them in a request, and deciding which role one grants.
// Tokens are compared as SHA-256 hashes with crypto.timingSafeEqual, against every role, so the
// time taken says nothing about how much of a token was right nor which role matched.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { isBoardId, randomId } from '../shared/ids';
import { ROLES, type Role } from '../shared/protocol';
import { apiError } from './errors';
import type { BoardRecord, BoardStore } from './storage/types';

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

/**
 * Finds the board and the role `token` grants on it. Any string is a possible id: one that is not
 * shaped like ours is simply not found. Throws BOARD_NOT_FOUND, TOKEN_MISSING or TOKEN_INVALID.
 */
export async function authorize(
  store: BoardStore,
  boardId: string,
  token: string | undefined,
): Promise<{ board: BoardRecord; role: Role }> {
  if (!isBoardId(boardId)) throw apiError('BOARD_NOT_FOUND');
  const board = await store.getBoard(boardId);
  if (!board) throw apiError('BOARD_NOT_FOUND');
  if (token === undefined || token === '') throw apiError('TOKEN_MISSING');
  const role = token.length <= MAX_TOKEN_LENGTH ? roleForToken(board, token) : null;
  if (!role) throw apiError('TOKEN_INVALID');
  return { board, role };
}
