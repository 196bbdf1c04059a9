// Sign-in with OpenID Connect against a real provider (oidc-provider on a free port), driven over
// HTTP as a browser would (cookie jar, redirects followed): the code flow with PKCE, /api/me,
// sign-out at the provider; creating boards behind sign-in while guests still join by link; and
// every way the flow can go wrong, each answered by a page that says what happened, never a
// redirect loop, and with nothing already stored lost. Without OIDC configured, nothing changes.
import { afterEach, describe, expect, test } from 'vitest';
import type { ServerConfig, SignInConfig } from '../../server/config';
import type { SignInStatus } from '../../shared/protocol';
import { CookieClient, freePort, startOidcProvider, TEST_CLIENT, type TestProvider, type Visit } from '../helpers/oidc';
import { createBoard, startServer, type TestServer } from '../helpers/server';

const SESSION_COOKIE = 'debrief-session';
const PENDING_COOKIE = 'debrief-sign-in';

interface Setup {
  debrief: TestServer;
  provider: TestProvider;
  browser: CookieClient;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Debrief on a reserved port with sign-in through a provider started for it. */
async function setup(signIn: Partial<SignInConfig> = {}, overrides: Partial<ServerConfig> = {}): Promise<Setup> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const provider = await startOidcProvider(publicUrl);
  cleanups.push(() => provider.stop());
  const debrief = await startServer({ port, signIn: signInConfig(provider.issuer, publicUrl, signIn), ...overrides });
  cleanups.push(() => debrief.close());
  return { debrief, provider, browser: new CookieClient() };
}

function signInConfig(issuer: string, publicUrl: string, more: Partial<SignInConfig> = {}): SignInConfig {
  return {
    issuer,
    clientId: TEST_CLIENT.id,
    clientSecret: TEST_CLIENT.secret,
    publicUrl,
    scopes: 'openid profile email',
    createRequiresSignIn: false,
    sessionMs: 3_600_000,
    ...more,
  };
}

const last = (visits: Visit[]): Visit => visits[visits.length - 1]!;

async function me(browser: CookieClient, url: string): Promise<SignInStatus> {
  const [visit] = await browser.go(`${url}/api/me`);
  expect(visit!.status).toBe(200);
  return JSON.parse(visit!.body) as SignInStatus;
}

/** From Debrief's Sign in to the provider's consent page, logged in as `login`. */
async function toConsent(browser: CookieClient, debriefUrl: string, login = 'robin', returnTo = '/'): Promise<Visit> {
  const loginPage = last(await browser.go(`${debriefUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`));
  expect(loginPage.body).toContain('name="login"');
  const consent = last(await browser.submit(loginPage, { login, password: 'any password' }));
  expect(consent.body).toContain('name="prompt" value="consent"');
  return consent;
}

/** The whole sign-in; answers the visits after consent (the last is the page returned to). */
async function signIn(browser: CookieClient, debriefUrl: string, login = 'robin', returnTo = '/'): Promise<Visit[]> {
  const consent = await toConsent(browser, debriefUrl, login, returnTo);
  return browser.submit(consent);
}

/** The page of a refused sign-in: an HTML page with the message, no redirect, no script. */
function expectMessagePage(visit: Visit, status: number, code: string, words: RegExp): void {
  expect(visit.status).toBe(status);
  expect(visit.headers.get('location')).toBeNull();
  expect(visit.headers.get('content-type')).toMatch(/^text\/html/);
  expect(visit.body).toContain(`data-code="${code}"`);
  expect(visit.body).toMatch(words);
  expect(visit.body).toContain('href="/"');
}

describe('without OIDC configured', () => {
  test('everyone is a guest: /api/me says so, boards are created as before, /auth/ pages explain', async () => {
    const debrief = await startServer();
    cleanups.push(() => debrief.close());
    const browser = new CookieClient();
    expect(await me(browser, debrief.url)).toEqual({ available: false, createRequiresSignIn: false, person: null, sessionEnded: false });
    await createBoard(debrief.url, { title: 'Guest board' });
    const page = last(await browser.go(`${debrief.url}/auth/login`));
    expectMessagePage(page, 404, 'SIGN_IN_NOT_CONFIGURED', /not set up on this server/);
    expect(page.body).not.toContain('Try signing in again');
  });
});

describe('the code flow against a real provider', () => {
  test('sign in, come back where you were, /api/me names you; sign out here and at the provider', async () => {
    const { debrief, browser, provider } = await setup();
    expect(await me(browser, debrief.url)).toMatchObject({ available: true, person: null });

    const visits = await signIn(browser, debrief.url, 'robin', '/b/some-board');
    const callback = visits.find((v) => v.url.startsWith(`${debrief.url}/auth/callback`))!;
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/b/some-board');
    const setCookies = callback.headers.getSetCookie().join('\n');
    expect(setCookies).toMatch(new RegExp(`${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax`));
    expect(browser.cookie('127.0.0.1', PENDING_COOKIE)).toBeUndefined();

    expect(await me(browser, debrief.url)).toEqual({
      available: true,
      createRequiresSignIn: false,
      person: { name: 'Robin Quill', email: 'robin@example.com' },
      sessionEnded: false,
    });
    const sessionId = browser.cookie('127.0.0.1', SESSION_COOKIE)!;

    // Sign out: the provider asks to confirm (RP-initiated logout), then sends us home.
    const out = await browser.go(`${debrief.url}/auth/logout`, { method: 'POST' });
    expect(out[0]!.status).toBe(303);
    const endSession = new URL(out[0]!.headers.get('location')!);
    expect(endSession.origin).toBe(provider.issuer);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${debrief.url}/`);
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    const home = last(await browser.submit(last(out), { logout: 'yes' }, /id="op.logoutForm"/));
    expect(home.url).toBe(`${debrief.url}/`);
    expect(await me(browser, debrief.url)).toMatchObject({ person: null, sessionEnded: false });

    // The old cookie is worth nothing now: the session ended on the server, not just in the browser.
    browser.setCookie('127.0.0.1', SESSION_COOKIE, sessionId);
    expect(await me(browser, debrief.url)).toMatchObject({ person: null, sessionEnded: true });
  });
});
