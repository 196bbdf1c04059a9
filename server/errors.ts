// The HTTP error catalogue: every error the server answers with, its code, status and message, in
// one place. Routes throw `apiError(...)`; the app's error handler turns any error into an
// ApiErrorBody, and maps Fastify's own request errors (bad JSON, wrong content type, body too
// large, schema violations) onto these entries so a client never sees a 5xx for bad input.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorBody } from '../shared/protocol';

interface ErrorSpec {
  readonly statusCode: number;
  readonly message: string;
}

export const HttpErrors = {
  INVALID_REQUEST: { statusCode: 400, message: 'The request is not valid.' },
  INVALID_JSON: { statusCode: 400, message: 'The request body is not valid JSON.' },
  TOKEN_MISSING: { statusCode: 401, message: 'This board needs a token: open it through its share link.' },
  TOKEN_INVALID: { statusCode: 401, message: 'This token does not open this board.' },
  ROLE_FORBIDDEN: { statusCode: 403, message: 'Your role on this board does not allow this.' },
  // People (server/plugins/people.ts): personal tokens and the board's links.
  LINK_REVOKED: { statusCode: 401, message: 'The facilitator replaced this link. Ask the facilitator for the new one.' },
  PERSON_UNKNOWN: {
    statusCode: 401,
    message:
      'This personal link names nobody on this board: it may belong to another board or be cut short. Open the board with the link the facilitator shared.',
  },
  PERSON_SECRET_INVALID: {
    statusCode: 401,
    message:
      'This personal link is not complete or not yours: its secret does not match. Copy your personal link again from a device where the board is open.',
  },
  PERSON_NOT_SIGNED_IN: {
    statusCode: 401,
    message:
      'This link opens the board as a signed-in person, and this browser is not signed in as them. Sign in again to continue as yourself, or open the link the facilitator shared.',
  },
  PERSON_NOT_FOUND: { statusCode: 404, message: 'There is no such person on this board.' },
  JOIN_NEEDS_LINK: {
    statusCode: 403,
    message: 'Joining a board takes its facilitator or participant link; a view-only link opens it without joining.',
  },
  LAST_FACILITATOR: {
    statusCode: 409,
    message: 'A board needs a facilitator: make someone else facilitator before stepping down.',
  },
  BOARD_NOT_FOUND: { statusCode: 404, message: 'There is no board with this id. It may have been deleted.' },
  // Linking an earlier board (POST /api/boards/:id/links): what is wrong with the pasted link.
  LINK_NOT_A_BOARD: {
    statusCode: 400,
    message: 'This is not a Debrief board link. Paste the address of the earlier board, as its share link gives it.',
  },
  LINK_WITHOUT_TOKEN: {
    statusCode: 400,
    message: 'This link has no token: copy the whole share link of the earlier board, including the part after #token=.',
  },
  LINK_TO_ITSELF: { statusCode: 400, message: 'A board cannot be linked to itself.' },
  LINK_VIEW_ONLY: {
    statusCode: 400,
    message: 'This is a view-only link: its action items could not be updated. Paste the facilitator or participant link.',
  },
  // 400, not 401: the request's own token is fine; it is the pasted one that opens nothing.
  LINK_TOKEN_INVALID: {
    statusCode: 400,
    message: 'The token in this link does not open that board. Copy the link again from the earlier board.',
  },
  LINKED_BOARD_NOT_FOUND: { statusCode: 404, message: 'The board in this link does not exist. It may have been deleted.' },
  LINK_NOT_FOUND: { statusCode: 404, message: 'That board is not linked to this one.' },
  TOO_MANY_LINKS: { statusCode: 409, message: 'This board already links as many earlier boards as it can.' },
  ACTION_NOT_FOUND: { statusCode: 404, message: 'The linked board has no such action item. It may have been deleted.' },
  // Private drafts (server/drafts.ts).
  DRAFTS_NOT_YOURS: {
    statusCode: 403,
    message: 'These drafts are someone else’s: each person opens only their own, with their personal link.',
  },
  DRAFTS_NEED_PERSON: {
    statusCode: 403,
    message: 'Writing privately needs you to join the board under your name: open it with the participant link and join.',
  },
  // Ballots (server/ballots.ts): why a dot was refused.
  VOTE_NEEDS_PERSON: {
    statusCode: 403,
    message: 'Voting needs you to join the board under your name: open it with the participant link and join.',
  },
  VOTING_NOT_OPEN: { statusCode: 409, message: 'Voting has not started: dots open in the Voting phase.' },
  VOTES_REVEALED: { statusCode: 409, message: 'The votes have been revealed: dots can no longer change.' },
  VOTE_BUDGET_SPENT: { statusCode: 409, message: 'You have spent all your dots: take one back to move it.' },
  VOTE_CAP_REACHED: { statusCode: 409, message: 'This note has as many of your dots as one note may take.' },
  VOTE_TARGET_GONE: { statusCode: 409, message: 'That note no longer exists.' },
  VOTE_IN_CLUSTER: { statusCode: 409, message: 'This note is in a cluster: dots go on the cluster as a whole.' },
  VOTE_NONE_TO_TAKE_BACK: { statusCode: 409, message: 'You have no dot on this note to take back.' },
  BOARD_CLOSED: { statusCode: 409, message: 'This board is closed: reopen it to change anything.' },
  // Sign-in (OpenID Connect, server/plugins/sign-in.ts). Shown as a page: the browser navigated here.
  SIGN_IN_REQUIRED: { statusCode: 401, message: 'Sign in to create a board. Anyone can still join a board by its link.' },
  SIGN_IN_NOT_CONFIGURED: {
    statusCode: 404,
    message: 'Sign-in is not set up on this server. Everything works without it: join boards by link with your name.',
  },
  SIGN_IN_PROVIDER_UNREACHABLE: {
    statusCode: 502,
    message: 'The sign-in provider cannot be reached right now. Nothing was changed; boards still open by link. Try signing in again in a moment.',
  },
  SIGN_IN_EXPIRED: {
    statusCode: 400,
    message: 'This sign-in was already completed, took too long, or was not started in this browser. Nothing was changed; start again from Sign in.',
  },
  SIGN_IN_STATE_MISMATCH: {
    statusCode: 400,
    message: 'This answer from the sign-in provider does not belong to the sign-in started in this browser, so it was ignored. Nothing was changed; start again from Sign in.',
  },
  SIGN_IN_DENIED: {
    statusCode: 403,
    message: 'Sign-in was cancelled or refused at the provider. Nothing was changed; you can still join boards by link as a guest.',
  },
  SIGN_IN_FAILED: {
    statusCode: 502,
    message: 'The sign-in provider\'s answer could not be verified, so you are not signed in. Nothing was changed; start again from Sign in.',
  },
  // The workspace and its library (server/plugins/library.ts, docs/library.md).
  WORKSPACE_LINK_MISSING: {
    statusCode: 401,
    message: "The library is for the team's members: open it with the workspace link (printed by the server at its first start; ask whoever runs Debrief).",
  },
  WORKSPACE_LINK_INVALID: {
    statusCode: 401,
    message: 'This workspace link does not open the library: it may be cut short. Copy the whole link again.',
  },
  WORKSPACE_LINK_REVOKED: {
    statusCode: 401,
    message: 'This workspace link was replaced by a new one. Ask whoever runs Debrief for the new link.',
  },
  WORKSPACE_SIGN_IN_REQUIRED: { statusCode: 401, message: "Sign in to open the team's library." },
  SEARCH_QUERY_INVALID: { statusCode: 400, message: 'This search could not be run.' },
  FOLLOW_UP_NOT_FOUND: { statusCode: 404, message: 'There is no such action item. It or its review may have been deleted.' },
  // Trackers (server/plugins/trackers.ts, docs/trackers.md).
  TRACKER_KEY_MISSING: {
    statusCode: 409,
    message: 'This server cannot store tracker credentials: its operator has not set TRACKER_KEY. Nothing was stored.',
  },
  ADMIN_REQUIRED: {
    statusCode: 401,
    message: 'Only a workspace admin may do this: enter the admin key (WORKSPACE_ADMIN_KEY), or sign in as one of WORKSPACE_ADMINS.',
  },
  ADMIN_NOT_CONFIGURED: {
    statusCode: 403,
    message: 'This server has no workspace admin: its operator sets WORKSPACE_ADMIN_KEY (or WORKSPACE_ADMINS with sign-in).',
  },
  TRACKER_NOT_FOUND: { statusCode: 404, message: 'There is no such tracker for this board. It may have been removed.' },
  TRACKER_URL_INVALID: {
    statusCode: 400,
    message: 'The tracker address must be an https:// URL (http:// only for this machine), such as https://api.github.com.',
  },
  ACTION_ITEM_NOT_FOUND: { statusCode: 404, message: 'This board has no such action item. It may have been deleted.' },
  WEBHOOK_SIGNATURE_INVALID: { statusCode: 401, message: 'This webhook is not signed with the tracker\'s secret. Nothing was changed.' },
  // Export and import (server/transfer/, docs/export.md). Every import refusal stores nothing.
  IMPORT_NOT_JSON: {
    statusCode: 400,
    message: 'This file is not JSON, so it is not a Debrief export. Nothing was imported; choose the .json file the board’s Export JSON made.',
  },
  IMPORT_TRUNCATED: {
    statusCode: 400,
    message: 'This export ends before its data does: the file was cut short (an interrupted download or copy). Nothing was imported; export the board again.',
  },
  IMPORT_NOT_AN_EXPORT: {
    statusCode: 400,
    message: 'This JSON is not a Debrief board export. Nothing was imported; choose the .json file the board’s Export JSON made.',
  },
  IMPORT_NEWER_VERSION: {
    statusCode: 400,
    message: 'This export was made by a newer Debrief than this server. Nothing was imported; update this server, then import it again.',
  },
  IMPORT_INVALID: { statusCode: 400, message: 'This export is damaged or was edited by hand. Nothing was imported.' },
  IMPORT_BOARD_EXISTS: {
    statusCode: 409,
    message: 'This server already has a board with this export’s id (it was imported before, or the file was altered). Nothing was imported.',
  },
  IMPORT_TOO_LARGE: { statusCode: 413, message: 'This export is larger than this server accepts (MAX_IMPORT_BYTES). Nothing was imported.' },
  ROUTE_NOT_FOUND: { statusCode: 404, message: 'Nothing here.' },
  // server/plugins/first-screen.ts: the page then opens the board as it always did.
  FIRST_SCREEN_UNAVAILABLE: { statusCode: 404, message: 'This server does not draw first screens: the board opens when the app has loaded.' },
  FIRST_SCREEN_FAILED: { statusCode: 500, message: 'The board\'s first screen could not be drawn: the board opens when the app has loaded.' },
  METHOD_NOT_ALLOWED: { statusCode: 405, message: 'This method is not allowed here.' },
  BODY_TOO_LARGE: { statusCode: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, message: 'Send the request body as application/json.' },
  // Limits on strangers (docs/protocol.md, "Limits"): each answer says when to try again (Retry-After).
  TOO_MANY_BOARDS: { statusCode: 429, message: 'Too many boards were created from your address in the last minute; try again in a moment.' },
  TOO_MANY_CONNECTIONS: { statusCode: 429, message: 'Too many connections from your address; close some boards or try again in a moment.' },
  SERVER_BUSY: { statusCode: 503, message: 'The server has as many boards open as it can hold; try again in a moment.' },
  SHUTTING_DOWN: { statusCode: 503, message: 'The server is restarting; try again in a moment.' },
  INTERNAL: { statusCode: 500, message: 'Something went wrong on the server.' },
} as const satisfies Record<string, ErrorSpec>;

export type HttpErrorCode = keyof typeof HttpErrors;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  429: 'Too Many Requests',
  502: 'Bad Gateway',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  503: 'Service Unavailable',
  500: 'Internal Server Error',
};

/** An error a route throws on purpose; its code names an entry of the catalogue. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;
  constructor(
    readonly code: HttpErrorCode,
    message: string = HttpErrors[code].message,
    /** Seconds after which the request may succeed (sent as Retry-After). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.statusCode = HttpErrors[code].statusCode;
  }
}

/** Builds the catalogue error `code`, optionally with a more specific message. */
export function apiError(code: HttpErrorCode, message?: string): ApiError {
  return new ApiError(code, message);
}

/** A catalogue error that says when to try again (429, 503). */
export function retryLater(code: HttpErrorCode, retryAfterSeconds: number): ApiError {
  return new ApiError(code, HttpErrors[code].message, Math.max(1, Math.ceil(retryAfterSeconds)));
}

/** The JSON body for a catalogue error. */
export function errorBody(code: HttpErrorCode, message: string = HttpErrors[code].message): ApiErrorBody {
  const { statusCode } = HttpErrors[code];
  return { statusCode, code, error: STATUS_TEXT[statusCode] ?? 'Error', message };
}

/** Maps any error thrown during a request to a catalogue entry and a message safe to show. */
export function toApiError(error: FastifyError | Error): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as FastifyError;
  if (e.validation) return apiError('INVALID_REQUEST', describeValidation(e));
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return apiError('INVALID_JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return apiError('INVALID_JSON', 'The request body is empty but says it is JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return apiError('BODY_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return apiError('UNSUPPORTED_MEDIA_TYPE');
    default:
      break;
  }
  // The JSON parser of the default content-type parser throws a SyntaxError with a 400 status.
  if (error instanceof SyntaxError) return apiError('INVALID_JSON');
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 413) return apiError('BODY_TOO_LARGE');
  if (status === 415) return apiError('UNSUPPORTED_MEDIA_TYPE');
  if (status >= 400 && status < 500) return apiError('INVALID_REQUEST');
  return apiError('INTERNAL');
}

/** Turns a schema violation into one sentence a person can act on. */
function describeValidation(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return HttpErrors.INVALID_REQUEST.message;
  const where = error.validationContext ?? 'body';
  const field = (first.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  const params = first.params as Record<string, unknown>;
  const subject = field ? `${field}` : where;
  switch (first.keyword) {
    case 'additionalProperties':
      return `Unknown field ${String(params.additionalProperty)} in ${where}.`;
    case 'required':
      return `Missing field ${String(params.missingProperty)} in ${where}.`;
    case 'type':
      return `${subject} must be of type ${String(params.type)}.`;
    case 'maxLength':
      return `${subject} is too long (at most ${String(params.limit)} characters).`;
    case 'minLength':
      return `${subject} is too short.`;
    case 'pattern':
    case 'format':
      return `${subject} is not in the expected format.`;
    case 'enum':
      return `${subject} must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}.`;
    default:
      return `${subject} ${first.message ?? 'is not valid'}.`;
  }
}

/** Fastify error handler: every error becomes an ApiErrorBody; only real bugs are 5xx and logged. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const apiErr = toApiError(error);
  if (apiErr.statusCode >= 500 && apiErr.retryAfterSeconds === null) request.log.error({ err: error }, 'request failed');
  if (apiErr.retryAfterSeconds !== null) void reply.header('retry-after', String(apiErr.retryAfterSeconds));
  void reply.code(apiErr.statusCode).type('application/json').send(errorBody(apiErr.code, apiErr.message));
}

/** Not-found handler: unlike Fastify's default, it does not echo the URL (which may hold a token). */
export function handleNotFound(_request: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).type('application/json').send(errorBody('ROUTE_NOT_FOUND'));
}
