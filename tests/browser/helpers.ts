// Browser-test helpers: the real server (tests/helpers/server.ts, serving the built client),
// Debian's Chromium through playwright-core, boards created through the HTTP API, and pages that
// open a board the way a person does: through its link, giving a display name when asked.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { CreateBoardResponse, Role } from '../../shared/protocol';
import { createBoard as createBoardOverHttp, startServer as startTestServer, type TestServer } from '../helpers/server';
import type { ServerConfig } from '../../server/config';

export type { TestServer };

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Chromium 156 builds its address bar's popup (a web page of its own, chrome://omnibox-popup)
  // for every new window, and every browser context the tests and benches open is a new window: a
  // second renderer spending 1-2 s of CPU beside the page under test, on a 2-core machine. Someone
  // opening a board's link in their browser has that window already. (Added to playwright's own
  // --disable-features list, not replacing it: Chromium merges the two.) docs/benchmarks.md,
  // "Issue 15, eleventh pass".
  '--disable-features=WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,WebUIOmniboxPopup',
];

/** Starts the real server on a free port, serving dist/client (run `vite build` first). */
export async function startServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const clientDir = path.resolve('dist/client');
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
    throw new Error('dist/client is missing: run `npx vite build` before the browser tests (npm test does).');
  }
  return startTestServer({ clientDir, logLevel: 'silent', ...overrides });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

let workerBrowser: Promise<Browser> | undefined;

/**
 * The test worker's Chromium, shared by the browser files the worker runs one after another (the
 * browser project runs with `isolate: false`, so this module and its browser outlive a file).
 * Tests never share a profile: each opens its own contexts, and a file's are all closed when it
 * ends. Launched on first use, again if it has gone away; playwright ends it when the worker exits.
 * Saves a launch per file: the browser process's start and its first renderer, 1-3 s of CPU each.
 */
export async function workerChromium(): Promise<Browser> {
  const current = await workerBrowser?.catch(() => undefined);
  if (current?.isConnected()) return current;
  workerBrowser = launchBrowser();
  return workerBrowser;
}

export interface TestBoard extends CreateBoardResponse {
  title: string;
  /** The link that opens the board with a role's token. */
  link(role: Role): string;
}

/** Creates a board through the API, as the home page does. */
export async function createBoard(
  server: Pick<TestServer, 'url'>,
  input: { title?: string; incidentDate?: string; incidentLink?: string } = {},
): Promise<TestBoard> {
  const body = { title: 'Checkout errors after deploy', incidentDate: '2026-11-03', ...input };
  const created = await createBoardOverHttp(server.url, body);
  return {
    ...created,
    title: body.title,
    link: (role) => `${server.url}/b/${created.id}#token=${encodeURIComponent(created.tokens[role])}`,
  };
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught script errors on the page; a test expects none. */
  errors: string[];
}

export interface OpenBoardPageOptions {
  /** The display name to give when the board asks for one (a viewer is not asked). */
  name?: string;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}

/** A fresh browser profile (its own storage, like another person's laptop) on a board link. */
export async function openBoardPage(browser: Browser, url: string, options: OpenBoardPageOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url);
  if (options.name !== undefined) await giveName(page, options.name);
  await waitConnected(page);
  return { context, page, errors };
}

/** Answers the "What should others call you?" question. */
export async function giveName(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'What should others call you?' });
  await dialog.getByLabel('Your name').fill(name);
  await dialog.getByRole('button', { name: 'Join the board' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Waits until the board is connected and synced with the server. */
export async function waitConnected(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: /^\s*Connected\b/ }).first().waitFor({ timeout: 15_000 });
}

/** Adds a timeline event through the composer. */
export async function addEvent(page: Page, time: string, text: string, kind?: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Add an event' });
  await form.getByLabel('Time (UTC)').fill(time);
  if (kind) await form.getByLabel('Kind').selectOption({ label: kind });
  await form.getByLabel('What happened').fill(text);
  await form.getByRole('button', { name: 'Add event' }).click();
}

/** Adds a contributing factor to the Unsorted tray. */
export async function addFactor(page: Page, text: string): Promise<void> {
  await page.getByLabel('New contributing factor').fill(text);
  await page.getByRole('button', { name: 'Add factor' }).click();
}

/** A column of the factor board (Unsorted, People, Process, Technology). */
export function column(page: Page, name: 'Unsorted' | 'People' | 'Process' | 'Technology'): Locator {
  return page.locator(`section.factor-column[data-column="${name.toLowerCase()}"]`);
}

/** A factor note by (the start of) its text. */
export function factorCard(scope: Page | Locator, text: string): Locator {
  return scope.getByRole('article', { name: `Factor: ${text}` });
}

/** Closes contexts quietly (a test that failed half-way may have closed some already). */
export async function closeAll(...contexts: Array<BrowserContext | undefined>): Promise<void> {
  await Promise.all(contexts.map((c) => c?.close().catch(() => undefined)));
}

export interface BrowserSuite {
  /** The file's server (there from its beforeAll on). */
  readonly server: TestServer;
  /** The file's Chromium (there from its beforeAll on). */
  readonly browser: Browser;
  /** Opens a board page in a fresh profile (openBoardPage) and tracks it. */
  open(url: string, options?: OpenBoardPageOptions): Promise<OpenedPage>;
  /** Tracks pages opened some other way, as if open() had opened them. */
  track(...pages: OpenedPage[]): void;
}

/**
 * Starts one server (with `overrides` to its configuration) for the file and takes the worker's browser (workerChromium), closes every page a test opened after it and
 * fails the test on any uncaught script error on them. Call at the top level of a test file.
 *
 * Pages opened (or tracked) in a test or its beforeEach/afterEach belong to that test. Pages opened
 * (or tracked) in a beforeAll stay open for all the file's tests; they are closed, and their errors
 * checked, in the afterAll, before the server closes (the browser stays for the next file). A file's own afterEach and
 * afterAll hooks, registered after this call, run before these (vitest runs "after" hooks in
 * reverse order).
 */
export function useBrowserSuite(overrides: Partial<ServerConfig> = {}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let inTest = false;
  let testPages: OpenedPage[] = [];
  const filePages: OpenedPage[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(overrides), workerChromium()]);
  });

  beforeEach(() => {
    inTest = true;
  });

  afterEach(async () => {
    inTest = false;
    const pages = testPages;
    testPages = [];
    const errors = pages.flatMap((o) => o.errors);
    await closeAll(...pages.map((o) => o.context));
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    const errors = filePages.flatMap((o) => o.errors);
    await closeAll(...filePages.map((o) => o.context));
    // The browser stays for the worker's next file, with nothing of this file's left in it.
    await closeAll(...(browser?.contexts() ?? []));
    await server?.close();
    expect(errors).toEqual([]);
  });

  const track = (...pages: OpenedPage[]): void => {
    (inTest ? testPages : filePages).push(...pages);
  };

  return {
    get server(): TestServer {
      if (!server) throw new Error('useBrowserSuite: the server starts in beforeAll; use it in a test or a hook');
      return server;
    },
    get browser(): Browser {
      if (!browser) throw new Error('useBrowserSuite: the browser starts in beforeAll; use it in a test or a hook');
      return browser;
    },
    async open(url, options = {}) {
      if (!browser) throw new Error('useBrowserSuite: the browser starts in beforeAll; open pages in a test or a hook');
      const opened = await openBoardPage(browser, url, options);
      track(opened);
      return opened;
    },
    track,
  };
}

/** The facilitator moves the meeting to a step of the stepper ("Voting", "Factors", …), and waits
 * until their page shows it. */
export async function moveMeetingTo(facilitator: Page, step: string): Promise<void> {
  const stepper = facilitator.getByRole('region', { name: 'Meeting' }).getByRole('navigation', { name: 'Meeting phases' });
  await stepper.getByRole('button', { name: step, exact: true }).click();
  await stepper.locator('[aria-current="step"]').filter({ hasText: step }).waitFor();
}
