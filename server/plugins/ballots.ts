// Ballots plugin: each person's own dots, kept by the server (server/ballots.ts, docs/protocol.md
// "Ballots"). Authenticated by the personal token; a bare link token is nobody's ballot.
//   GET  /api/boards/:id/ballot   my dots as they count now, what I have left, the rules
//   POST /api/boards/:id/ballot   { target, delta: 1 | -1 }: spend or take back one dot; a refusal
//                                 is a 4xx catalogue error whose message says why
// Sets the registry's board hooks: publishing at the
// reveal, putting back the ballot roots a client touched, moving old boards' ballots on load.
import fp from 'fastify-plugin';
import type { BallotResponse, VoteRequest } from '../../shared/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BallotService } from '../ballots';
import type { ServerConfig } from '../config';
import { apiError } from '../errors';
import { acceptJsonBodies, boardAccess, boardParams, errorSchema, tokenQuery } from '../http';

export interface BallotsPluginOptions {
  config: ServerConfig;
}

const ballotSchema = {
  type: 'object',
  properties: {
    dots: { type: 'object', additionalProperties: { type: 'integer' } },
    left: { type: 'integer' },
    budget: { type: 'integer' },
    cap: { type: ['integer', 'null'] },
  },
} as const;

const voteBody = {
  type: 'object',
  additionalProperties: false,
  required: ['target', 'delta'],
  properties: { target: { type: 'string', minLength: 1, maxLength: 64 }, delta: { type: 'integer', enum: [1, -1] } },
} as const;

/** The board and the person a request's personal token is; viewers and bare links do not vote. */
async function voter(app: FastifyInstance, request: FastifyRequest<{ Params: { id: string } }>) {
  const { board, role, person } = await boardAccess(app, request);
  if (role === 'viewer') throw apiError('ROLE_FORBIDDEN', 'A view-only link does not vote.');
  if (!person) throw apiError('VOTE_NEEDS_PERSON');
  return { boardId: board.id, personId: person.id };
}

export default fp<BallotsPluginOptions>(
  async function ballotsPlugin(app, { config }) {
    acceptJsonBodies(app, config.maxBodyBytes);
    const service = new BallotService(app.storage, app.rooms, app.log);
    app.rooms.boardHooks.push(service);

    app.get<{ Params: { id: string }; Querystring: { token?: string } }>(
      '/api/boards/:id/ballot',
      { schema: { params: boardParams, querystring: tokenQuery, response: { 200: ballotSchema, '4xx': errorSchema } } },
      async (request, reply): Promise<BallotResponse> => {
        const { boardId, personId } = await voter(app, request);
        void reply.header('cache-control', 'no-store');
        return service.mine(boardId, personId);
      },
    );

    app.post<{ Params: { id: string }; Querystring: { token?: string }; Body: VoteRequest }>(
      '/api/boards/:id/ballot',
      {
        bodyLimit: config.maxBodyBytes,
        schema: { params: boardParams, querystring: tokenQuery, body: voteBody, response: { 200: ballotSchema, '4xx': errorSchema } },
      },
      async (request, reply): Promise<BallotResponse> => {
        const { boardId, personId } = await voter(app, request);
        void reply.header('cache-control', 'no-store');
        return service.vote(boardId, personId, request.body.target, request.body.delta);
      },
    );
  },
  { name: 'debrief-ballots', fastify: '5.x', dependencies: ['debrief-storage', 'debrief-rooms'], encapsulate: true },
);
