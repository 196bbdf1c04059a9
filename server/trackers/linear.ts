// Linear through its GraphQL API (linear.app/developers/graphql), one endpoint: POST /graphql,
// `Authorization: <personal API key>` (no Bearer for API keys).
//   mutation issueCreate(input: { id, teamId, title, description, dueDate })   create
//   query issue(id)                                                            read its state
//   query users(filter: { or: [name, displayName, email eqIgnoreCase] })        the owner's user (assigneeId)
//   query issueLabels(filter: { name: { in } }, the team's or the workspace's)   severity and services (labelIds;
//                                                                              labels Linear does not have are left out)
// Idempotent by construction: the issue's id is a UUID Debrief derives from the action's marker,
// so an earlier attempt's issue is found by `issue(id)` and a second create cannot make another.
// Webhooks: Issue events (type Issue, action update), signed Linear-Signature: hex HMAC-SHA256 of
// the raw body, with webhookTimestamp within a minute (linear.app/developers/webhooks).
import crypto from 'node:crypto';
import { TrackerError, describeFailure, trackerFetch } from './errors';
import { verifyHmac } from './signatures';
import { header, ownerMatches, type IssueInput, type TrackerClient, type TrackerIssue, type TrackerSettings, type TrackerWebhooks } from './types';

interface LinearIssue {
  id: string;
  identifier: string;
  url: string;
  state?: { type?: string };
}

const ISSUE_FIELDS = 'id identifier url state { type }';
/** Linear's workflow state types that count as closed. */
const CLOSED_TYPES = new Set(['completed', 'canceled']);

const toIssue = (issue: LinearIssue): TrackerIssue => ({
  externalId: issue.id,
  key: issue.identifier,
  url: issue.url,
  state: CLOSED_TYPES.has(issue.state?.type ?? '') ? 'closed' : 'open',
});

/** A version-4-shaped UUID derived from the marker: the same marker always names the same issue. */
export function markerUuid(marker: string): string {
  const h = crypto.createHash('sha256').update(marker).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A client for one team (its id). */
export function linearClient(settings: TrackerSettings): TrackerClient {
  async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<{ data: T | null; notFound: boolean }> {
    const response = await trackerFetch('linear', `${settings.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: settings.credentials, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: { message?: string; extensions?: { code?: string; type?: string } }[] };
    const error = body.errors?.[0];
    if (error) {
      const code = error.extensions?.code ?? '';
      if (code === 'ENTITY_NOT_FOUND' || /not found/i.test(error.message ?? '')) return { data: null, notFound: true };
      if (code === 'AUTHENTICATION_ERROR') throw new TrackerError('unauthorized', describeFailure('linear', 'unauthorized'));
      if (code === 'FORBIDDEN') throw new TrackerError('forbidden', describeFailure('linear', 'forbidden'));
      if (code === 'RATELIMITED') throw new TrackerError('rate-limited', describeFailure('linear', 'rate-limited'));
      throw new TrackerError('invalid', describeFailure('linear', 'invalid', (error.message ?? '').slice(0, 200)));
    }
    return { data: body.data ?? null, notFound: false };
  }
  async function issueById(id: string): Promise<TrackerIssue | null> {
    const { data } = await graphql<{ issue: LinearIssue | null }>(`query Issue($id: String!) { issue(id: $id) { ${ISSUE_FIELDS} } }`, { id });
    return data?.issue ? toIssue(data.issue) : null;
  }
  /** The ids of the labels with these names that the team may use (its own and the workspace's). */
  async function labelIdsOf(names: string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const { data } = await graphql<{ issueLabels: { nodes: { id: string; name: string }[] } }>(
      `query Labels($names: [String!]!, $teamId: ID!) { issueLabels(filter: { name: { in: $names }, or: [{ team: { null: true } }, { team: { id: { eq: $teamId } } }] }) { nodes { id name } } }`,
      { names, teamId: settings.project },
    );
    return (data?.issueLabels.nodes ?? []).map((l) => l.id);
  }
  return {
    async findUser(owner: string) {
      const q = owner.trim().replace(/^@/, '');
      if (!q) return null;
      const { data } = await graphql<{ users: { nodes: { id: string; name: string; displayName: string; email: string; active: boolean }[] } }>(
        `query Users($q: String!) { users(filter: { or: [{ name: { eqIgnoreCase: $q } }, { displayName: { eqIgnoreCase: $q } }, { email: { eqIgnoreCase: $q } }] }) { nodes { id name displayName email active } } }`,
        { q },
      );
      const matches = (data?.users.nodes ?? []).filter((u) => u.active !== false && ownerMatches(owner, [u.name, u.displayName, u.email]));
      return matches.length === 1 ? { id: matches[0]!.id, name: matches[0]!.displayName || matches[0]!.name } : null;
    },
    async createIssue(input: IssueInput) {
      const issueInput: Record<string, unknown> = {
        id: markerUuid(input.marker),
        teamId: settings.project,
        title: input.title,
        description: input.description,
      };
      if (input.due) issueInput.dueDate = input.due;
      if (input.assignee) issueInput.assigneeId = input.assignee.id;
      const labelIds = await labelIdsOf(input.labels);
      if (labelIds.length > 0) issueInput.labelIds = labelIds;
      const { data } = await graphql<{ issueCreate: { success: boolean; issue: LinearIssue | null } }>(
        `mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { ${ISSUE_FIELDS} } } }`,
        { input: issueInput },
      );
      const issue = data?.issueCreate.issue;
      if (!data?.issueCreate.success || !issue) throw new TrackerError('tracker-error', describeFailure('linear', 'tracker-error', 'no issue in the answer'));
      return toIssue(issue);
    },
    findByMarker: (marker: string) => issueById(markerUuid(marker)),
    async readIssue(externalId: string) {
      const issue = await issueById(externalId);
      if (!issue) throw new TrackerError('not-found', describeFailure('linear', 'not-found'));
      return issue;
    },
  };
}

/** How old a Linear delivery may be (its webhookTimestamp), against replays. */
export const LINEAR_MAX_AGE_MS = 60_000;

export const linearWebhooks: TrackerWebhooks = {
  verify(delivery, secret) {
    if (!verifyHmac(secret, delivery.rawBody, header(delivery, 'linear-signature'))) return false;
    try {
      const { webhookTimestamp } = JSON.parse(delivery.rawBody.toString('utf8')) as { webhookTimestamp?: unknown };
      return typeof webhookTimestamp === 'number' && Math.abs(Date.now() - webhookTimestamp) <= LINEAR_MAX_AGE_MS;
    } catch {
      return false;
    }
  },
  read(body) {
    const event = body as { type?: unknown; action?: unknown; data?: LinearIssue };
    if (event?.type !== 'Issue' || event.action !== 'update' || typeof event.data?.id !== 'string') return null;
    const type = event.data.state?.type;
    if (typeof type !== 'string') return null;
    return { externalId: event.data.id, state: CLOSED_TYPES.has(type) ? 'closed' : 'open' };
  },
};
