// GitHub Issues through the REST API, version 2022-11-28 (docs.github.com/en/rest/issues/issues):
//   POST /repos/{owner}/{repo}/issues            create (title, body)
//   GET  /repos/{owner}/{repo}/issues/{number}   read its state
//   GET  /search/issues?q=repo:{owner}/{repo}+"{marker}"+in:body   find an earlier attempt's issue
// Webhooks: the `issues` event (X-GitHub-Event: issues; action closed / reopened), signed with
// X-Hub-Signature-256 (docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries).
import { trackerFetch } from './errors';
import { verifyHmac } from './signatures';
import { header, type IssueInput, type IssueState, type TrackerClient, type TrackerIssue, type TrackerSettings, type TrackerWebhooks, type WebhookDelivery } from './types';

export const GITHUB_API_VERSION = '2022-11-28';

interface GitHubIssue {
  number: number;
  html_url: string;
  state: string;
}

const toIssue = (issue: GitHubIssue): TrackerIssue => ({
  externalId: String(issue.number),
  key: `#${issue.number}`,
  url: issue.html_url,
  state: issue.state === 'closed' ? 'closed' : 'open',
});

/** A client for one repository. */
export function githubClient(settings: TrackerSettings): TrackerClient {
  const repo = settings.project;
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${settings.credentials}`,
    'x-github-api-version': GITHUB_API_VERSION,
    'content-type': 'application/json',
    'user-agent': 'Debrief',
  };
  const api = (path: string, init: RequestInit = {}) => trackerFetch('github', `${settings.baseUrl}${path}`, { headers, ...init });
  return {
    async createIssue(input: IssueInput) {
      const due = input.due ? `\n\nDue: ${input.due}` : '';
      const body = `${input.description}${due}\n\n<!-- ${input.marker} -->`;
      const response = await api(`/repos/${repo}/issues`, { method: 'POST', body: JSON.stringify({ title: input.title, body }) });
      return toIssue((await response.json()) as GitHubIssue);
    },
    async findByMarker(marker: string) {
      const q = encodeURIComponent(`repo:${repo} "${marker}" in:body`);
      const response = await api(`/search/issues?q=${q}`);
      const found = (await response.json()) as { items?: GitHubIssue[] };
      const first = found.items?.[0];
      return first ? toIssue(first) : null;
    },
    async readIssue(externalId: string) {
      const response = await api(`/repos/${repo}/issues/${encodeURIComponent(externalId)}`);
      return toIssue((await response.json()) as GitHubIssue);
    },
  };
}

export const githubWebhooks: TrackerWebhooks = {
  verify(delivery: WebhookDelivery, secret: string) {
    return verifyHmac(secret, delivery.rawBody, header(delivery, 'x-hub-signature-256'), 'sha256=');
  },
  read(body: unknown) {
    const event = body as { action?: unknown; issue?: { number?: unknown; state?: unknown } };
    if (event?.action !== 'closed' && event?.action !== 'reopened') return null;
    if (typeof event.issue?.number !== 'number') return null;
    const state: IssueState = event.action === 'closed' ? 'closed' : 'open';
    return { externalId: String(event.issue.number), state };
  },
};
