// Sign-in in a real browser against a real OpenID provider (oidc-provider on a free port), on a
// server where creating a board needs sign-in: sign in from the home page, create a board (no name
// asked: the signed-in name is the person's), sign out from the board's menu at the provider, and be
// back on the home page as a guest. Signed in on two browsers, a person joining by the same link is
// one person on the board: listed once, their dots on both.
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort, startOidcProvider, TEST_CLIENT, type TestProvider } from '../helpers/oidc';
import { startServer, type TestServer } from '../helpers/server';
import { closeAll, workerChromium } from './helpers';

let debrief: TestServer;
let provider: TestProvider;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider(publicUrl);
  [debrief, browser] = await Promise.all([
    startServer({
      port,
      clientDir: path.resolve('dist/client'),
      logLevel: 'silent',
      signIn: {
        issuer: provider.issuer,
        clientId: TEST_CLIENT.id,
        clientSecret: TEST_CLIENT.secret,
        publicUrl,
        scopes: 'openid profile email',
        createRequiresSignIn: true,
        sessionMs: 3_600_000,
      },
    }),
    workerChromium(),
  ]);
});

afterAll(async () => {
  await closeAll(...(browser?.contexts() ?? []));
  await debrief?.close();
  await provider?.stop();
});

test('sign in from the home page, create a board, sign out', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(debrief.url);

    // A guest is told that creating needs sign-in.
    await page.getByText('Sign in to create a board. Anyone can still join a board by its link.').waitFor();
    await expect(page.getByRole('button', { name: 'Create board' }).count()).resolves.toBe(0);
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click();

    // The provider's own login and consent pages.
    await page.locator('input[name="login"]').fill('robin');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    // Back home, signed in: the board can be created.
    await page.waitForURL(`${debrief.url}/`);
    await page.getByText('Signed in as').waitFor();
    await expect(page.getByRole('banner').innerText()).resolves.toContain('Robin Quill');
    await page.getByLabel('Incident title').fill('Login outage');
    await page.getByRole('button', { name: 'Create board' }).click();

    // Signed in, no name is asked: the board knows Robin by the signed-in name.
    const share = page.getByRole('dialog', { name: 'Invite people to the board' });
    await share.waitFor();
    await page.keyboard.press('Escape');
    await share.waitFor({ state: 'hidden' });
    expect(await page.getByRole('dialog', { name: 'What should others call you?' }).count()).toBe(0);
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByText('Signed in as Robin Quill').waitFor();
    await page.keyboard.press('Escape');

    // Sign out from the board's menu; the provider asks to confirm, then sends us home.
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByText('Signed in as Robin Quill').waitFor();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${debrief.url}/`);
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
    await page.getByRole('link', { name: 'Sign in to create a board' }).waitFor();
    // The board is still remembered on this browser.
    await page.getByRole('link', { name: /Login outage/ }).waitFor();
    expect(errors).toEqual([]);
  } finally {
    await closeAll(context);
  }
});

/** A fresh browser profile, signed in at the provider as `login`. */
async function signedInBrowser(login: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${debrief.url}/auth/login?returnTo=/`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${debrief.url}/`);
  await page.getByText('Signed in as').waitFor();
  return { context, page, errors };
}

const connected = (page: Page) => page.getByRole('status').filter({ hasText: /^\s*Connected\b/ }).first().waitFor({ timeout: 15_000 });

test('signed in on a laptop and a phone, Robin joins by the participant link on both and is one person', async () => {
  const sam = await signedInBrowser('sam');
  const laptop = await signedInBrowser('robin');
  const phone = await signedInBrowser('robin');
  try {
    // Sam (signed in: creating needs it here) makes the board and opens it as its facilitator.
    const created = await sam.context.request.post(`${debrief.url}/api/boards`, { data: { title: 'Queue backlog' } });
    expect(created.status()).toBe(201);
    const board = (await created.json()) as { id: string; tokens: Record<'facilitator' | 'participant', string> };
    const link = (role: 'facilitator' | 'participant') => `${debrief.url}/b/${board.id}#token=${encodeURIComponent(board.tokens[role])}`;
    await sam.page.goto(link('facilitator'));
    await connected(sam.page);

    // Robin opens the participant link on both devices: no name asked on either.
    for (const device of [laptop, phone]) {
      await device.page.goto(link('participant'));
      await connected(device.page);
      expect(await device.page.getByRole('dialog', { name: 'What should others call you?' }).count()).toBe(0);
    }

    // Sam's people list has Robin once.
    await sam.page.getByRole('button', { name: 'People' }).click();
    const list = sam.page.getByRole('dialog', { name: 'People on this board' });
    await list.getByRole('listitem').filter({ hasText: 'Robin Quill' }).first().waitFor();
    expect(await list.getByRole('listitem').filter({ hasText: 'Robin Quill' }).count()).toBe(1);
    expect(await list.getByRole('listitem').count()).toBe(2);
    await list.getByRole('button', { name: 'Done' }).click();

    // Robin's dots are one ballot: spent on the laptop, there on the phone.
    await sam.page.getByLabel('New contributing factor').fill('Consumers scaled by hand');
    await sam.page.getByRole('button', { name: 'Add factor' }).click();
    const stepper = sam.page.getByRole('region', { name: 'Meeting' }).getByRole('navigation', { name: 'Meeting phases' });
    await stepper.getByRole('button', { name: 'Voting', exact: true }).click();
    await stepper.locator('[aria-current="step"]').filter({ hasText: 'Voting' }).waitFor();
    const note = (page: Page) => page.getByRole('article', { name: 'Factor: Consumers scaled by hand' });
    await note(laptop.page).getByRole('button', { name: 'Add a dot to “Consumers scaled by hand”' }).click();
    await laptop.page.getByText('2 of 3 dots left').waitFor();
    await phone.page.reload();
    await connected(phone.page);
    await phone.page.getByText('2 of 3 dots left').waitFor();
    await note(phone.page).getByRole('group', { name: /: 1 of yours; totals hidden/ }).waitFor();

    expect([...sam.errors, ...laptop.errors, ...phone.errors]).toEqual([]);
  } finally {
    await closeAll(sam.context, laptop.context, phone.context);
  }
});
