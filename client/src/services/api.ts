// The client's calls to the HTTP API (docs/protocol.md). Failures become an ApiFailure that says,
// in words fit for the person, what went wrong; a network failure is told apart from a refusal.
import type {
  BoardSession,
  CreateBoardRequest,
  CreateBoardResponse,
  JoinBoardResponse,
  LinkedBoard,
  PastActionItem,
  PastActionsResponse,
  PeopleResponse,
  PersonSummary,
  ReissueLinkResponse,
  Role,
  SignInStatus,
  UpdatePersonRequest,
  BallotResponse,
  DraftsResponse,
  RevealDraftsResponse,
} from '../../../shared/protocol';

/** Answer of `GET /api/boards/:id/session`. */
export type BoardSessionInfo = BoardSession;

export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    message: string,
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
  get unreachable(): boolean {
    return this.status === 0;
  }
}

export async function request<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, cache: 'no-store' });
  } catch {
    throw new ApiFailure('Cannot reach the Debrief server. Check your connection and try again.', 0, 'NETWORK');
  }
  if (res.status === 204) return undefined as T;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: handled below */
  }
  if (!res.ok) {
    const b = body as { message?: unknown; code?: unknown } | null;
    const message = typeof b?.message === 'string' ? b.message : `The server answered ${res.status}.`;
    throw new ApiFailure(message, res.status, typeof b?.code === 'string' ? b.code : 'HTTP_ERROR');
  }
  return body as T;
}

/** Whether this server offers sign-in, and who is signed in on this browser (GET /api/me). */
export function fetchSignInStatus(): Promise<SignInStatus> {
  return request('/api/me', { signal: AbortSignal.timeout(SESSION_TIMEOUT_MS) });
}

export function createBoard(input: CreateBoardRequest): Promise<CreateBoardResponse> {
  return request('/api/boards', { method: 'POST', body: JSON.stringify(input) });
}

/** A server that has not answered the session question by then counts as unreachable: a board this
 * browser knows then opens from its own copy instead of waiting. */
const SESSION_TIMEOUT_MS = 8_000;

export function fetchSession(boardId: string, token: string): Promise<BoardSessionInfo> {
  return request(`/api/boards/${encodeURIComponent(boardId)}/session`, { token, signal: AbortSignal.timeout(SESSION_TIMEOUT_MS) });
}

/** Joins a board with its facilitator or participant link as `name`; `person` is this browser's personal token there, if any. */
export function joinBoard(boardId: string, link: string, name: string, person?: string): Promise<JoinBoardResponse> {
  return request(`${boardPath(boardId)}/people`, { method: 'POST', token: link, body: JSON.stringify({ name, ...(person ? { person } : {}) }) });
}

/** The board's people and who is connected (facilitator). */
export function fetchPeople(boardId: string, token: string): Promise<PeopleResponse> {
  return request(`${boardPath(boardId)}/people`, { token });
}

/** Changes a person's role (facilitator) or one's own name. */
export function updatePerson(boardId: string, token: string, personId: string, changes: UpdatePersonRequest): Promise<PersonSummary> {
  return request(`${boardPath(boardId)}/people/${encodeURIComponent(personId)}`, { method: 'PATCH', token, body: JSON.stringify(changes) });
}

/** Replaces one of the board's links (facilitator); whoever holds the old one is disconnected. */
export function reissueLink(boardId: string, token: string, role: Role): Promise<ReissueLinkResponse> {
  return request(`${boardPath(boardId)}/invite-links/${role}`, { method: 'POST', token });
}

/** Whether participants get the participant link to pass on (facilitator). */
export function setParticipantsMayShare(boardId: string, token: string, participantsMayShare: boolean): Promise<void> {
  return request(`${boardPath(boardId)}/invite-links`, { method: 'PATCH', token, body: JSON.stringify({ participantsMayShare }) });
}

export function deleteBoard(boardId: string, token: string): Promise<void> {
  return request(`/api/boards/${encodeURIComponent(boardId)}`, { method: 'DELETE', token });
}

const boardPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`;

/** The open action items of earlier boards linked to this one (any role). */
export function fetchPastActions(boardId: string, token: string, signal?: AbortSignal): Promise<PastActionsResponse> {
  return request(`${boardPath(boardId)}/past-actions`, { token, ...(signal ? { signal } : {}) });
}

/** Links an earlier board by its shared link (facilitator). */
export function linkEarlierBoard(boardId: string, token: string, link: string): Promise<LinkedBoard> {
  return request(`${boardPath(boardId)}/links`, { method: 'POST', token, body: JSON.stringify({ link }) });
}

/** Removes the link to an earlier board (facilitator). */
export function unlinkEarlierBoard(boardId: string, token: string, linkedId: string): Promise<void> {
  return request(`${boardPath(boardId)}/links/${encodeURIComponent(linkedId)}`, { method: 'DELETE', token });
}

/** Sets the status of an earlier board's action item (facilitator or participant; refused once closed). */
export function updatePastAction(
  boardId: string,
  token: string,
  linkedId: string,
  actionId: string,
  status: PastActionItem['status'],
): Promise<PastActionItem> {
  return request(`${boardPath(boardId)}/past-actions/${encodeURIComponent(linkedId)}/${encodeURIComponent(actionId)}`, {
    method: 'PATCH',
    token,
    body: JSON.stringify({ status }),
  });
}

/** The link that opens a board with a token (the token rides in the fragment, never to a server). */
export function boardLink(boardId: string, token: string, view: 'board' | 'projector' = 'board'): string {
  const path = `/b/${encodeURIComponent(boardId)}${view === 'projector' ? '/projector' : ''}`;
  return `${location.origin}${path}#token=${encodeURIComponent(token)}`;
}

/** This person's own dots as the server keeps them (docs/protocol.md, "Ballots"). */
export function fetchBallot(boardId: string, token: string): Promise<BallotResponse> {
  return request(`${boardPath(boardId)}/ballot`, { token });
}

/** Spends (1) or takes back (-1) one dot; a refusal is an ApiFailure whose message says why. */
export function castBallotDot(boardId: string, token: string, target: string, delta: 1 | -1): Promise<BallotResponse> {
  return request(`${boardPath(boardId)}/ballot`, { method: 'POST', token, body: JSON.stringify({ target, delta }) });
}

/** Who has private notes waiting for the reveal, and how many (facilitator). */
export function fetchDraftCounts(boardId: string, token: string): Promise<DraftsResponse> {
  return request(`${boardPath(boardId)}/drafts`, { token });
}

/** Moves every person's private notes into the board (facilitator). */
export function revealDrafts(boardId: string, token: string): Promise<RevealDraftsResponse> {
  return request(`${boardPath(boardId)}/drafts/reveal`, { method: 'POST', token });
}

/** A tracker configured for a board, as the server shows it (never its credentials). */
export interface BoardTracker {
  id: string;
  /** The workspace's (configured by its admin), or a board's own (from before). */
  scope: 'workspace' | 'board';
  kind: 'github' | 'gitlab' | 'jira' | 'linear';
  /** GitHub, GitLab, Jira, Linear. */
  name: string;
  baseUrl: string;
  project: string;
  webhookPath: string;
}

/** The board's trackers (facilitator; docs/trackers.md). */
export function fetchTrackers(boardId: string, token: string, signal?: AbortSignal): Promise<{ trackers: BoardTracker[]; canStoreCredentials: boolean }> {
  return request(`${boardPath(boardId)}/trackers`, { token, ...(signal ? { signal } : {}) });
}

/** Sends an action item to a tracker, or retries it (facilitator). The board shows the outcome. */
export function sendActionToTracker(boardId: string, token: string, actionId: string, trackerId: string, retry = false): Promise<unknown> {
  return request(`${boardPath(boardId)}/actions/${encodeURIComponent(actionId)}/tracker`, {
    method: 'POST',
    token,
    body: JSON.stringify({ trackerId, ...(retry ? { retry } : {}) }),
  });
}

/** Sends every action item of the board not sent yet to a tracker, one at a time (facilitator). */
export function sendAllToTracker(boardId: string, token: string, trackerId: string): Promise<{ sent: { actionId: string; issue: { state: string } }[] }> {
  return request(`${boardPath(boardId)}/tracker/send-all`, { method: 'POST', token, body: JSON.stringify({ trackerId }) });
}
