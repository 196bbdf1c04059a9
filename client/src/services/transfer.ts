// A board's JSON export and importing one into the workspace (docs/export.md). The export is read
// as text (it is saved as the file the server made, byte for byte); the import sends a file's text
// as it is, so that the server can tell a file cut short from one that is not JSON.
import type { ImportBoardResponse } from '../../../shared/transfer';
import { ApiFailure, request } from './api';
import { loadWorkspaceKey } from './workspace';

/** GET /api/boards/:id/export.json (facilitator): the file's name and text. */
export async function fetchBoardExport(boardId: string, token: string): Promise<{ fileName: string; text: string }> {
  let res: Response;
  try {
    res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/export.json`, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  } catch {
    throw new ApiFailure('Cannot reach the Debrief server. Check your connection and try again.', 0, 'NETWORK');
  }
  const text = await res.text();
  if (!res.ok) {
    let message = `The server answered ${res.status}.`;
    let code = 'HTTP_ERROR';
    try {
      const body = JSON.parse(text) as { message?: string; code?: string };
      message = body.message ?? message;
      code = body.code ?? code;
    } catch {
      /* not JSON */
    }
    throw new ApiFailure(message, res.status, code);
  }
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `board-${boardId}.debrief.json`;
  return { fileName, text };
}

/** POST /api/workspace/import (a member): stores the exported board on this server. */
export function importBoardFile(text: string): Promise<ImportBoardResponse> {
  // The body is the file as it is: a space stands for an empty file, so that the server says so.
  return request<ImportBoardResponse>('/api/workspace/import', { method: 'POST', body: text === '' ? ' ' : text, token: loadWorkspaceKey() ?? undefined });
}
