// Action items sent to trackers (docs/trackers.md), against a fake of each tracker that refuses
// requests not shaped as documented: create, resend without a second issue (also after a lost
// answer and after a crash between the request and its record), each failure kind in plain words
// with its retry, and status back by signed webhooks (forged and unsigned ones refused, nothing
// changed) and by the periodic check.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SERVER_ORIGIN, addActionItem, readActionTrackers, readActions, roots, withOrigin, type ActionTrackerIssue } from '../../shared/board';
import { setIncidentFields } from '../../shared/facilitation';
import type { ActionItemId, BoardId } from '../../shared/ids';
import { actionMarker } from '../../server/trackers/service';
import { trackerClient } from '../../server/trackers';
import { TRACKER_KINDS, type TrackerKind } from '../../server/trackers/types';
import { startKit, type FakeJira, type FakeLinear, type TrackerKit } from '../fakes';
import { LIVE_WRITES } from '../helpers/context';
import { connectSynced, createBoard, joinBoard, startServer, waitUntil, type CreatedBoard, type TestServer } from './helpers';

const TRACKER_KEY = crypto.randomBytes(32);
/** The workspace admin's key (WORKSPACE_ADMIN_KEY): trackers are the workspace's, configured by its admin. */
const ADMIN_KEY = crypto.randomBytes(32).toString('base64url');
/** Claims older than this count as crashed attempts (the default is two minutes; long enough here for a loaded machine). */
const LEASE_MS = 500;

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ trackerKey: TRACKER_KEY, trackerCheckIntervalMs: 0, workspaceAdminKey: ADMIN_KEY }, { trackerClaimLeaseMs: LEASE_MS });
});
afterAll(async () => {
  await server.close();
});

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, body?: unknown) {
  const response = await server.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: response.statusCode, body: response.body ? (response.json() as Record<string, unknown>) : {} };
}

/** An action item (no owner unless given: an owner is looked up in the tracker first, one more request). */
async function addAction(boardId: string, text: string, owner = ''): Promise<ActionItemId> {
  return server.app.rooms.write({ boardId: boardId as BoardId, name: 'board' }, (doc) =>
    addActionItem(doc, { text, owner, due: '2026-12-20' }, withOrigin(LIVE_WRITES, SERVER_ORIGIN)),
  );
}

/** Sets the incident's severity and services, as the facilitator does in the board header. */
async function setIncident(boardId: string, fields: { severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4'; services: string[] }): Promise<void> {
  await server.app.rooms.write({ boardId: boardId as BoardId, name: 'facilitation' }, (doc) => setIncidentFields(doc, fields, withOrigin(LIVE_WRITES, SERVER_ORIGIN)));
}

/** What the board shows of an action: its status and its issue. */
async function onBoard(boardId: string, actionId: ActionItemId): Promise<{ status: string; issue: ActionTrackerIssue | undefined }> {
  return server.app.rooms.read({ boardId: boardId as BoardId, name: 'board' }, (doc) => ({
    status: readActions(doc).find((a) => a.id === actionId)!.status,
    issue: readActionTrackers(doc).get(actionId),
  }));
}

interface Setup {
  kit: TrackerKit;
  board: CreatedBoard;
  trackerId: string;
}

async function setUp(kind: TrackerKind): Promise<Setup> {
  const kit = await startKit(kind);
  const board = await createBoard(server.url, { title: 'Checkout outage' });
  const created = await call('POST', '/api/workspace/trackers', ADMIN_KEY, kit.settings());
  expect(created.status).toBe(201);
  const trackerId = created.body.id as string;
  kit.fake.webhookUrl = `${server.url}/api/trackers/${trackerId}/webhook`;
  return { kit, board, trackerId };
}

const send = (s: Setup, actionId: string, retry = false) =>
  call('POST', `/api/boards/${s.board.id}/actions/${actionId}/tracker`, s.board.tokens.facilitator, { trackerId: s.trackerId, ...(retry ? { retry } : {}) });

describe.each(TRACKER_KINDS)('%s', (kind) => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp(kind);
  });
  afterAll(async () => {
    await s.kit.stop();
  });

  test('sending makes one issue with the action text; the board shows its key and link; sending again makes no second', async () => {
    const actionId = await addAction(s.board.id, 'Alert on connection pool exhaustion');
    const before = s.kit.issueCount();
    const first = await send(s, actionId);
    expect(first.status).toBe(200);
    const issue = (first.body as { issue: ActionTrackerIssue }).issue;
    expect(issue).toMatchObject({ state: 'sent', error: '' });
    expect(issue.key).not.toBe('');
    // The fakes answer on http://127.0.0.1; Jira's link is built from the configured address.
    expect(issue.url).toMatch(/^https?:\/\//);
    expect(s.kit.issueCount()).toBe(before + 1);
    expect(s.kit.issueText(issue.key)).toContain('Alert on connection pool exhaustion');
    expect(s.kit.issueText(issue.key)).toContain('Checkout outage');
    expect((await onBoard(s.board.id, actionId)).issue).toMatchObject({ state: 'sent', key: issue.key });

    const again = await send(s, actionId);
    const retried = await send(s, actionId, true);
    expect((again.body as { issue: ActionTrackerIssue }).issue.key).toBe(issue.key);
    expect((retried.body as { issue: ActionTrackerIssue }).issue.key).toBe(issue.key);
    expect(s.kit.issueCount()).toBe(before + 1);
  });

  test('an answer lost on the way back is reconciled on retry: still one issue', async () => {
    const actionId = await addAction(s.board.id, 'Runbook for failover');
    const before = s.kit.issueCount();
    s.kit.fake.failNext({ kind: 'drop' });
    const lost = await send(s, actionId);
    const failed = (lost.body as { issue: ActionTrackerIssue }).issue;
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/could not be reached/);
    expect(failed.retryAt).toBeGreaterThan(Date.now());
    // The tracker did make it.
    expect(s.kit.issueCount()).toBe(before + 1);

    const retry = await send(s, actionId, true);
    expect((retry.body as { issue: ActionTrackerIssue }).issue.state).toBe('sent');
    expect(s.kit.issueCount()).toBe(before + 1);
  });

  test('a crash between the request and its record: the stale claim is reconciled by the periodic check', async () => {
    const actionId = await addAction(s.board.id, 'Load test the new pool size');
    const before = s.kit.issueCount();
    // The server claimed and asked the tracker, then died before recording the answer.
    const now = Date.now();
    const claim = await server.app.storage.trackers.claim(s.board.id, actionId, s.trackerId, now, now - LEASE_MS, false);
    expect(claim.kind).toBe('claimed');
    // A send while the claim is fresh creates nothing and says it is on its way.
    const busy = await send(s, actionId);
    expect((busy.body as { issue: ActionTrackerIssue }).issue.state).toBe('sending');
    const settings = s.kit.settings();
    await trackerClient({ ...settings, baseUrl: settings.baseUrl }).createIssue({ title: 'Load test the new pool size', description: 'x', due: '', marker: actionMarker(s.board.id, actionId), assignee: null, labels: [] });
    expect(s.kit.issueCount()).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 20));
    await server.app.trackers.check();
    expect((await onBoard(s.board.id, actionId)).issue?.state).toBe('sent');
    expect(s.kit.issueCount()).toBe(before + 1);
  });

  test.each([
    [401, /refused the credentials/, false],
    [403, /may not create issues/, false],
    [404, /no such project/, false],
    [422, /refused the issue/, false],
    [503, /problem of its own/, true],
  ] as const)('HTTP %i is shown in plain words, kept on the item, and Retry sends it once', async (status, words, retriesByItself) => {
    const actionId = await addAction(s.board.id, `Item for ${status}`);
    const before = s.kit.issueCount();
    s.kit.fake.failNext({ kind: 'status', status, body: { message: 'title is too long' } });
    const failed = (await send(s, actionId)).body as { issue: ActionTrackerIssue };
    expect(failed.issue.state).toBe('failed');
    expect(failed.issue.error).toMatch(words);
    expect(failed.issue.retryAt > 0).toBe(retriesByItself);
    expect((await onBoard(s.board.id, actionId)).issue?.error).toMatch(words);
    expect(s.kit.issueCount()).toBe(before);

    const retried = (await send(s, actionId, true)).body as { issue: ActionTrackerIssue };
    expect(retried.issue.state).toBe('sent');
    expect(s.kit.issueCount()).toBe(before + 1);
  });

  test('429 honours Retry-After: no attempt before it, not even a Retry', async () => {
    const actionId = await addAction(s.board.id, 'Rate limited item');
    const before = s.kit.issueCount();
    s.kit.fake.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '120' } });
    const failed = ((await send(s, actionId)).body as { issue: ActionTrackerIssue }).issue;
    expect(failed.error).toMatch(/slow down/);
    expect(failed.retryAt).toBeGreaterThanOrEqual(Date.now() + 110_000);
    const requests = s.kit.fake.requests.length;
    const retry = ((await send(s, actionId, true)).body as { issue: ActionTrackerIssue }).issue;
    expect(retry.state).toBe('failed');
    expect(s.kit.fake.requests.length).toBe(requests);
    expect(s.kit.issueCount()).toBe(before);
  });

  test('closing and reopening the issue moves the action item, through the signed webhook', async () => {
    const actionId = await addAction(s.board.id, 'Close me');
    const { key } = ((await send(s, actionId)).body as { issue: ActionTrackerIssue }).issue;
    expect(await s.kit.setState(key, 'closed')).toBe(204);
    expect(await onBoard(s.board.id, actionId)).toMatchObject({ status: 'done', issue: { issueState: 'closed' } });
    expect(await s.kit.setState(key, 'open')).toBe(204);
    expect(await onBoard(s.board.id, actionId)).toMatchObject({ status: 'open', issue: { issueState: 'open' } });
  });

  test('forged and unsigned webhooks are refused with 401 and change nothing', async () => {
    const actionId = await addAction(s.board.id, 'Do not close me');
    const { key } = ((await send(s, actionId)).body as { issue: ActionTrackerIssue }).issue;
    expect(await s.kit.setState(key, 'closed', 'forged')).toBe(401);
    expect(await s.kit.setState(key, 'closed', 'unsigned')).toBe(401);
    expect(await onBoard(s.board.id, actionId)).toMatchObject({ status: 'open', issue: { issueState: 'open' } });
  });

  test('a missed event is caught by the periodic check', async () => {
    const actionId = await addAction(s.board.id, 'Missed event');
    const { key } = ((await send(s, actionId)).body as { issue: ActionTrackerIssue }).issue;
    await s.kit.setState(key, 'closed', 'silent');
    await server.app.trackers.check();
    expect((await onBoard(s.board.id, actionId)).status).toBe('done');
  });

  test('the owner is assigned when a tracker user has that name or e-mail; severity and services go as labels', async () => {
    const priya = { name: 'Priya Patel', email: 'priya@example.com', handle: 'priya-p' };
    s.kit.addPerson(priya);
    s.kit.addPerson({ name: 'Dana Lee', email: 'dana@example.com', handle: 'dana-l' });
    s.kit.defineLabels(['SEV2', 'checkout']);
    await setIncident(s.board.id, { severity: 'SEV2', services: ['checkout', 'payment gateway'] });
    // GitHub knows people by login; the others by their full name too.
    const byName = kind === 'github' ? priya.handle : priya.name.toUpperCase();
    for (const owner of [priya.email, byName]) {
      const actionId = await addAction(s.board.id, `Add pool metrics (${owner})`, owner);
      const { key, state } = ((await send(s, actionId)).body as { issue: ActionTrackerIssue }).issue;
      expect(state).toBe('sent');
      expect(s.kit.assignee(key)).toBe(priya.email);
      expect(s.kit.issueText(key)).toMatch(new RegExp(`Owner: ${owner.replace(/[.]/g, '\\.')} \\(assigned to`));
      const expected = { github: ['SEV2', 'checkout', 'payment gateway'], gitlab: ['SEV2', 'checkout', 'payment gateway'], jira: ['SEV2', 'checkout', 'payment-gateway'], linear: ['SEV2', 'checkout'] }[kind];
      expect(s.kit.labels(key)).toEqual(expected);
    }
  });

  test('an owner no tracker user matches is sent unassigned, and the issue says so', async () => {
    const actionId = await addAction(s.board.id, 'Rotate the on-call pager', 'Morgan from payments');
    const { key, state } = ((await send(s, actionId)).body as { issue: ActionTrackerIssue }).issue;
    expect(state).toBe('sent');
    expect(s.kit.assignee(key)).toBeNull();
    expect(s.kit.issueText(key)).toContain('Owner: Morgan from payments (no');
    expect(s.kit.issueText(key)).toContain('left unassigned');
  });

  test('a token that may not look up users still sends the item, unassigned, and the issue says why', async () => {
    s.kit.addPerson({ name: 'Ola Nordmann', email: 'ola@example.com', handle: 'ola-n' });
    const actionId = await addAction(s.board.id, 'Document the pool limits', 'ola@example.com');
    const before = s.kit.issueCount();
    // The first request is the owner's lookup.
    s.kit.fake.failNext({ kind: 'status', status: 403, body: { message: 'Forbidden' } });
    const { key, state } = ((await send(s, actionId)).body as { issue: ActionTrackerIssue }).issue;
    expect(state).toBe('sent');
    expect(s.kit.issueCount()).toBe(before + 1);
    expect(s.kit.assignee(key)).toBeNull();
    expect(s.kit.issueText(key)).toMatch(/did not let Debrief look up its users: left unassigned/);
  });
});

test('a participant who writes the board’s tracker issues (a forged key and link) sees them put back, as does everyone', async () => {
  const s = await setUp('github');
  try {
    const sent = await addAction(s.board.id, 'Page the database on-call for pool alerts');
    const unsent = await addAction(s.board.id, 'Write the failover runbook');
    const issue = ((await send(s, sent)).body as { issue: ActionTrackerIssue }).issue;
    const mallory = await connectSynced(server.wsUrl, s.board.id, s.board.tokens.participant);
    const reader = await connectSynced(server.wsUrl, s.board.id, s.board.tokens.viewer);
    try {
      await waitUntil(() => readActionTrackers(reader.doc).get(sent)?.key === issue.key, 'the sent issue at the reader');
      const forged = { tracker: 'GitHub', state: 'sent', key: '#1', url: 'https://evil.example/login', issueState: 'open', error: '', retryAt: 0 };
      mallory.doc.transact(() => {
        roots(mallory.doc).actionTrackers.set(sent, forged);
        roots(mallory.doc).actionTrackers.set(unsent, forged);
      });
      // The server puts back its own record: the sent issue's real link, and nothing on the other.
      await waitUntil(() => {
        const shown = readActionTrackers(reader.doc);
        return shown.get(sent)?.url === issue.url && !shown.has(unsent);
      }, 'the record put back at the reader');
      await waitUntil(() => !readActionTrackers(mallory.doc).has(unsent), 'the record put back at the writer');
      expect((await onBoard(s.board.id, unsent)).issue).toBeUndefined();
      expect((await onBoard(s.board.id, sent)).issue).toMatchObject({ key: issue.key, url: issue.url });
    } finally {
      mallory.destroy();
      reader.destroy();
    }
  } finally {
    await s.kit.stop();
  }
});

describe('configuration', () => {
  test('credentials never come back, and are not in the logs', async () => {
    const s = await setUp('github');
    try {
      // A change of credentials and secret is not logged either.
      const changed = await call('PATCH', `/api/workspace/trackers/${s.trackerId}`, ADMIN_KEY, { credentials: s.kit.settings().credentials, webhookSecret: s.kit.settings().webhookSecret });
      expect(changed.status).toBe(200);
      for (const [url, token] of [
        [`/api/boards/${s.board.id}/trackers`, s.board.tokens.facilitator],
        ['/api/workspace/trackers', ADMIN_KEY],
      ] as const) {
        const listed = await call('GET', url, token);
        expect(listed.status).toBe(200);
        const text = JSON.stringify(listed.body);
        expect(text).toContain('acme/payments');
        expect(text).not.toContain(s.kit.settings().credentials);
        expect(text).not.toContain(s.kit.settings().webhookSecret);
      }
      expect(JSON.stringify(changed.body)).not.toContain(s.kit.settings().credentials);
      const logs = JSON.stringify(server.logs);
      expect(logs).toContain('tracker changed');
      expect(logs).not.toContain(s.kit.settings().credentials);
      expect(logs).not.toContain(s.kit.settings().webhookSecret);
      expect(logs).not.toContain(ADMIN_KEY);
    } finally {
      await s.kit.stop();
    }
  });

  test('credentials are stored sealed, not in clear', async () => {
    const s = await setUp('linear');
    try {
      const stored = await server.app.storage.trackers.getConfig(s.trackerId);
      expect(Buffer.from(stored!.sealedCredentials).toString('latin1')).not.toContain(s.kit.settings().credentials);
    } finally {
      await s.kit.stop();
    }
  });

  test("the workspace's trackers are its admin's to configure; every board's facilitator sends to them", async () => {
    const s = await setUp('gitlab');
    try {
      const other = await createBoard(server.url, { title: 'Another review' });
      const listed = await call('GET', `/api/boards/${other.id}/trackers`, other.tokens.facilitator);
      expect((listed.body.trackers as { id: string; scope: string }[]).find((t) => t.id === s.trackerId)).toMatchObject({ scope: 'workspace', kind: 'gitlab' });
      const actionId = await addAction(other.id, 'Alert on replica lag');
      expect(((await call('POST', `/api/boards/${other.id}/actions/${actionId}/tracker`, other.tokens.facilitator, { trackerId: s.trackerId })).body as { issue: ActionTrackerIssue }).issue.state).toBe('sent');

      // A facilitator is no admin: not with the board's token, not on the board's route.
      const settings = s.kit.settings();
      expect(await call('POST', '/api/workspace/trackers', other.tokens.facilitator, settings)).toMatchObject({ status: 401, body: { code: 'ADMIN_REQUIRED' } });
      expect((await call('POST', `/api/boards/${other.id}/trackers`, other.tokens.facilitator, settings)).status).toBe(404);
      expect((await call('PATCH', `/api/workspace/trackers/${s.trackerId}`, other.tokens.facilitator, { project: 'x/y' })).status).toBe(401);
      expect((await call('DELETE', `/api/workspace/trackers/${s.trackerId}`, `${ADMIN_KEY}x`)).status).toBe(401);
      expect((await call('DELETE', `/api/boards/${other.id}/trackers/${s.trackerId}`, other.tokens.facilitator)).status).toBe(401);
      expect(await server.app.storage.trackers.getConfig(s.trackerId)).not.toBeNull();
    } finally {
      await s.kit.stop();
    }
  });

  test('the admin changes a tracker (new credentials take effect, the kind stays) and removes it', async () => {
    const s = await setUp('github');
    try {
      const wrong = await call('PATCH', `/api/workspace/trackers/${s.trackerId}`, ADMIN_KEY, { credentials: 'ghp_revoked' });
      expect(wrong).toMatchObject({ status: 200, body: { id: s.trackerId, kind: 'github', project: 'acme/payments' } });
      const first = await addAction(s.board.id, 'Sent with revoked credentials');
      expect(((await send(s, first)).body as { issue: ActionTrackerIssue }).issue.error).toMatch(/refused the credentials/);
      expect((await call('PATCH', `/api/workspace/trackers/${s.trackerId}`, ADMIN_KEY, { credentials: s.kit.settings().credentials })).status).toBe(200);
      expect(((await send(s, first, true)).body as { issue: ActionTrackerIssue }).issue.state).toBe('sent');
      expect((await call('PATCH', `/api/workspace/trackers/${s.trackerId}`, ADMIN_KEY, { kind: 'jira' })).status).toBe(400);
      expect((await call('PATCH', `/api/workspace/trackers/${s.trackerId}`, ADMIN_KEY, { baseUrl: 'http://tracker.internal' })).status).toBe(400);
      expect((await call('PATCH', `/api/workspace/trackers/${s.trackerId}`, ADMIN_KEY, {})).status).toBe(400);

      expect((await call('DELETE', `/api/workspace/trackers/${s.trackerId}`, ADMIN_KEY)).status).toBe(204);
      const listed = await call('GET', `/api/boards/${s.board.id}/trackers`, s.board.tokens.facilitator);
      expect((listed.body.trackers as { id: string }[]).some((t) => t.id === s.trackerId)).toBe(false);
      const second = await addAction(s.board.id, 'After removal');
      expect((await send(s, second)).status).toBe(404);
      expect((await call('PATCH', `/api/workspace/trackers/${s.trackerId}`, ADMIN_KEY, { project: 'a/b' })).status).toBe(404);
    } finally {
      await s.kit.stop();
    }
  });

  test('participants may not send; a bad address or unknown kind is a 400', async () => {
    const s = await setUp('github');
    try {
      const person = await joinBoard(server.url, s.board.id, s.board.tokens.participant, 'Pat');
      const actionId = await addAction(s.board.id, 'Not for participants');
      expect((await call('POST', `/api/boards/${s.board.id}/actions/${actionId}/tracker`, person.token, { trackerId: s.trackerId })).status).toBe(403);
      expect((await call('GET', `/api/boards/${s.board.id}/trackers`, person.token)).status).toBe(403);
      const settings = { kind: 'github', baseUrl: 'https://api.github.com', project: 'a/b', credentials: 'x', webhookSecret: '12345678' };
      expect((await call('POST', '/api/workspace/trackers', ADMIN_KEY, { ...settings, baseUrl: 'http://tracker.internal' })).status).toBe(400);
      expect((await call('POST', '/api/workspace/trackers', ADMIN_KEY, { ...settings, kind: 'trello' })).status).toBe(400);
    } finally {
      await s.kit.stop();
    }
  });

  test('without TRACKER_KEY nothing is stored, and the answer says why; without an admin, nobody configures', async () => {
    const keyless = await startServer({ trackerCheckIntervalMs: 0, workspaceAdminKey: ADMIN_KEY });
    const adminless = await startServer({ trackerKey: TRACKER_KEY, trackerCheckIntervalMs: 0 });
    try {
      const settings = JSON.stringify({ kind: 'github', baseUrl: 'https://api.github.com', project: 'a/b', credentials: 'ghp_x', webhookSecret: '12345678' });
      const response = await fetch(`${keyless.url}/api/workspace/trackers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        body: settings,
      });
      expect(response.status).toBe(409);
      expect(((await response.json()) as { message: string }).message).toMatch(/TRACKER_KEY/);
      expect(await keyless.app.storage.trackers.listConfigs('server')).toEqual([]);

      const refused = await fetch(`${adminless.url}/api/workspace/trackers`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` }, body: settings });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toMatch(/WORKSPACE_ADMIN_KEY/);
      expect(await adminless.app.storage.trackers.listConfigs('server')).toEqual([]);
    } finally {
      await keyless.close();
      await adminless.close();
    }
  });

  test('a webhook for an unknown tracker is 404', async () => {
    const response = await fetch(`${server.url}/api/trackers/nope/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(404);
  });
});

test('Linear: a forged, unsigned or replayed webhook gets 401 and changes nothing', async () => {
  const s = await setUp('linear');
  try {
    const actionId = await addAction(s.board.id, 'Keep me open');
    const { key } = ((await send(s, actionId)).body as { issue: ActionTrackerIssue }).issue;
    const fake = s.kit.fake as FakeLinear;
    for (const sign of ['forged', 'unsigned', 'replayed'] as const) expect(await fake.setState(key, 'closed', sign)).toBe(401);
    expect(await onBoard(s.board.id, actionId)).toMatchObject({ status: 'open', issue: { issueState: 'open' } });
    expect((await server.app.storage.trackers.getLink(s.board.id, actionId))?.issueState).toBe('open');
    // The barrier: a good delivery right after is applied, so the refused ones were handled (and changed nothing).
    expect(await fake.setState(key, 'closed')).toBe(204);
    expect((await onBoard(s.board.id, actionId)).status).toBe('done');
  } finally {
    await s.kit.stop();
  }
});

test('Jira: an owner found by an e-mail the site hides is still assigned', async () => {
  const s = await setUp('jira');
  try {
    const fake = s.kit.fake as FakeJira;
    fake.hideEmails = true;
    s.kit.addPerson({ name: 'Priya Patel', email: 'priya@example.com', handle: 'priya-p' });
    s.kit.addPerson({ name: 'Priya Shah', email: 'shah@example.com', handle: 'priya-s' });
    const byEmail = await addAction(s.board.id, 'Alert on queue depth', 'priya@example.com');
    const { key } = ((await send(s, byEmail)).body as { issue: ActionTrackerIssue }).issue;
    expect(s.kit.assignee(key)).toBe('priya@example.com');
    // Part of two people's names assigns nobody: only a whole name or e-mail counts.
    const ambiguous = await addAction(s.board.id, 'Alert on queue age', 'Priya');
    const second = ((await send(s, ambiguous)).body as { issue: ActionTrackerIssue }).issue;
    expect(s.kit.assignee(second.key)).toBeNull();
  } finally {
    await s.kit.stop();
  }
});

test('the periodic check reads every sent issue over rounds, least recently checked first', async () => {
  const small = await startServer({ trackerKey: TRACKER_KEY, trackerCheckIntervalMs: 0, workspaceAdminKey: ADMIN_KEY }, { trackerCheckBatch: 2 });
  const kit = await startKit('github');
  try {
    const board = await createBoard(small.url, { title: 'Many follow-ups' });
    const created = await small.app.inject({ method: 'POST', url: '/api/workspace/trackers', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, payload: kit.settings() });
    const trackerId = (created.json() as { id: string }).id;
    const ids: ActionItemId[] = [];
    for (let i = 0; i < 5; i += 1) {
      const id = await small.app.rooms.write({ boardId: board.id as BoardId, name: 'board' }, (doc) => addActionItem(doc, { text: `Follow-up ${i}`, owner: '', due: '' }, withOrigin(LIVE_WRITES, SERVER_ORIGIN)));
      await small.app.trackers.send(board.id as BoardId, id, trackerId);
      ids.push(id);
    }
    // Every issue closed, no webhook: only the check can tell.
    for (let n = 1; n <= 5; n += 1) await kit.setState(`#${n}`, 'closed', 'silent');
    const done = () => small.app.rooms.read({ boardId: board.id as BoardId, name: 'board' }, (doc) => readActions(doc).filter((a) => a.status === 'done').length);
    const rounds: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      await small.app.trackers.check();
      rounds.push(await done());
    }
    // Two a round, never the same ones again before all were read.
    expect(rounds).toEqual([2, 4, 5]);
  } finally {
    await kit.stop();
    await small.close();
  }
});
