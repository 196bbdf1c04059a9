// The first hour without friction, in a real browser on the real server: moving the meeting to the
// timeline lands on the timeline, the keyboard's "Move to..." keeps focus on the factor it moved,
// chat lines import as chat lines, and the small things a first meeting trips over.
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as B from '../../shared/board';
import { LIVE_WRITES } from '../helpers/context';
import { connectSynced, type Client } from '../server/helpers';
import { addEvent, addFactor, column, createBoard, factorCard, moveMeetingTo, useBrowserSuite } from './helpers';

const suite = useBrowserSuite();
const clients: Client[] = [];
// Runs before the suite's own afterAll.
afterAll(() => {
  for (const c of clients) c.destroy();
});

const meetingBar = (page: Page) => page.getByRole('region', { name: 'Meeting' });

/** Waits until the page has stopped scrolling (the same scrollY on three frames in a row). */
async function scrollSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const y = window.scrollY;
        requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.scrollY === y))));
      }),
    undefined,
    { polling: 100, timeout: 5_000 },
  );
}

describe('moving the meeting to the timeline', () => {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 1920, height: 1080 },
  ]) {
    it(`shows the Timeline heading at the top of the window (${viewport.width}x${viewport.height})`, async () => {
      const board = await createBoard(suite.server);
      const { page } = await suite.open(board.link('facilitator'), { name: 'Sam Rivera', viewport });
      await meetingBar(page).getByRole('button', { name: /^Next/ }).click();
      await page.locator('#stage-body').waitFor();
      await meetingBar(page).getByRole('button', { name: /^Next: Timeline/ }).click();
      await page.locator('#stage-body').waitFor({ state: 'detached' });
      await scrollSettled(page);
      const heading = page.locator('#timeline-title');
      const headingBox = await heading.boundingBox();
      const headerBox = await page.locator('.board-header').boundingBox();
      expect(headingBox).not.toBeNull();
      expect(headerBox).not.toBeNull();
      // Below the sticky header, and near it: not scrolled past, not left far down the page.
      expect(headingBox!.y).toBeGreaterThanOrEqual(headerBox!.y + headerBox!.height);
      expect(headingBox!.y).toBeLessThan(headerBox!.y + headerBox!.height + 80);
      await expect(page.getByRole('form', { name: 'Add an event' }).isVisible()).resolves.toBe(true);
    });
  }
});

describe('"Move to..." from the keyboard', () => {
  it('keeps focus on the moved factor and announces where it went', async () => {
    const board = await createBoard(suite.server);
    const { page } = await suite.open(board.link('facilitator'), { name: 'Sam Rivera' });
    const text = 'Canary checks only looked at HTTP 200s';
    await addFactor(page, text);
    const moveButton = factorCard(page, text).getByRole('button', { name: `Move “${text}” to…` });
    await moveButton.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: `Move “${text}” to` });
    await menu.waitFor();
    // Unsorted is where it is (disabled): the first item is People; down twice is Technology.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('People');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Technology');
    await page.keyboard.press('Enter');
    await factorCard(column(page, 'Technology'), text).waitFor();
    // Focus follows the note to its new column: its own "Move to..." button, not the page.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-factor-id]')?.closest('[data-column]')?.getAttribute('data-column') ?? document.activeElement?.tagName))
      .toBe('technology');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Move “${text}” to…`);
    // And a live region that was there before says where it went.
    await expect.poll(() => page.locator('[data-announcer]').textContent()).toContain(`Moved “${text}” to Technology.`);
    // Moving on from there works the same.
    await page.keyboard.press('Enter');
    await menu.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Unsorted');
    await page.keyboard.press('Enter');
    await factorCard(column(page, 'Unsorted'), text).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Move “${text}” to…`);
  });
});

describe('importing chat lines', () => {
  it('reads "[14:15] Priya: ..." lines, lets each row’s kind be changed, and links the addresses in notes', async () => {
    const board = await createBoard(suite.server, { incidentDate: '2026-11-03' });
    const { page } = await suite.open(board.link('participant'), { name: 'Kim Osei' });
    await page.getByRole('button', { name: 'Import timeline' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a timeline' });
    await dialog.getByLabel('Paste text, or drop files or a Slack export folder here').fill(
      ['[14:15] Priya: rolling back card-vault, see https://deploys.example.com/4812.', '[2:21 PM] Mei: errors back under 1%'].join('\n'),
    );
    await dialog.getByText('Notes with times: 2 events found').waitFor();
    await expect(dialog.getByText(/not valid JSON/).count()).resolves.toBe(0);
    await dialog.getByRole('combobox', { name: /^Kind of 14:15 Priya: rolling back/ }).selectOption({ label: 'Action' });
    await dialog.getByRole('button', { name: 'Add 2 events' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const note = page.getByRole('article', { name: 'Action at 14:15 UTC' });
    await note.waitFor();
    const link = note.getByRole('link', { name: 'deploys.example.com/4812' });
    await expect(link.getAttribute('href')).resolves.toBe('https://deploys.example.com/4812');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await page.getByRole('article', { name: 'Other at 14:21 UTC' }).waitFor();
  });

  it('reads messages copied from Slack’s window', async () => {
    const board = await createBoard(suite.server, { incidentDate: '2026-11-03' });
    const { page } = await suite.open(board.link('participant'), { name: 'Kim Osei' });
    await page.getByRole('button', { name: 'Import timeline' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a timeline' });
    await dialog.getByLabel('Paste text, or drop files or a Slack export folder here').fill('Priya Nair  2:15 PM\nrolling back card-vault\nMei Lin  2:21 PM\nerrors back under 1%');
    await dialog.getByText('Messages copied from Slack: 2 events found').waitFor();
    await dialog.getByRole('button', { name: 'Add 2 events' }).click();
    await page.getByRole('article', { name: 'Other at 14:15 UTC' }).getByText('Priya Nair: rolling back card-vault').first().waitFor();
  });
});

describe('dots', () => {
  it('are spent in the Voting phase, not during Pre-work; a top factor can wait, with a reason the report keeps', async () => {
    const board = await createBoard(suite.server);
    const { page } = await suite.open(board.link('facilitator'), { name: 'Sam Rivera' });
    const text = 'Alert routed to a muted channel';
    await addFactor(page, text);
    await factorCard(page, text).waitFor();
    expect(await page.getByRole('button', { name: /^Add a dot/ }).count()).toBe(0);
    expect(await page.getByText(/dots? left/).count()).toBe(0);
    await moveMeetingTo(page, 'Voting');
    await factorCard(page, text).getByRole('button', { name: `Add a dot to “${text}”` }).click();
    await page.getByText('2 of 3 dots left').waitFor();

    // Revealed, it is a top factor with no action; the facilitator says why it can wait.
    await page.getByRole('button', { name: 'Reveal votes' }).first().click();
    const unaddressed = page.getByRole('status', { name: 'Top-voted factors no action addresses' });
    await unaddressed.getByRole('button', { name: `“${text}” can wait…` }).click();
    const why = page.getByRole('dialog', { name: `Why can “${text}” wait?` });
    await why.getByRole('button', { name: 'Save' }).click();
    await why.getByText('Say why it can wait').waitFor();
    await why.getByLabel(/Why can it wait/).fill('The channel is being retired next sprint anyway.');
    await why.getByRole('button', { name: 'Save' }).click();
    await unaddressed.waitFor({ state: 'detached' });
    await page.getByRole('list', { name: 'Top-voted factors that can wait' }).getByText('can wait: The channel is being retired next sprint anyway.').waitFor();
    const res = await fetch(`${suite.server.url}/api/boards/${board.id}/export.md`, { headers: { authorization: `Bearer ${board.tokens.facilitator}` } });
    const md = await res.text();
    expect(md).toContain('### Top-voted factors that can wait');
    expect(md).toContain(`- ${text} (● 1): The channel is being retired next sprint anyway.`);
    expect(md).not.toContain('### Top-voted factors no action addresses');
  });
});

describe('a timeline that fits', () => {
  it('shows eleven events as a list for the person who chooses it, and remembers it in their browser only', async () => {
    const board = await createBoard(suite.server, { incidentDate: '2026-11-03' });
    const sam = await suite.open(board.link('facilitator'), { name: 'Sam Rivera' });
    const kim = await suite.open(board.link('participant'), { name: 'Kim Osei' });
    const page = sam.page;
    await page.getByRole('button', { name: 'Import timeline' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a timeline' });
    const lines = Array.from({ length: 11 }, (_, i) => `14:${String(i * 4).padStart(2, '0')} step ${i + 1}: errors on checkout, pods restarted`);
    await dialog.getByLabel('Paste text, or drop files or a Slack export folder here').fill(lines.join('\n'));
    await dialog.getByRole('button', { name: 'Add 11 events' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const lane = (p: Page) => p.getByRole('region', { name: 'Timeline, earliest first' });
    // The timeline counts all eleven (its lane draws only the notes near view).
    const eventCount = (p: Page) => p.locator('#timeline .board-section__count').textContent();
    await expect.poll(() => eventCount(page)).toBe('11');
    await lane(page).locator('article').first().waitFor();
    // The lane runs off the side; the list fits the width with every event in it.
    const overflows = (p: Page) => lane(p).evaluate((el) => el.scrollWidth > el.clientWidth + 1);
    await expect(overflows(page)).resolves.toBe(true);
    await page.getByRole('group', { name: 'Show the timeline as' }).getByRole('button', { name: 'List' }).click();
    await expect.poll(() => lane(page).getAttribute('data-view')).toBe('list');
    await expect(overflows(page)).resolves.toBe(false);
    const viewport = page.viewportSize()!;
    const rightEdges = await lane(page).locator('article').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
    expect(Math.max(...rightEdges)).toBeLessThanOrEqual(viewport.width);
    // Another person's view is theirs: Kim still has the lane.
    await expect.poll(() => eventCount(kim.page)).toBe('11');
    await expect(lane(kim.page).getAttribute('data-view')).resolves.toBe('lane');
    // Sam's choice outlives a reload.
    await page.reload();
    await expect.poll(() => lane(page).getAttribute('data-view'), { timeout: 15_000 }).toBe('list');
  });
});

describe('clusters', () => {
  it('take the dots as a whole (the notes inside them none, as the board says), and an action can address one', async () => {
    const board = await createBoard(suite.server);
    const { page } = await suite.open(board.link('facilitator'), { name: 'Sam Rivera' });
    const [a, b] = ['Pool size set per worker, not per pod', 'No check of workers × pool size'];
    await addFactor(page, a!);
    await addFactor(page, b!);
    await factorCard(page, b!).waitFor();
    const writer = await connectSynced(`${suite.server.url.replace(/^http/, 'ws')}/ws`, board.id, board.tokens.facilitator);
    clients.push(writer);
    await expect.poll(() => B.readFactors(writer.doc).length).toBe(2);
    B.createCluster(writer.doc, { name: 'Pool sizing', category: 'technology', factorIds: B.readFactors(writer.doc).map((f) => f.id) }, LIVE_WRITES);
    const cluster = page.getByRole('group', { name: /^Cluster “Pool sizing”/ });
    await cluster.waitFor();
    await moveMeetingTo(page, 'Voting');
    await cluster.getByText('dots go to the cluster').waitFor();
    await cluster.getByRole('button', { name: 'Add a dot to “Pool sizing”' }).click();
    await page.getByText('2 of 3 dots left').waitFor();
    expect(await factorCard(cluster, a!).getByRole('button', { name: /^Add a dot/ }).count()).toBe(0);
    expect(await factorCard(cluster, b!).getByRole('button', { name: /^Add a dot/ }).count()).toBe(0);

    // An action can address the cluster as a whole; the top-voted cluster is then addressed.
    await page.getByRole('button', { name: 'Reveal votes' }).first().click();
    const unaddressed = page.getByRole('status', { name: 'Top-voted factors no action addresses' });
    await unaddressed.filter({ hasText: 'Pool sizing (1 dot)' }).waitFor();
    const composer = page.getByRole('form', { name: 'Add an action item' });
    await composer.getByLabel('New action').fill('Refuse to start when workers × pool size exceeds the limit');
    await composer.getByLabel('Owner').fill('Sam');
    await composer.getByLabel('Due').fill('2027-02-01');
    await composer.getByRole('button', { name: 'Add action' }).click();
    await page.getByRole('button', { name: /addresses: none\. Change$/ }).click();
    await page.getByRole('checkbox', { name: 'Pool sizing (cluster, 2 notes)' }).check();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /addresses: 1\. Change$/ }).getByText('Pool sizing (cluster)').waitFor();
    await unaddressed.waitFor({ state: 'detached' });
  });
});

describe('a voted factor', () => {
  it('keeps its dots, links and tools on one line', async () => {
    const board = await createBoard(suite.server);
    const { page } = await suite.open(board.link('facilitator'), { name: 'Sam Rivera', viewport: { width: 1280, height: 800 } });
    const text = 'Each worker opens its own pool of connections';
    await addEvent(page, '14:02', 'Error-rate alert fired for checkout-api');
    await addEvent(page, '14:07', 'On-call acknowledged');
    await addFactor(page, text);
    await factorCard(page, text).getByRole('button', { name: /explains: none\. Change$/ }).click();
    await page.getByRole('checkbox', { name: /14:02 Error-rate alert/ }).check();
    await page.getByRole('checkbox', { name: /14:07 On-call/ }).check();
    await page.keyboard.press('Escape');
    await factorCard(page, text).getByRole('button', { name: /^Move/ }).click();
    await page.getByRole('menuitem', { name: 'Technology' }).click();
    await moveMeetingTo(page, 'Voting');
    const card = factorCard(column(page, 'Technology'), text);
    await card.getByRole('button', { name: `Add a dot to “${text}”` }).click();
    await card.getByRole('button', { name: `Add a dot to “${text}”` }).click();
    // Before the reveal ("2 yours") and after it (everyone's 2).
    await card.getByText('yours').waitFor();
    const rowsAt = async (width: number) => {
      await page.setViewportSize({ width, height: 900 });
      const rows = await card.locator('.factor-card__footer').evaluate((footer) => {
        const tops = [...footer.querySelectorAll('button, .votes__count')].map((el) => Math.round(el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2));
        return new Set(tops.map((t) => Math.round(t / 8))).size;
      });
      return rows;
    };
    for (const width of [1100, 1280, 1440, 1920]) expect(await rowsAt(width), `footer rows at ${width}px, before the reveal`).toBe(1);
    await page.getByRole('button', { name: 'Reveal votes' }).first().click();
    await card.getByText('2', { exact: true }).waitFor();
    for (const width of [1100, 1280, 1440, 1920]) expect(await rowsAt(width), `footer rows at ${width}px`).toBe(1);
  });
});
