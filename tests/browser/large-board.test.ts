// A long board (issue 15): only the notes near the viewport are in the DOM (client/src/ui/
// windowing.ts), yet every note is reachable by scrolling and by the keyboard, focus is never
// dropped when the window moves on, a note moved far down a column keeps the keyboard, and a note
// dragged to the window's edge scrolls the page and lands on a note drawn on the way.
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
  it('scrolls the page while a dragged note is held at the window\'s edge, and stacks it on a note drawn on the way', async () => {
    const page = await openLongBoard();
    const name = 'Unsorted factor 2';
    const handle = page.getByRole('button', { name: `Drag “${name}”` });
    await handle.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const hb = (await handle.boundingBox())!;
    const tech = (await column(page, 'Technology').boundingBox())!;
    const height = await page.evaluate(() => window.innerHeight);
    const x = tech.x + tech.width / 2;
    const scrolledFrom = await page.evaluate(() => window.scrollY);
    await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page.mouse.down();
    await page.mouse.move(hb.x + hb.width / 2 + 8, hb.y + hb.height / 2 + 8, { steps: 4 });
    // Held at the bottom edge over Technology: the page scrolls on while the pointer rests there.
    await page.mouse.move(x, height - 4, { steps: 12 });
    await expect.poll(() => page.evaluate(() => window.scrollY), { timeout: 15_000 }).toBeGreaterThan(scrolledFrom + 1200);
    // Away from the edge, the page stops; then onto a Technology note that was not drawn when the drag began.
    await page.mouse.move(x, height / 2, { steps: 4 });
    const target = await page.evaluate(
      ([y0, y1]) =>
        new Promise<{ name: string; x: number; y: number } | null>((resolve) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              const notes = [...document.querySelectorAll('section.factor-column[data-column="technology"] article[data-factor-id]')];
              const note = notes.find((n) => {
                const r = n.getBoundingClientRect();
                return r.top > y0 && r.bottom < y1;
              });
              const r = note?.getBoundingClientRect();
              const label = note?.getAttribute('aria-label')?.replace(/^Factor: /, '');
              resolve(r && label ? { name: label, x: r.left + r.width / 2, y: r.top + r.height / 2 } : null);
            }),
          ),
        ),
      [height * 0.25, height * 0.75] as const,
    );
    expect(target).not.toBeNull();
    const number = Number(/(\d+)$/.exec(target!.name)?.[1]);
    expect(number).toBeGreaterThan(10); // far down the column: drawn only once the page got there
    await page.mouse.move(target!.x, target!.y, { steps: 6 });
    await page.mouse.up();
    const cluster = column(page, 'Technology').getByRole('group', { name: /^Cluster “Untitled cluster”, 2 notes/ });
    await factorCard(cluster, name).waitFor();
    await factorCard(cluster, target!.name).waitFor();
    // Gone from Unsorted ("exact": "Unsorted factor 2" would also name 20 to 29).
    expect(await column(page, 'Unsorted').getByRole('article', { name: `Factor: ${name}`, exact: true }).count()).toBe(0);
  });
});

describe('opening it', () => {
  it('shows the board drawn by the server before the app has loaded, then the live board in the same place', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
    try {
      await context.addInitScript(() => localStorage.setItem('debrief:name', 'Opener'));
      const page = await context.newPage();
      // The app's code is held back: what shows meanwhile is the server's drawing alone.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(/\/assets\/start-[^/]+\.js$/, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(board.link('participant'));
      const first = page.locator('#first-screen');
      await page.waitForFunction(() => document.getElementById('first-screen')?.hidden === false);
      // The board as the person will see it: every note counted, the lane's first notes drawn.
      expect(await first.locator('#timeline .board-section__count').textContent()).toBe(String(EVENTS));
      expect(await first.locator('#factors .board-section__count').textContent()).toBe(String(TECHNOLOGY + UNSORTED));
      const note = first.locator('article.event-note').first();
      await expect.poll(() => note.isVisible()).toBe(true);
      expect(await note.locator('textarea').inputValue()).toBe('Event number 1');
      const drawnAt = await note.boundingBox();
      // Dates as this browser shows them (its language and zone), as the live board will.
      const drawnDay = await first.locator('.slot__day').first().textContent();
      const drawnLocal = await first.locator('.slot__time').first().getAttribute('title');
      expect(drawnDay).toBe('Tue 3 Nov');
      expect(drawnLocal).toBe('13:00 CET, Tue 3 Nov (your time)');
      // Not yet the board: inert (nothing in it takes focus or a click) and announced as busy.
      expect(await first.getAttribute('inert')).not.toBeNull();
      expect(await first.getAttribute('aria-busy')).toBe('true');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('#first-screen') ?? null)).toBeNull();

      release();
      await page.waitForFunction(() => !document.getElementById('first-screen'));
      // The live board took its place: one of each note, in the place the first screen drew it,
      // and it takes typing.
      const live = page.getByRole('textbox', { name: 'What happened at 12:00' });
      await live.waitFor();
      expect(await page.locator('article.event-note').filter({ has: page.locator('textarea') }).first().locator('textarea').inputValue()).toBe('Event number 1');
      expect(await page.locator('#timeline').count()).toBe(1);
      const liveAt = await page.locator('article.event-note').first().boundingBox();
      expect(await page.locator('.slot__day').first().textContent()).toBe(drawnDay);
      expect(await page.locator('.slot__time').first().getAttribute('title')).toBe(drawnLocal);
      expect(Math.abs(liveAt!.x - drawnAt!.x)).toBeLessThanOrEqual(2);
      expect(Math.abs(liveAt!.y - drawnAt!.y)).toBeLessThanOrEqual(2);
      await live.click();
      await page.keyboard.press('End');
      await page.keyboard.type(', seen live');
      await expect.poll(() => live.inputValue()).toBe('Event number 1, seen live');
      // Put back for the other tests.
      await live.fill('Event number 1');
    } finally {
      await context.close();
    }
  });

  it('asks someone new their name over the board they are joining, not over an empty frame', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(board.link('participant'));
      const dialog = page.getByRole('dialog', { name: 'What should others call you?' });
      await dialog.waitFor();
      // Behind it, the board as the server drew it.
      const first = page.locator('#first-screen');
      await expect.poll(() => first.locator('article.event-note').first().isVisible()).toBe(true);
      expect(await first.locator('#timeline .board-section__count').textContent()).toBe(String(EVENTS));
      // The question is on top and takes the name.
      const onTop = await dialog.evaluate((d) => {
        const box = d.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return hit !== null && d.contains(hit);
      });
      expect(onTop).toBe(true);
      await dialog.getByRole('textbox', { name: 'Your name' }).fill('Newcomer');
      await dialog.getByRole('button', { name: 'Join the board' }).click();
      await page.waitForFunction(() => !document.getElementById('first-screen'));
      await page.getByRole('textbox', { name: 'What happened at 12:00' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
