// The workspace's trackers, for its admin (docs/trackers.md): the admin key (WORKSPACE_ADMIN_KEY)
// is kept in this browser's localStorage once entered and sent as `Authorization: Bearer`; with
// sign-in, an admin's session cookie is what counts. Credentials go to the server and never come back.
import { request, type BoardTracker } from './api';

const KEY = 'debrief.adminKey';

export function loadAdminKey(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveAdminKey(key: string | null): void {
  try {
    if (key) localStorage.setItem(KEY, key);
    else localStorage.removeItem(KEY);
  } catch {
    /* private mode: the key lives for this page only */
  }
}

const token = () => loadAdminKey() ?? undefined;

export interface TrackerSettings {
  kind: BoardTracker['kind'];
  baseUrl: string;
  project: string;
  credentials: string;
  webhookSecret: string;
}

export type TrackerChange = Partial<Omit<TrackerSettings, 'kind'>>;

export function fetchWorkspaceTrackers(): Promise<{ trackers: BoardTracker[]; canStoreCredentials: boolean }> {
  return request('/api/workspace/trackers', { token: token() });
}

export function addWorkspaceTracker(settings: TrackerSettings): Promise<BoardTracker> {
  return request('/api/workspace/trackers', { method: 'POST', token: token(), body: JSON.stringify(settings) });
}

export function changeWorkspaceTracker(id: string, change: TrackerChange): Promise<BoardTracker> {
  return request(`/api/workspace/trackers/${encodeURIComponent(id)}`, { method: 'PATCH', token: token(), body: JSON.stringify(change) });
}

export function removeWorkspaceTracker(id: string): Promise<void> {
  return request(`/api/workspace/trackers/${encodeURIComponent(id)}`, { method: 'DELETE', token: token() });
}
