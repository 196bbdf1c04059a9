// The workspace's own way in (workspace.html, app/workspaceEntry.ts) in a real browser: the library
// and follow-ups draw their rows without any of the board's code being fetched; the saved theme is
// applied; moving between the workspace's pages stays in the page, while a review's link opens its
// board (the board's app, a new document) and Back comes back to the library; the filters still
// ask the server after the entry answered the first list.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { createBoard, giveName, useBrowserSuite } from './helpers';

const suite = useBrowserSuite();

/** The board app's own script files: those index.html names and workspace.html does not. */
function boardOnlyScripts(): string[] {
  const dist = path.resolve(import.meta.dirname, '../../dist/client');
  const named = (file: string) => new Set([...fs.readFileSync(path.join(dist, file), 'utf8').matchAll(/"(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
  const workspace = named('workspace.html');
  return [...named('index.html')].filter((f) => !workspace.has(f));
}

test("the workspace pages draw their rows without the board's code; a review's link opens the board and Back returns", async () => {
  const board = await createBoard(suite.server, { title: 'Disk full on the primary database', incidentDate: '2026-10-02' });
  await suite.server.app.library.indexer.idle();
  const boardScripts = boardOnlyScripts();
  expect(boardScripts.length).toBeGreaterThan(0);

  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', colorScheme: 'light' });
  // This browser chose the dark theme earlier.
  await context.addInitScript(() => localStorage.setItem('debrief:theme', 'dark'));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  suite.track({ context, page, errors });
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));

  await page.goto(`${suite.server.url}/follow-ups#key=${suite.server.app.library.newWorkspaceToken}`);
  await page.getByRole('heading', { name: 'Follow-ups', level: 1 }).waitFor();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  // Within the page: the library's rows come without a new document.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Library' }).click();
  const review = page.getByRole('link', { name: 'Disk full on the primary database' });
  await review.waitFor({ timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(requested.filter((p) => boardScripts.includes(p))).toEqual([]);

  // A filter that matches nothing, then back: each asks the server again.
  const status = page.getByLabel('Status');
  await status.selectOption({ label: 'Final' });
  await page.getByText('No review matches.').waitFor({ timeout: 10_000 });
  await status.selectOption({ label: 'Any' });
  await review.waitFor({ timeout: 10_000 });

  await review.click();
  await giveName(page, 'Reader');
  await page.getByRole('heading', { name: 'Disk full on the primary database', level: 1 }).waitFor({ timeout: 15_000 });
  expect(new URL(page.url()).pathname).toBe(`/b/${board.id}`);
  await page.goBack();
  await page.getByRole('link', { name: 'Disk full on the primary database' }).waitFor({ timeout: 10_000 });
  expect(new URL(page.url()).pathname).toBe('/library');
});
