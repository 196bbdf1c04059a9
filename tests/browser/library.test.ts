// The workspace's pages in a real browser: the library home lists a review, a search highlights the
// matching words and its link opens the board scrolled to the event, highlighted; a status changed
// on the follow-ups page changes on the open board live; and neither page scrolls sideways on a
// phone, a laptop or a large screen. A factor like one of an earlier review is suggested while it
// is written, linked "same as" (its card says so), and shows on the themes page; the metrics page
// shows the durations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import * as B from '../../shared/board';
import { setIncidentFields } from '../../shared/facilitation';
import { SERVER_WRITES } from '../../server/writeContext';
import { LIVE_WRITES } from '../helpers/context';
import { connect } from './seed';
import { createBoard, giveName, useBrowserSuite, type OpenedPage } from './helpers';

const suite = useBrowserSuite();

/** A fresh profile on a workspace page, with the workspace link's key in the address. */
async function openWorkspacePage(pathName: string, viewport = { width: 1440, height: 900 }): Promise<OpenedPage> {
  const context = await suite.browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${suite.server.url}${pathName}#key=${suite.server.app.library.newWorkspaceToken}`);
  const opened = { context, page, errors };
  suite.track(opened);
  return opened;
}

/**
 * A workspace page at a window size: opened in a fresh profile the first time, then resized and
 * reloaded in the same profile (as a person turning a tablet or resizing a window and reloading),
 * so each size is laid out from a fresh load without a new profile per size.
 */
async function openAtSize(opened: Map<string, OpenedPage>, pathName: string, viewport: { width: number; height: number }): Promise<OpenedPage> {
  const existing = opened.get(pathName);
  if (!existing) {
    const fresh = await openWorkspacePage(pathName, viewport);
    opened.set(pathName, fresh);
    return fresh;
  }
  await existing.page.setViewportSize(viewport);
  await existing.page.reload();
  return existing;
}

test('the library lists the review; a search highlights the words and opens the board at the event', async () => {
  const board = await createBoard(suite.server, { title: 'Checkout errors after deploy', incidentDate: '2026-11-03' });
  const writer = await connect(suite.server, board.id, board.tokens.facilitator, 'Ana', '#f00');
  const eventId = B.addEvent(writer.doc, { time: '2026-11-03T14:02Z', kind: 'impact', text: 'A thundering herd of retries hit the payments gateway' }, LIVE_WRITES);
  for (let i = 0; i < 25; i++) B.addEvent(writer.doc, { time: `2026-11-03T15:${String(10 + i).padStart(2, '0')}Z`, kind: 'action', text: `Step ${i} of the recovery` }, LIVE_WRITES);
  await suite.server.app.library.indexer.idle();

  const { page } = await openWorkspacePage('/library');
  await expect.poll(() => page.getByRole('link', { name: 'Checkout errors after deploy' }).count(), { timeout: 10_000 }).toBe(1);
  // The address no longer shows the key, and a reload still opens the library.
  expect(page.url()).not.toContain('key=');

  await page.getByLabel('Search every review').fill('thundering retry');
  await page.getByRole('button', { name: 'Search' }).click();
  const hit = page.locator('.search-hit').first();
  await hit.waitFor({ timeout: 10_000 });
  await expect.poll(() => hit.locator('mark').allTextContents()).toEqual(['thundering', 'retries']);

  await hit.getByRole('link').click();
  // The library opens boards with their participant link: someone new says who they are first.
  await giveName(page, 'Reader');
  const note = page.locator(`[data-event-id="${eventId}"]`);
  await note.waitFor({ timeout: 15_000 });
  await expect.poll(() => note.getAttribute('data-focus-match'), { timeout: 10_000 }).toBe('');
  expect(await note.isVisible()).toBe(true);
  const box = await note.boundingBox();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeLessThan(900);
  writer.provider.destroy();
});

test('a status changed on the follow-ups page changes on the open board, live', async () => {
  const board = await createBoard(suite.server, { title: 'Login slowness', incidentDate: '2020-01-10' });
  const facilitator = await suite.open(board.link('facilitator'), { name: 'Dana' });
  const writer = await connect(suite.server, board.id, board.tokens.facilitator, 'Ana', '#f00');
  B.addActionItem(writer.doc, { text: 'Add a canary for pool settings', owner: 'Ana' }, LIVE_WRITES);
  const status = facilitator.page.getByRole('combobox', { name: /Status of “Add a canary/ });
  await status.waitFor();
  await suite.server.app.library.indexer.idle();

  const { page } = await openWorkspacePage('/follow-ups');
  const row = page.locator('.follow-up', { hasText: 'Add a canary for pool settings' });
  await row.waitFor({ timeout: 10_000 });
  // Years past its default due date: it stands out.
  await expect.poll(() => row.getAttribute('class')).toContain('follow-up--overdue');
  expect(await row.textContent()).toContain('overdue');
  await row.getByRole('combobox', { name: /Status of/ }).selectOption('done');
  await expect.poll(() => status.inputValue(), { timeout: 10_000 }).toBe('done');

  // And the reverse: the board's change shows on the follow-ups page.
  await status.selectOption('in-progress');
  await page.getByLabel('Show').selectOption('');
  await expect.poll(() => row.getByRole('combobox', { name: /Status of/ }).inputValue(), { timeout: 10_000 }).toBe('in-progress');
  writer.provider.destroy();
});

test('the library and follow-ups fit a phone, a laptop and a large screen without sideways scrolling', async () => {
  const board = await createBoard(suite.server, { title: 'A review with a rather long title about the checkout service and its connection pool', incidentDate: '2026-11-03' });
  const writer = await connect(suite.server, board.id, board.tokens.facilitator, 'Ana', '#f00');
  B.addActionItem(writer.doc, { text: 'Document the pool sizing rule in the service runbook, with the numbers', owner: 'Ana' }, LIVE_WRITES);
  await suite.server.app.library.indexer.idle();
  // Kept outside the repository, to look at after a run.
  const dir = path.join(os.tmpdir(), 'debrief-library-screens');
  fs.mkdirSync(dir, { recursive: true });
  // One profile per page, loaded afresh at each size.
  const opened = new Map<string, OpenedPage>();
  for (const [width, height] of [[390, 844], [1280, 800], [1920, 1080]] as const) {
    for (const pathName of ['/library', '/follow-ups']) {
      const { page } = await openAtSize(opened, pathName, { width, height });
      await page.locator('.review-card, .follow-up').first().waitFor({ timeout: 10_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${pathName} at ${width}px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(dir, `${pathName.slice(1)}-${width}.png`), fullPage: false });
    }
  }
  writer.provider.destroy();
});

test('a factor like one of an earlier review is suggested while written and linked; themes and metrics show it, on a phone and a large screen', async () => {
  // An earlier review: its factor, an action for it marked done, and a marked timeline.
  const earlier = await createBoard(suite.server, { title: 'Payments outage after a config push', incidentDate: '2026-02-11' });
  const writer = await connect(suite.server, earlier.id, earlier.tokens.facilitator, 'Ana', '#f00');
  const canary = B.addFactor(writer.doc, { text: 'Config pushes skip the canary stage', category: 'process' }, LIVE_WRITES);
  const action = B.addActionItem(writer.doc, { text: 'Route config pushes through the canary', owner: 'Ana', factorIds: [canary] }, LIVE_WRITES);
  B.updateActionItem(writer.doc, action, { status: 'done' }, LIVE_WRITES);
  for (const [marker, time] of [['impactStarted', '09:00'], ['detected', '09:12'], ['acknowledged', '09:15'], ['mitigated', '10:05'], ['resolved', '11:40']] as const) {
    B.addEvent(writer.doc, { time: `2026-02-11T${time}Z`, kind: 'other', text: `Moment: ${marker}`, marker }, LIVE_WRITES);
  }
  const later = await createBoard(suite.server, { title: 'Search outage after a config push', incidentDate: '2026-04-02' });
  for (const [boardId, fields] of [[earlier.id, { severity: 'SEV1', services: ['payments'] }], [later.id, { severity: 'SEV2', services: ['search'] }]] as const) {
    await suite.server.app.rooms.write({ boardId: boardId as never, name: 'facilitation' }, (doc) => setIncidentFields(doc, { ...fields, services: [...fields.services] }, SERVER_WRITES));
  }
  await suite.server.app.library.indexer.idle();

  // A member (the workspace key in this browser) writes a factor on the later board.
  const { page } = await openWorkspacePage('/library/themes');
  await page.getByText('No theme yet.').waitFor({ timeout: 10_000 });
  await page.goto(later.link('facilitator'));
  await giveName(page, 'Dana');
  await page.getByLabel('New contributing factor').fill('The config push went out without a canary');
  const suggestion = page.locator('.factor-suggestion', { hasText: 'Config pushes skip the canary stage' });
  await suggestion.waitFor({ timeout: 10_000 });
  expect(await suggestion.textContent()).toContain('Payments outage after a config push · 2026-02-11 · 1 of 1 action done');
  await suggestion.getByRole('button', { name: 'Same as this' }).click();
  await page.getByText('Same as in Payments outage after a config push').waitFor();
  await page.getByRole('button', { name: 'Add factor' }).click();
  const card = page.getByRole('article', { name: /^Factor: The config push went out without a canary/ });
  await card.waitFor();
  // The card says which earlier factor it is the same as, as the report does.
  await card.getByText('Same as in Payments outage after a config push (2026-02-11)').waitFor();
  expect(await card.locator('.factor-card__same-as span').getAttribute('title')).toBe('“Config pushes skip the canary stage”');
  await expect.poll(() => page.locator('.factor-suggestions').count()).toBe(0);

  // Kept outside the repository, to look at after a run.
  const dir = path.join(os.tmpdir(), 'debrief-library-screens');
  fs.mkdirSync(dir, { recursive: true });
  await suite.server.app.library.indexer.idle();
  const opened = new Map<string, OpenedPage>();
  for (const [width, height] of [[390, 844], [1920, 1080]] as const) {
    const themes = await openAtSize(opened, '/library/themes', { width, height });
    const theme = themes.page.getByRole('listitem', { name: 'Config pushes skip the canary stage' });
    await theme.waitFor({ timeout: 10_000 });
    expect(await theme.textContent()).toContain('Came back after the actions meant to address it were done');
    expect(await theme.getByRole('link').allTextContents()).toEqual(['Payments outage after a config push', 'Search outage after a config push']);
    const metrics = await openAtSize(opened, '/library/metrics', { width, height });
    const ttd = metrics.page.getByRole('region', { name: 'Time to detect (TTD)' });
    await ttd.getByText('12 min').first().waitFor({ timeout: 10_000 });
    expect(await ttd.getByRole('table').first().textContent()).toContain('SEV1');
    for (const [name, opened] of [['themes', themes], ['metrics', metrics]] as const) {
      const overflow = await opened.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name} at ${width}px`).toBeLessThanOrEqual(0);
      await opened.page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
    }
  }
  writer.provider.destroy();
});
