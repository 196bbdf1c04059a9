// A fake Jira Cloud REST API v3, only what Debrief uses:
//   POST /rest/api/3/issue   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
//     fields.project.key, fields.summary, fields.issuetype required; description in Atlassian
//     Document Format (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/),
//     duedate YYYY-MM-DD, labels without spaces
//   GET  /rest/api/3/issue/{idOrKey}
//   GET  /rest/api/3/search/jql?jql=   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/
//   GET  /rest/api/3/user/assignable/search?project=&query=   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/
//     (project or issueKey required; query matched against display name and e-mail)
//   create takes fields.assignee as { accountId } only (Jira Cloud refuses `name` since the GDPR change)
// Basic auth with email:api-token (https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/).
// Webhooks: admin webhook with a secret, X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>
// (https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks).
import crypto from 'node:crypto';
import { FakeServer, Refusal, type FakeRequest, type Route } from './base';

export interface FakeJiraIssue {
  id: string;
  key: string;
  summary: string;
  description: unknown;
  labels: string[];
  duedate: string | null;
  category: 'new' | 'done';
  assignee: string | null;
}

export interface FakeJiraUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
  active: boolean;
}

const jiraError = (errors: Record<string, string>) => ({ errorMessages: [], errors });

/** Whether `doc` is an ADF document of paragraphs of text nodes (what Debrief sends). */
function isAdf(doc: unknown): boolean {
  const d = doc as { type?: unknown; version?: unknown; content?: unknown };
  if (d?.type !== 'doc' || d.version !== 1 || !Array.isArray(d.content)) return false;
  return d.content.every((block: { type?: unknown; content?: unknown }) =>
    block?.type === 'paragraph' && Array.isArray(block.content) && block.content.every((t: { type?: unknown; text?: unknown }) => t?.type === 'text' && typeof t.text === 'string' && t.text !== ''),
  );
}

export class FakeJira extends FakeServer {
  readonly issues: FakeJiraIssue[] = [];
  readonly users: FakeJiraUser[] = [];
  /** As Jira Cloud does by default (a user's profile visibility): e-mails found by, never shown. */
  hideEmails = false;

  constructor(
    readonly projectKey: string,
    readonly email: string,
    readonly apiToken: string,
    public webhookSecret: string,
  ) {
    super();
  }

  protected authenticate(request: FakeRequest): void {
    const expected = `Basic ${Buffer.from(`${this.email}:${this.apiToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) throw new Refusal(401, { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} });
  }

  private view(issue: FakeJiraIssue) {
    return {
      id: issue.id,
      key: issue.key,
      self: `${this.url}/rest/api/3/issue/${issue.id}`,
      fields: { summary: issue.summary, labels: issue.labels, assignee: issue.assignee ? { accountId: issue.assignee } : null, duedate: issue.duedate, status: { name: issue.category === 'done' ? 'Done' : 'To Do', statusCategory: { key: issue.category } } },
    };
  }

  protected routes(): [string, RegExp, Route][] {
    return [
      [
        'POST',
        /^\/rest\/api\/3\/issue$/,
        (request) => {
          const fields = (request.body as { fields?: Record<string, unknown> })?.fields;
          if (!fields) throw new Refusal(400, jiraError({ fields: 'fields is required' }));
          const project = fields.project as { key?: unknown; id?: unknown } | undefined;
          if (!project || (typeof project.key !== 'string' && typeof project.id !== 'string')) throw new Refusal(400, jiraError({ project: 'Specify a valid project ID or key' }));
          if (project.key !== this.projectKey) throw new Refusal(400, jiraError({ project: 'valid project is required' }));
          if (typeof fields.summary !== 'string' || !fields.summary.trim()) throw new Refusal(400, jiraError({ summary: 'You must specify a summary of the issue.' }));
          if (typeof (fields.issuetype as { name?: unknown })?.name !== 'string') throw new Refusal(400, jiraError({ issuetype: 'Specify an issue type' }));
          if (fields.description !== undefined && !isAdf(fields.description)) throw new Refusal(400, jiraError({ description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)' }));
          if (fields.duedate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(fields.duedate))) throw new Refusal(400, jiraError({ duedate: 'Error parsing date string' }));
          const labels = fields.labels ?? [];
          if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string' || /\s/.test(l))) throw new Refusal(400, jiraError({ labels: 'Labels cannot contain spaces' }));
          let assignee: string | null = null;
          if (fields.assignee !== undefined && fields.assignee !== null) {
            const a = fields.assignee as { accountId?: unknown; name?: unknown };
            if (typeof a.accountId !== 'string' || a.name !== undefined) throw new Refusal(400, jiraError({ assignee: 'Specify the user by accountId' }));
            if (!this.users.some((u) => u.accountId === a.accountId && u.active)) throw new Refusal(400, jiraError({ assignee: `User '${a.accountId}' cannot be assigned issues.` }));
            assignee = a.accountId;
          }
          const n = this.issues.length + 1;
          const issue: FakeJiraIssue = {
            id: String(10000 + n),
            key: `${this.projectKey}-${n}`,
            summary: fields.summary,
            description: fields.description,
            labels: labels as string[],
            duedate: typeof fields.duedate === 'string' ? fields.duedate : null,
            category: 'new',
            assignee,
          };
          this.issues.push(issue);
          return { status: 201, body: { id: issue.id, key: issue.key, self: `${this.url}/rest/api/3/issue/${issue.id}` } };
        },
      ],
      [
        'GET',
        /^\/rest\/api\/3\/issue\/([^/]+)$/,
        (_request, match) => {
          const issue = this.issues.find((i) => i.id === match[1] || i.key === match[1]);
          if (!issue) throw new Refusal(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
          return { status: 200, body: this.view(issue) };
        },
      ],
      [
        'GET',
        /^\/rest\/api\/3\/user\/assignable\/search$/,
        (request) => {
          const project = request.query.get('project');
          if (!project && !request.query.get('issueKey')) throw new Refusal(400, { errorMessages: ['One of the following parameters must be provided: issueKey, project, issueId.'], errors: {} });
          if (project !== this.projectKey) throw new Refusal(404, { errorMessages: [`No project could be found with key '${project}'.`], errors: {} });
          const query = (request.query.get('query') ?? '').toLowerCase();
          const found = this.users.filter((u) => u.active && (u.displayName.toLowerCase().includes(query) || u.emailAddress.toLowerCase().startsWith(query)));
          return {
            status: 200,
            body: found.map((u) => ({ accountId: u.accountId, accountType: 'atlassian', displayName: u.displayName, ...(this.hideEmails ? {} : { emailAddress: u.emailAddress }), active: u.active })),
          };
        },
      ],
      [
        'GET',
        /^\/rest\/api\/3\/search\/jql$/,
        (request) => {
          const jql = request.query.get('jql') ?? '';
          const label = /labels\s*=\s*"([^"]+)"/.exec(jql)?.[1];
          if (!label) throw new Refusal(400, { errorMessages: ['This fake understands only labels = "..."'], errors: {} });
          return { status: 200, body: { issues: this.issues.filter((i) => i.labels.includes(label)).map((i) => this.view(i)), isLast: true } };
        },
      ],
    ];
  }

  /** Moves an issue to Done or back to To Do, and sends jira:issue_updated signed with X-Hub-Signature. */
  async setState(key: string, state: 'open' | 'closed', sign: 'good' | 'forged' | 'unsigned' | 'silent' = 'good'): Promise<number> {
    const issue = this.issues.find((i) => i.key === key);
    if (!issue) throw new Error(`No issue ${key}`);
    issue.category = state === 'closed' ? 'done' : 'new';
    if (sign === 'silent') return 0;
    const payload = JSON.stringify({ timestamp: Date.now(), webhookEvent: 'jira:issue_updated', issue_event_type_name: 'issue_generic', issue: this.view(issue) });
    const headers: Record<string, string> = { 'x-atlassian-webhook-identifier': crypto.randomUUID() };
    const secret = sign === 'forged' ? 'not-the-secret' : this.webhookSecret;
    if (sign !== 'unsigned') headers['x-hub-signature'] = `sha256=${crypto.createHmac('sha256', secret).update(payload).digest('hex')}`;
    return this.deliver(headers, payload);
  }
}
