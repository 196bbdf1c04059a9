// An action item sent to the team's tracker (a fake GitHub that checks requests as GitHub does):
// the facilitator sends it from the keyboard and sees its key as a link; when the issue is closed
// in the tracker, its signed webhook moves the item to Done on everyone's board within seconds.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../fakes/github';
import { createBoard, useBrowserSuite } from './helpers';

const suite = useBrowserSuite({ trackerKey: crypto.randomBytes(32), trackerCheckIntervalMs: 0 });

let github: FakeGitHub;
beforeAll(async () => {
  github = await new FakeGitHub('acme/payments', `ghp_${crypto.randomBytes(8).toString('hex')}`, crypto.randomBytes(16).toString('hex')).start();
});
afterAll(async () => {
  await github.stop();
});

describe('action items in the tracker', () => {
  it('sends an item, shows its key, and follows the issue when it is closed', async () => {
    const board = await createBoard(suite.server, { title: 'Checkout errors after deploy' });
    const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const kim = await suite.open(board.link('participant'), { name: 'Kim' });
    const page = sam.page;

    // The facilitator connects GitHub from the board; the token never comes back to the page.
    await page.getByText('Connect a tracker').click();
    const connect = page.getByRole('form', { name: 'Connect a tracker' });
    await connect.getByLabel('Tracker').selectOption({ label: 'GitHub' });
    await connect.getByLabel(/Address/).fill(github.url);
    await connect.getByLabel('Repository (owner/repo)').fill(github.repo);
    await connect.getByLabel('Token').fill(github.token);
    await connect.getByLabel('Webhook secret').fill(github.webhookSecret);
    await connect.getByRole('button', { name: 'Connect GitHub' }).click();
    const connected = page.getByRole('status').filter({ hasText: 'GitHub connected' });
    const webhookUrl = (await connected.locator('code').textContent())!;
    expect(webhookUrl).toMatch(new RegExp(`^${suite.server.url}/api/trackers/[^/]+/webhook$`));
    github.webhookUrl = webhookUrl;
    expect(await page.content()).not.toContain(github.token);
    const composer = page.getByRole('form', { name: 'Add an action item' });
    await composer.getByLabel('New action').fill('Alert on connection pool exhaustion');
    await composer.getByLabel('Owner').fill('Priya');
    await composer.getByRole('button', { name: 'Add action' }).click();
    const row = page.getByRole('row', { name: 'Action: Alert on connection pool exhaustion' });

    const sendButton = row.getByRole('button', { name: 'Send “Alert on connection pool exhaustion” to GitHub' });
    await sendButton.focus();
    await page.keyboard.press('Enter');
    const link = row.getByRole('link', { name: /GitHub issue #1/ });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('https://github.com/acme/payments/issues/1');
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.title).toBe('Alert on connection pool exhaustion');

    // Kim sees the key too, live.
    const kimsRow = kim.page.getByRole('row', { name: 'Action: Alert on connection pool exhaustion' });
    await kimsRow.getByRole('link', { name: /GitHub issue #1/ }).waitFor();

    // Closed in GitHub: the signed webhook moves the item to Done on both boards.
    expect(await github.setState(1, 'closed')).toBe(204);
    await expect.poll(() => row.getByRole('combobox', { name: /Status of/ }).inputValue(), { timeout: 5_000 }).toBe('done');
    await expect.poll(() => kimsRow.getByRole('combobox', { name: /Status of/ }).inputValue(), { timeout: 5_000 }).toBe('done');
    await row.getByText('closed').waitFor();
    // Still one issue: the button is gone once sent.
    expect(await row.getByRole('button', { name: /Send .* to GitHub/ }).count()).toBe(0);
    expect(github.issues).toHaveLength(1);
  });
});
