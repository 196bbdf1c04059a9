// HTTP API plugin: creating, opening, exporting and deleting boards, and the server's clock. Bodies
// and parameters are checked by JSON schema; every refusal is a catalogue error (errors.ts) with a
// 4xx status. Links to earlier boards are in links.ts.
//   POST   /api/boards                  create a board; answers its id and the three tokens (may
//                                        need a signed-in person: CREATE_REQUIRES_SIGN_IN, sign-in.ts)
//   GET    /api/boards/:id/session      the role a token grants (and share tokens for the facilitator)
//   GET    /api/boards/:id/export.md    the Markdown report (any role)
//   DELETE /api/boards/:id              delete the board (facilitator)
//   GET    /api/time                    the server's clock (no token), which meeting timers count on
// Tokens come as `Authorization: Bearer <token>` or `?token=`.
import fp from 'fastify-plugin';
import * as Y from 'yjs';
import { BoardValidationError, initializeBoard, isCalendarDate, isHttpUrl, readMeta } from '../../shared/board';
import { SERVER_WRITES } from '../writeContext';
import { readFacilitation } from '../../shared/facilitation';
import { newBoardId } from '../../shared/ids';
import {
  CloseCode,
  DEFAULT_LIMITS,
  type BoardSession,
  type CreateBoardRequest,
  type CreateBoardResponse,
  type ServerTimeResponse,
} from '../../shared/protocol';
import { renderBoardReport, reportBoardUrl, reportFileName } from '../../shared/report';
import { hashToken, newToken } from '../auth';
import type { ServerConfig } from '../config';
import { boardSession } from '../session';
import { apiError, retryLater } from '../errors';
import { acceptJsonBodies, boardAccess, boardParams, errorSchema, tokenQuery, type BoardRoute } from '../http';
import type { BoardRecord } from '../storage/types';

export interface ApiPluginOptions {
  config: ServerConfig;
}

// No control characters in a title: they would only make trouble in the report and the UI.
const createBoardBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', maxLength: DEFAULT_LIMITS.maxTitleLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' },
    incidentDate: { type: 'string', maxLength: 10, pattern: '^(\\d{4}-\\d{2}-\\d{2})?$' },
    incidentLink: { type: 'string', maxLength: 2000 },
  },
} as const;

/**
 * Counts board creations per client address in fixed one-minute windows. A stranger scripting
 * creations fills the disk one board at a time; a person creates a few an hour.
 */
class CreationLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one creation from `address`; the seconds to wait when it is over the limit, else null. */
  take(address: string): number | null {
    const now = this.now();
    if (this.windows.size > 10_000) {
      // Forget finished windows, so that many addresses cannot grow the map without end.
      for (const [key, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(key);
    }
    let window = this.windows.get(address);
    if (!window || now - window.start >= 60_000) {
      window = { start: now, count: 0 };
      this.windows.set(address, window);
    }
    if (window.count >= this.perMinute) return (window.start + 60_000 - now) / 1000;
    window.count++;
    return null;
  }
}

export default fp<ApiPluginOptions>(
  async function apiPlugin(app, { config }) {
    const creations = new CreationLimiter(config.maxBoardCreationsPerMinute);
    // The API speaks JSON only. An empty body with a JSON content type means "no options".
    acceptJsonBodies(app, config.maxBodyBytes);
    const access = (request: Parameters<typeof boardAccess>[1]) => boardAccess(app, request);

    app.get(
      '/api/time',
      { schema: { response: { 200: { type: 'object', properties: { now: { type: 'number' } } } } } },
      async (_request, reply): Promise<ServerTimeResponse> => {
        // A cached answer would be a wrong clock.
        void reply.header('cache-control', 'no-store');
        return { now: Date.now() };
      },
    );

    app.post<{ Body: CreateBoardRequest | null }>(
      '/api/boards',
      {
        bodyLimit: config.maxBodyBytes,
        schema: {
          body: createBoardBody,
          response: {
            201: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                tokens: {
                  type: 'object',
                  properties: { facilitator: { type: 'string' }, participant: { type: 'string' }, viewer: { type: 'string' } },
                },
              },
            },
            '4xx': errorSchema,
          },
        },
      },
      async (request, reply): Promise<CreateBoardResponse> => {
        await app.signIn.assertMayCreate(request);
        const wait = creations.take(request.ip);
        if (wait !== null) {
          app.syncObserver.refused('board_creations_per_address');
          throw retryLater('TOO_MANY_BOARDS', wait);
        }
        const body = request.body ?? {};
        const title = (body.title ?? '').trim();
        const incidentDate = body.incidentDate ?? '';
        const incidentLink = (body.incidentLink ?? '').trim();
        if (incidentDate !== '' && !isCalendarDate(incidentDate)) {
          throw apiError('INVALID_REQUEST', 'incidentDate must be a real date written YYYY-MM-DD.');
        }
        if (incidentLink !== '' && !isHttpUrl(incidentLink)) {
          throw apiError('INVALID_REQUEST', 'incidentLink must be an http:// or https:// address.');
        }

        const doc = new Y.Doc();
        let initialBoard: Uint8Array;
        try {
          initializeBoard(doc, { title, incidentDate, incidentLink }, SERVER_WRITES);
          initialBoard = Y.encodeStateAsUpdate(doc);
        } catch (error) {
          if (error instanceof BoardValidationError) throw apiError('INVALID_REQUEST', error.message);
          throw error;
        } finally {
          doc.destroy();
        }

        const tokens = { facilitator: newToken(), participant: newToken(), viewer: newToken() };
        // All three kept in clear, so any facilitator can copy any of them again (docs/protocol.md).
        const record: BoardRecord = {
          id: newBoardId(),
          title,
          incidentDate,
          incidentLink,
          createdAt: Date.now(),
          tokenHashes: {
            facilitator: hashToken(tokens.facilitator),
            participant: hashToken(tokens.participant),
            viewer: hashToken(tokens.viewer),
          },
          shareTokens: { participant: tokens.participant, viewer: tokens.viewer },
          facilitatorToken: tokens.facilitator,
          participantsMayShare: true,
        };
        await app.storage.createBoard(record, { board: initialBoard });
        app.boardChanges.changed(record.id, 'created');
        request.log.info({ boardId: record.id }, 'board created');
        void reply.code(201);
        return { id: record.id, tokens };
      },
    );

    app.get<BoardRoute>(
      '/api/boards/:id/session',
      { schema: { params: boardParams, querystring: tokenQuery } },
      async (request): Promise<BoardSession> => {
        const { board, role, person } = await access(request);
        return boardSession(app, board, role, person);
      },
    );

    app.get<{ Params: { id: string }; Querystring: { token?: string; viewerLink?: boolean } }>(
      '/api/boards/:id/export.md',
      {
        schema: {
          params: boardParams,
          querystring: {
            type: 'object',
            properties: { token: { type: 'string' }, viewerLink: { type: 'boolean', default: false } },
          },
        },
      },
      async (request, reply) => {
        const { board, role } = await access(request);
        // The board link in the report opens nothing by itself unless the exporter asks for the
        // view-only link, and only someone who may see that link can put it there.
        const withViewerLink = request.query.viewerLink === true && role !== 'viewer';
        const boardUrl = reportBoardUrl(`${request.protocol}://${request.host}`, board.id, withViewerLink ? board.shareTokens.viewer : null);
        // The phase (a closed board's report is final) and whether tallies are revealed.
        const facilitation = await app.rooms.read({ boardId: board.id, name: 'facilitation' }, readFacilitation);
        const { markdown, fileName } = await app.rooms.read({ boardId: board.id, name: 'board' }, (doc) => {
          const markdown = renderBoardReport(doc, { exportedAt: new Date(), boardUrl, boardUrlIsViewerLink: withViewerLink, facilitation, frontMatter: true });
          return { markdown, fileName: reportFileName({ meta: readMeta(doc) }) };
        });
        return reply
          .type('text/markdown; charset=utf-8')
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .header('cache-control', 'no-store')
          .send(markdown);
      },
    );

    app.delete<BoardRoute>(
      '/api/boards/:id',
      { schema: { params: boardParams, querystring: tokenQuery } },
      async (request, reply) => {
        const { board, role } = await access(request);
        if (role !== 'facilitator') throw apiError('ROLE_FORBIDDEN', 'Only the facilitator can delete this board.');
        // Storage first: from here on the board is unknown to new connections, and any write
        // still queued for it is dropped. Then the open connections are told why they close.
        await app.storage.deleteBoard(board.id);
        app.boardChanges.changed(board.id, 'deleted');
        await app.rooms.closeBoard(board.id, CloseCode.boardDeleted, 'board deleted');
        request.log.info({ boardId: board.id }, 'board deleted');
        return reply.code(204).send();
      },
    );
  },
  { name: 'debrief-api', fastify: '5.x', dependencies: ['debrief-storage', 'debrief-rooms', 'debrief-sign-in'], encapsulate: true },
);
