// A fake Linear GraphQL API, only what Debrief uses (https://linear.app/developers/graphql, schema
// https://github.com/linear/linear packages/sdk/src/schema.graphql): POST /graphql with a personal
// API key in `Authorization` (no Bearer), JSON {query, variables}; the operations issueCreate
// (IssueCreateInput: teamId and title required; id, description, dueDate optional) and issue(id).
// users(filter) with name / displayName / email `eqIgnoreCase` (linear.app/developers/filtering), and
// issueLabels(filter) by name, of the team or the workspace; create's assigneeId and labelIds must
// name a user and labels that exist. Anything else is a GraphQL error, as Linear answers. Webhooks: Issue update events signed
// Linear-Signature = hex HMAC-SHA256 of the raw body (https://linear.app/developers/webhooks).
import crypto from 'node:crypto';
import { FakeServer, Refusal, type FakeRequest, type Route } from './base';

export interface FakeLinearIssue {
  id: string;
  identifier: string;
  title: string;
  description: string;
  dueDate: string | null;
  stateType: 'unstarted' | 'started' | 'completed' | 'canceled';
  assigneeId: string | null;
  labelIds: string[];
}

export interface FakeLinearUser {
  id: string;
  name: string;
  displayName: string;
  email: string;
  active: boolean;
}

/** A label of the workspace (teamId null) or of one team. */
export interface FakeLinearLabel {
  id: string;
  name: string;
  teamId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const gqlError = (message: string, code: string) => ({ errors: [{ message, extensions: { code, type: code.toLowerCase() } }], data: null });

export class FakeLinear extends FakeServer {
  readonly issues: FakeLinearIssue[] = [];
  readonly users: FakeLinearUser[] = [];
  readonly labels: FakeLinearLabel[] = [];

  constructor(
    readonly teamId: string,
    readonly teamKey: string,
    readonly apiKey: string,
    public webhookSecret: string,
  ) {
    super();
  }

  protected authenticate(request: FakeRequest): void {
    if (request.headers.authorization !== this.apiKey) {
      throw new Refusal(400, gqlError('Authentication required, not authenticated', 'AUTHENTICATION_ERROR'));
    }
  }

  private view(issue: FakeLinearIssue) {
    return { id: issue.id, identifier: issue.identifier, url: `https://linear.app/fake/issue/${issue.identifier}`, state: { type: issue.stateType } };
  }

  protected routes(): [string, RegExp, Route][] {
    return [
      [
        'POST',
        /^\/graphql$/,
        (request) => {
          const { query, variables } = (request.body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
          if (typeof query !== 'string') throw new Refusal(400, gqlError('Must provide query string.', 'GRAPHQL_VALIDATION_FAILED'));
          if (/\bissueCreate\s*\(/.test(query) && /IssueCreateInput!/.test(query)) return this.create(variables?.input);
          if (/\bissue\s*\(\s*id:\s*\$id\s*\)/.test(query)) {
            const id = variables?.id;
            const issue = this.issues.find((i) => i.id === id || i.identifier === id);
            if (!issue) return { status: 200, body: { ...gqlError('Entity not found: Issue', 'ENTITY_NOT_FOUND'), data: null } };
            return { status: 200, body: { data: { issue: this.view(issue) } } };
          }
          if (/\busers\s*\(\s*filter:/.test(query)) return this.findUsers(query, variables);
          if (/\bissueLabels\s*\(\s*filter:/.test(query)) return this.findLabels(query, variables);
          throw new Refusal(400, gqlError('Unknown operation for this fake', 'GRAPHQL_VALIDATION_FAILED'));
        },
      ],
    ];
  }

  /** users(filter: { or: [{ name | displayName | email: { eqIgnoreCase: $q } }] }): the fields the filter names. */
  private findUsers(query: string, variables: Record<string, unknown> | undefined) {
    const q = variables?.q;
    if (!/\$q:\s*String!/.test(query) || typeof q !== 'string') return { status: 400, body: gqlError('Variable "$q" of required type "String!" was not provided.', 'GRAPHQL_VALIDATION_FAILED') };
    const fields = [...query.matchAll(/\b(name|displayName|email)\s*:\s*\{\s*eqIgnoreCase:\s*\$q\s*\}/g)].map((m) => m[1] as 'name' | 'displayName' | 'email');
    if (fields.length === 0) return { status: 400, body: gqlError('This fake understands only eqIgnoreCase on name, displayName and email', 'GRAPHQL_VALIDATION_FAILED') };
    const nodes = this.users.filter((u) => fields.some((f) => u[f].toLowerCase() === q.toLowerCase()));
    return { status: 200, body: { data: { users: { nodes } } } };
  }

  /** issueLabels(filter: { name: { in: $names }, or: [{ team: { null: true } }, { team: { id: { eq: $teamId } } }] }). */
  private findLabels(query: string, variables: Record<string, unknown> | undefined) {
    const names = variables?.names;
    if (!/name:\s*\{\s*in:\s*\$names\s*\}/.test(query) || !Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
      return { status: 400, body: gqlError('Variable "$names" of required type "[String!]!" was not provided.', 'GRAPHQL_VALIDATION_FAILED') };
    }
    const teamId = typeof variables?.teamId === 'string' && /team:\s*\{\s*id:\s*\{\s*eq:\s*\$teamId/.test(query) ? variables.teamId : null;
    const workspace = /team:\s*\{\s*null:\s*true\s*\}/.test(query);
    const nodes = this.labels
      .filter((l) => names.includes(l.name) && ((workspace && l.teamId === null) || (teamId !== null && l.teamId === teamId) || (!workspace && teamId === null)))
      .map((l) => ({ id: l.id, name: l.name }));
    return { status: 200, body: { data: { issueLabels: { nodes } } } };
  }

  private create(input: unknown) {
    const i = (input ?? {}) as Record<string, unknown>;
    if (typeof i.teamId !== 'string' || typeof i.title !== 'string' || i.title.trim() === '') {
      return { status: 200, body: gqlError('Argument Validation Error: teamId and title are required', 'INVALID_INPUT') };
    }
    if (i.teamId !== this.teamId) return { status: 200, body: gqlError('Entity not found: Team', 'ENTITY_NOT_FOUND') };
    if (i.id !== undefined && (typeof i.id !== 'string' || !UUID.test(i.id))) return { status: 200, body: gqlError('Argument Validation Error: id must be a UUID', 'INVALID_INPUT') };
    if (i.dueDate !== undefined && (typeof i.dueDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(i.dueDate))) {
      return { status: 200, body: gqlError('Argument Validation Error: dueDate must be a TimelessDate', 'INVALID_INPUT') };
    }
    const known = new Set(['id', 'teamId', 'title', 'description', 'dueDate', 'assigneeId', 'labelIds', 'priority']);
    const unknown = Object.keys(i).find((k) => !known.has(k));
    if (unknown) return { status: 200, body: gqlError(`Field "${unknown}" is not defined by type "IssueCreateInput".`, 'GRAPHQL_VALIDATION_FAILED') };
    if (i.assigneeId !== undefined && !this.users.some((u) => u.id === i.assigneeId && u.active)) return { status: 200, body: gqlError('Entity not found: User', 'INVALID_INPUT') };
    if (i.labelIds !== undefined) {
      const ids = i.labelIds;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return { status: 200, body: gqlError('Argument Validation Error: labelIds must be an array of UUIDs', 'INVALID_INPUT') };
      const bad = ids.find((id) => !this.labels.some((l) => l.id === id && (l.teamId === null || l.teamId === this.teamId)));
      if (bad) return { status: 200, body: gqlError(`Entity not found: IssueLabel ${bad}`, 'INVALID_INPUT') };
    }
    if (typeof i.id === 'string' && this.issues.some((x) => x.id === i.id)) {
      return { status: 200, body: gqlError('Conflict: an issue with this id already exists', 'INVALID_INPUT') };
    }
    const issue: FakeLinearIssue = {
      id: typeof i.id === 'string' ? i.id : crypto.randomUUID(),
      identifier: `${this.teamKey}-${this.issues.length + 1}`,
      title: i.title,
      description: typeof i.description === 'string' ? i.description : '',
      dueDate: typeof i.dueDate === 'string' ? i.dueDate : null,
      stateType: 'unstarted',
      assigneeId: typeof i.assigneeId === 'string' ? i.assigneeId : null,
      labelIds: (i.labelIds as string[] | undefined) ?? [],
    };
    this.issues.push(issue);
    return { status: 200, body: { data: { issueCreate: { success: true, issue: this.view(issue) } } } };
  }

  /** Moves an issue to Done (completed) or back (unstarted), and sends the signed Issue webhook. */
  async setState(identifier: string, state: 'open' | 'closed', sign: 'good' | 'forged' | 'unsigned' | 'silent' | 'replayed' = 'good'): Promise<number> {
    const issue = this.issues.find((i) => i.identifier === identifier);
    if (!issue) throw new Error(`No issue ${identifier}`);
    issue.stateType = state === 'closed' ? 'completed' : 'unstarted';
    if (sign === 'silent') return 0;
    const payload = JSON.stringify({
      action: 'update',
      type: 'Issue',
      createdAt: new Date().toISOString(),
      data: { ...this.view(issue), title: issue.title },
      updatedFrom: { stateId: 'previous' },
      url: this.view(issue).url,
      // A replay: a delivery Linear really signed, five minutes ago.
      webhookTimestamp: sign === 'replayed' ? Date.now() - 5 * 60_000 : Date.now(),
      webhookId: crypto.randomUUID(),
    });
    const headers: Record<string, string> = { 'linear-event': 'Issue', 'linear-delivery': crypto.randomUUID(), 'user-agent': 'Linear-Webhook' };
    const secret = sign === 'forged' ? 'not-the-secret' : this.webhookSecret;
    if (sign !== 'unsigned') headers['linear-signature'] = crypto.createHmac('sha256', secret).update(payload).digest('hex');
    return this.deliver(headers, payload);
  }
}
