// What a token opens on a board, as `GET /api/boards/:id/session` answers it (shared/protocol.ts
// `BoardSession`); joining answers the same for the new person's token, so a page that joins does
// not ask again before opening the board.
import type { FastifyInstance } from 'fastify';
import { readMeta } from '../shared/board';
import type { BoardSession, Role } from '../shared/protocol';
import { personSummary } from './people';
import type { BoardRecord, PersonRecord } from './storage/types';

/** The session of a token that opens `board` with `role` (as `person`, for a personal token). */
export async function boardSession(app: FastifyInstance, board: BoardRecord, role: Role, person: PersonRecord | null): Promise<BoardSession> {
  // The title may have been edited on the board since it was created.
  const title = await app.rooms.read({ boardId: board.id, name: 'board' }, (doc) => readMeta(doc).title || board.title);
  const participantsMayShare = board.participantsMayShare !== false;
  const session: BoardSession = { boardId: board.id, role, title, participantsMayShare };
  if (person) session.person = personSummary(person);
  if (role === 'facilitator') {
    session.links = { ...board.shareTokens, ...(board.facilitatorToken ? { facilitator: board.facilitatorToken } : {}) };
  } else if (role === 'participant' && participantsMayShare) {
    session.links = { participant: board.shareTokens.participant };
  }
  return session;
}

/** The JSON schema of a BoardSession (for the answers that carry one). */
export const boardSessionSchema = {
  type: 'object',
  properties: {
    boardId: { type: 'string' },
    role: { type: 'string' },
    title: { type: 'string' },
    person: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } },
    links: { type: 'object', properties: { facilitator: { type: 'string' }, participant: { type: 'string' }, viewer: { type: 'string' } } },
    participantsMayShare: { type: 'boolean' },
  },
} as const;
