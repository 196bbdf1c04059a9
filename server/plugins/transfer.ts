// Transfer plugin: a board out as one JSON file, and into this server from one (docs/export.md).
//   GET  /api/boards/:id/export.json   everything the server keeps about the board (facilitator: the
//                                      file holds every link, the ballots and everyone's private drafts)
//   POST /api/workspace/import         stores an exported board as it was, links and people included
//                                      (a workspace member, as the library's other routes)
// The import reads the body as text (up to MAX_IMPORT_BYTES) so that a file cut short is told apart
// from one that is not JSON; it checks everything before writing, then writes in one transaction.
import fp from 'fastify-plugin';
import { readMeta } from '../../shared/board';
import { reportFileName } from '../../shared/report';
import { BOARD_EXPORT_FORMAT, TRANSFER_VERSION, type BoardExportFile, type ImportBoardResponse } from '../../shared/transfer';
import type { BoardId } from '../../shared/ids';
import type { ServerConfig } from '../config';
import { apiError, handleError } from '../errors';
import { boardAccess, boardParams, tokenQuery, type BoardRoute } from '../http';
import { authorizeMember } from '../library/workspace';
import { readBoard } from '../transfer/read';
import { parseBoardExport, TransferError } from '../transfer/validate';
import { importPlan, missingLinkedBoards } from '../transfer/write';

export interface TransferPluginOptions {
  config: ServerConfig;
}

export default fp<TransferPluginOptions>(
  async function transferPlugin(app, { config }) {
    app.removeContentTypeParser('text/plain');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: config.maxImportBytes }, (_request, body, done) => done(null, body));
    // A file over the limit is an import refused, in the import's words.
    app.setErrorHandler((error: Error, request, reply) => {
      const code = (error as { code?: string }).code;
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return handleError(
          apiError('IMPORT_TOO_LARGE', `This export is larger than this server accepts (MAX_IMPORT_BYTES, ${config.maxImportBytes.toLocaleString('en')} bytes). Nothing was imported.`),
          request,
          reply,
        );
      }
      return handleError(error, request, reply);
    });

    app.get<BoardRoute>(
      '/api/boards/:id/export.json',
      { schema: { params: boardParams, querystring: tokenQuery } },
      async (request, reply) => {
        const { board, role } = await boardAccess(app, request);
        if (role !== 'facilitator') {
          throw apiError('ROLE_FORBIDDEN', 'Only a facilitator can export the board as JSON: the file holds its links, the ballots and everyone’s private drafts.');
        }
        const exported = await app.storage.transfer.snapshot((query) => readBoard(query, board.id));
        if (!exported) throw apiError('BOARD_NOT_FOUND');
        const title = await app.rooms.read({ boardId: board.id, name: 'board' }, (doc) => readMeta(doc));
        const file: BoardExportFile = { format: BOARD_EXPORT_FORMAT, version: TRANSFER_VERSION, exportedAt: new Date().toISOString(), board: exported };
        request.log.info({ boardId: board.id }, 'board exported');
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${reportFileName({ meta: title }).replace(/\.md$/, '')}.debrief.json"`)
          .header('cache-control', 'no-store')
          .send(JSON.stringify(file));
      },
    );

    app.post<{ Body: string | null }>(
      '/api/workspace/import',
      { bodyLimit: config.maxImportBytes },
      async (request, reply): Promise<ImportBoardResponse> => {
        await authorizeMember(app.storage, app.signIn, request);
        const text = typeof request.body === 'string' ? request.body : '';
        if (text.trim() === '') throw apiError('IMPORT_NOT_JSON', 'The file is empty. Nothing was imported; choose the .json file a board’s Export JSON made.');
        try {
          const checked = parseBoardExport(text, { maxBoardBytes: config.maxBoardBytes });
          const transfer = app.storage.transfer;
          const missing = await transfer.snapshot((query) => missingLinkedBoards(query, [checked]));
          await transfer.apply(importPlan(transfer.dialect, [checked]));
          const boardId = checked.board.id as BoardId;
          app.boardChanges.changed(boardId, 'created');
          request.log.info({ boardId, documents: checked.documents.size, people: checked.board.people.length }, 'board imported');
          void reply.code(201);
          return {
            boardId,
            title: checked.title,
            link: `/b/${encodeURIComponent(boardId)}#token=${encodeURIComponent(checked.board.links.participant.token ?? '')}`,
            missingLinkedBoards: missing,
          };
        } catch (error) {
          if (error instanceof TransferError) throw apiError(error.code, error.message);
          throw error;
        }
      },
    );
  },
  {
    name: 'debrief-transfer',
    fastify: '5.x',
    dependencies: ['debrief-storage', 'debrief-rooms', 'debrief-sign-in', 'debrief-library'],
    encapsulate: true,
  },
);
