// The trackers by kind: their clients and webhook readers (server/trackers/*.ts).
import { exhaustiveSwitchError } from '../../shared/exhaustive';
import { githubClient, githubWebhooks } from './github';
import { gitlabClient, gitlabWebhooks } from './gitlab';
import { jiraClient, jiraWebhooks } from './jira';
import { linearClient, linearWebhooks } from './linear';
import type { TrackerClient, TrackerKind, TrackerSettings, TrackerWebhooks } from './types';

export * from './types';

/** The client for a tracker's settings. */
export function trackerClient(settings: TrackerSettings): TrackerClient {
  switch (settings.kind) {
    case 'github':
      return githubClient(settings);
    case 'gitlab':
      return gitlabClient(settings);
    case 'jira':
      return jiraClient(settings);
    case 'linear':
      return linearClient(settings);
    default:
      throw exhaustiveSwitchError(settings.kind);
  }
}

/** How a kind of tracker signs and shapes its webhooks. */
export function trackerWebhooks(kind: TrackerKind): TrackerWebhooks {
  switch (kind) {
    case 'github':
      return githubWebhooks;
    case 'gitlab':
      return gitlabWebhooks;
    case 'jira':
      return jiraWebhooks;
    case 'linear':
      return linearWebhooks;
    default:
      throw exhaustiveSwitchError(kind);
  }
}
