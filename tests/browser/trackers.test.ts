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
    const configured = await fetch(`${suite.server.url}/api/boards/${board.id}/trackers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${board.tokens.facilitator}` },
      body: JSON.stringify({ kind: 'github', baseUrl: github.url, project: github.repo, credentials: github.token, webhookSecret: github.webhookSecret }),
    });
    expect(configured.status).toBe(201);
    const { webhookPath } = (await configured.json()) as { webhookPath: string };
    github.webhookUrl = `${suite.server.url}${webhookPath}`;

    const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const kim = await suite.open(board.link('participant'), { name: 'Kim' });
    const page = sam.page;
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
