// Links plugin: reviewing the action items of earlier boards. A facilitator links earlier boards to
// this one by pasting their share links; everyone on this board then sees those boards' action
// items, and facilitators and participants update their status, which is written into the earlier
// board's own document (live for whoever has it open, on any instance).
//   POST   /api/boards/:id/links                               link an earlier board (facilitator)
//   DELETE /api/boards/:id/links/:linkedId                     unlink it (facilitator)
//   GET    /api/boards/:id/past-actions                        linked boards with their action items (any role)
//   PATCH  /api/boards/:id/past-actions/:linkedId/:actionId    set an action item's status (facilitator, participant)
// While this board is closed, its links and the statuses set from it do not change (BOARD_CLOSED).
// The earlier board is usually closed itself, and that does not stop the status update: closing
// freezes a review, but its action items go on being tracked from the reviews after it. The server
// writes them (SERVER_ORIGIN); the closed rule is about clients' edits (server/sync/room.ts).
import fp from 'fastify-plugin';
import { ACTION_STATUSES, readActions, readMeta, updateActionItem, type ActionItem, type ActionStatus } from '../../shared/board';
import { isClosed } from '../../shared/facilitation';
import { isBoardId, type BoardId } from '../../shared/ids';
import type { LinkBoardRequest, LinkedBoard, PastActionItem, PastActionsResponse, UpdatePastActionRequest } from '../../shared/protocol';
import { roleForToken, MAX_TOKEN_LENGTH } from '../auth';
import { readBoardLink } from '../board-link';
import type { ServerConfig } from '../config';
import { apiError } from '../errors';
import { acceptJsonBodies, boardAccess, errorSchema, tokenQuery } from '../http';
import type { BoardRecord } from '../storage/types';
import { DocumentUnavailableError } from '../sync/registry';
import { SERVER_WRITES } from '../writeContext';

export interface LinksPluginOptions {
  config: ServerConfig;
}

/** How many earlier boards one board may link: each is read whole for every past-actions request. */
export const MAX_LINKED_BOARDS = 20;
/** Longest pasted link accepted; a share link is under 120 characters. */
const MAX_LINK_LENGTH = 2000;

const linkBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['link'],
  properties: { link: { type: 'string', maxLength: MAX_LINK_LENGTH } },
} as const;

const statusBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['status'],
  // Won't do needs a reason: set it on the board or on the follow-ups page (plugins/library.ts).
  properties: { status: { type: 'string', enum: ACTION_STATUSES.filter((s) => s !== 'wont-do') } },
} as const;

const pastActionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    text: { type: 'string' },
    owner: { type: 'string' },
    due: { type: 'string' },
    status: { type: 'string' },
  },
} as const;

const linkedBoardSchema = {
  type: 'object',
  properties: {
    boardId: { type: 'string' },
    title: { type: 'string' },
    incidentDate: { type: 'string' },
    linkedAt: { type: 'number' },
    actions: { type: 'array', items: pastActionSchema },
  },
} as const;

const params = (...names: string[]) =>
  ({
    type: 'object',
    properties: Object.fromEntries(names.map((name) => [name, { type: 'string' }])),
    required: names,
  }) as const;

interface LinkRoute {
  Params: { id: string };
  Querystring: { token?: string };
  Body: LinkBoardRequest | null;
}
interface UnlinkRoute {
  Params: { id: string; linkedId: string };
  Querystring: { token?: string };
}
interface PastActionsRoute {
  Params: { id: string };
  Querystring: { token?: string };
}
interface UpdatePastActionRoute {
  Params: { id: string; linkedId: string; actionId: string };
  Querystring: { token?: string };
  Body: UpdatePastActionRequest | null;
}

const toPastAction = (action: ActionItem): PastActionItem => ({
  id: action.id,
  text: action.text,
  owner: action.owner,
  due: action.due,
  status: action.status,
});

export default fp<LinksPluginOptions>(
  async function linksPlugin(app, { config }) {
    acceptJsonBodies(app, config.maxBodyBytes);

    /** Refuses a change while this board's facilitation document says it is closed. */
    async function refuseIfClosed(boardId: BoardId): Promise<void> {
      if (await app.rooms.read({ boardId, name: 'facilitation' }, isClosed)) throw apiError('BOARD_CLOSED');
    }

    /** A linked board as listed: its current title and date, and its action items. */
    async function describeLinked(record: BoardRecord, linkedAt: number): Promise<LinkedBoard> {
      return app.rooms.read({ boardId: record.id, name: 'board' }, (doc) => {
        const meta = readMeta(doc);
        return {
          boardId: record.id,
          title: meta.title || record.title,
          incidentDate: meta.incidentDate || record.incidentDate,
          linkedAt,
          actions: readActions(doc).map(toPastAction),
        };
      });
    }

    app.post<LinkRoute>(
      '/api/boards/:id/links',
      {
        bodyLimit: config.maxBodyBytes,
        schema: { params: params('id'), querystring: tokenQuery, body: linkBody, response: { 201: linkedBoardSchema, '4xx': errorSchema } },
      },
      async (request, reply): Promise<LinkedBoard> => {
        const { board, role } = await boardAccess(app, request);
        if (role !== 'facilitator') throw apiError('ROLE_FORBIDDEN', 'Only the facilitator can link earlier boards.');
        if (!request.body) throw apiError('INVALID_REQUEST', 'Missing field link in body.');
        await refuseIfClosed(board.id);

        const reading = readBoardLink(request.body.link);
        if (reading.kind === 'notABoard') throw apiError('LINK_NOT_A_BOARD');
        if (reading.boardId === board.id) throw apiError('LINK_TO_ITSELF');
        if (reading.kind === 'noToken') throw apiError('LINK_WITHOUT_TOKEN');
        const linked = await app.storage.getBoard(reading.boardId);
        if (!linked) throw apiError('LINKED_BOARD_NOT_FOUND');
        const linkedRole = reading.token.length <= MAX_TOKEN_LENGTH ? roleForToken(linked, reading.token) : null;
        if (!linkedRole) throw apiError('LINK_TOKEN_INVALID');
        if (linkedRole === 'viewer') throw apiError('LINK_VIEW_ONLY');

        const existing = await app.storage.listLinkedBoards(board.id);
        if (!existing.some((l) => l.boardId === linked.id) && existing.length >= MAX_LINKED_BOARDS) {
          throw apiError('TOO_MANY_LINKS', `This board already links ${MAX_LINKED_BOARDS} earlier boards, the most it can. Unlink one first.`);
        }
        const linkedAt = await app.storage.linkBoard(board.id, linked.id, Date.now());
        // 0: one of the two boards was deleted meanwhile.
        if (linkedAt === 0) throw apiError('LINKED_BOARD_NOT_FOUND');
        request.log.info({ boardId: board.id, linkedBoardId: linked.id }, 'board linked');
        void reply.code(201);
        return describeLinked(linked, linkedAt);
      },
    );

    app.delete<UnlinkRoute>(
      '/api/boards/:id/links/:linkedId',
      { schema: { params: params('id', 'linkedId'), querystring: tokenQuery, response: { '4xx': errorSchema } } },
      async (request, reply) => {
        const { board, role } = await boardAccess(app, request);
        if (role !== 'facilitator') throw apiError('ROLE_FORBIDDEN', 'Only the facilitator can unlink a board.');
        await refuseIfClosed(board.id);
        const { linkedId } = request.params;
        if (!isBoardId(linkedId) || !(await app.storage.unlinkBoard(board.id, linkedId))) throw apiError('LINK_NOT_FOUND');
        request.log.info({ boardId: board.id, linkedBoardId: linkedId }, 'board unlinked');
        return reply.code(204).send();
      },
    );

    app.get<PastActionsRoute>(
      '/api/boards/:id/past-actions',
      {
        schema: {
          params: params('id'),
          querystring: tokenQuery,
          response: { 200: { type: 'object', properties: { boards: { type: 'array', items: linkedBoardSchema } } }, '4xx': errorSchema },
        },
      },
      async (request, reply): Promise<PastActionsResponse> => {
        const { board } = await boardAccess(app, request);
        const links = await app.storage.listLinkedBoards(board.id);
        const boards = await Promise.all(
          links.map(async ({ boardId, linkedAt }) => {
            const record = await app.storage.getBoard(boardId);
            // Deleted since (its links went with it, unless that happened just now).
            return record ? describeLinked(record, linkedAt) : null;
          }),
        );
        // Statuses change from other boards at any time.
        void reply.header('cache-control', 'no-store');
        return { boards: boards.filter((b): b is LinkedBoard => b !== null) };
      },
    );

    app.patch<UpdatePastActionRoute>(
      '/api/boards/:id/past-actions/:linkedId/:actionId',
      {
        bodyLimit: config.maxBodyBytes,
        schema: {
          params: params('id', 'linkedId', 'actionId'),
          querystring: tokenQuery,
          body: statusBody,
          response: { 200: pastActionSchema, '4xx': errorSchema },
        },
      },
      async (request): Promise<PastActionItem> => {
        const { board, role } = await boardAccess(app, request);
        if (role === 'viewer') throw apiError('ROLE_FORBIDDEN', 'Viewers cannot change action items.');
        if (!request.body) throw apiError('INVALID_REQUEST', 'Missing field status in body.');
        const status: ActionStatus = request.body.status;
        await refuseIfClosed(board.id);
        const { linkedId, actionId } = request.params;
        const links = await app.storage.listLinkedBoards(board.id);
        if (!links.some((l) => l.boardId === linkedId)) throw apiError('LINK_NOT_FOUND');
        const linkedBoardId = linkedId as BoardId;

        let updated: PastActionItem | null;
        try {
          updated = await app.rooms.write({ boardId: linkedBoardId, name: 'board' }, (doc) => {
            const action = readActions(doc).find((a) => a.id === actionId);
            if (!action) return null;
            if (action.status !== status) updateActionItem(doc, action.id, { status }, SERVER_WRITES);
            return { ...toPastAction(action), status };
          });
        } catch (error) {
          if (!(error instanceof DocumentUnavailableError)) throw error;
          if (app.rooms.isStopping) throw apiError('SHUTTING_DOWN');
          // Deleted while we wrote: its links are gone too.
          if (!(await app.storage.getBoard(linkedBoardId))) throw apiError('LINK_NOT_FOUND');
          throw error;
        }
        if (!updated) throw apiError('ACTION_NOT_FOUND');
        request.log.info({ boardId: board.id, linkedBoardId, actionId, status }, 'past action item updated');
        return updated;
      },
    );
  },
  { name: 'debrief-links', fastify: '5.x', dependencies: ['debrief-storage', 'debrief-rooms'], encapsulate: true },
);
