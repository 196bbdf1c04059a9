// GitHub Issues through the REST API, version 2022-11-28 (docs.github.com/en/rest/issues/issues):
//   POST /repos/{owner}/{repo}/issues            create (title, body)
//   GET  /repos/{owner}/{repo}/issues/{number}   read its state
//   GET  /search/issues?q=repo:{owner}/{repo}+"{marker}"+in:body   find an earlier attempt's issue
//   GET  /repos/{owner}/{repo}/assignees/{login}  whether the owner's login may be assigned (204 / 404)
//   GET  /search/users?q={email}+in:email         the login behind an owner's (public) e-mail
// The issue's `assignees` are that login; its `labels` the incident's severity and services.
// Webhooks: the `issues` event (X-GitHub-Event: issues; action closed / reopened), signed with
// X-Hub-Signature-256 (docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries).
import { trackerFetch } from './errors';
import { verifyHmac } from './signatures';
import { TrackerError } from './errors';
import { header, ownerMatches, type IssueInput, type IssueState, type TrackerClient, type TrackerIssue, type TrackerSettings, type TrackerWebhooks, type WebhookDelivery } from './types';

export const GITHUB_API_VERSION = '2022-11-28';

/** A GitHub login: letters, digits and single hyphens, up to 39 characters. */
const LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
  /** Whether `login` may be assigned issues in the repository. */
  async function assignable(login: string): Promise<boolean> {
    try {
      await api(`/repos/${repo}/assignees/${encodeURIComponent(login)}`);
      return true;
    } catch (error) {
      if (error instanceof TrackerError && error.failure === 'not-found') return false;
      throw error;
    }
  }
  return {
    async createIssue(input: IssueInput) {
      const due = input.due ? `\n\nDue: ${input.due}` : '';
      const body = `${input.description}${due}\n\n<!-- ${input.marker} -->`;
      const issue: Record<string, unknown> = { title: input.title, body };
      if (input.labels.length > 0) issue.labels = input.labels;
      if (input.assignee) issue.assignees = [input.assignee.id];
      const response = await api(`/repos/${repo}/issues`, { method: 'POST', body: JSON.stringify(issue) });
      return toIssue((await response.json()) as GitHubIssue);
    },
    async findUser(owner: string) {
      const wanted = owner.trim().replace(/^@/, '');
      if (EMAIL.test(wanted)) {
        const q = encodeURIComponent(`${wanted} in:email`);
        const found = (await (await api(`/search/users?q=${q}`)).json()) as { items?: { login?: unknown }[] };
        const logins = (found.items ?? []).map((u) => u.login).filter((l): l is string => typeof l === 'string');
        if (logins.length !== 1) return null;
        return (await assignable(logins[0]!)) ? { id: logins[0]!, name: logins[0]! } : null;
      }
      if (!LOGIN.test(wanted)) return null;
      if (!(await assignable(wanted))) return null;
      return ownerMatches(owner, [wanted]) ? { id: wanted, name: wanted } : null;
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
