// The fake trackers as one kit per kind, for tests that run the same story against each: how to
// configure Debrief for it, how many issues it holds, and how to close or reopen one by its key.
import crypto from 'node:crypto';
import type { TrackerKind } from '../../server/trackers/types';
import type { FakeServer } from './base';
import { FakeGitHub } from './github';
import { FakeGitLab } from './gitlab';
import { FakeJira } from './jira';
import { FakeLinear } from './linear';

export { FakeGitHub, FakeGitLab, FakeJira, FakeLinear };

export type WebhookSigning = 'good' | 'forged' | 'unsigned' | 'silent';

export interface TrackerKit {
  kind: TrackerKind;
  fake: FakeServer;
  /** The body of POST /api/boards/:id/trackers. */
  settings(): { kind: TrackerKind; baseUrl: string; project: string; credentials: string; webhookSecret: string };
  issueCount(): number;
  /** The text an issue was made with (title and description/body), by key. */
  issueText(key: string): string;
  setState(key: string, state: 'open' | 'closed', sign?: WebhookSigning): Promise<number>;
  /** Makes someone a user of the tracker, who may be assigned issues. */
  addPerson(person: FakePerson): void;
  /** The e-mail of the person an issue is assigned to, or null. */
  assignee(key: string): string | null;
  /** The labels an issue carries, by name (Jira: without Debrief's marker label). */
  labels(key: string): string[];
  /** Makes labels exist in the tracker beforehand (Linear only takes labels it has; others make them). */
  defineLabels(names: string[]): void;
  stop(): Promise<void>;
}

/** Someone known to a tracker: a full name, an e-mail, and a handle (GitHub login, GitLab username, Linear display name). */
export interface FakePerson {
  name: string;
  email: string;
  handle: string;
}

const secret = () => crypto.randomBytes(16).toString('hex');

/** Starts the fake for `kind` on a free port. */
export async function startKit(kind: TrackerKind): Promise<TrackerKit> {
  switch (kind) {
    case 'github': {
      const fake = await new FakeGitHub('acme/payments', `ghp_${secret()}`, secret()).start();
      return {
        kind,
        fake,
        settings: () => ({ kind, baseUrl: fake.url, project: fake.repo, credentials: fake.token, webhookSecret: fake.webhookSecret }),
        issueCount: () => fake.issues.length,
        issueText: (key) => {
          const i = fake.issues.find((x) => `#${x.number}` === key);
          return i ? `${i.title}\n${i.body}` : '';
        },
        setState: (key, state, sign) => fake.setState(Number(key.slice(1)), state, sign),
        addPerson: (p) => fake.users.push({ login: p.handle, publicEmail: p.email, assignable: true }),
        assignee: (key) => {
          const login = fake.issues.find((x) => `#${x.number}` === key)?.assignees[0];
          return fake.users.find((u) => u.login === login)?.publicEmail ?? null;
        },
        labels: (key) => fake.issues.find((x) => `#${x.number}` === key)?.labels ?? [],
        defineLabels: () => undefined,
        stop: () => fake.stop(),
      };
    }
    case 'gitlab': {
      const fake = await new FakeGitLab('acme/payments', `glpat-${secret()}`, secret()).start();
      return {
        kind,
        fake,
        settings: () => ({ kind, baseUrl: fake.url, project: fake.project, credentials: fake.token, webhookSecret: fake.webhookSecret }),
        issueCount: () => fake.issues.length,
        issueText: (key) => {
          const i = fake.issues.find((x) => `#${x.iid}` === key);
          return i ? `${i.title}\n${i.description}` : '';
        },
        setState: (key, state, sign) => fake.setState(Number(key.slice(1)), state, sign),
        addPerson: (p) => fake.users.push({ id: 40 + fake.users.length, username: p.handle, name: p.name, public_email: p.email }),
        assignee: (key) => {
          const id = fake.issues.find((x) => `#${x.iid}` === key)?.assignee_ids[0];
          return fake.users.find((u) => u.id === id)?.public_email ?? null;
        },
        labels: (key) => fake.issues.find((x) => `#${x.iid}` === key)?.labels ?? [],
        defineLabels: () => undefined,
        stop: () => fake.stop(),
      };
    }
    case 'jira': {
      const fake = await new FakeJira('OPS', 'sam@example.com', secret(), secret()).start();
      return {
        kind,
        fake,
        settings: () => ({ kind, baseUrl: fake.url, project: 'OPS', credentials: `${fake.email}:${fake.apiToken}`, webhookSecret: fake.webhookSecret }),
        issueCount: () => fake.issues.length,
        issueText: (key) => {
          const i = fake.issues.find((x) => x.key === key);
          return i ? `${i.summary}\n${JSON.stringify(i.description)}` : '';
        },
        setState: (key, state, sign) => fake.setState(key, state, sign),
        addPerson: (p) => fake.users.push({ accountId: `5b10ac8d82e05b22cc7d4e${String(fake.users.length).padStart(2, '0')}`, displayName: p.name, emailAddress: p.email, active: true }),
        assignee: (key) => {
          const id = fake.issues.find((x) => x.key === key)?.assignee;
          return fake.users.find((u) => u.accountId === id)?.emailAddress ?? null;
        },
        labels: (key) => (fake.issues.find((x) => x.key === key)?.labels ?? []).filter((l) => !l.startsWith('debrief-action-')),
        defineLabels: () => undefined,
        stop: () => fake.stop(),
      };
    }
    case 'linear': {
      const fake = await new FakeLinear(crypto.randomUUID(), 'ENG', `lin_api_${secret()}`, secret()).start();
      return {
        kind,
        fake,
        settings: () => ({ kind, baseUrl: fake.url, project: fake.teamId, credentials: fake.apiKey, webhookSecret: fake.webhookSecret }),
        issueCount: () => fake.issues.length,
        issueText: (key) => {
          const i = fake.issues.find((x) => x.identifier === key);
          return i ? `${i.title}\n${i.description}` : '';
        },
        setState: (key, state, sign) => fake.setState(key, state, sign),
        addPerson: (p) => fake.users.push({ id: crypto.randomUUID(), name: p.name, displayName: p.handle, email: p.email, active: true }),
        assignee: (key) => {
          const id = fake.issues.find((x) => x.identifier === key)?.assigneeId;
          return fake.users.find((u) => u.id === id)?.email ?? null;
        },
        labels: (key) => (fake.issues.find((x) => x.identifier === key)?.labelIds ?? []).map((id) => fake.labels.find((l) => l.id === id)?.name ?? id),
        defineLabels: (names) => {
          for (const name of names) fake.labels.push({ id: crypto.randomUUID(), name, teamId: null });
        },
        stop: () => fake.stop(),
      };
    }
  }
}
