// Trackers plugin: action items into the team's issue tracker, and their status back
// (docs/trackers.md, server/trackers/).
//   GET    /api/workspace/trackers                        the workspace's trackers (admin), never their secrets
//   POST   /api/workspace/trackers                        configure one (admin; needs TRACKER_KEY)
//   PATCH  /api/workspace/trackers/:trackerId             change its address, project, credentials or secret (admin)
//   DELETE /api/workspace/trackers/:trackerId             remove one (admin)
//   GET    /api/boards/:id/trackers                       the trackers a board may send to (facilitator)
//   DELETE /api/boards/:id/trackers/:trackerId            remove a board's own tracker (facilitator; from before
//                                                         trackers were the workspace's)
//   POST   /api/boards/:id/actions/:actionId/tracker      send one action item, or retry it (facilitator)
//   POST   /api/boards/:id/tracker/send-all               send every action item not sent yet (facilitator)
//   POST   /api/trackers/:trackerId/webhook               the tracker's webhook (signature checked; 401 otherwise)
// Trackers belong to the workspace: a workspace admin (server/library/admin.ts) configures them,
// and every board's facilitator sends to them.
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ActionItemId, BoardId } from '../../shared/ids';
import type { ServerConfig } from '../config';
import { apiError } from '../errors';
import { acceptJsonBodies, boardAccess, errorSchema, tokenQuery } from '../http';
import { authorizeAdmin } from '../library/admin';
import type { TrackerScope } from '../storage/trackers';
import { ActionGoneError, TrackerKeyMissingError, TrackerService, WORKSPACE_SCOPE, type TrackerInput, type TrackerPatch } from '../trackers/service';
import { TRACKER_KINDS } from '../trackers/types';

declare module 'fastify' {
  interface FastifyInstance {
    trackers: TrackerService;
  }
}

export interface TrackersPluginOptions {
  config: ServerConfig;
  /** A claim older than this is reconciled as a crashed attempt (tests shorten it). */
  claimLeaseMs?: number;
  /** Sent issues read per periodic check (tests lower it). */
  checkBatch?: number;
}

const params = (...names: string[]) =>
  ({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string', maxLength: 100 }])), required: names }) as const;

const trackerBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['kind', 'baseUrl', 'project', 'credentials', 'webhookSecret'],
  properties: {
    kind: { type: 'string', enum: TRACKER_KINDS },
    baseUrl: { type: 'string', minLength: 1, maxLength: 500 },
    project: { type: 'string', minLength: 1, maxLength: 200 },
    credentials: { type: 'string', minLength: 1, maxLength: 4000 },
    webhookSecret: { type: 'string', minLength: 8, maxLength: 500 },
  },
} as const;

const trackerPatch = {
  type: ['object', 'null'],
  additionalProperties: false,
  minProperties: 1,
  properties: {
    baseUrl: trackerBody.properties.baseUrl,
    project: trackerBody.properties.project,
    credentials: trackerBody.properties.credentials,
    webhookSecret: trackerBody.properties.webhookSecret,
  },
} as const;

const sendBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['trackerId'],
  properties: { trackerId: { type: 'string', maxLength: 100 }, retry: { type: 'boolean' } },
} as const;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A tracker's base URL: https, or http on this machine only (tests, a local GitLab). */
function checkBaseUrl(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw apiError('TRACKER_URL_INVALID');
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return;
  throw apiError('TRACKER_URL_INVALID');
}

/** Where the request came from, for the link back to the review in an issue. */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export default fp<TrackersPluginOptions>(
  async function trackersPlugin(app: FastifyInstance, { config, claimLeaseMs, checkBatch }) {
    const service = new TrackerService({
      store: app.storage.trackers,
      rooms: app.rooms,
      log: app.log.child({ plugin: 'trackers' }),
      key: config.trackerKey,
      checkIntervalMs: config.trackerCheckIntervalMs,
      publicUrl: config.signIn?.publicUrl ?? '',
      ...(claimLeaseMs !== undefined ? { claimLeaseMs } : {}),
      ...(checkBatch !== undefined ? { checkBatch } : {}),
    });
    app.decorate('trackers', service);
    // The board's actionTrackers root is the server's: a client's write there is put back.
    app.rooms.boardHooks.push(service);
    // Before the rooms close: a send in progress finishes writing its outcome.
    app.addHook('preClose', async () => service.stop());

    // The routes in a context of their own: JSON bodies only there (and raw bytes for webhooks).
    await app.register(async (app) => {
      acceptJsonBodies(app, config.maxBodyBytes);

      /** The board a facilitator request names, and the scope of its own (older) trackers. */
      async function facilitatorScope(request: FastifyRequest<{ Params: { id: string } }>): Promise<{ boardId: BoardId; scope: TrackerScope }> {
        const { board, role } = await boardAccess(app, request);
        if (!maySend(role)) throw apiError('ROLE_FORBIDDEN', 'Only the facilitator can send action items to a tracker.');
        return { boardId: board.id, scope: `board:${board.id}` };
      }

      /** A tracker the board may use: the workspace's, or the board's own (404 otherwise). */
      async function trackerOf(scope: TrackerScope, trackerId: string) {
        const tracker = await app.storage.trackers.getConfig(trackerId);
        if (!tracker || (tracker.scope !== scope && tracker.scope !== WORKSPACE_SCOPE)) throw apiError('TRACKER_NOT_FOUND');
        return tracker;
      }

      const admin = (request: FastifyRequest) => authorizeAdmin(config, app.signIn, request);
      const keyMissing = (error: unknown): never => {
        if (error instanceof TrackerKeyMissingError) throw apiError('TRACKER_KEY_MISSING');
        throw error;
      };

      app.get('/api/workspace/trackers', { schema: { response: { '4xx': errorSchema } } }, async (request, reply) => {
        await admin(request);
        void reply.header('cache-control', 'no-store');
        return { trackers: await service.list(WORKSPACE_SCOPE), canStoreCredentials: service.canStoreCredentials };
      });

      app.post<{ Body: TrackerInput | null }>(
        '/api/workspace/trackers',
        { bodyLimit: config.maxBodyBytes, schema: { body: trackerBody, response: { '4xx': errorSchema } } },
        async (request, reply) => {
          const who = await admin(request);
          if (!request.body) throw apiError('INVALID_REQUEST', 'Missing tracker settings in body.');
          checkBaseUrl(request.body.baseUrl);
          const view = await service.configure(WORKSPACE_SCOPE, request.body).catch(keyMissing);
          request.log.info({ trackerId: view.id, kind: view.kind, admin: who.via }, 'tracker configured');
          void reply.code(201);
          return view;
        },
      );

      app.patch<{ Params: { trackerId: string }; Body: TrackerPatch | null }>(
        '/api/workspace/trackers/:trackerId',
        { bodyLimit: config.maxBodyBytes, schema: { params: params('trackerId'), body: trackerPatch, response: { '4xx': errorSchema } } },
        async (request) => {
          const who = await admin(request);
          if (!request.body) throw apiError('INVALID_REQUEST', 'Say what to change: baseUrl, project, credentials or webhookSecret.');
          if (request.body.baseUrl !== undefined) checkBaseUrl(request.body.baseUrl);
          const existing = await app.storage.trackers.getConfig(request.params.trackerId);
          if (!existing || existing.scope !== WORKSPACE_SCOPE) throw apiError('TRACKER_NOT_FOUND');
          const view = await service.reconfigure(request.params.trackerId, request.body).catch(keyMissing);
          if (!view) throw apiError('TRACKER_NOT_FOUND');
          // Which settings changed, never their values.
          request.log.info({ trackerId: view.id, changed: Object.keys(request.body), admin: who.via }, 'tracker changed');
          return view;
        },
      );

      app.delete<{ Params: { trackerId: string } }>(
        '/api/workspace/trackers/:trackerId',
        { schema: { params: params('trackerId'), response: { '4xx': errorSchema } } },
        async (request, reply) => {
          const who = await admin(request);
          const existing = await app.storage.trackers.getConfig(request.params.trackerId);
          if (!existing || existing.scope !== WORKSPACE_SCOPE) throw apiError('TRACKER_NOT_FOUND');
          await app.storage.trackers.deleteConfig(request.params.trackerId);
          request.log.info({ trackerId: request.params.trackerId, admin: who.via }, 'tracker removed');
          return reply.code(204).send();
        },
      );

      app.get<{ Params: { id: string }; Querystring: { token?: string } }>(
        '/api/boards/:id/trackers',
        { schema: { params: params('id'), querystring: tokenQuery, response: { '4xx': errorSchema } } },
        async (request, reply) => {
          const { scope } = await facilitatorScope(request);
          void reply.header('cache-control', 'no-store');
          return { trackers: await service.list(WORKSPACE_SCOPE, scope), canStoreCredentials: service.canStoreCredentials };
        },
      );

      app.delete<{ Params: { id: string; trackerId: string }; Querystring: { token?: string } }>(
        '/api/boards/:id/trackers/:trackerId',
        { schema: { params: params('id', 'trackerId'), querystring: tokenQuery, response: { '4xx': errorSchema } } },
        async (request, reply) => {
          const { scope } = await facilitatorScope(request);
          const tracker = await trackerOf(scope, request.params.trackerId);
          // The workspace's trackers are its admin's to remove.
          if (tracker.scope !== scope) throw apiError('ADMIN_REQUIRED');
          await app.storage.trackers.deleteConfig(request.params.trackerId);
          return reply.code(204).send();
        },
      );

      app.post<{ Params: { id: string; actionId: string }; Querystring: { token?: string }; Body: { trackerId: string; retry?: boolean } | null }>(
        '/api/boards/:id/actions/:actionId/tracker',
        { bodyLimit: config.maxBodyBytes, schema: { params: params('id', 'actionId'), querystring: tokenQuery, body: sendBody, response: { '4xx': errorSchema } } },
        async (request) => {
          const { boardId, scope } = await facilitatorScope(request);
          if (!request.body) throw apiError('INVALID_REQUEST', 'Missing field trackerId in body.');
          await trackerOf(scope, request.body.trackerId);
          try {
            return await service.send(boardId, request.params.actionId as ActionItemId, request.body.trackerId, {
              force: request.body.retry ?? false,
              origin: originOf(request),
            });
          } catch (error) {
            if (error instanceof ActionGoneError) throw apiError('ACTION_ITEM_NOT_FOUND');
            return keyMissing(error);
          }
        },
      );

      app.post<{ Params: { id: string }; Querystring: { token?: string }; Body: { trackerId: string } | null }>(
        '/api/boards/:id/tracker/send-all',
        { bodyLimit: config.maxBodyBytes, schema: { params: params('id'), querystring: tokenQuery, body: sendBody, response: { '4xx': errorSchema } } },
        async (request) => {
          const { boardId, scope } = await facilitatorScope(request);
          if (!request.body) throw apiError('INVALID_REQUEST', 'Missing field trackerId in body.');
          await trackerOf(scope, request.body.trackerId);
          return { sent: await service.sendAll(boardId, request.body.trackerId, originOf(request)) };
        },
      );

      // Webhooks: trackers post JSON, signed over the exact bytes: keep them (this route only).
      app.register(async (hooks) => {
        hooks.removeAllContentTypeParsers();
        hooks.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
        hooks.post<{ Params: { trackerId: string } }>(
          '/api/trackers/:trackerId/webhook',
          { schema: { params: params('trackerId'), response: { '4xx': errorSchema } } },
          async (request, reply) => {
            const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
            const outcome = await service.webhook(request.params.trackerId, { headers: request.headers, rawBody });
            if (outcome === 'unknown-tracker') throw apiError('TRACKER_NOT_FOUND');
            if (outcome === 'forged') {
              request.log.warn({ trackerId: request.params.trackerId }, 'tracker webhook refused: bad or missing signature');
              throw apiError('WEBHOOK_SIGNATURE_INVALID');
            }
            return reply.code(204).send();
          },
        );
      });
    });
  },
  { name: 'debrief-trackers', fastify: '5.x', dependencies: ['debrief-storage', 'debrief-rooms', 'debrief-sign-in'] },
);

/** Who may send a board's action items to a tracker (configuring one is a workspace admin's). */
function maySend(role: string): boolean {
  return role === 'facilitator';
}
