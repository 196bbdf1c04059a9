// Jira Cloud through the REST API v3 (developer.atlassian.com/cloud/jira/platform/rest/v3/):
//   POST /rest/api/3/issue                 create (fields.project.key, summary, issuetype, ADF description, duedate, labels)
//   GET  /rest/api/3/issue/{id}?fields=status   read its status category
//   GET  /rest/api/3/search/jql?jql=labels = "<marker>"   find an earlier attempt's issue
//   GET  /rest/api/3/user/assignable/search?project=<key>&query=<owner>   the assignable user whose
//        display name or e-mail is the owner (…/rest/v3/api-group-user-search/)
// The issue's `assignee` is that user's accountId; its `labels` severity and services (spaces as -).
// Authenticated with Basic email:api-token (developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/).
// The marker is a label: a label is one token, matched exactly by JQL.
// Webhooks: admin webhooks with a secret, signed X-Hub-Signature: sha256=<hex HMAC-SHA256 of the
// body> (developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks); the event is
// jira:issue_updated and the status category `done` counts as closed.
import { trackerFetch } from './errors';
import { verifyHmac } from './signatures';
import { header, ownerMatches, type IssueInput, type TrackerClient, type TrackerIssue, type TrackerSettings, type TrackerWebhooks } from './types';

interface JiraIssue {
  id: string;
  key: string;
  fields?: { status?: { statusCategory?: { key?: string } } };
}

/** Atlassian Document Format: one paragraph per line of text. */
export function adfDocument(text: string): unknown {
  const paragraphs = text.split('\n').filter((line) => line.trim() !== '');
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
  };
}

/** A client for one project (by key). */
export function jiraClient(settings: TrackerSettings): TrackerClient {
  const headers = {
    authorization: `Basic ${Buffer.from(settings.credentials, 'utf8').toString('base64')}`,
    accept: 'application/json',
    'content-type': 'application/json',
  };
  const api = (path: string, init: RequestInit = {}) => trackerFetch('jira', `${settings.baseUrl}/rest/api/3${path}`, { headers, ...init });
  const toIssue = (issue: JiraIssue): TrackerIssue => ({
    externalId: issue.id,
    key: issue.key,
    url: `${settings.baseUrl}/browse/${issue.key}`,
    state: issue.fields?.status?.statusCategory?.key === 'done' ? 'closed' : 'open',
  });
  return {
    async createIssue(input: IssueInput) {
      const fields: Record<string, unknown> = {
        project: { key: settings.project },
        issuetype: { name: 'Task' },
        summary: input.title,
        description: adfDocument(input.description),
        // A Jira label is one token: a space would be refused.
        labels: [input.marker, ...input.labels.map((l) => l.replace(/\s+/g, '-'))],
      };
      if (input.due) fields.duedate = input.due;
      if (input.assignee) fields.assignee = { accountId: input.assignee.id };
      const response = await api('/issue', { method: 'POST', body: JSON.stringify({ fields }) });
      const created = (await response.json()) as { id: string; key: string };
      return { externalId: created.id, key: created.key, url: `${settings.baseUrl}/browse/${created.key}`, state: 'open' };
    },
    async findUser(owner: string) {
      const q = owner.trim().replace(/^@/, '');
      if (!q) return null;
      const response = await api(`/user/assignable/search?project=${encodeURIComponent(settings.project)}&query=${encodeURIComponent(q)}`);
      const found = (await response.json()) as { accountId?: unknown; displayName?: string; emailAddress?: string; active?: boolean }[];
      const users = found.filter((u) => typeof u.accountId === 'string' && u.active !== false);
      let matches = users.filter((u) => ownerMatches(owner, [u.displayName, u.emailAddress]));
      // Jira Cloud hides e-mail addresses by default but still finds people by theirs: one answer
      // to an e-mail, whose address is hidden, is that person.
      if (matches.length === 0 && /^[^\s@]+@[^\s@]+$/.test(q) && users.length === 1 && users[0]!.emailAddress === undefined) matches = users;
      return matches.length === 1 ? { id: matches[0]!.accountId as string, name: matches[0]!.displayName ?? '' } : null;
    },
    async findByMarker(marker: string) {
      const jql = encodeURIComponent(`project = "${settings.project}" AND labels = "${marker}"`);
      const response = await api(`/search/jql?jql=${jql}&fields=status`);
      const found = (await response.json()) as { issues?: JiraIssue[] };
      return found.issues?.[0] ? toIssue(found.issues[0]) : null;
    },
    async readIssue(externalId: string) {
      const response = await api(`/issue/${encodeURIComponent(externalId)}?fields=status`);
      return toIssue((await response.json()) as JiraIssue);
    },
  };
}

export const jiraWebhooks: TrackerWebhooks = {
  verify(delivery, secret) {
    return verifyHmac(secret, delivery.rawBody, header(delivery, 'x-hub-signature'), 'sha256=');
  },
  read(body) {
    const event = body as { webhookEvent?: unknown; issue?: JiraIssue };
    if (event?.webhookEvent !== 'jira:issue_updated' || typeof event.issue?.id !== 'string') return null;
    const category = event.issue.fields?.status?.statusCategory?.key;
    if (typeof category !== 'string') return null;
    return { externalId: event.issue.id, state: category === 'done' ? 'closed' : 'open' };
  },
};
