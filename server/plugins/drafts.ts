// Drafts plugin: "Write privately first" (server/drafts.ts, docs/protocol.md "Private drafts").
//   GET  /api/boards/:id/drafts          (facilitator) who has private notes waiting, how many
//   POST /api/boards/:id/drafts/reveal   (facilitator) move every person's drafts into the board
// The drafts themselves sync over the websocket (`/ws/:boardId/drafts:<personId>`, plugins/rooms.ts).
import fp from 'fastify-plugin';
import type { DraftsResponse, RevealDraftsResponse } from '../../shared/protocol';
import type { ServerConfig } from '../config';
import { apiError } from '../errors';
import { DraftsService } from '../drafts';
import { acceptJsonBodies, boardAccess, boardParams, errorSchema, tokenQuery, type BoardRoute } from '../http';

export interface DraftsPluginOptions {
  config: ServerConfig;
}

const countsSchema = {
  type: 'object',
  properties: {
    people: {
      type: 'array',
      items: {
        type: 'object',
        properties: { personId: { type: 'string' }, name: { type: 'string' }, events: { type: 'integer' }, factors: { type: 'integer' } },
      },
    },
  },
} as const;

const revealSchema = { type: 'object', properties: { events: { type: 'integer' }, factors: { type: 'integer' } } } as const;

/** The reveal takes no options: no body, or an empty object. */
const revealBody = { type: ['object', 'null'], additionalProperties: false, properties: {} } as const;

export default fp<DraftsPluginOptions>(
  async function draftsPlugin(app, { config }) {
    acceptJsonBodies(app, config.maxBodyBytes);
    const service = new DraftsService(app.storage, app.rooms, app.log);

    app.get<BoardRoute>(
      '/api/boards/:id/drafts',
      { schema: { params: boardParams, querystring: tokenQuery, response: { 200: countsSchema, '4xx': errorSchema } } },
      async (request, reply): Promise<DraftsResponse> => {
        const { board, role } = await boardAccess(app, request);
        if (role !== 'facilitator') throw apiError('ROLE_FORBIDDEN', 'Only a facilitator sees how many private notes are waiting.');
        void reply.header('cache-control', 'no-store');
        return { people: await service.counts(board.id) };
      },
    );

    app.post<BoardRoute & { Body: Record<string, never> | null }>(
      '/api/boards/:id/drafts/reveal',
      {
        bodyLimit: config.maxBodyBytes,
        schema: { params: boardParams, querystring: tokenQuery, body: revealBody, response: { 200: revealSchema, '4xx': errorSchema } },
      },
      async (request): Promise<RevealDraftsResponse> => {
        const { board, role } = await boardAccess(app, request);
        if (role !== 'facilitator') throw apiError('ROLE_FORBIDDEN', 'Only a facilitator can reveal the private notes.');
        return service.reveal(board.id);
      },
    );
  },
  { name: 'debrief-drafts', fastify: '5.x', dependencies: ['debrief-storage', 'debrief-rooms'], encapsulate: true },
);
