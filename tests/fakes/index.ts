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
  stop(): Promise<void>;
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
        stop: () => fake.stop(),
      };
    }
  }
}
