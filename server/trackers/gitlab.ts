// GitLab issues through the REST API v4 (docs.gitlab.com/api/issues/):
//   POST /api/v4/projects/:id/issues          create (title, description, due_date)
//   GET  /api/v4/projects/:id/issues/:iid     read its state
//   GET  /api/v4/projects/:id/issues?search=<marker>&in=description   find an earlier attempt's issue
// Authenticated with PRIVATE-TOKEN. Webhooks: "Issue Hook" events (object_kind issue; action
// close / reopen), authenticated by X-Gitlab-Token, the secret token itself
// (docs.gitlab.com/user/project/integrations/webhook_events/#work-item-events).
import { trackerFetch } from './errors';
import { safeEqual } from './signatures';
import { header, type IssueInput, type TrackerClient, type TrackerIssue, type TrackerSettings, type TrackerWebhooks } from './types';

interface GitLabIssue {
  iid: number;
  web_url: string;
  state: string;
  references?: { short?: string };
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
  const api = (path: string, init: RequestInit = {}) =>
    trackerFetch('gitlab', `${settings.baseUrl}/api/v4/projects/${project}${path}`, { headers, ...init });
  return {
    async createIssue(input: IssueInput) {
      const description = `${input.description}\n\n<!-- ${input.marker} -->`;
      const body: Record<string, string> = { title: input.title, description };
      if (input.due) body.due_date = input.due;
      const response = await api('/issues', { method: 'POST', body: JSON.stringify(body) });
      return toIssue((await response.json()) as GitLabIssue);
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
