// The first hour without friction, in a real browser on the real server: moving the meeting to the
// timeline lands on the timeline, the keyboard's "Move to..." keeps focus on the factor it moved,
// chat lines import as chat lines, and the small things a first meeting trips over.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFactor, column, createBoard, factorCard, useBrowserSuite } from './helpers';

const suite = useBrowserSuite();

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
