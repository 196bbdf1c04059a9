// Export and import through the UI (docs/export.md): a facilitator builds a small board in the
// browser, downloads it with "Export JSON", and a member imports the file in the library of a
// second server; the imported board shows what the first one shows, its people included, and a
// second import of the same file is refused with the server's words.
import fs from 'node:fs';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { addEvent, addFactor, createBoard, factorCard, giveName, startServer, useBrowserSuite, waitConnected, type TestServer } from './helpers';

const suite = useBrowserSuite();

/** What a person sees of the board: its title, the timeline's events and the factors. */
async function whatTheBoardShows(page: Page): Promise<{ title: string; events: string[]; factors: string[] }> {
  const title = (await page.getByRole('heading', { level: 1 }).first().textContent())?.trim() ?? '';
  const events = (await page.locator('[data-event-id]').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  const factors = await page.getByRole('article', { name: /^Factor: / }).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
  return { title, events: events.sort(), factors: factors.sort() };
}

test('a board built in the browser, exported as JSON and imported in another server’s library, looks the same', async () => {
  const board = await createBoard(suite.server, { title: 'Search outage on Monday', incidentDate: '2026-11-02' });
  const { page } = await suite.open(board.link('facilitator'), { name: 'Dana' });
  await addEvent(page, '09:14', 'Search latency alert fired');
  await addEvent(page, '09:31', 'Index rebuild started');
  await page.locator('[data-event-id]', { hasText: 'Index rebuild started' }).waitFor();
  await addFactor(page, 'The rebuild job had no rate limit');
  await factorCard(page, 'The rebuild job had no rate limit').waitFor();
  const before = await whatTheBoardShows(page);
  expect(before.events).toHaveLength(2);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  expect(download.suggestedFilename()).toMatch(/search-outage-on-monday.*\.debrief\.json$/);
  const file = await download.path();
  const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as { format: string };
  expect(exported.format).toBe('debrief.board');

  let second: TestServer | undefined;
  try {
    second = await startServer();
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    const library = await context.newPage();
    const errors: string[] = [];
    library.on('pageerror', (err) => errors.push(err.message));
    suite.track({ context, page: library, errors });
    await library.goto(`${second.url}/library#key=${second.app.library.newWorkspaceToken}`);
    const picker = library.getByLabel('Import a board from its JSON export');
    await picker.setInputFiles(file);
    const imported = library.getByRole('status').filter({ hasText: 'Imported' });
    await imported.waitFor({ timeout: 15_000 });

    // The same file again: refused, in words, and the first import stands.
    await picker.setInputFiles(file);
    await expect.poll(() => library.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/already has a board with this export’s id.*Nothing was imported/);

    // The library lists the imported review; its link opens the board.
    const listed = library.locator('.review-card').getByRole('link', { name: 'Search outage on Monday' });
    await listed.waitFor({ timeout: 15_000 });
    await listed.click();
    // Opened with the board's participant link in a browser the board does not know yet.
    await giveName(library, 'Reader');
    await waitConnected(library);
    await library.locator('[data-event-id]', { hasText: 'Index rebuild started' }).waitFor({ timeout: 15_000 });
    await factorCard(library, 'The rebuild job had no rate limit').waitFor();
    expect(await whatTheBoardShows(library)).toEqual(before);
  } finally {
    await second?.close();
  }
});
