// The tracker contract: what Debrief needs from GitHub Issues, GitLab issues, Jira Cloud and Linear
// (one module each: github.ts, gitlab.ts, jira.ts, linear.ts). Create an issue (carrying the
// action's marker so a lost answer can be found again), find one by marker, read its state, and
// check and read a webhook. Failures are TrackerErrors whose kind says what a person can do about
// it (errors.ts). docs/trackers.md names the API versions and pages each module follows.

/** The trackers Debrief can send action items to. */
export type TrackerKind = 'github' | 'gitlab' | 'jira' | 'linear';
export const TRACKER_KINDS: readonly TrackerKind[] = ['github', 'gitlab', 'jira', 'linear'];

export const TRACKER_NAMES: Record<TrackerKind, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  jira: 'Jira',
  linear: 'Linear',
};

/** Whether an issue is open or closed, as far as an action item's status is concerned. */
export type IssueState = 'open' | 'closed';

/** A tracker's settings with its secrets opened (never leaves the server). */
export interface TrackerSettings {
  kind: TrackerKind;
  /** API base URL without a trailing slash: https://api.github.com, https://gitlab.com,
   * https://<site>.atlassian.net, https://api.linear.app. */
  baseUrl: string;
  /** GitHub `owner/repo`, GitLab project id or path, Jira project key, Linear team id. */
  project: string;
  /** GitHub/GitLab token, Jira `email:api-token`, Linear API key. */
  credentials: string;
  /** The secret webhooks are signed (or, GitLab, tokened) with. */
  webhookSecret: string;
}

/** What an issue is made from. */
export interface IssueInput {
  title: string;
  /** Plain text; each module formats it (Markdown, ADF). */
  description: string;
  /** `YYYY-MM-DD` or ''. */
  due: string;
  /** Unique per action item; the module puts it where `findByMarker` can find it. */
  marker: string;
  /** The tracker user to assign (from `findUser`), or null: unassigned. */
  assignee: TrackerUser | null;
  /** Label names (the incident's severity and services); each module sends them as its tracker takes labels. */
  labels: string[];
}

/** A tracker's user, as an action's owner was matched to: its id in the tracker's API and its name. */
export interface TrackerUser {
  /** GitHub: login; GitLab: numeric user id; Jira: accountId; Linear: user id. */
  id: string;
  /** What people call them there (login, username, display name). */
  name: string;
}

/** An issue as Debrief links it. */
export interface TrackerIssue {
  /** The id the tracker's webhooks and API name the issue by (GitHub/GitLab: number/iid, Jira: id, Linear: id). */
  externalId: string;
  /** What people call it: `#12`, `ENG-42`. */
  key: string;
  url: string;
  state: IssueState;
}

/** A webhook's headers (lower-case names) and raw body. */
export interface WebhookDelivery {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

/** One tracker's client. `fetch` errors and non-2xx answers become TrackerErrors. */
export interface TrackerClient {
  createIssue(input: IssueInput): Promise<TrackerIssue>;
  /**
   * The one user who may be assigned and whose name (login, username, display name) or e-mail is
   * `owner`, ignoring case; null when none or several match.
   */
  findUser(owner: string): Promise<TrackerUser | null>;
  /** The issue carrying `marker` (made by an earlier attempt whose answer was lost), or null. */
  findByMarker(marker: string): Promise<TrackerIssue | null>;
  readIssue(externalId: string): Promise<TrackerIssue>;
}

/** Checking and reading one tracker's webhooks (no network). */
export interface TrackerWebhooks {
  /** Whether the delivery is signed (or tokened) with `secret` exactly as the tracker documents. */
  verify(delivery: WebhookDelivery, secret: string): boolean;
  /** The issue and its new state, or null for an event that does not change one. */
  read(body: unknown): { externalId: string; state: IssueState } | null;
}

/** Whether `owner` names `candidate` (one of its names or e-mail addresses), ignoring case and a leading @. */
export function ownerMatches(owner: string, candidates: readonly (string | null | undefined)[]): boolean {
  const wanted = owner.trim().replace(/^@/, '').toLowerCase();
  return wanted !== '' && candidates.some((c) => typeof c === 'string' && c.trim().toLowerCase() === wanted);
}

/** A header's single value. */
export function header(delivery: WebhookDelivery, name: string): string {
  const value = delivery.headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}
