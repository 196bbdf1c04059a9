// Sign-in in a real browser against a real OpenID provider (oidc-provider on a free port), on a
// server where creating a board needs sign-in: sign in from the home page, create a board (the
// name dialog offers the signed-in name), sign out from the board's menu at the provider, and be
// back on the home page as a guest.
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePort, startOidcProvider, TEST_CLIENT, type TestProvider } from '../helpers/oidc';
import { startServer, type TestServer } from '../helpers/server';
import { closeAll, launchBrowser } from './helpers';

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
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
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

    // The name dialog offers the signed-in name.
    const nameDialog = page.getByRole('dialog', { name: 'What should others call you?' });
    await nameDialog.waitFor();
    await expect(nameDialog.getByLabel('Your name').inputValue()).resolves.toBe('Robin Quill');
    await nameDialog.getByRole('button', { name: 'Join the board' }).click();
    const share = page.getByRole('dialog', { name: 'Invite people to the board' });
    await share.waitFor();
    await page.keyboard.press('Escape');
    await share.waitFor({ state: 'hidden' });

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
