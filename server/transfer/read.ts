// Reading a board (or the whole workspace) out of the store's tables as the export format
// (shared/transfer.ts, docs/export.md), inside one consistent snapshot (storage/transfer-sql.ts).
// Each document's snapshot and logged updates are merged into one Yjs update: the same state,
// without the log's history of how it was stored.
import * as Y from 'yjs';
import { ROLES, type Role } from '../../shared/protocol';
import type { ExportedBoard, ExportedTracker, WorkspaceBackupHeader } from '../../shared/transfer';
import { BOARD_COLUMNS, type BoardRow } from '../storage/board-rows';
import { documentFromStored } from '../storage/document';
import type { SqlQuery } from '../storage/transfer-sql';

export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

interface TrackerConfigRow {
  id: string;
  scope: string;
  kind: string;
  base_url: string;
  project: string;
  sealed_credentials: Uint8Array;
  sealed_webhook_secret: Uint8Array;
  created_at: number | string;
}

const trackerFromRow = (row: TrackerConfigRow): ExportedTracker => ({
  id: row.id,
  scope: row.scope.startsWith('board:') ? 'board' : 'workspace',
  kind: row.kind,
  baseUrl: row.base_url,
  project: row.project,
  sealedCredentials: toBase64(row.sealed_credentials),
  sealedWebhookSecret: toBase64(row.sealed_webhook_secret),
  createdAt: Number(row.created_at),
});

const asRole = (role: string): Role => (ROLES.includes(role as Role) ? (role as Role) : 'participant');

/**
 * The stored parts of a document as one update. A damaged row is skipped as a room loading the
 * document skips it (storage/document.ts): the export holds what people see.
 */
function mergedState(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  try {
    return Y.mergeUpdates(parts);
  } catch {
    const doc = documentFromStored({ snapshot: null, updates: parts });
    try {
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }
}

/** One board as the export format, or null when there is no such board. */
export async function readBoard(query: SqlQuery, boardId: string): Promise<ExportedBoard | null> {
  const [board] = await query<BoardRow>(`SELECT ${BOARD_COLUMNS.join(', ')} FROM boards WHERE id = ?`, [boardId]);
  if (!board) return null;

  const snapshots = await query<{ document: string; seq: number | string; data: Uint8Array }>(
    'SELECT document, seq, data FROM snapshots WHERE board_id = ?',
    [boardId],
  );
  const updates = await query<{ document: string; seq: number | string; data: Uint8Array }>(
    'SELECT document, seq, data FROM updates WHERE board_id = ? ORDER BY document, seq',
    [boardId],
  );
  const parts = new Map<string, Uint8Array[]>();
  const snapshotSeq = new Map<string, number>();
  for (const s of snapshots) {
    parts.set(s.document, [new Uint8Array(s.data)]);
    snapshotSeq.set(s.document, Number(s.seq));
  }
  for (const u of updates) {
    // Rows folded into the snapshot but not yet deleted are already in it.
    if (Number(u.seq) <= (snapshotSeq.get(u.document) ?? 0)) continue;
    let list = parts.get(u.document);
    if (!list) parts.set(u.document, (list = []));
    list.push(new Uint8Array(u.data));
  }
  const documents: Record<string, string> = {};
  for (const name of [...parts.keys()].sort()) {
    const list = parts.get(name)!;
    documents[name] = toBase64(mergedState(list));
  }

  const people = await query<{ id: string; name: string; role: string; secret_hash: Uint8Array; external_subject: string | null; created_at: number | string }>(
    'SELECT id, name, role, secret_hash, external_subject, created_at FROM people WHERE board_id = ? ORDER BY created_at, id',
    [boardId],
  );
  const ballots = await query<{ person_id: string; target: string; dots: number | string }>(
    'SELECT person_id, target, dots FROM ballots WHERE board_id = ? ORDER BY person_id, target',
    [boardId],
  );
  const retired = await query<{ role: string; token_hash: Uint8Array; retired_at: number | string }>(
    'SELECT role, token_hash, retired_at FROM retired_links WHERE board_id = ? ORDER BY retired_at, role',
    [boardId],
  );
  const linked = await query<{ linked_board_id: string; linked_at: number | string }>(
    'SELECT linked_board_id, linked_at FROM board_links WHERE board_id = ? ORDER BY linked_at, linked_board_id',
    [boardId],
  );
  const trackers = await query<TrackerConfigRow>(
    // The board's own, and the workspace's that its action items link to.
    `SELECT id, scope, kind, base_url, project, sealed_credentials, sealed_webhook_secret, created_at FROM tracker_configs
      WHERE scope = ? OR id IN (SELECT tracker_id FROM tracker_links WHERE board_id = ?) ORDER BY created_at, id`,
    [`board:${boardId}`, boardId],
  );
  const trackerLinks = await query<{
    action_id: string;
    tracker_id: string;
    state: string;
    external_id: string;
    key: string;
    url: string;
    issue_state: string;
    error: string;
    failure: string;
    attempts: number | string;
    next_attempt_at: number | string;
    updated_at: number | string;
  }>(
    `SELECT action_id, tracker_id, state, external_id, key, url, issue_state, error, failure, attempts, next_attempt_at, updated_at
       FROM tracker_links WHERE board_id = ? ORDER BY action_id`,
    [boardId],
  );

  return {
    id: board.id,
    title: board.title,
    incidentDate: board.incident_date,
    incidentLink: board.incident_link,
    createdAt: Number(board.created_at),
    participantsMayShare: Number(board.participants_may_share) !== 0,
    links: {
      facilitator: { tokenHash: toBase64(board.facilitator_hash), token: board.facilitator_token },
      participant: { tokenHash: toBase64(board.participant_hash), token: board.participant_token },
      viewer: { tokenHash: toBase64(board.viewer_hash), token: board.viewer_token },
    },
    retiredLinks: retired.map((r) => ({ role: asRole(r.role), tokenHash: toBase64(r.token_hash), retiredAt: Number(r.retired_at) })),
    documents,
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      role: asRole(p.role),
      secretHash: toBase64(p.secret_hash),
      externalSubject: p.external_subject,
      createdAt: Number(p.created_at),
    })),
    ballots: ballots.map((b) => ({ personId: b.person_id, target: b.target, dots: Number(b.dots) })),
    linkedBoards: linked.map((l) => ({ boardId: l.linked_board_id, linkedAt: Number(l.linked_at) })),
    trackers: trackers.map(trackerFromRow),
    trackerLinks: trackerLinks.map((l) => ({
      actionId: l.action_id,
      trackerId: l.tracker_id,
      state: l.state === 'sent' || l.state === 'failed' ? l.state : 'sending',
      externalId: l.external_id,
      key: l.key,
      url: l.url,
      issueState: l.issue_state,
      error: l.error,
      failure: l.failure,
      attempts: Number(l.attempts),
      nextAttemptAt: Number(l.next_attempt_at),
      updatedAt: Number(l.updated_at),
    })),
  };
}

/** Every board id, oldest first (the order a backup writes them). */
export async function listBoardIds(query: SqlQuery): Promise<string[]> {
  return (await query<{ id: string }>('SELECT id FROM boards ORDER BY created_at, id')).map((r) => r.id);
}

/** The workspace and the tracker configurations of no one board, as a backup's first line holds them. */
export async function readWorkspace(query: SqlQuery): Promise<Pick<WorkspaceBackupHeader, 'workspace' | 'trackers'>> {
  const [ws] = await query<{ name: string; link_hash: Uint8Array | null; created_at: number | string }>(
    'SELECT name, link_hash, created_at FROM workspace WHERE id = 1',
  );
  const retired = await query<{ token_hash: Uint8Array; retired_at: number | string }>(
    'SELECT token_hash, retired_at FROM workspace_retired_links ORDER BY retired_at',
  );
  const trackers = await query<TrackerConfigRow>(
    `SELECT id, scope, kind, base_url, project, sealed_credentials, sealed_webhook_secret, created_at FROM tracker_configs
      WHERE scope NOT LIKE 'board:%' ORDER BY created_at, id`,
  );
  return {
    workspace: ws
      ? {
          name: ws.name,
          linkHash: ws.link_hash ? toBase64(ws.link_hash) : null,
          createdAt: Number(ws.created_at),
          retiredLinks: retired.map((r) => ({ tokenHash: toBase64(r.token_hash), retiredAt: Number(r.retired_at) })),
        }
      : null,
    trackers: trackers.map(trackerFromRow),
  };
}
