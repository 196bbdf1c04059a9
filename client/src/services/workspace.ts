// The workspace's HTTP API (docs/library.md) and the workspace link this browser holds. The link's
// token is kept in localStorage once an address brought it (`/library#key=...`) and sent as
// `Authorization: Bearer`; with sign-in the session cookie is what counts.
import type {
  FactorSuggestion,
  FollowUp,
  MetricsOverview,
  ThemesPage,
  LibraryReview,
  LibraryVersion,
  Page,
  SearchHit,
  UpdateFollowUpRequest,
  WorkspaceInfo,
} from '../../../shared/library';
import { request } from './api';

const KEY = 'debrief.workspaceKey';

export function loadWorkspaceKey(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveWorkspaceKey(key: string): void {
  try {
    localStorage.setItem(KEY, key);
  } catch {
    /* private mode: the key lives for this page only */
  }
}

const token = () => loadWorkspaceKey() ?? undefined;

/** Answers asked for before the page's code ran (startEarly), each taken by the first read of its path. */
const early = new Map<string, Promise<unknown>>();

/** A GET of the workspace API: the answer startEarly already asked for, else a new request. */
function get<T>(path: string): Promise<T> {
  const started = early.get(path);
  if (started) {
    early.delete(path);
    return started as Promise<T>;
  }
  return request(path, { token: token() });
}

/**
 * Asks for what a workspace page reads first, now (the workspace entry, before React and the page's
 * code have loaded), so that the answer is on its way while they compile. The page's first read of
 * the same path takes the answer; a later read asks again.
 */
export function startEarly(reads: readonly ('workspace' | { reviews: ReviewsParams } | { followUps: FollowUpsParams })[]): void {
  for (const read of reads) {
    const path = read === 'workspace' ? WORKSPACE_PATH : 'reviews' in read ? reviewsPath(read.reviews) : followUpsPath(read.followUps);
    const answer = request(path, { token: token() });
    answer.catch(() => undefined); // the page that takes it shows the failure
    early.set(path, answer);
  }
}
const query = (params: Record<string, string | number | boolean | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

const WORKSPACE_PATH = '/api/workspace';

export function fetchWorkspace(): Promise<WorkspaceInfo> {
  return get(WORKSPACE_PATH);
}

export type ReviewsParams = {
  severity?: string;
  status?: string;
  service?: string;
  tag?: string;
  sort?: string;
  order?: string;
  page?: number;
};
const reviewsPath = (params: ReviewsParams) => `/api/workspace/reviews${query(params)}`;

export function fetchReviews(params: ReviewsParams): Promise<Page<LibraryReview>> {
  return get(reviewsPath(params));
}

export function searchLibrary(q: string, page = 1): Promise<Page<SearchHit>> {
  return request(`/api/workspace/search${query({ q, page })}`, { token: token() });
}

export type FollowUpsParams = {
  status?: string;
  owner?: string;
  mine?: boolean;
  overdue?: boolean;
  sort?: string;
  page?: number;
};
const followUpsPath = (params: FollowUpsParams) => `/api/workspace/follow-ups${query(params)}`;

export function fetchFollowUps(params: FollowUpsParams): Promise<Page<FollowUp>> {
  return get(followUpsPath(params));
}

export function updateFollowUp(boardId: string, actionId: string, body: UpdateFollowUpRequest): Promise<unknown> {
  return request(`/api/workspace/follow-ups/${encodeURIComponent(boardId)}/${encodeURIComponent(actionId)}`, {
    method: 'PATCH',
    token: token(),
    body: JSON.stringify(body),
  });
}

export function fetchLibraryVersion(): Promise<LibraryVersion> {
  return request('/api/workspace/changes', { token: token() });
}

/** Factors of other reviews that read like `text` (members only: a board link alone gets a 401). */
export function fetchSimilarFactors(text: string, board: string, signal?: AbortSignal): Promise<{ items: FactorSuggestion[] }> {
  return request(`/api/workspace/similar-factors${query({ text, board })}`, { token: token(), ...(signal ? { signal } : {}) });
}

export function fetchThemes(params: { service?: string; recurredAfterDone?: boolean; page?: number }): Promise<ThemesPage> {
  return request(`/api/workspace/themes${query(params)}`, { token: token() });
}

export function fetchMetrics(params: { severity?: string; service?: string; from?: string; to?: string; period?: string }): Promise<MetricsOverview> {
  return request(`/api/workspace/metrics${query(params)}`, { token: token() });
}
