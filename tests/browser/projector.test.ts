// The room screen (projector mode): opened from a view-only link at /b/<id>/projector on the room's
// PC, it shows only the current phase's part, in text no smaller than 20 px at 1920x1080 and
// 1280x720, with a large timer, and follows the facilitator's phase and the note they point at.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserSuite, waitConnected, type OpenedPage } from './helpers';
import { createSeededBoard, type SeededBoard } from './seed';

const suite = useBrowserSuite();
let seeded: SeededBoard;
let sam: OpenedPage;

beforeAll(async () => {
  seeded = await createSeededBoard(suite.server);
  sam = await suite.open(seeded.board.link('facilitator'), { name: 'Sam Rivera' });
  return () => seeded.leave();
});

const roomLink = () => seeded.board.link('viewer').replace(`/b/${seeded.board.id}`, `/b/${seeded.board.id}/projector`);

async function moveTo(page: Page, step: string, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Meeting phases' }).getByRole('button', { name: new RegExp(`^\\d*${step}$`) }).click();
  await page.getByRole('region', { name: 'Meeting' }).getByText(`Current phase: ${label}`).waitFor();
}

/** The smallest rendered text on the page, in CSS pixels, and where it is. */
async function smallestText(page: Page): Promise<{ size: number; text: string }> {
  return page.evaluate(() => {
    let smallest = { size: Infinity, text: '' };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !node.textContent?.trim() || el.closest('.visually-hidden')) continue;
      if (el.getClientRects().length === 0) continue;
      const size = parseFloat(getComputedStyle(el).fontSize) * (el.currentCSSZoom ?? 1);
      if (size < smallest.size) smallest = { size, text: node.textContent.trim().slice(0, 40) };
    }
    return smallest;
  });
}

describe('the room screen', () => {
  it('shows the current phase only, in large text, at 1920x1080 and 1280x720, and follows the facilitator', async () => {
    await moveTo(sam.page, 'Timeline', 'Timeline');
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    ]) {
      const { page } = await suite.open(roomLink(), { viewport });
      // The path stays (the token left the address).
      expect(new URL(page.url()).pathname).toBe(`/b/${seeded.board.id}/projector`);
      await page.getByRole('heading', { level: 1, name: /Timeline/ }).waitFor();
      await page.getByRole('list', { name: 'Timeline' }).waitFor();
      // Only the timeline: no factors, no actions, no editing.
      expect(await page.locator('[data-factor-id], [data-action-id]').count()).toBe(0);
      expect(await page.getByRole('textbox').count()).toBe(0);
      const smallest = await smallestText(page);
      expect(smallest.size, `"${smallest.text}"`).toBeGreaterThanOrEqual(20);
      const body = await page.getByText('Support pages on-call through the incident bot.').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(body).toBeGreaterThanOrEqual(22);
      // The room screen is no one's name in the list of people.
      await sam.page.getByRole('group', { name: /Room screen/ }).waitFor();
    }

    // The facilitator's phase, timer and focus follow onto the room screen.
    const { page: room } = await suite.open(roomLink(), { viewport: { width: 1920, height: 1080 } });
    await room.getByRole('list', { name: 'Timeline' }).waitFor();
    await sam.page.getByRole('button', { name: 'Timer' }).click();
    await sam.page.getByRole('button', { name: '5 min' }).click();
    const timer = room.getByRole('timer', { name: 'Time left' });
    await expect.poll(() => timer.innerText()).toMatch(/^[45]:\d\d$/);
    expect(await timer.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(64);

    await sam.page.getByRole('article', { name: /^Detection at 14:31/ }).getByText(/connection-pool saturation/).click();
    const focused = room.locator('[data-focused="true"]');
    await expect.poll(() => focused.innerText()).toContain('Database dashboard shows connection-pool saturation');

    await moveTo(sam.page, 'Factors', 'Contributing factors');
    await room.getByRole('heading', { level: 1, name: /Contributing factors/ }).waitFor();
    await room.getByRole('region', { name: 'Technology' }).getByText('No alert on connection-pool saturation').waitFor();
    expect(await room.locator('[data-event-id]').count()).toBe(0);
    await sam.page.keyboard.press('Escape');
    await moveTo(sam.page, 'Pre-work', 'Pre-work');
  });

  it('opens from the board menu, in a new window', async () => {
    const [popup] = await Promise.all([
      sam.page.waitForEvent('popup'),
      (async () => {
        await sam.page.getByRole('button', { name: 'More' }).click();
        await sam.page.getByRole('menuitem', { name: 'Open the room screen (projector)' }).click();
      })(),
    ]);
    await waitConnected(popup);
    expect(new URL(popup.url()).pathname).toBe(`/b/${seeded.board.id}/projector`);
    await popup.getByRole('heading', { level: 1, name: /Pre-work/ }).waitFor();
    await popup.close();
  });
});
