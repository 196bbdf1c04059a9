// Sending action items to trackers and following their issues' state (docs/trackers.md).
//
// Nothing is sent twice: every attempt first claims the action's link in the store (the
// idempotency record, server/storage/trackers.ts), then asks the tracker, then records the answer.
// An attempt that may have reached the tracker without its answer being recorded (a timeout, a 5xx,
// a crash between the request and the record: the claim then goes stale) is reconciled before any
// new create: the tracker is asked for the issue carrying the action's marker (GitHub and GitLab:
// a comment in the body, searched; Jira: a label; Linear: the issue's own id, derived from it).
//
// Before a create, the action's owner is looked up in the tracker (by name or e-mail) and assigned
// when exactly one user matches; otherwise the issue goes unassigned and its description says so.
// The incident's severity and services (the facilitation document) go as labels.
//
// Failures stay on the action item in plain words (errors.ts). Those that may clear by themselves
// (unreachable, 5xx, 429) are tried again automatically with exponential backoff, never before the
// tracker's Retry-After; the others (401, 403, 404, 422) wait for a person's Retry.
//
// Status back: a verified webhook, or the periodic check of sent issues (for missed events), sets
// the issue's state in the store and, when it changed, writes it into the board (SERVER_WRITES):
// closed -> the action item is Done; reopened -> a Done item is Open again.
import type { FastifyBaseLogger } from 'fastify';
import { readActions, readFactors, readMeta, ROOT, roots, setActionTracker, updateActionItem, type ActionTrackerIssue } from '../../shared/board';
import { readIncidentFields } from '../../shared/facilitation';
import type { ActionItemId, BoardId } from '../../shared/ids';
import { randomId } from '../../shared/ids';
import type { ClaimResult, TrackerConfigRecord, TrackerLinkRecord, TrackerScope, TrackerStore } from '../storage/trackers';
import type { RoomRegistry } from '../sync/registry';
import type { BoardRoomHooks, Room } from '../sync/room';
import { SERVER_WRITES } from '../writeContext';
import { RETRYABLE, TrackerError, describeFailure, type TrackerFailure } from './errors';
import { trackerClient, trackerWebhooks, TRACKER_NAMES, type IssueState, type TrackerClient, type TrackerUser, type TrackerIssue, type TrackerKind, type TrackerSettings, type WebhookDelivery } from './index';
import { open, seal } from './secrets';

export interface TrackerServiceOptions {
  store: TrackerStore;
  rooms: RoomRegistry;
  log: FastifyBaseLogger;
  /** TRACKER_KEY, or null: credentials cannot be stored. */
  key: Buffer | null;
  /** How often failed sends due for a retry, stale claims and sent issues are checked (ms; 0: never). */
  checkIntervalMs: number;
  /** A claim older than this is taken to be a crashed attempt and reconciled (ms). */
  claimLeaseMs?: number;
  /** Sent issues read per periodic check, least recently checked first (default 50). */
  checkBatch?: number;
  /** Where people open Debrief, for the link back in an issue ('' : the request's own origin). */
  publicUrl?: string;
  now?: () => number;
}

/** A tracker configuration as the API shows it: never its secrets. */
export interface TrackerView {
  id: string;
  /** 'workspace': configured by a workspace admin for every board; 'board': one board's own (configured before trackers were the workspace's). */
  scope: 'workspace' | 'board';
  kind: TrackerKind;
  name: string;
  baseUrl: string;
  project: string;
  /** Where the tracker's webhooks go (path; the host is the server's). */
  webhookPath: string;
  createdAt: number;
}

/** What configuring a tracker takes. */
export interface TrackerInput {
  kind: TrackerKind;
  baseUrl: string;
  project: string;
  credentials: string;
  webhookSecret: string;
}

/** What changing a tracker takes: any of these (credentials and secret are replaced whole). */
export type TrackerPatch = Partial<Pick<TrackerInput, 'baseUrl' | 'project' | 'credentials' | 'webhookSecret'>>;

/** An issue before its owner is looked up in the tracker. */
interface IssueDraft {
  title: string;
  /** The action's text (the description's first paragraph). */
  text: string;
  owner: string;
  /** The description's lines after the owner's. */
  after: string[];
  due: string;
  marker: string;
  labels: string[];
}

/** The outcome of a send, as the board shows it. */
export interface SendOutcome {
  actionId: string;
  issue: ActionTrackerIssue;
}

export class TrackerKeyMissingError extends Error {
  override readonly name = 'TrackerKeyMissingError';
}
export class ActionGoneError extends Error {
  override readonly name = 'ActionGoneError';
}

/** The store's scope of the workspace's trackers (one workspace per server). */
export const WORKSPACE_SCOPE: TrackerScope = 'server';

/** First automatic retry after this, doubling each attempt up to BACKOFF_MAX_MS. */
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 30 * 60_000;
/** Sent issues read per periodic check (least recently checked first): all are read over rounds. */
const CHECK_BATCH = 50;

/** The delay before automatic attempt `attempts + 1`: exponential, at least the tracker's Retry-After. */
export function backoffMs(attempts: number, retryAfterMs: number): number {
  const exponential = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(exponential, retryAfterMs);
}

/** The marker an action's issue carries, unique per board and action item. */
export const actionMarker = (boardId: string, actionId: string) => `debrief-action-${boardId}-${actionId}`;

export const viewOf = (c: TrackerConfigRecord): TrackerView => ({
  id: c.id,
  scope: c.scope === WORKSPACE_SCOPE ? 'workspace' : 'board',
  kind: c.kind,
  name: TRACKER_NAMES[c.kind],
  baseUrl: c.baseUrl,
  project: c.project,
  webhookPath: `/api/trackers/${c.id}/webhook`,
  createdAt: c.createdAt,
});

/** What the board shows of an action's issue, from the server's record of it. */
function issueOf(link: TrackerLinkRecord, kind: TrackerKind): ActionTrackerIssue {
  return {
    tracker: TRACKER_NAMES[kind],
    state: link.state,
    key: link.key,
    url: link.url,
    issueState: link.issueState === 'open' || link.issueState === 'closed' ? link.issueState : '',
    error: link.error,
    retryAt: link.state === 'failed' ? link.nextAttemptAt : 0,
  };
}

export class TrackerService implements BoardRoomHooks {
  private readonly store: TrackerStore;
  private readonly rooms: RoomRegistry;
  private readonly log: FastifyBaseLogger;
  private readonly key: Buffer | null;
  private readonly leaseMs: number;
  private readonly checkBatch: number;
  private readonly checkIntervalMs: number;
  private readonly now: () => number;
  private readonly publicUrl: string;
  private readonly timer: NodeJS.Timeout | null;
  private checking: Promise<void> | null = null;
  private stopped = false;

  constructor(options: TrackerServiceOptions) {
    this.store = options.store;
    this.rooms = options.rooms;
    this.log = options.log;
    this.key = options.key;
    this.leaseMs = options.claimLeaseMs ?? 120_000;
    this.checkBatch = options.checkBatch ?? CHECK_BATCH;
    this.checkIntervalMs = options.checkIntervalMs;
    this.now = options.now ?? Date.now;
    this.publicUrl = options.publicUrl ?? '';
    this.timer = options.checkIntervalMs > 0 ? setInterval(() => void this.check(), options.checkIntervalMs) : null;
    this.timer?.unref();
  }

  /** Stops the periodic check and waits for a running one. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.checking;
  }

  get canStoreCredentials(): boolean {
    return this.key !== null;
  }

  /** Stores a tracker configuration (its secrets sealed). Throws TrackerKeyMissingError without TRACKER_KEY. */
  async configure(scope: TrackerScope, input: TrackerInput, id: string = randomId(96)): Promise<TrackerView> {
    if (!this.key) throw new TrackerKeyMissingError('TRACKER_KEY is not set: tracker credentials cannot be stored.');
    const record: TrackerConfigRecord = {
      id,
      scope,
      kind: input.kind,
      baseUrl: input.baseUrl.replace(/\/+$/, ''),
      project: input.project,
      sealedCredentials: seal(this.key, id, input.credentials),
      sealedWebhookSecret: seal(this.key, id, input.webhookSecret),
      createdAt: this.now(),
    };
    await this.store.putConfig(record);
    return viewOf(record);
  }

  /**
   * Changes a configuration: its address, project, credentials or webhook secret (what is left out
   * stays; its kind never changes). Resolves null when there is no such tracker.
   */
  async reconfigure(id: string, patch: TrackerPatch): Promise<TrackerView | null> {
    if (!this.key) throw new TrackerKeyMissingError('TRACKER_KEY is not set: tracker credentials cannot be stored.');
    const current = await this.store.getConfig(id);
    if (!current) return null;
    const record: TrackerConfigRecord = {
      ...current,
      baseUrl: patch.baseUrl !== undefined ? patch.baseUrl.replace(/\/+$/, '') : current.baseUrl,
      project: patch.project ?? current.project,
      sealedCredentials: patch.credentials !== undefined ? seal(this.key, id, patch.credentials) : current.sealedCredentials,
      sealedWebhookSecret: patch.webhookSecret !== undefined ? seal(this.key, id, patch.webhookSecret) : current.sealedWebhookSecret,
    };
    await this.store.putConfig(record);
    return viewOf(record);
  }

  /** The trackers of these scopes, oldest first. */
  async list(...scopes: TrackerScope[]): Promise<TrackerView[]> {
    const lists = await Promise.all(scopes.map((scope) => this.store.listConfigs(scope)));
    return lists.flat().sort((a, b) => a.createdAt - b.createdAt).map(viewOf);
  }

  /** The opened settings of a configuration (server-side only). */
  private settingsOf(config: TrackerConfigRecord): TrackerSettings {
    if (!this.key) throw new TrackerKeyMissingError('TRACKER_KEY is not set: tracker credentials cannot be read.');
    return {
      kind: config.kind,
      baseUrl: config.baseUrl,
      project: config.project,
      credentials: open(this.key, config.id, config.sealedCredentials),
      webhookSecret: open(this.key, config.id, config.sealedWebhookSecret),
    };
  }

  /**
   * What the issue is made from: the action's text, owner, due date, where it came from, and the
   * incident's severity and services as labels. The owner's line is written once the owner was
   * looked up in the tracker (`describe`).
   */
  private async issueDraft(boardId: BoardId, actionId: string, origin: string): Promise<IssueDraft | null> {
    const incident = await this.rooms.read({ boardId, name: 'facilitation' }, (doc) => readIncidentFields(doc));
    return this.rooms.read({ boardId, name: 'board' }, (doc) => {
      const action = readActions(doc).find((a) => a.id === actionId);
      if (!action) return null;
      const meta = readMeta(doc);
      const factors = readFactors(doc).filter((f) => action.factorIds.includes(f.id));
      const base = this.publicUrl || origin;
      const after = [
        action.due ? `Due: ${action.due}` : '',
        `From the review: ${meta.title || 'Untitled review'}${meta.incidentDate ? ` (${meta.incidentDate})` : ''}`,
        ...factors.map((f) => `Addresses the factor: ${f.text}`),
        base ? `Review: ${base}/b/${boardId}` : '',
      ].filter((l) => l !== '');
      const title = action.text.split('\n')[0]!.slice(0, 250) || 'Action item';
      const labels = [...(incident.severity ? [incident.severity] : []), ...incident.services];
      return { title, text: action.text, owner: action.owner.trim(), after, due: action.due, marker: actionMarker(boardId, actionId), labels };
    });
  }

  /** The action's owner as the tracker's user, and the line the issue says it with. */
  private async ownerOf(client: TrackerClient, kind: TrackerKind, owner: string): Promise<{ assignee: TrackerUser | null; line: string }> {
    const name = TRACKER_NAMES[kind];
    if (!owner) return { assignee: null, line: 'Owner: not yet decided' };
    try {
      const assignee = await client.findUser(owner);
      if (assignee) return { assignee, line: `Owner: ${owner} (assigned to ${name} user ${assignee.name})` };
      return { assignee: null, line: `Owner: ${owner} (no ${name} user has this name or e-mail, or several do: left unassigned)` };
    } catch (error) {
      // A token that may create issues but not list users: send it unassigned rather than not at all.
      if (error instanceof TrackerError && (error.failure === 'forbidden' || error.failure === 'not-found')) {
        return { assignee: null, line: `Owner: ${owner} (${name} did not let Debrief look up its users: left unassigned)` };
      }
      throw error;
    }
  }

  // --- the board's actionTrackers root: the server's alone ----------------------------------

  readonly serverRoots = [ROOT.actionTrackers];
  loaded(): void {}
  facilitationChanged(): void {}

  /** A client wrote the board's actionTrackers root (a forged key or link): put back the record's. */
  serverRootTouched(room: Room): void {
    this.log.warn({ boardId: room.key.boardId }, "a client wrote the board's tracker issues; putting them back");
    void this.restore(room.key.boardId).catch((error: unknown) => this.log.error({ err: error, boardId: room.key.boardId }, 'could not put back the tracker issues'));
  }

  /** Makes the board's actionTrackers root what the server's records say, nothing more. */
  async restore(boardId: BoardId): Promise<void> {
    const wanted = new Map<string, ActionTrackerIssue>();
    const kinds = new Map<string, TrackerKind | null>();
    for (const link of await this.store.listLinks(boardId)) {
      if (!kinds.has(link.trackerId)) kinds.set(link.trackerId, (await this.store.getConfig(link.trackerId))?.kind ?? null);
      const kind = kinds.get(link.trackerId);
      if (kind) wanted.set(link.actionId, issueOf(link, kind));
    }
    await this.rooms.write({ boardId, name: 'board' }, (doc) => {
      const root = roots(doc).actionTrackers;
      const same = (a: unknown, b: ActionTrackerIssue) => JSON.stringify(a) === JSON.stringify(b);
      if (root.size === wanted.size && [...wanted].every(([id, issue]) => same(root.get(id), issue))) return;
      doc.transact(() => {
        for (const id of [...root.keys()]) if (!wanted.has(id)) root.delete(id);
        for (const [id, issue] of wanted) if (!same(root.get(id), issue)) root.set(id, { ...issue });
      }, SERVER_WRITES.origin);
    });
  }

  /** Writes what the board shows of an action's issue and, when the issue closed or reopened, its status. */
  private async publish(link: TrackerLinkRecord, kind: TrackerKind, statusFrom?: IssueState): Promise<ActionTrackerIssue> {
    const issue = issueOf(link, kind);
    await this.rooms.write({ boardId: link.boardId as BoardId, name: 'board' }, (doc) => {
      const action = readActions(doc).find((a) => a.id === link.actionId);
      if (!action) return;
      setActionTracker(doc, action.id, issue, SERVER_WRITES);
      if (statusFrom === 'closed' && action.status !== 'done') updateActionItem(doc, action.id, { status: 'done' }, SERVER_WRITES);
      if (statusFrom === 'open' && action.status === 'done') updateActionItem(doc, action.id, { status: 'open' }, SERVER_WRITES);
    });
    return issue;
  }

  /**
   * Sends one action item to a tracker (or finds the issue an earlier attempt made). `force`: a
   * person's Retry, which does not wait for the backoff (but does wait for a Retry-After).
   */
  async send(boardId: BoardId, actionId: ActionItemId, trackerId: string, options: { force?: boolean; origin?: string } = {}): Promise<SendOutcome> {
    const config = await this.store.getConfig(trackerId);
    if (!config) throw new Error(`No tracker ${trackerId}.`);
    const input = await this.issueDraft(boardId, actionId, options.origin ?? '');
    if (!input) throw new ActionGoneError('There is no such action item on this board.');
    const now = this.now();
    const claim: ClaimResult = await this.store.claim(boardId, actionId, trackerId, now, now - this.leaseMs, options.force ?? false);
    if (claim.kind !== 'claimed') return { actionId, issue: await this.publish(claim.link, config.kind) };
    return { actionId, issue: await this.attempt(config, claim.link, input, claim.reconcile) };
  }

  /** One claimed attempt: reconcile if needed, create, record, publish. */
  private async attempt(config: TrackerConfigRecord, claimed: TrackerLinkRecord, draft: IssueDraft, reconcile: boolean): Promise<ActionTrackerIssue> {
    await this.publish(claimed, config.kind);
    let link: TrackerLinkRecord | null;
    try {
      const client = trackerClient(this.settingsOf(config));
      let issue: TrackerIssue | null = reconcile ? await client.findByMarker(draft.marker) : null;
      if (issue) this.log.info({ trackerId: config.id, actionId: claimed.actionId, key: issue.key }, 'tracker issue found from an earlier attempt');
      if (!issue) {
        const owner = await this.ownerOf(client, config.kind, draft.owner);
        const description = [draft.text, '', owner.line, ...draft.after].join('\n');
        issue = await client.createIssue({ title: draft.title, description, due: draft.due, marker: draft.marker, assignee: owner.assignee, labels: draft.labels });
      }
      link = await this.store.complete(claimed.boardId, claimed.actionId, { externalId: issue.externalId, key: issue.key, url: issue.url, issueState: issue.state }, this.now());
      this.log.info({ trackerId: config.id, boardId: claimed.boardId, actionId: claimed.actionId, key: issue.key }, 'action item sent to tracker');
    } catch (error) {
      const failure: TrackerFailure = error instanceof TrackerError ? error.failure : 'tracker-error';
      const message = error instanceof TrackerError ? error.message : describeFailure(config.kind, 'tracker-error');
      const retryAfter = error instanceof TrackerError ? error.retryAfterMs : 0;
      const nextAttemptAt = RETRYABLE.has(failure) ? this.now() + backoffMs(claimed.attempts, retryAfter) : failure === 'rate-limited' ? this.now() + retryAfter : 0;
      if (!(error instanceof TrackerError)) this.log.error({ err: error, trackerId: config.id }, 'sending to tracker failed unexpectedly');
      else this.log.warn({ trackerId: config.id, actionId: claimed.actionId, failure }, 'sending to tracker failed');
      link = await this.store.fail(claimed.boardId, claimed.actionId, { error: message, failure, nextAttemptAt }, this.now());
    }
    if (!link) throw new Error('The action item was removed while it was sent.');
    return this.publish(link, config.kind);
  }

  /** Sends every action item of a board that was not sent yet (or failed and may be tried again). */
  async sendAll(boardId: BoardId, trackerId: string, origin = ''): Promise<SendOutcome[]> {
    const ids = await this.rooms.read({ boardId, name: 'board' }, (doc) => readActions(doc).map((a) => a.id));
    const out: SendOutcome[] = [];
    // One at a time: a tracker's rate limit is per token, and a 429 stops the rest being tried in vain.
    for (const id of ids) out.push(await this.send(boardId, id, trackerId, { origin }));
    return out;
  }

  /**
   * A webhook for tracker `trackerId`. Resolves 'forged' when it is unsigned or signed otherwise
   * (nothing changes), 'unknown-tracker', or 'ok' (whether or not it concerned a linked issue).
   */
  async webhook(trackerId: string, delivery: WebhookDelivery): Promise<'ok' | 'forged' | 'unknown-tracker'> {
    const config = await this.store.getConfig(trackerId);
    if (!config) return 'unknown-tracker';
    const hooks = trackerWebhooks(config.kind);
    if (!hooks.verify(delivery, this.settingsOf(config).webhookSecret)) return 'forged';
    let body: unknown;
    try {
      body = JSON.parse(delivery.rawBody.toString('utf8'));
    } catch {
      return 'ok';
    }
    const change = hooks.read(body);
    if (change) await this.applyState(config, change.externalId, change.state);
    return 'ok';
  }

  private async applyState(config: TrackerConfigRecord, externalId: string, state: IssueState): Promise<void> {
    const link = await this.store.setIssueState(config.id, externalId, state, this.now());
    if (!link) return;
    this.log.info({ trackerId: config.id, boardId: link.boardId, actionId: link.actionId, state }, 'tracker issue state changed');
    await this.publish(link, config.kind, state);
  }

  /** One periodic check: retries due, stale claims, and sent issues' states (missed events). */
  check(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.checking ??= this.runCheck().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async runCheck(): Promise<void> {
    const now = this.now();
    const configs = new Map<string, TrackerConfigRecord | null>();
    const configOf = async (id: string) => {
      if (!configs.has(id)) configs.set(id, await this.store.getConfig(id));
      return configs.get(id) ?? null;
    };
    try {
      for (const link of await this.store.listDue(now, now - this.leaseMs)) {
        if (this.stopped) return;
        const config = await configOf(link.trackerId);
        if (!config) continue;
        await this.send(link.boardId as BoardId, link.actionId as ActionItemId, link.trackerId).catch((error: unknown) => {
          this.log.warn({ err: error, actionId: link.actionId }, 'tracker retry failed');
        });
      }
      // Then the periodic reading: a batch taken and marked checked in one step, whatever the
      // reading finds, so the next run (here or on another instance) starts with the links read
      // longest ago; a link read in the last half interval is left alone (another instance has
      // just read it). The clock is read again: the retries above may have taken a while.
      const at = this.now();
      for (const link of await this.store.claimForCheck(this.checkBatch, at, at - Math.floor(this.checkIntervalMs / 2))) {
        if (this.stopped) return;
        const config = await configOf(link.trackerId);
        if (!config) continue;
        try {
          const issue = await trackerClient(this.settingsOf(config)).readIssue(link.externalId);
          await this.applyState(config, link.externalId, issue.state);
        } catch (error) {
          this.log.warn({ trackerId: config.id, failure: error instanceof TrackerError ? error.failure : 'error' }, 'tracker check failed');
        }
      }
    } catch (error) {
      this.log.error({ err: error }, 'tracker check failed');
    }
  }
}
