// GitLab issues through the REST API v4 (docs.gitlab.com/api/issues/):
//   POST /api/v4/projects/:id/issues          create (title, description, due_date)
//   GET  /api/v4/projects/:id/issues/:iid     read its state
//   GET  /api/v4/projects/:id/issues?search=<marker>&in=description   find an earlier attempt's issue
//   GET  /api/v4/users?search=<owner>          the user whose username, name or public e-mail is the owner
//                                              (docs.gitlab.com/api/users/#list-users)
// The issue's `assignee_ids` are that user's id; its `labels` (comma-separated) severity and services.
// Authenticated with PRIVATE-TOKEN. Webhooks: "Issue Hook" events (object_kind issue; action
// close / reopen), authenticated by X-Gitlab-Token, the secret token itself
// (docs.gitlab.com/user/project/integrations/webhook_events/#work-item-events).
import { trackerFetch } from './errors';
import { safeEqual } from './signatures';
import { header, ownerMatches, type IssueInput, type TrackerClient, type TrackerIssue, type TrackerSettings, type TrackerWebhooks } from './types';

interface GitLabIssue {
  iid: number;
  web_url: string;
  state: string;
  references?: { short?: string };
}

interface GitLabUser {
  id: number;
  username: string;
  name: string;
  /** Shown when the user made it public; `email` only to administrators. */
  public_email?: string | null;
  email?: string | null;
}

const toIssue = (issue: GitLabIssue): TrackerIssue => ({
  externalId: String(issue.iid),
  key: issue.references?.short ?? `#${issue.iid}`,
  url: issue.web_url,
  state: issue.state === 'closed' ? 'closed' : 'open',
});

/** A client for one project (numeric id or full path). */
export function gitlabClient(settings: TrackerSettings): TrackerClient {
  const project = encodeURIComponent(settings.project);
  const headers = { 'private-token': settings.credentials, 'content-type': 'application/json' };
  const root = (path: string, init: RequestInit = {}) => trackerFetch('gitlab', `${settings.baseUrl}/api/v4${path}`, { headers, ...init });
  const api = (path: string, init: RequestInit = {}) => root(`/projects/${project}${path}`, init);
  return {
    async createIssue(input: IssueInput) {
      const description = `${input.description}\n\n<!-- ${input.marker} -->`;
      const body: Record<string, unknown> = { title: input.title, description };
      if (input.due) body.due_date = input.due;
      // A comma separates labels: one inside a name would split it.
      if (input.labels.length > 0) body.labels = input.labels.map((l) => l.replace(/,/g, ' ')).join(',');
      if (input.assignee) body.assignee_ids = [Number(input.assignee.id)];
      const response = await api('/issues', { method: 'POST', body: JSON.stringify(body) });
      return toIssue((await response.json()) as GitLabIssue);
    },
    async findUser(owner: string) {
      const q = owner.trim().replace(/^@/, '');
      if (!q) return null;
      const found = (await (await root(`/users?search=${encodeURIComponent(q)}&active=true`)).json()) as GitLabUser[];
      const matches = found.filter((u) => typeof u.id === 'number' && ownerMatches(owner, [u.username, u.name, u.public_email, u.email]));
      return matches.length === 1 ? { id: String(matches[0]!.id), name: matches[0]!.username } : null;
    },
    async findByMarker(marker: string) {
      const response = await api(`/issues?search=${encodeURIComponent(marker)}&in=description`);
      const found = (await response.json()) as GitLabIssue[];
      return found[0] ? toIssue(found[0]) : null;
    },
    async readIssue(externalId: string) {
      const response = await api(`/issues/${encodeURIComponent(externalId)}`);
      return toIssue((await response.json()) as GitLabIssue);
    },
  };
}

export const gitlabWebhooks: TrackerWebhooks = {
  verify(delivery, secret) {
    const token = header(delivery, 'x-gitlab-token');
    return Boolean(secret) && safeEqual(token, secret);
  },
  read(body) {
    const event = body as { object_kind?: unknown; object_attributes?: { iid?: unknown; action?: unknown } };
    if (event?.object_kind !== 'issue') return null;
    const { iid, action } = event.object_attributes ?? {};
    if (typeof iid !== 'number' || (action !== 'close' && action !== 'reopen')) return null;
    return { externalId: String(iid), state: action === 'close' ? 'closed' : 'open' };
  },
};
