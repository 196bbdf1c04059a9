// The wire contract between client and server: roles, URLs, message types, close codes, limits.
// Both sides import these; nothing here does I/O.
import { exhaustiveSwitchError } from './exhaustive';

/** Re-exported for the modules that import it from here. */
export { exhaustiveSwitchError };

/** What a token lets its holder do on a board. */
export type Role = 'facilitator' | 'participant' | 'viewer';
export const ROLES: readonly Role[] = ['facilitator', 'participant', 'viewer'];

/** Roles whose document updates the server applies. A viewer's are dropped. */
export function canWrite(role: Role): boolean {
  switch (role) {
    case 'facilitator':
    case 'participant':
      return true;
    case 'viewer':
      return false;
    default:
      return exhaustiveSwitchError(role);
  }
}


/**
 * The version of the sync contract below, which the server announces: as the `Debrief-Protocol`
 * header of the websocket upgrade response and as `protocol` in `GET /healthz`. It changes only
 * when one of SYNC_GUARANTEES does; the messages themselves stay y-websocket's, so a stock
 * y-websocket client works unchanged (it just relies on nothing beyond them).
 */
export const PROTOCOL_VERSION = 1;
/** Response header that carries PROTOCOL_VERSION (lower case, as Node hands headers over). */
export const PROTOCOL_VERSION_HEADER = 'debrief-protocol';

/**
 * What a server of PROTOCOL_VERSION promises on top of y-websocket's messages
 * (docs/protocol.md, "What the server guarantees"; tests/server/protocol.test.ts checks each
 * against a real server). The client's count of unsent changes rests on `stepOneAcknowledges`.
 */
export const SYNC_GUARANTEES = {
  /** Nobody is answered before the document is loaded; frames sent meanwhile are kept, in order. */
  loadedBeforeAnswer: 'a document is loaded completely before any client is answered',
  /** An update reaches other clients only once stored; so does a step 2 that contains it. */
  durableBeforeBroadcast: 'an update is sent to others only after it is stored durably',
  /**
   * The step 2 answering a client's sync step 1 is sent only once every update that client sent
   * before that step 1 is stored durably: the answer acknowledges them. (y-websocket has no
   * acknowledgement of its own.)
   */
  stepOneAcknowledges: 'the answer to a sync step 1 is sent only once every earlier write of that client is durable',
} as const;

/** y-websocket message types (first varuint of each binary frame). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

/** Websocket path for a board's document; the token travels as `?token=`. */
export const wsPath = (boardId: string) => `/ws/${encodeURIComponent(boardId)}`;
/** Room name the y-websocket provider is given (it appends it to the server URL). */
export const WS_PREFIX = '/ws';

/**
 * The documents of a board. `board` is the shared board (facilitator and participants write,
 * viewers read); `facilitation` holds what only the facilitator may change (everyone reads it).
 * The provider's room name is `<boardId>` for `board` and `<boardId>/facilitation` otherwise.
 */
export type DocumentName = 'board' | 'facilitation';
export const DOCUMENT_NAMES: readonly DocumentName[] = ['board', 'facilitation'];

/** Whether a role's updates to a document are applied. Viewers write nothing. */
export function canWriteDocument(role: Role, document: DocumentName): boolean {
  switch (document) {
    case 'board':
      return canWrite(role);
    case 'facilitation':
      return role === 'facilitator';
    default:
      return exhaustiveSwitchError(document);
  }
}

/** The y-websocket room name of a board document (what the provider appends to `/ws`). */
export const roomName = (boardId: string, document: DocumentName = 'board') =>
  document === 'board' ? boardId : `${boardId}/${document}`;

/**
 * Websocket close codes (4000-4999 are ours). A client reads these to decide whether to retry:
 * codes in NON_RETRYABLE_CLOSE_CODES mean "stop reconnecting and tell the person why".
 */
export const CloseCode = {
  /** The server is shutting down or restarting; reconnect (to another instance) with backoff. */
  serviceRestart: 1012,
  /** Normal: the client went away or the server released the room. */
  normal: 1000,
  /** A frame could not be decoded as a y-websocket message, or its update was invalid. */
  badMessage: 4400,
  /** The token was revoked or does not belong to this board. */
  unauthorized: 4401,
  /** The board was deleted while this connection was open. */
  boardDeleted: 4404,
  /** A frame was larger than the configured maximum. */
  frameTooLarge: 4413,
  /** More messages per second than allowed. */
  rateLimited: 4429,
  /** The client read too slowly: too many bytes queued for it. */
  slowConsumer: 4408,
  /** The server could not store a change; reconnect and the client sends it again. */
  internalError: 1011,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export const NON_RETRYABLE_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.unauthorized,
  CloseCode.boardDeleted,
]);

/** Default limits; the server reads overrides from the environment. */
export const DEFAULT_LIMITS = {
  /** Largest websocket frame accepted (bytes). A whole 1,000-note board is ~300 KB. */
  maxFrameBytes: 2 * 1024 * 1024,
  /** Messages per second per connection (token bucket, burst = 2x). Typing is ~20/s. */
  maxMessagesPerSecond: 200,
  /** Bytes queued to one client before it is dropped as a slow consumer. */
  maxQueuedBytes: 8 * 1024 * 1024,
  /** Longest board title accepted over HTTP. */
  maxTitleLength: 200,
} as const;

/** Body of `POST /api/boards`. */
export interface CreateBoardRequest {
  title?: string;
  incidentDate?: string;
  incidentLink?: string;
}

/** Answer of `POST /api/boards` (201). */
export interface CreateBoardResponse {
  id: string;
  tokens: Record<Role, string>;
}

/** Answer of `GET /api/boards/:id/session`: who the token's holder is on the board. */
export interface BoardSession {
  boardId: string;
  role: Role;
  title: string;
  /** Share tokens, given to the facilitator only (to copy the links again on another device). */
  links?: { participant: string; viewer: string };
}

/** Shape of every HTTP error body. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
}

/** Answer of `GET /api/time`: the server's clock, which every meeting timer counts on. */
export interface ServerTimeResponse {
  /** Milliseconds since the epoch, on the server. */
  now: number;
}

/** Body of `POST /api/boards/:id/links` (facilitator): link an earlier board to review its actions.
 * `link` is the earlier board's address as shared (`…/b/<id>#token=…`, facilitator or participant
 * link); a view-only link is refused, because its actions' status could not be updated. */
export interface LinkBoardRequest {
  link: string;
}

/** An earlier board linked to this one, with its action items (`GET /api/boards/:id/past-actions`). */
export interface LinkedBoard {
  boardId: string;
  title: string;
  /** `YYYY-MM-DD` or empty. */
  incidentDate: string;
  linkedAt: number;
  actions: PastActionItem[];
}

/** An action item of a linked board, as the Ground rules phase shows it. */
export interface PastActionItem {
  id: string;
  text: string;
  owner: string;
  /** `YYYY-MM-DD` or empty. */
  due: string;
  status: 'open' | 'in-progress' | 'done';
}

/** Answer of `GET /api/boards/:id/past-actions` (any role). */
export interface PastActionsResponse {
  boards: LinkedBoard[];
}

/** Body of `PATCH /api/boards/:id/past-actions/:linkedId/:actionId` (facilitator or participant
 * of this board; refused while this board is closed). Answers the updated PastActionItem. */
export interface UpdatePastActionRequest {
  status: 'open' | 'in-progress' | 'done';
}
