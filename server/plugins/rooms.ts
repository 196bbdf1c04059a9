// Rooms plugin: the websocket sync endpoint. Decorates `rooms` (the RoomRegistry) and serves
//   GET /ws/:boardId                 the board document
//   GET /ws/:boardId/facilitation    the facilitator-only document
//   GET /ws/:boardId/drafts:<personId>  that person's private drafts: only their own connections
//                                    (any other token answers 403, before any websocket opens)
// A connection is authorised before the upgrade (preValidation): an unknown board answers 404,
// a missing or wrong token 401 (a revoked link, an unknown person or a wrong personal secret too,
// each with its own message), and no websocket is opened. The connection knows who it is (the
// person, or the link it came with): presence is stamped with that, and revoking a link or
// changing a person's role closes exactly those connections. On shutdown (preClose) every
// connection is closed with 1012 after the rooms' writes are stored. The upgrade response says
// which sync contract the server keeps (PROTOCOL_VERSION_HEADER).
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { isPersonId, type BoardId } from '../../shared/ids';
import {
  CloseCode,
  DOCUMENT_NAMES,
  canWrite,
  draftsDocument,
  draftsOwner,
  PROTOCOL_VERSION,
  PROTOCOL_VERSION_HEADER,
  type DocumentName,
  type Role,
} from '../../shared/protocol';
import { authorize, credentialKey } from '../auth';
import type { ServerConfig } from '../config';
import { apiError, retryLater } from '../errors';
import { signedInSubject } from '../http';
import { preframingUnavailable } from '../sync/broadcast';
import type { ConnectionIdentity } from '../sync/connection';
import { RoomRegistry } from '../sync/registry';
import { BoardChanges } from '../board-changes';

declare module 'fastify' {
  interface FastifyInstance {
    rooms: RoomRegistry;
    /** Boards whose stored state changed on this instance (server/board-changes.ts). */
    boardChanges: BoardChanges;
  }
  interface FastifyRequest {
    /** Set by the websocket route's preValidation hook once the token is checked. */
    boardAccess: { boardId: BoardId; document: DocumentName; role: Role; identity: ConnectionIdentity } | null;
  }
}

export interface RoomsPluginOptions {
  config: ServerConfig;
  /** Heartbeat interval override (tests). */
  heartbeatMs?: number;
}

interface SocketRoute {
  Params: { boardId: string; document?: string };
  Querystring: { token?: unknown };
}

/** The document a path names: none for the board itself, its name for the others (a person's
 * drafts: `drafts:<personId>`). */
function documentOf(segment: string | undefined): DocumentName | null {
  if (segment === undefined) return 'board';
  const owner = draftsOwner(segment);
  if (owner !== null) return isPersonId(owner) ? draftsDocument(owner) : null;
  const named = DOCUMENT_NAMES.find((name) => name === segment);
  return named && named !== 'board' ? named : null;
}

export default fp<RoomsPluginOptions>(
  async function roomsPlugin(app, { config, heartbeatMs }) {
    const changes = new BoardChanges();
    app.decorate('boardChanges', changes);
    const registry = new RoomRegistry({
      onStored: (key) => changes.changed(key.boardId),
      store: app.storage,
      compactAfterUpdates: config.compactAfterUpdates,
      maxMessagesPerSecond: config.maxMessagesPerSecond,
      maxQueuedBytes: config.maxQueuedBytes,
      maxAwarenessPerSecond: config.maxAwarenessPerSecond,
      maxSyncBytesPerSecond: config.maxSyncBytesPerSecond,
      syncBurstBytes: 2 * config.maxBoardBytes,
      maxAwarenessStateBytes: config.maxAwarenessStateBytes,
      maxDocumentBytes: config.maxBoardBytes,
      maxTotalQueuedBytes: config.maxTotalQueuedBytes,
      observer: app.syncObserver,
      log: app.log,
      peers: app.peers,
      ...(heartbeatMs ? { heartbeatMs } : {}),
    });
    app.decorate('rooms', registry);
    const noPreframing = preframingUnavailable();
    if (noPreframing !== null) {
      // Still correct, only slower: every broadcast is framed per recipient (server/sync/broadcast.ts).
      app.log.warn({ reason: noPreframing }, 'pre-framed broadcasts are off: the installed ws differs from what they assume');
    }
    app.decorateRequest('boardAccess', null);
    // Written into the 101 response by ws; a client that does not look at it is not affected.
    app.websocketServer.on('headers', (headers: string[]) => {
      headers.push(`${PROTOCOL_VERSION_HEADER}: ${PROTOCOL_VERSION}`);
    });
    app.addHook('preClose', async () => {
      app.log.info({ rooms: registry.size, connections: registry.connectionCount }, 'closing connections for restart');
      await registry.shutdown(CloseCode.serviceRestart);
    });

    // Runs before the upgrade: a refused request gets an HTTP error and never becomes a websocket.
    async function authorizeSocket(request: FastifyRequest<SocketRoute>, _reply: FastifyReply): Promise<void> {
      const document = documentOf(request.params.document);
      if (!document) throw apiError('ROUTE_NOT_FOUND');
      const token = request.query.token;
      const { board, role, person, credential } = await authorize(
        app.storage,
        request.params.boardId,
        typeof token === 'string' ? token : undefined,
        // A signed-in person's token on another device is vouched for by their session cookie,
        // which the browser sends with the upgrade like any same-site request.
        signedInSubject(app, request),
      );
      // A person's drafts open only for that person (a participant or facilitator), on any device.
      const owner = draftsOwner(document);
      if (owner !== null) {
        if (!person || !canWrite(role)) throw apiError('DRAFTS_NEED_PERSON');
        if (person.id !== owner) throw apiError('DRAFTS_NOT_YOURS');
      }
      const identity: ConnectionIdentity = {
        credential: credentialKey(credential),
        personId: person?.id ?? null,
        name: person?.name ?? '',
        role,
      };
      // Capacity, checked before the upgrade: refused with an HTTP status, which every websocket
      // client treats as a failed attempt and retries later.
      if (registry.connectionsFrom(request.ip) >= config.maxConnectionsPerAddress) {
        app.syncObserver.refused('connections_per_address');
        throw retryLater('TOO_MANY_CONNECTIONS', 10);
      }
      // A board or drafts connection needs its facilitation document loaded too: room for both.
      const needed =
        (registry.get({ boardId: board.id, name: document }) ? 0 : 1) +
        (document !== 'facilitation' && !registry.get({ boardId: board.id, name: 'facilitation' }) ? 1 : 0);
      if (needed > 0 && registry.size + needed > config.maxRooms) {
        app.syncObserver.refused('rooms_per_server');
        throw retryLater('SERVER_BUSY', 10);
      }
      request.boardAccess = { boardId: board.id, document, role, identity };
    }

    await app.register(async function socketRoutes(scope) {
      const handler = (socket: WebSocket, request: FastifyRequest) => {
        const access = request.boardAccess;
        if (!access) {
          // Unreachable: preValidation either set it or refused the upgrade.
          socket.close(CloseCode.unauthorized, 'unauthorized');
          return;
        }
        registry.connect(socket, { boardId: access.boardId, name: access.document }, access.role, request.log, access.identity, request.ip);
      };
      scope.get<SocketRoute>('/ws/:boardId', { websocket: true, preValidation: authorizeSocket }, handler);
      scope.get<SocketRoute>('/ws/:boardId/:document', { websocket: true, preValidation: authorizeSocket }, handler);
    });
  },
  { name: 'debrief-rooms', fastify: '5.x', dependencies: ['debrief-storage', 'debrief-cluster', 'debrief-metrics', '@fastify/websocket'] },
);
