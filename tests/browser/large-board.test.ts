// A long board (issue 15): only the notes near the viewport are in the DOM (client/src/ui/
// windowing.ts), yet every note is reachable by scrolling and by the keyboard, focus is never
// dropped when the window moves on, and a note moved far down a column keeps the keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as B from '../../shared/board';
import { randomId } from '../../shared/ids';
import { column, createBoard, factorCard, useBrowserSuite, type TestBoard } from './helpers';
import { connect, type Seeder } from './seed';

const suite = useBrowserSuite();
const WRITES: B.WriteContext = { origin: B.LOCAL_ORIGIN, now: () => Date.now(), newId: randomId };

const EVENTS = 150;
const TECHNOLOGY = 60;
const UNSORTED = 60;

let board: TestBoard;
let seeder: Seeder;

beforeAll(async () => {
  board = await createBoard(suite.server, { title: 'A long incident' });
  seeder = await connect(suite.server, board.id, board.tokens.participant, 'Seeder', '#888888');
  B.addEvents(
    seeder.doc,
    Array.from({ length: EVENTS }, (_, i) => {
      const minutes = 12 * 60 + i;
      const time = `2026-11-03T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}Z`;
      return { time, kind: 'other' as const, text: `Event number ${i + 1}` };
    }),
    WRITES,
  );
  for (let i = 1; i <= TECHNOLOGY; i++) B.addFactor(seeder.doc, { text: `Technology factor ${i}`, category: 'technology' }, WRITES);
  for (let i = 1; i <= UNSORTED; i++) B.addFactor(seeder.doc, { text: `Unsorted factor ${i}`, category: null }, WRITES);
});

afterAll(() => {
  seeder?.provider.destroy();
});

const slotsInDom = (page: Page) => page.locator('.lane li.slot').count();

/** The 1-based place of the slot holding the focused element, or null when focus is outside the lane. */
const focusedSlot = (page: Page) =>
  page.evaluate(() => {
    const slot = document.activeElement?.closest('.lane li.slot');
    return slot ? Number(slot.getAttribute('aria-posinset')) : null;
  });

async function openLongBoard(): Promise<Page> {
  const { page } = await suite.open(board.link('facilitator'), { name: 'Sam' });
  await expect.poll(() => page.locator('#timeline .board-section__count').textContent()).toBe(String(EVENTS));
  await page.getByRole('textbox', { name: 'What happened at 12:00' }).waitFor();
  return page;
}

describe('a long board', () => {
  it('keeps only the notes near the viewport in the DOM, and reaches the last by scrolling', async () => {
    const page = await openLongBoard();
    const rendered = await slotsInDom(page);
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(EVENTS / 3);
    // Each slot says where it is in the whole timeline.
    expect(await page.locator('.lane li.slot').first().getAttribute('aria-setsize')).toBe(String(EVENTS));

    const lane = page.getByRole('region', { name: 'Timeline, earliest first' });
    await lane.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await page.getByRole('textbox', { name: 'What happened at 14:29' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'What happened at 14:29' }).inputValue()).toBe(`Event number ${EVENTS}`);
    expect(await slotsInDom(page)).toBeLessThan(EVENTS / 3);

    // Far down the Unsorted column, past what was first drawn.
    const unsorted = column(page, 'Unsorted');
    await unsorted.scrollIntoViewIfNeeded();
    expect(await unsorted.locator('article[data-factor-id]').count()).toBeLessThan(UNSORTED);
    await page.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight }));
    await factorCard(unsorted, `Unsorted factor ${UNSORTED}`).waitFor();
  });

  it('lets Tab walk past the last drawn note, and keeps the focused note when the lane scrolls away', async () => {
    const page = await openLongBoard();
    const lastDrawn = await page.locator('.lane li.slot').last().getAttribute('aria-posinset');
    const beyond = Number(lastDrawn) + 2;
    // Start at the text of the last drawn slot's note; Tab on until a slot that was not drawn.
    await page.locator(`.lane li.slot[aria-posinset="${lastDrawn}"] textarea`).first().focus();
    for (let presses = 0; presses < 60; presses++) {
      await page.keyboard.press('Tab');
      const at = await focusedSlot(page);
      expect(at, 'focus left the timeline instead of reaching the next note').not.toBeNull();
      if (at! >= beyond) break;
    }
    expect(await focusedSlot(page)).toBeGreaterThanOrEqual(beyond);
    const focusedName = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));

    // Scroll the lane back to the start: the focused note stays in place with the focus.
    const lane = page.getByRole('region', { name: 'Timeline, earliest first' });
    await lane.evaluate((el) => el.scrollTo({ left: 0 }));
    await page.getByRole('textbox', { name: 'What happened at 12:00' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(focusedName);
    expect(await focusedSlot(page)).toBeGreaterThanOrEqual(beyond);

    // Shift+Tab walks back as well.
    await page.keyboard.press('Shift+Tab');
    expect(await focusedSlot(page)).not.toBeNull();
  });

  it('moves a note to the end of a long column with Move to… and keeps the keyboard on it', async () => {
    const page = await openLongBoard();
    const name = 'Unsorted factor 1';
    const card = factorCard(column(page, 'Unsorted'), name);
    await card.scrollIntoViewIfNeeded();
    await card.getByRole('button', { name: `Move “${name}” to…` }).click();
    await page.getByRole('menuitem', { name: 'Technology' }).click();
    // It lands after 60 notes, far below the window: focus follows it there all the same.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const el = document.activeElement;
          return `${el?.closest('section.factor-column')?.getAttribute('data-column')} ${el?.getAttribute('aria-label')}`;
        }),
      )
      .toBe(`technology Move “${name}” to…`);
    // And it was scrolled into view.
    const box = await factorCard(column(page, 'Technology'), name).boundingBox();
    const height = await page.evaluate(() => window.innerHeight);
    expect(box && box.y + box.height > 0 && box.y < height).toBe(true);
  });
});
