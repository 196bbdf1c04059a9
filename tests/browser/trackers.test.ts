// Action items sent to the team's tracker (a fake GitHub that checks requests as GitHub does): the
// workspace admin connects GitHub on the Trackers page (the token never comes back to the page) and
// changes its webhook secret; the facilitator sends all of the review's items at once and sees
// their keys as links; when an issue is closed in the tracker, its signed webhook (with the new
// secret) moves the item to Done on everyone's board within seconds; the admin removes the tracker.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../fakes/github';
import { createBoard, useBrowserSuite } from './helpers';

const ADMIN_KEY = crypto.randomBytes(32).toString('base64url');
const suite = useBrowserSuite({ trackerKey: crypto.randomBytes(32), trackerCheckIntervalMs: 0, workspaceAdminKey: ADMIN_KEY });

let github: FakeGitHub;
beforeAll(async () => {
  github = await new FakeGitHub('acme/payments', `ghp_${crypto.randomBytes(8).toString('hex')}`, crypto.randomBytes(16).toString('hex')).start();
});
afterAll(async () => {
  await github.stop();
});

describe('action items in the tracker', () => {
  it('the admin connects GitHub; the facilitator sends all items, sees their keys, and the board follows a closed issue', async () => {
    // The workspace admin, on the Trackers page: the admin key first.
    const adminContext = await suite.browser.newContext({ locale: 'en-GB' });
    const admin = await adminContext.newPage();
    const adminErrors: string[] = [];
    admin.on('pageerror', (err) => adminErrors.push(err.message));
    suite.track({ context: adminContext, page: admin, errors: adminErrors });
    await admin.goto(`${suite.server.url}/trackers`);
    const keyForm = admin.getByRole('form', { name: 'Enter the admin key' });
    await keyForm.getByLabel('Admin key').fill(ADMIN_KEY);
    await keyForm.getByRole('button', { name: 'Continue' }).click();

    const connect = admin.getByRole('form', { name: 'Connect a tracker' });
    await connect.getByLabel('Tracker').selectOption({ label: 'GitHub' });
    await connect.getByLabel(/Address/).fill(github.url);
    await connect.getByLabel('Repository (owner/repo)').fill(github.repo);
    await connect.getByLabel('Token').fill(github.token);
    await connect.getByLabel('Webhook secret').fill(github.webhookSecret);
    await connect.getByRole('button', { name: 'Connect GitHub' }).click();
    const connected = admin.getByRole('status').filter({ hasText: 'GitHub connected' });
    const webhookUrl = (await connected.locator('code').textContent())!;
    expect(webhookUrl).toMatch(new RegExp(`^${suite.server.url}/api/trackers/[^/]+/webhook$`));
    github.webhookUrl = webhookUrl;
    expect(await admin.content()).not.toContain(github.token);

    // The admin replaces the webhook secret (as after a leak); GitHub signs with the new one from now on.
    const entry = admin.getByRole('listitem', { name: 'GitHub acme/payments' });
    await entry.getByRole('button', { name: 'Change GitHub acme/payments' }).click();
    const newSecret = crypto.randomBytes(16).toString('hex');
    await entry.getByLabel(/New webhook secret/).fill(newSecret);
    await entry.getByRole('button', { name: 'Save' }).click();
    await entry.getByRole('button', { name: 'Change GitHub acme/payments' }).waitFor();
    github.webhookSecret = newSecret;

    const board = await createBoard(suite.server, { title: 'Checkout errors after deploy' });
    const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const kim = await suite.open(board.link('participant'), { name: 'Kim' });
    const page = sam.page;
    const composer = page.getByRole('form', { name: 'Add an action item' });
    for (const text of ['Alert on connection pool exhaustion', 'Write the failover runbook']) {
      await composer.getByLabel('New action').fill(text);
      await composer.getByRole('button', { name: 'Add action' }).click();
      await page.getByRole('row', { name: `Action: ${text}` }).waitFor();
    }
    const row = page.getByRole('row', { name: 'Action: Alert on connection pool exhaustion' });

    const sendAll = page.getByRole('button', { name: 'Send all 2 unsent action items to GitHub acme/payments' });
    await sendAll.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'All 2 action items are in GitHub.' }).waitFor();
    const link = row.getByRole('link', { name: /GitHub issue #1/ });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('https://github.com/acme/payments/issues/1');
    await page.getByRole('row', { name: 'Action: Write the failover runbook' }).getByRole('link', { name: /GitHub issue #2/ }).waitFor();
    expect(github.issues.map((i) => i.title)).toEqual(['Alert on connection pool exhaustion', 'Write the failover runbook']);

    // Kim sees the key too, live.
    const kimsRow = kim.page.getByRole('row', { name: 'Action: Alert on connection pool exhaustion' });
    await kimsRow.getByRole('link', { name: /GitHub issue #1/ }).waitFor();

    // Closed in GitHub: the webhook, signed with the new secret, moves the item to Done on both boards.
    expect(await github.setState(1, 'closed')).toBe(204);
    await expect.poll(() => row.getByRole('combobox', { name: /Status of/ }).inputValue(), { timeout: 5_000 }).toBe('done');
    await expect.poll(() => kimsRow.getByRole('combobox', { name: /Status of/ }).inputValue(), { timeout: 5_000 }).toBe('done');
    await row.getByText('closed').waitFor();
    // Still two issues: nothing is left to send.
    expect(await page.getByRole('button', { name: /Send .* to GitHub/ }).count()).toBe(0);
    expect(github.issues).toHaveLength(2);

    // The admin removes the tracker.
    await entry.getByRole('button', { name: 'Remove GitHub acme/payments' }).click();
    await admin.getByRole('group', { name: 'Remove GitHub acme/payments?' }).getByRole('button', { name: 'Remove GitHub' }).click();
    await admin.getByText('No tracker is connected yet.').waitFor();
  });
});
