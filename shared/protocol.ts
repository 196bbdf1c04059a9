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
 * The documents every board has. `board` is the shared board (facilitator and participants write,
 * viewers read); `facilitation` holds what only the facilitator may change (everyone reads it).
 * The provider's room name is `<boardId>` for `board` and `<boardId>/facilitation` otherwise.
 */
export type SharedDocumentName = 'board' | 'facilitation';
export const DOCUMENT_NAMES: readonly SharedDocumentName[] = ['board', 'facilitation'];

/**
 * One person's private drafts on a board (docs/protocol.md, "Private drafts"): `drafts:<personId>`.
 * Only that person's connections may open it; the server moves its notes into the board at the reveal.
 */
export type DraftsDocumentName = `drafts:${string}`;

/** Any document of a board: a shared one, or one person's drafts. */
export type DocumentName = SharedDocumentName | DraftsDocumentName;

/** The drafts document of a person. */
export const draftsDocument = (personId: string): DraftsDocumentName => `drafts:${personId}`;

/** Whether a document name is a drafts document (of some person). */
export const isDraftsDocument = (name: string): name is DraftsDocumentName => name.startsWith('drafts:');

/** The person whose drafts a document name holds, or null when it is not a drafts document. */
export const draftsOwner = (name: string): string | null => (isDraftsDocument(name) ? name.slice('drafts:'.length) : null);

/** Whether a role's updates to a document are applied. Viewers write nothing. A drafts document is
 * opened only by its owner (the server checks the person), who writes it as they write the board. */
export function canWriteDocument(role: Role, document: DocumentName): boolean {
  if (isDraftsDocument(document)) return canWrite(role);
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
 * Websocket close codes. A client reads these to decide whether to retry. y-websocket 3's stock
 * provider stops reconnecting for every code from 4400 to 4499 and retries every other one, so
 * only a condition that reconnecting cannot cure uses that range (NON_RETRYABLE_CLOSE_CODES);
 * whatever may pass (a slow network, a busy server) uses a standard code or 4000-4399.
 * Well-formed traffic that is merely fast is never closed: the server stops reading the socket
 * until the sender's budget refills (backpressure, docs/protocol.md "Limits").
 */
export const CloseCode = {
  /** Normal: the client went away or the server released the room. */
  normal: 1000,
  /** A frame was larger than MAX_FRAME_BYTES (RFC 6455 "message too big"); retried, as it may
   * have been one unusual paste. */
  frameTooLarge: 1009,
  /** The server could not load the board or store a change; reconnect and the client sends it again. */
  internalError: 1011,
  /** The server is shutting down or restarting; reconnect (to another instance) with backoff. */
  serviceRestart: 1012,
  /** The server is over one of its capacity limits (connections per address, rooms, bytes
   * buffered server-wide); reconnect later (RFC 6455 "try again later"). */
  tryAgainLater: 1013,
  /** The client read too slowly: more than MAX_QUEUED_BYTES waited for it. Reconnecting resyncs
   * it from the document, which costs the server one copy of a cached encoding. */
  slowConsumer: 4008,
  /** A frame could not be decoded as a y-websocket message, or its update was invalid. Final:
   * a client that sent garbage would send it again. */
  badMessage: 4400,
  /** The token was revoked or does not belong to this board. */
  unauthorized: 4401,
  /**
   * Permanent: the facilitator replaced the link (facilitator, participant or view-only) this
   * connection was opened with. The reason names whom to ask for the new one. Reconnecting with the
   * same token would only be refused; people who joined with it keep their personal access.
   */
  linkRevoked: 4410,
  /**
   * Reconnect: this person's role (or name) on the board changed. The new connection is opened with
   * the new role; the client asks the session again to show it.
   */
  identityChanged: 4100,
  /** The board was deleted while this connection was open. */
  boardDeleted: 4404,
  /** This client's change would make the document larger than MAX_BOARD_BYTES. The change is not
   * applied; the app tells the person the board is full (final: the same change would come again). */
  boardTooLarge: 4413,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Codes after which a client must stop reconnecting and tell the person why. */
export const NON_RETRYABLE_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.unauthorized,
  CloseCode.linkRevoked,
  CloseCode.boardDeleted,
  CloseCode.boardTooLarge,
]);

/** Default limits; the server reads overrides from the environment. */
export const DEFAULT_LIMITS = {
  /** Largest websocket frame accepted (bytes). A whole 1,000-note board is ~300 KB. */
  maxFrameBytes: 2 * 1024 * 1024,
  /** Messages per second per connection (token bucket, burst = 2x); past it the server stops
   * reading the socket until the budget refills. Typing is ~20/s. */
  maxMessagesPerSecond: 200,
  /** Awareness messages per second per connection (burst = 2x), same backpressure. A cursor
   * moving is ~10/s; every awareness message is broadcast to everyone on the board. */
  maxAwarenessPerSecond: 20,
  /** Largest awareness state (JSON bytes) of one client; larger entries are dropped. A name,
   * a colour and a cursor are under 300 bytes. */
  maxAwarenessStateBytes: 4 * 1024,
  /** Bytes queued to one client before it is dropped as a slow consumer (retryable). Above
   * maxBoardBytes plus awareness, so a newcomer's first sync of a full board always fits. */
  maxQueuedBytes: 8 * 1024 * 1024,
  /** Largest document (bytes of its encoded state): a change past it is refused. A 1,000-note
   * board is ~300 KB. */
  maxBoardBytes: 2 * 1024 * 1024,
  /** Bytes of sync answers per second per connection (a sync step 1 is charged the size of the
   * answer it asks for; burst = 2x maxBoardBytes, so a newcomer's first sync of a full board and a
   * second one never wait). Past it the server stops reading that socket until the budget refills:
   * a client asking for a whole board again and again cannot make the server copy it without end. */
  maxSyncBytesPerSecond: 1024 * 1024,
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

/**
 * A personal token: `p.<personId>.<secret>`. The server issues it when someone joins with the
 * facilitator or participant link; it opens the board as that person (their role is the person's,
 * which a facilitator may change). Link tokens never contain a dot, so the two cannot be confused.
 */
export const PERSONAL_TOKEN_PREFIX = 'p.';

/** The personal token of a person. */
export function personalToken(personId: string, secret: string): string {
  return `${PERSONAL_TOKEN_PREFIX}${personId}.${secret}`;
}

/**
 * The secret part of a signed-in person's personal token on a device other than the one where they
 * first joined (the server keeps only the hash of their real secret, so it cannot hand it out
 * again): such a token opens the board only together with that person's sign-in session
 * (docs/sign-in.md). Real secrets are 43 random characters, never this.
 */
export const SIGNED_IN_SECRET = 'signed-in';

/** The person id and secret of a personal token, or null when `token` is not shaped like one. */
export function parsePersonalToken(token: string): { personId: string; secret: string } | null {
  const match = /^p\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,128})$/.exec(token);
  return match ? { personId: match[1]!, secret: match[2]! } : null;
}

/** Whether a token is a personal one (rather than a board's facilitator, participant or view-only link). */
export const isPersonalToken = (token: string): boolean => token.startsWith(PERSONAL_TOKEN_PREFIX);

/** Longest display name a person may have on a board. */
export const MAX_PERSON_NAME_LENGTH = 60;

/** A person on a board, as the server knows them. */
export interface PersonSummary {
  /** PersonId; also the person's key in the board document's participants list. */
  id: string;
  name: string;
  /** A person's role: facilitator or participant (a view-only link makes nobody a person). */
  role: Role;
}

/** Body of `POST /api/boards/:id/people` (with the facilitator or participant link): join the board. */
export interface JoinBoardRequest {
  name: string;
  /**
   * This browser's personal token on the board, if it has one: joining then keeps that person and
   * raises their role to the link's (a participant opening the facilitator link becomes facilitator).
   */
  person?: string;
}

/** Answer of `POST /api/boards/:id/people` (201 for a new person, 200 for one who was known). */
export interface JoinBoardResponse {
  person: PersonSummary;
  /** The personal token: keep it; it opens the board as this person on any device. */
  token: string;
  /** What that token opens (as `GET /api/boards/:id/session` would answer for it): a page that
   * joins opens the board without asking again. */
  session: BoardSession;
}

/** Answer of `GET /api/boards/:id/people` (facilitator). */
export interface PeopleResponse {
  people: Array<PersonSummary & { online: boolean }>;
}

/** Body of `PATCH /api/boards/:id/people/:personId`: a facilitator changes a role, a person their own name. */
export interface UpdatePersonRequest {
  role?: 'facilitator' | 'participant' | 'viewer';
  name?: string;
}

/** Answer of `POST /api/boards/:id/invite-links/:role` (facilitator): the link's new token. */
export interface ReissueLinkResponse {
  role: Role;
  token: string;
}

/** Body of `PATCH /api/boards/:id/invite-links` (facilitator). */
export interface InviteSettingsRequest {
  participantsMayShare: boolean;
}

/**
 * What the server writes as `user` into each connection's presence (awareness) state, whatever the
 * client sent: the name and role of the person the connection is (docs/protocol.md, "Presence").
 * `voterId` is the person id; connections opened with a bare link get `link-<role>-<clientId>`.
 */
/** What a room screen is called among the people here. */
export const ROOM_SCREEN_NAME = 'Room screen';

export interface PresenceIdentity {
  name: string;
  role: Role;
  voterId: string;
  /** Whether the server knows this connection as a person (false for bare link tokens). */
  person: boolean;
  /** The client's chosen colour, kept when it is a #rrggbb colour. */
  color?: string;
  /** A room screen (projector view): listed as "Room screen", not under the person's name. A
   * connection may only hide its name this way, never take another's. */
  roomScreen?: true;
}

/** Answer of `GET /api/boards/:id/session`: who the token's holder is on the board. */
export interface BoardSession {
  boardId: string;
  role: Role;
  title: string;
  /** The person this token is (a personal token), absent for a link token. */
  person?: PersonSummary;
  /**
   * The invite links this holder may pass on: all three for a facilitator (`facilitator` is absent
   * on boards made before it was kept: reissue it to get one), the participant link for a
   * participant while `participantsMayShare`, none for a viewer.
   */
  links?: { facilitator?: string; participant?: string; viewer?: string };
  /** Whether participants are given the participant link to share (facilitators decide). */
  participantsMayShare: boolean;
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
  /** `wont-do` is set on the board itself or from the follow-ups page (it needs a reason). */
  status: 'open' | 'in-progress' | 'done' | 'wont-do';
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

/** Answer of `GET /api/me`: whether this server offers sign-in (OpenID Connect) and who is signed
 * in on this browser (docs/sign-in.md). Without sign-in configured: unavailable, nobody, guests. */
export interface SignInStatus {
  /** OIDC is configured: show "Sign in" (a link to `/auth/login?returnTo=<path>`). */
  available: boolean;
  /** Creating a board needs a signed-in person; joining by link never does. */
  createRequiresSignIn: boolean;
  /** The signed-in person, or null for a guest. */
  person: SignedInPerson | null;
  /** The browser presented a session the server does not know (expired, signed out, or altered). */
  sessionEnded: boolean;
}

/** Who is signed in, as the provider names them. */
export interface SignedInPerson {
  name: string;
  email: string | null;
}

// --- Ballots (docs/protocol.md, "Ballots") ----------------------------------------------------

/** GET/POST /api/boards/:id/ballot: this person's own dots as the server keeps them. */
export interface BallotResponse {
  /** Target (factor or cluster) id -> dots; only targets with dots that count. */
  dots: Record<string, number>;
  /** Dots this person has left to spend. */
  left: number;
  budget: number;
  /** Most dots on one target; null for no limit. */
  cap: number | null;
}

/** POST /api/boards/:id/ballot: spend (`delta: 1`) or take back (`delta: -1`) one dot. */
export interface VoteRequest {
  target: string;
  delta: 1 | -1;
}

// --- Private drafts (docs/protocol.md, "Private drafts") ----------------------------------------

/** One person's count of private notes waiting for the reveal (names and numbers, never contents). */
export interface DraftCount {
  personId: string;
  name: string;
  events: number;
  factors: number;
}

/** GET /api/boards/:id/drafts (facilitator): who has private notes waiting, and how many. */
export interface DraftsResponse {
  people: DraftCount[];
}

/** POST /api/boards/:id/drafts/reveal (facilitator): what the reveal moved into the board. */
export interface RevealDraftsResponse {
  events: number;
  factors: number;
}
