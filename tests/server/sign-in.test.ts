// Sign-in with OpenID Connect against a real provider (oidc-provider on a free port), driven over
// HTTP as a browser would (cookie jar, redirects followed): the code flow with PKCE, /api/me,
// sign-out at the provider; creating boards behind sign-in while guests still join by link; and
// every way the flow can go wrong, each answered by a page that says what happened, never a
// redirect loop, and with nothing already stored lost. Without OIDC configured, nothing changes.
import { afterEach, describe, expect, test } from 'vitest';
import type { ServerConfig, SignInConfig } from '../../server/config';
import WebSocket from 'ws';
import type { JoinBoardResponse, PeopleResponse, SignInStatus } from '../../shared/protocol';
import { CookieClient, freePort, startOidcProvider, TEST_CLIENT, type TestProvider, type Visit } from '../helpers/oidc';
import { createBoard, startServer, waitUntil, type TestServer } from '../helpers/server';
import { connect, waitForSync } from './helpers';

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

describe('creating boards behind sign-in', () => {
  test('CREATE_REQUIRES_SIGN_IN: a guest is asked to sign in; signed in, the board is made; guests still join by link', async () => {
    const { debrief, browser } = await setup({ createRequiresSignIn: true });
    expect(await me(browser, debrief.url)).toMatchObject({ createRequiresSignIn: true, person: null });
    const refused = await fetch(`${debrief.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'SIGN_IN_REQUIRED', message: expect.stringMatching(/Sign in to create a board/) });

    await signIn(browser, debrief.url);
    const res = await fetch(`${debrief.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${browser.cookie('127.0.0.1', SESSION_COOKIE)}` },
      body: JSON.stringify({ title: 'Signed-in board' }),
    });
    expect(res.status).toBe(201);
    const board = (await res.json()) as { id: string; tokens: { participant: string } };

    // A guest with the participant link, no cookie at all, opens the board.
    const session = await fetch(`${debrief.url}/api/boards/${board.id}/session`, {
      headers: { authorization: `Bearer ${board.tokens.participant}` },
    });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ role: 'participant', title: 'Signed-in board' });

    // The identity the board join path will hang a person on (server/plugins/sign-in.ts).
    const identity = await debrief.app.signIn.identity({
      headers: { cookie: `${SESSION_COOKIE}=${browser.cookie('127.0.0.1', SESSION_COOKIE)}` },
    } as never);
    expect(identity).toEqual({ issuer: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/), subject: 'robin', name: 'Robin Quill', email: 'robin@example.com' });
  });
});

describe('bad input: a page that says what happened, no loop, nothing lost', () => {
  test('wrong state: ignored, and the sign-in this browser started still completes', async () => {
    const { debrief, browser } = await setup();
    const consent = await toConsent(browser, debrief.url);
    const forged = last(await browser.go(`${debrief.url}/auth/callback?code=forged-code&state=forged-state`));
    expectMessagePage(forged, 400, 'SIGN_IN_STATE_MISMATCH', /does not belong to the sign-in started in this browser/);
    expect(await me(browser, debrief.url)).toMatchObject({ person: null });
    const home = last(await browser.submit(consent));
    expect(home.url).toBe(`${debrief.url}/`);
    expect(await me(browser, debrief.url)).toMatchObject({ person: { name: 'Robin Quill' } });
  });

  test('the same callback twice (a replayed code): the second is refused, the session from the first stays', async () => {
    const { debrief, browser } = await setup();
    const visits = await signIn(browser, debrief.url);
    const callbackUrl = visits.find((v) => v.url.startsWith(`${debrief.url}/auth/callback`))!.url;
    const again = last(await browser.go(callbackUrl));
    expectMessagePage(again, 400, 'SIGN_IN_EXPIRED', /already completed/);
    expect(again.body).toContain('href="/auth/login"');
    expect(await me(browser, debrief.url)).toMatchObject({ person: { name: 'Robin Quill' } });

    // Replayed into a fresh sign-in whose state it borrows: the provider refuses the used code.
    // (Only the first step: the provider remembers Robin and would finish this sign-in at once.)
    const login = await browser.go(`${debrief.url}/auth/login`, { stopBefore: (url) => url.origin !== debrief.url });
    const state = new URL(login[0]!.headers.get('location')!).searchParams.get('state')!;
    const code = new URL(callbackUrl).searchParams.get('code')!;
    const replay = last(await browser.go(`${debrief.url}/auth/callback?code=${encodeURIComponent(code)}&state=${state}`));
    expectMessagePage(replay, 502, 'SIGN_IN_FAILED', /could not be verified/);
    expect(await me(browser, debrief.url)).toMatchObject({ person: { name: 'Robin Quill' } });
  });

  test('a missing code, and a callback nobody started', async () => {
    const { debrief, browser } = await setup();
    const login = await browser.go(`${debrief.url}/auth/login`);
    const state = new URL(login[0]!.headers.get('location')!).searchParams.get('state')!;
    const noCode = last(await browser.go(`${debrief.url}/auth/callback?state=${state}`));
    expectMessagePage(noCode, 502, 'SIGN_IN_FAILED', /without an authorization code/);

    const stranger = new CookieClient();
    const cold = last(await stranger.go(`${debrief.url}/auth/callback?code=abc&state=${state}`));
    expectMessagePage(cold, 400, 'SIGN_IN_EXPIRED', /not started in this browser/);
    // An altered sign-in cookie names no sign-in either.
    stranger.setCookie('127.0.0.1', PENDING_COOKIE, 'x'.repeat(43));
    expectMessagePage(last(await stranger.go(`${debrief.url}/auth/callback?code=abc&state=${state}`)), 400, 'SIGN_IN_EXPIRED', /start again/);
  });

  test('consent denied at the provider', async () => {
    const { debrief, browser } = await setup();
    const consent = await toConsent(browser, debrief.url);
    const abort = /href="([^"]*\/abort)"/.exec(consent.body)![1]!;
    const page = last(await browser.go(new URL(abort, consent.url).href));
    expect(page.url).toMatch(/\/auth\/callback\?error=access_denied/);
    expectMessagePage(page, 403, 'SIGN_IN_DENIED', /cancelled or refused/);
    expect(await me(browser, debrief.url)).toMatchObject({ person: null });
  });

  test('a provider down when Debrief starts: the server runs, sign-in says why, and works once it is up', async () => {
    const [port, providerPort] = [await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${port}`;
    const debrief = await startServer({ port, signIn: signInConfig(`http://127.0.0.1:${providerPort}`, publicUrl) });
    cleanups.push(() => debrief.close());
    const browser = new CookieClient();
    await createBoard(debrief.url, { title: 'Made while the provider is down' });
    expect(await me(browser, debrief.url)).toMatchObject({ available: true, person: null });
    const down = last(await browser.go(`${debrief.url}/auth/login`));
    expectMessagePage(down, 502, 'SIGN_IN_PROVIDER_UNREACHABLE', /cannot be reached right now/);

    const provider = await startOidcProvider(publicUrl, providerPort);
    cleanups.push(() => provider.stop());
    await signIn(browser, debrief.url);
    expect(await me(browser, debrief.url)).toMatchObject({ person: { name: 'Robin Quill' } });
  });

  test('a provider that goes down during sign-in: the callback says so, and nothing is stored', async () => {
    const { debrief, browser, provider } = await setup();
    const consent = await toConsent(browser, debrief.url);
    const toDebrief = await browser.submit(consent, {}, undefined, { stopBefore: (url) => url.pathname === '/auth/callback' });
    const callbackUrl = new URL(last(toDebrief).headers.get('location')!, last(toDebrief).url).href;
    await provider.stop();
    const page = last(await browser.go(callbackUrl));
    expectMessagePage(page, 502, 'SIGN_IN_PROVIDER_UNREACHABLE', /cannot be reached right now/);
    expect(await me(browser, debrief.url)).toMatchObject({ person: null, sessionEnded: false });
  });

  test('an altered or ended session cookie: a guest again, told once; the real session still works', async () => {
    const { debrief, browser } = await setup({ createRequiresSignIn: true });
    await signIn(browser, debrief.url);
    const real = browser.cookie('127.0.0.1', SESSION_COOKIE)!;
    const tampered = real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A');
    for (const value of [tampered, '<script>alert(1)</script>', '']) {
      const other = new CookieClient();
      other.setCookie('127.0.0.1', SESSION_COOKIE, value);
      expect(await me(other, debrief.url)).toMatchObject({ person: null, sessionEnded: true });
      const create = await fetch(`${debrief.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${value}` },
        body: '{}',
      });
      expect(create.status).toBe(401);
    }
    expect(await me(browser, debrief.url)).toMatchObject({ person: { name: 'Robin Quill' }, sessionEnded: false });
  });

  test('another site cannot sign people out', async () => {
    const { debrief, browser } = await setup();
    await signIn(browser, debrief.url);
    const cookie = `${SESSION_COOKIE}=${browser.cookie('127.0.0.1', SESSION_COOKIE)}`;
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Array<Record<string, string>>) {
      const res = await fetch(`${debrief.url}/auth/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, ...headers } });
      expect(res.status).toBe(400);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toMatch(/came from another site/);
    }
    expect(await me(browser, debrief.url)).toMatchObject({ person: { name: 'Robin Quill' } });
  });

  test('returnTo must be a path on this site', async () => {
    const { debrief, browser } = await setup();
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const page = last(await browser.go(`${debrief.url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`));
      expectMessagePage(page, 400, 'INVALID_REQUEST', /returnTo is not in the expected format/);
    }
  });
});


describe('the signed-in person is the board person, on every device', () => {
  /** A board request as `browser` makes it: its cookies, and a token. */
  const boardFetch = (browser: CookieClient | null, url: string, token: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(browser ? { cookie: `${SESSION_COOKIE}=${browser.cookie('127.0.0.1', SESSION_COOKIE)}` } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });

  /** A real y-websocket client sending `cookie` with its upgrade, as a browser does. */
  function socketWithCookie(wsUrl: string, boardId: string, token: string, cookie: string | null) {
    class CookieSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, cookie ? { headers: { cookie } } : {});
      }
    }
    return connect(wsUrl, boardId, token, { reconnect: false, webSocket: CookieSocket as unknown as typeof globalThis.WebSocket });
  }

  test('Robin signs in on a laptop and a phone, joins with the participant link on both: one person, named as signed in, present as one', async () => {
    const { debrief } = await setup();
    const laptop = new CookieClient();
    const phone = new CookieClient();
    await signIn(laptop, debrief.url, 'robin');
    await signIn(phone, debrief.url, 'robin');
    const board = await createBoard(debrief.url, { title: 'Signed-in people' });
    const join = (browser: CookieClient, name: string, person?: string) =>
      boardFetch(browser, `${debrief.url}/api/boards/${board.id}/people`, board.tokens.participant, {
        method: 'POST',
        body: { name, ...(person ? { person } : {}) },
      });

    // First join: a new person with the signed-in name, whatever name the page sent.
    const first = await join(laptop, 'rq');
    expect(first.status).toBe(201);
    const onLaptop = (await first.json()) as JoinBoardResponse;
    expect(onLaptop.person).toMatchObject({ name: 'Robin Quill', role: 'participant' });
    // The phone, another browser with its own sign-in: the same person, with a token for this device.
    const second = await join(phone, 'Robin on the phone');
    expect(second.status).toBe(200);
    const onPhone = (await second.json()) as JoinBoardResponse;
    expect(onPhone.person).toEqual(onLaptop.person);
    expect(onPhone.token).toBe(`p.${onLaptop.person.id}.signed-in`);
    // Again on the laptop (say after clearing its storage): still that person; with its own token
    // (opening the facilitator link, say), it keeps that token.
    expect(((await (await join(laptop, 'x')).json()) as JoinBoardResponse).person.id).toBe(onLaptop.person.id);
    expect(((await (await join(laptop, 'x', onLaptop.token)).json()) as JoinBoardResponse).token).toBe(onLaptop.token);

    // The facilitator's list has Robin once.
    const list = await boardFetch(null, `${debrief.url}/api/boards/${board.id}/people`, board.tokens.facilitator);
    const { people } = (await list.json()) as PeopleResponse;
    expect(people.filter((p) => p.name === 'Robin Quill')).toHaveLength(1);
    expect(people).toHaveLength(1);

    // The phone's token opens the board as Robin, for the API and the websocket alike; their dots
    // are one ballot whichever device asks.
    const session = await boardFetch(phone, `${debrief.url}/api/boards/${board.id}/session`, onPhone.token);
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ role: 'participant', person: { id: onLaptop.person.id, name: 'Robin Quill' } });
    const ballots = [];
    for (const [browser, token] of [[phone, onPhone.token], [null, onLaptop.token]] as const) {
      const res = await boardFetch(browser, `${debrief.url}/api/boards/${board.id}/ballot`, token);
      expect(res.status).toBe(200);
      ballots.push(await res.json());
    }
    expect(ballots[0]).toEqual(ballots[1]);
    const wsUrl = `${debrief.url.replace('http', 'ws')}/ws`;
    const phoneSocket = socketWithCookie(wsUrl, board.id, onPhone.token, `${SESSION_COOKIE}=${phone.cookie('127.0.0.1', SESSION_COOKIE)}`);
    const laptopSocket = socketWithCookie(wsUrl, board.id, onLaptop.token, null);
    const watcher = socketWithCookie(wsUrl, board.id, board.tokens.viewer, null);
    try {
      await Promise.all([waitForSync(phoneSocket), waitForSync(laptopSocket), waitForSync(watcher)]);
      phoneSocket.provider.awareness.setLocalStateField('user', { name: 'Someone else', color: '#123456' });
      laptopSocket.provider.awareness.setLocalStateField('user', { name: 'Robin?', color: '#123456' });
      const users = () =>
        [...watcher.provider.awareness.getStates().values()]
          .map((s) => (s as { user?: { name?: string; voterId?: string } }).user)
          .filter((u) => u !== undefined);
      await waitUntil(() => users().length === 2);
      // Both devices are Robin, one person: the page lists her once (usePresence groups by voterId).
      expect(users()).toEqual([
        expect.objectContaining({ name: 'Robin Quill', voterId: onLaptop.person.id }),
        expect.objectContaining({ name: 'Robin Quill', voterId: onLaptop.person.id }),
      ]);
    } finally {
      for (const c of [phoneSocket, laptopSocket, watcher]) c.destroy();
    }
  });

  test('a signed-in person’s device token is refused without their sign-in: no cookie, a forged cookie, someone else’s sign-in, a guest claiming it', async () => {
    const { debrief } = await setup();
    const robin = new CookieClient();
    const sam = new CookieClient();
    await signIn(robin, debrief.url, 'robin');
    await signIn(sam, debrief.url, 'sam');
    const board = await createBoard(debrief.url);
    const joined = await boardFetch(robin, `${debrief.url}/api/boards/${board.id}/people`, board.tokens.participant, {
      method: 'POST',
      body: { name: 'Robin' },
    });
    const robinId = ((await joined.json()) as JoinBoardResponse).person.id;
    const claimed = `p.${robinId}.signed-in`;
    const forged = new CookieClient();
    forged.setCookie('127.0.0.1', SESSION_COOKIE, 'A'.repeat(43));

    for (const [who, browser] of [['no cookie', null], ['a forged cookie', forged], ['Sam', sam]] as const) {
      const res = await boardFetch(browser, `${debrief.url}/api/boards/${board.id}/session`, claimed);
      expect(res.status, who).toBe(401);
      expect(await res.json(), who).toMatchObject({ code: 'PERSON_NOT_SIGNED_IN', message: expect.stringMatching(/Sign in again/) });
    }
    // The websocket is refused before the upgrade, with the same rule.
    const socket = socketWithCookie(`${debrief.url.replace('http', 'ws')}/ws`, board.id, claimed, `${SESSION_COOKIE}=${sam.cookie('127.0.0.1', SESSION_COOKIE)}`);
    try {
      await waitUntil(() => socket.closeCodes.length > 0 || socket.provider.wsconnected);
      expect(socket.provider.wsconnected).toBe(false);
    } finally {
      socket.destroy();
    }
    // A guest joining with Robin's device token as "the person this browser is": refused, not made Robin.
    const guestJoin = await boardFetch(null, `${debrief.url}/api/boards/${board.id}/people`, board.tokens.participant, {
      method: 'POST',
      body: { name: 'Robin Quill', person: claimed },
    });
    expect(guestJoin.status).toBe(401);
    expect(await guestJoin.json()).toMatchObject({ code: 'PERSON_NOT_SIGNED_IN' });
    // Sam signing in on the board is Sam, another person; Robin's record is untouched.
    const samJoin = await boardFetch(sam, `${debrief.url}/api/boards/${board.id}/people`, board.tokens.participant, {
      method: 'POST',
      body: { name: 'Robin Quill', person: claimed },
    });
    expect(samJoin.status).toBe(201);
    expect(((await samJoin.json()) as JoinBoardResponse).person).toMatchObject({ name: 'Sam Rivera' });
    const { people } = (await (await boardFetch(null, `${debrief.url}/api/boards/${board.id}/people`, board.tokens.facilitator)).json()) as PeopleResponse;
    expect(people.map((p) => p.name).sort()).toEqual(['Robin Quill', 'Sam Rivera']);
  });
});

describe('workspace admins by sign-in', () => {
  test('a signed-in person listed in WORKSPACE_ADMINS configures the workspace’s trackers; another signed-in person may not', async () => {
    const { debrief } = await setup({}, { workspaceAdmins: ['robin@example.com'] });
    const robin = new CookieClient();
    const sam = new CookieClient();
    await signIn(robin, debrief.url, 'robin');
    await signIn(sam, debrief.url, 'sam');
    const [asRobin] = await robin.go(`${debrief.url}/api/workspace/trackers`);
    expect(asRobin!.status).toBe(200);
    expect(JSON.parse(asRobin!.body)).toMatchObject({ trackers: [] });
    const [asSam] = await sam.go(`${debrief.url}/api/workspace/trackers`);
    expect(asSam!.status).toBe(401);
    expect(JSON.parse(asSam!.body)).toMatchObject({ code: 'ADMIN_REQUIRED' });
    const [asGuest] = await new CookieClient().go(`${debrief.url}/api/workspace/trackers`);
    expect(asGuest!.status).toBe(401);
  });
});
