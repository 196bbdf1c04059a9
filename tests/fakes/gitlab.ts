// A fake GitLab REST API v4, only what Debrief uses (https://docs.gitlab.com/api/issues/):
//   POST /api/v4/projects/:id/issues        title required; description, due_date (YYYY-MM-DD)
//   GET  /api/v4/projects/:id/issues/:iid
//   GET  /api/v4/projects/:id/issues?search=&in=description
//   GET  /api/v4/users?search=             https://docs.gitlab.com/api/users/#list-users (name, username, public e-mail)
//   create takes `labels` (a comma-separated string) and `assignee_ids` (an array of user ids).
// Authenticated by PRIVATE-TOKEN (https://docs.gitlab.com/api/rest/authentication/). Webhooks:
// Issue Hook with X-Gitlab-Token, the secret token itself
// (https://docs.gitlab.com/user/project/integrations/webhook_events/).
import crypto from 'node:crypto';
import { FakeServer, Refusal, requireString, type FakeRequest, type Route } from './base';

export interface FakeGitLabIssue {
  iid: number;
  title: string;
  description: string;
  due_date: string | null;
  state: 'opened' | 'closed';
  labels: string[];
  assignee_ids: number[];
}

export interface FakeGitLabUser {
  id: number;
  username: string;
  name: string;
  public_email: string;
}

export class FakeGitLab extends FakeServer {
  readonly issues: FakeGitLabIssue[] = [];
  readonly users: FakeGitLabUser[] = [];

  constructor(
    readonly project: string,
    readonly token: string,
    public webhookSecret: string,
  ) {
    super();
  }

  protected authenticate(request: FakeRequest): void {
    if (request.headers['private-token'] !== this.token) throw new Refusal(401, { message: '401 Unauthorized' });
  }

  private view(issue: FakeGitLabIssue) {
    return {
      id: 5000 + issue.iid,
      iid: issue.iid,
      title: issue.title,
      description: issue.description,
      state: issue.state,
      due_date: issue.due_date,
      labels: issue.labels,
      assignees: issue.assignee_ids.map((id) => this.users.find((u) => u.id === id)).filter(Boolean).map((u) => ({ id: u!.id, username: u!.username, name: u!.name })),
      web_url: `https://gitlab.example/${this.project}/-/issues/${issue.iid}`,
      references: { short: `#${issue.iid}`, full: `${this.project}#${issue.iid}` },
    };
  }

  private checkProject(match: RegExpMatchArray): void {
    if (decodeURIComponent(match[1]!) !== this.project) throw new Refusal(404, { message: '404 Project Not Found' });
  }

  protected routes(): [string, RegExp, Route][] {
    return [
      [
        'POST',
        /^\/api\/v4\/projects\/([^/]+)\/issues$/,
        (request, match) => {
          this.checkProject(match);
          const title = requireString(request.body, 'title', 400, () => ({ error: 'title is missing' }));
          const b = request.body as { description?: unknown; due_date?: unknown; labels?: unknown; assignee_ids?: unknown; assignee_id?: unknown };
          if (b.due_date !== undefined && (typeof b.due_date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(b.due_date))) {
            throw new Refusal(400, { error: 'due_date is invalid' });
          }
          if (b.labels !== undefined && typeof b.labels !== 'string') throw new Refusal(400, { error: 'labels is invalid' });
          if (b.assignee_ids !== undefined && (!Array.isArray(b.assignee_ids) || !b.assignee_ids.every((id) => Number.isInteger(id)))) {
            throw new Refusal(400, { error: 'assignee_ids is invalid' });
          }
          if (b.assignee_id !== undefined && b.assignee_ids !== undefined) throw new Refusal(400, { error: 'assignee_id, assignee_ids are mutually exclusive' });
          const issue: FakeGitLabIssue = {
            iid: this.issues.length + 1,
            title,
            description: typeof b.description === 'string' ? b.description : '',
            due_date: typeof b.due_date === 'string' ? b.due_date : null,
            state: 'opened',
            labels: typeof b.labels === 'string' ? b.labels.split(',').map((l) => l.trim()).filter((l) => l !== '') : [],
            // GitLab leaves out ids that are no user.
            assignee_ids: ((b.assignee_ids as number[] | undefined) ?? []).filter((id) => this.users.some((u) => u.id === id)),
          };
          this.issues.push(issue);
          return { status: 201, body: this.view(issue) };
        },
      ],
      [
        'GET',
        /^\/api\/v4\/projects\/([^/]+)\/issues\/(\d+)$/,
        (_request, match) => {
          this.checkProject(match);
          const issue = this.issues.find((i) => i.iid === Number(match[2]));
          if (!issue) throw new Refusal(404, { message: '404 Not found' });
          return { status: 200, body: this.view(issue) };
        },
      ],
      [
        'GET',
        /^\/api\/v4\/users$/,
        (request) => {
          const search = (request.query.get('search') ?? '').toLowerCase();
          const found = search ? this.users.filter((u) => [u.username, u.name, u.public_email].some((f) => f.toLowerCase().includes(search))) : this.users;
          // What a non-administrator sees: no private e-mail.
          return { status: 200, body: found.map((u) => ({ id: u.id, username: u.username, name: u.name, state: 'active', public_email: u.public_email, web_url: `https://gitlab.example/${u.username}` })) };
        },
      ],
      [
        'GET',
        /^\/api\/v4\/projects\/([^/]+)\/issues$/,
        (request, match) => {
          this.checkProject(match);
          const search = request.query.get('search') ?? '';
          const inField = request.query.get('in') ?? 'title,description';
          const found = this.issues.filter((i) => (inField.includes('description') && i.description.includes(search)) || (inField.includes('title') && i.title.includes(search)));
          return { status: 200, body: found.map((i) => this.view(i)) };
        },
      ],
    ];
  }

  /** Closes or reopens an issue, and sends the Issue Hook with X-Gitlab-Token. */
  async setState(iid: number, state: 'open' | 'closed', sign: 'good' | 'forged' | 'unsigned' | 'silent' = 'good'): Promise<number> {
    const issue = this.issues.find((i) => i.iid === iid);
    if (!issue) throw new Error(`No issue ${iid}`);
    issue.state = state === 'closed' ? 'closed' : 'opened';
    if (sign === 'silent') return 0;
    const payload = JSON.stringify({
      object_kind: 'issue',
      event_type: 'issue',
      project: { path_with_namespace: this.project },
      object_attributes: { ...this.view(issue), action: state === 'closed' ? 'close' : 'reopen' },
    });
    const headers: Record<string, string> = { 'x-gitlab-event': 'Issue Hook', 'x-gitlab-event-uuid': crypto.randomUUID() };
    if (sign !== 'unsigned') headers['x-gitlab-token'] = sign === 'forged' ? 'not-the-secret' : this.webhookSecret;
    return this.deliver(headers, payload);
  }
}
