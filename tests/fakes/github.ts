// A fake GitHub REST API (version 2022-11-28), only what Debrief uses, refusing what GitHub would:
//   POST /repos/{owner}/{repo}/issues      https://docs.github.com/en/rest/issues/issues#create-an-issue
//   GET  /repos/{owner}/{repo}/issues/{n}  https://docs.github.com/en/rest/issues/issues#get-an-issue
//   GET  /search/issues?q=                 https://docs.github.com/en/rest/search/search#search-issues-and-pull-requests
//   GET  /repos/{owner}/{repo}/assignees/{login}  https://docs.github.com/en/rest/issues/assignees#check-if-a-user-can-be-assigned (204 / 404)
//   GET  /search/users?q=<email> in:email  https://docs.github.com/en/rest/search/search#search-users (public e-mails only)
//   create takes `labels` and `assignees` (arrays of names / logins); an assignee who may not be
//   assigned is a 422, as GitHub answers.
//   (test only) PATCH state=closed/open    then the `issues` webhook, signed as
//   https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries documents.
import crypto from 'node:crypto';
import { FakeServer, Refusal, requireString, type FakeRequest, type Route } from './base';

export interface FakeGitHubIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
}

/** A GitHub account; `assignable`: may be assigned issues in the repository (has push access). */
export interface FakeGitHubUser {
  login: string;
  publicEmail: string | null;
  assignable: boolean;
}

const stringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '');

export class FakeGitHub extends FakeServer {
  readonly issues: FakeGitHubIssue[] = [];
  readonly users: FakeGitHubUser[] = [];

  constructor(
    readonly repo: string,
    readonly token: string,
    public webhookSecret: string,
  ) {
    super();
  }

  protected authenticate(request: FakeRequest): void {
    const auth = String(request.headers.authorization ?? '');
    if (auth !== `Bearer ${this.token}` && auth !== `token ${this.token}`) {
      throw new Refusal(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    if (request.headers.accept !== 'application/vnd.github+json') throw new Refusal(415, { message: 'Accept must be application/vnd.github+json' });
    if (request.headers['x-github-api-version'] !== '2022-11-28') throw new Refusal(400, { message: 'Unsupported X-GitHub-Api-Version' });
    if (!request.headers['user-agent']) throw new Refusal(403, { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header' });
  }

  private html(issue: FakeGitHubIssue) {
    return {
      id: 1000 + issue.number,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      html_url: `https://github.com/${this.repo}/issues/${issue.number}`,
      labels: issue.labels.map((name, i) => ({ id: 100 + i, name })),
      assignees: issue.assignees.map((login) => ({ login, type: 'User' })),
    };
  }

  private checkRepo(match: RegExpMatchArray): void {
    if (`${match[1]}/${match[2]}` !== this.repo) throw new Refusal(404, { message: 'Not Found' });
  }

  protected routes(): [string, RegExp, Route][] {
    return [
      [
        'POST',
        /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
        (request, match) => {
          this.checkRepo(match);
          const title = requireString(request.body, 'title', 422, (m) => ({ message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'title', code: 'missing_field', message: m }] }));
          const { body, labels, assignees, assignee } = request.body as { body?: unknown; labels?: unknown; assignees?: unknown; assignee?: unknown };
          if (body !== undefined && typeof body !== 'string') throw new Refusal(422, { message: 'Validation Failed' });
          if (labels !== undefined && !stringArray(labels)) throw new Refusal(422, { message: 'Invalid request.\n\nFor \'properties/labels\', it is not an array of strings.' });
          if (assignee !== undefined) throw new Refusal(422, { message: 'Validation Failed: `assignee` is closing down; send `assignees`' });
          if (assignees !== undefined && !stringArray(assignees)) throw new Refusal(422, { message: 'Invalid request.\n\nFor \'properties/assignees\', it is not an array of strings.' });
          const invalid = (assignees ?? []).find((login) => !this.users.some((u) => u.assignable && u.login.toLowerCase() === login.toLowerCase()));
          if (invalid) throw new Refusal(422, { message: 'Validation Failed', errors: [{ value: invalid, resource: 'Issue', field: 'assignees', code: 'invalid' }] });
          const issue: FakeGitHubIssue = { number: this.issues.length + 1, title, body: body ?? '', state: 'open', labels: labels ?? [], assignees: assignees ?? [] };
          this.issues.push(issue);
          return { status: 201, body: this.html(issue) };
        },
      ],
      [
        'GET',
        /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/,
        (_request, match) => {
          this.checkRepo(match);
          const issue = this.issues.find((i) => i.number === Number(match[3]));
          if (!issue) throw new Refusal(404, { message: 'Not Found' });
          return { status: 200, body: this.html(issue) };
        },
      ],
      [
        'GET',
        /^\/repos\/([^/]+)\/([^/]+)\/assignees\/([^/]+)$/,
        (_request, match) => {
          this.checkRepo(match);
          const login = decodeURIComponent(match[3]!).toLowerCase();
          if (!this.users.some((u) => u.assignable && u.login.toLowerCase() === login)) throw new Refusal(404, { message: 'Not Found' });
          return { status: 204 };
        },
      ],
      [
        'GET',
        /^\/search\/users$/,
        (request) => {
          const q = request.query.get('q') ?? '';
          if (!q.trim()) throw new Refusal(422, { message: 'Validation Failed', errors: [{ resource: 'Search', field: 'q', code: 'missing' }] });
          const email = /^(\S+)\s+in:email$/.exec(q.trim())?.[1]?.toLowerCase();
          if (!email) throw new Refusal(422, { message: 'This fake understands only "<email> in:email"' });
          const items = this.users.filter((u) => u.publicEmail?.toLowerCase() === email).map((u, i) => ({ login: u.login, id: 500 + i, type: 'User', score: 1 }));
          return { status: 200, body: { total_count: items.length, incomplete_results: false, items } };
        },
      ],
      [
        'GET',
        /^\/search\/issues$/,
        (request) => {
          const q = request.query.get('q') ?? '';
          const repo = /repo:(\S+)/.exec(q)?.[1];
          const phrase = /"([^"]+)"/.exec(q)?.[1];
          if (!repo || !phrase || !/\bin:body\b/.test(q)) throw new Refusal(422, { message: 'Validation Failed' });
          const items = repo === this.repo ? this.issues.filter((i) => i.body.includes(phrase)).map((i) => this.html(i)) : [];
          return { status: 200, body: { total_count: items.length, incomplete_results: false, items } };
        },
      ],
    ];
  }

  /** Closes or reopens an issue as a person would on GitHub, and sends the signed `issues` webhook. */
  async setState(number: number, state: 'open' | 'closed', sign: 'good' | 'forged' | 'unsigned' | 'silent' = 'good'): Promise<number> {
    const issue = this.issues.find((i) => i.number === number);
    if (!issue) throw new Error(`No issue ${number}`);
    issue.state = state;
    if (sign === 'silent') return 0;
    const payload = JSON.stringify({ action: state === 'closed' ? 'closed' : 'reopened', issue: this.html(issue), repository: { full_name: this.repo } });
    const headers: Record<string, string> = { 'x-github-event': 'issues', 'x-github-delivery': crypto.randomUUID(), 'user-agent': 'GitHub-Hookshot/fake' };
    const secret = sign === 'forged' ? 'not-the-secret' : this.webhookSecret;
    if (sign !== 'unsigned') headers['x-hub-signature-256'] = `sha256=${crypto.createHmac('sha256', secret).update(payload).digest('hex')}`;
    return this.deliver(headers, payload);
  }
}
