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
const query = (params: Record<string, string | number | boolean | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export function fetchWorkspace(): Promise<WorkspaceInfo> {
  return request('/api/workspace', { token: token() });
}

export function fetchReviews(params: { severity?: string; status?: string; service?: string; tag?: string; sort?: string; order?: string; page?: number }): Promise<Page<LibraryReview>> {
  return request(`/api/workspace/reviews${query(params)}`, { token: token() });
}

export function searchLibrary(q: string, page = 1): Promise<Page<SearchHit>> {
  return request(`/api/workspace/search${query({ q, page })}`, { token: token() });
}

export function fetchFollowUps(params: { status?: string; owner?: string; mine?: boolean; overdue?: boolean; sort?: string; page?: number }): Promise<Page<FollowUp>> {
  return request(`/api/workspace/follow-ups${query(params)}`, { token: token() });
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
