// Sorting contributing factors: by mouse, by keyboard (dnd-kit's keyboard sensor), by the
// "Move to…" menu, stacking into a cluster, and a cancelled drag that changes nothing anywhere.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { addFactor, column, createBoard, factorCard, useBrowserSuite } from './helpers';

const suite = useBrowserSuite();

/** A board with one factor in the tray, open for a facilitator (Sam) and a participant (Kim). */
async function boardWithFactor(text: string): Promise<{ sam: Page; kim: Page }> {
  const board = await createBoard(suite.server);
  const a = await suite.open(board.link('facilitator'), { name: 'Sam' });
  const b = await suite.open(board.link('participant'), { name: 'Kim' });
  await addFactor(a.page, text);
  await factorCard(column(b.page, 'Unsorted'), text).waitFor();
  return { sam: a.page, kim: b.page };
}

/**
 * Sam's browser writes `text` into the board's summary (focused without a click or a scroll, so a
 * drag in progress goes on); once Kim's page shows it, every edit Sam's browser sent before it has
 * reached Kim: what Kim sees then is all there is to see.
 */
async function editReachedKim(sam: Page, kim: Page, text: string): Promise<void> {
  const summary = (page: Page) => page.getByRole('textbox', { name: 'Summary' });
  await summary(sam).evaluate((el) => (el as HTMLElement).focus({ preventScroll: true }));
  await sam.keyboard.type(text);
  // What Sam's board took (a key pressed mid-drag may go to the drag rather than to the text).
  const written = await summary(sam).inputValue();
  expect(written).not.toBe('');
  await expect.poll(() => summary(kim).inputValue()).toBe(written);
}

/**
 * Starts recording, in `page`, each column the note `text` shows in, in order (repeats left out);
 * the returned function reads the record.
 */
async function recordColumns(page: Page, text: string): Promise<() => Promise<string[]>> {
  await page.evaluate((text) => {
    const where = () => {
      const card = document.querySelector(`section.factor-column article[aria-label^="Factor: ${CSS.escape(text)}"]`);
      return card?.closest<HTMLElement>('section.factor-column')?.dataset.column ?? 'nowhere';
    };
    const seen = [where()];
    (window as unknown as { columnsSeen: string[] }).columnsSeen = seen;
    new MutationObserver(() => {
      const now = where();
      if (seen[seen.length - 1] !== now) seen.push(now);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, text);
  return () => page.evaluate(() => (window as unknown as { columnsSeen: string[] }).columnsSeen);
}

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Presses the mouse on a note's handle and moves it over a target, without letting go. */
async function dragOver(page: Page, handle: Locator, target: Locator): Promise<void> {
  // Away from the window's edges, where dnd-kit scrolls the page under a dragging pointer.
  await page.locator('.factor-board').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const from = await center(handle);
  const to = await center(target);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 8, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
}

/** The columns whose drop mark is drawn (the mark over the column, shown by its opacity). */
function markShown(page: Page): Promise<string[]> {
  return page.$$eval('.factor-column', (columns) =>
    columns.filter((c) => getComputedStyle(c, '::after').opacity === '1').map((c) => (c as HTMLElement).dataset.column ?? ''),
  );
}

describe('sorting contributing factors', () => {
  it('moves a note into Process by mouse, and the other person sees it land', async () => {
    const text = 'Runbook described the old failover';
    const { sam, kim } = await boardWithFactor(text);
    const handle = sam.getByRole('button', { name: `Drag “${text}”` });
    const kimSaw = await recordColumns(kim, text);
    // Over Technology first, then on to Process, and let go there.
    await dragOver(sam, handle, column(sam, 'Technology').getByText('Drop notes about technology here.'));
    await sam.locator('.factor-column.is-over[data-column="technology"]').waitFor();
    // The column under the pointer is the one drawn marked (its mark layer shown), and only it.
    expect(await markShown(sam)).toEqual(['technology']);
    // Resting there, a screen reader hears where the note is.
    await sam.getByRole('status').filter({ hasText: 'is over the Technology column.' }).waitFor({ state: 'attached' });
    const process = await center(column(sam, 'Process').getByText('Drop notes about process here.'));
    await sam.mouse.move(process.x, process.y, { steps: 12 });
    await sam.locator('.factor-column.is-over[data-column="process"]').waitFor();
    await sam.mouse.up();

    await factorCard(column(sam, 'Process'), text).waitFor();
    await factorCard(column(kim, 'Process'), text).waitFor();
    expect(await factorCard(column(kim, 'Unsorted'), text).count()).toBe(0);
    // Mid-drag, nothing changed for anyone else: the drop reached Kim after anything Sam's browser
    // sent before it, and her page never showed the note anywhere between the tray and Process.
    expect(await kimSaw()).toEqual(['unsorted', 'process']);
  });

  it('moves a note into Process by keyboard: focus the handle, Space, arrows, Space', async () => {
    const text = 'Pool size set per region by hand';
    const { sam, kim } = await boardWithFactor(text);
    await sam.getByRole('button', { name: `Drag “${text}”` }).focus();
    await sam.keyboard.press('Space');
    await sam.locator('.factor-board.is-dragging').waitFor();
    // dnd-kit measures the columns just after the drag starts; an arrow pressed before that moves
    // nowhere (seen under load). Press until the drag is over the first column to the right.
    await expect
      .poll(async () => {
        if ((await sam.locator('.factor-column.is-over').count()) === 0) await sam.keyboard.press('ArrowRight');
        return sam.locator('.factor-column.is-over').getAttribute('data-column', { timeout: 1_000 }).catch(() => null);
      })
      .toBe('people');
    await sam.keyboard.press('ArrowRight');
    await sam.locator('.factor-column.is-over[data-column="process"]').waitFor();
    await sam.keyboard.press('Space');

    await factorCard(column(sam, 'Process'), text).waitFor();
    await factorCard(column(kim, 'Process'), text).waitFor();
    expect(await factorCard(column(kim, 'Unsorted'), text).count()).toBe(0);
  });

  it('changes nothing, here or for others, when a drag is cancelled with Escape', async () => {
    const text = 'No alert on connection-pool saturation';
    const { sam, kim } = await boardWithFactor(text);
    const handle = sam.getByRole('button', { name: `Drag “${text}”` });
    await dragOver(sam, handle, column(sam, 'Technology').getByText('Drop notes about technology here.'));
    // The drag is live and over Technology when it is cancelled.
    await sam.locator('.factor-column.is-over[data-column="technology"]').waitFor();
    await sam.keyboard.press('Escape');
    await sam.locator('.factor-board:not(.is-dragging)').waitFor();
    await sam.mouse.up();

    // Keyboard drags cancel the same way.
    await handle.focus();
    await sam.keyboard.press('Space');
    await sam.locator('.factor-board.is-dragging').waitFor();
    // dnd-kit measures the columns just after the drag starts; an arrow pressed before that moves
    // nowhere (seen under load). Press until the drag is over a column: the first one to the right.
    await expect
      .poll(async () => {
        if ((await sam.locator('.factor-column.is-over').count()) === 0) await sam.keyboard.press('ArrowRight');
        return sam.locator('.factor-column.is-over').getAttribute('data-column', { timeout: 1_000 }).catch(() => null);
      })
      .toBe('people');
    await sam.keyboard.press('Escape');
    await sam.locator('.factor-board:not(.is-dragging)').waitFor();

    await editReachedKim(sam, kim, 'After the cancelled drags.');
    for (const page of [sam, kim]) {
      expect(await factorCard(column(page, 'Unsorted'), text).count()).toBe(1);
      for (const name of ['People', 'Process', 'Technology'] as const) {
        expect(await factorCard(column(page, name), text).count()).toBe(0);
      }
    }
  });

  it('stacks two notes into a cluster, renames it, and moves a note with the Move to… menu', async () => {
    const first = 'Deploy window overlapped the traffic peak';
    const second = 'Change freeze calendar out of date';
    const { sam, kim } = await boardWithFactor(first);
    await addFactor(sam, second);

    // "Move to…" menu: the first note to Process.
    await factorCard(sam, first).getByRole('button', { name: `Move “${first}” to…` }).click();
    await sam.getByRole('menuitem', { name: 'Process' }).click();
    await factorCard(column(sam, 'Process'), first).waitFor();

    // Drop the second note onto the first: a new cluster, named for renaming.
    await dragOver(sam, sam.getByRole('button', { name: `Drag “${second}”` }), factorCard(sam, first));
    await sam.mouse.up();
    const cluster = column(sam, 'Process').getByRole('group', { name: /^Cluster “Untitled cluster”, 2 notes/ });
    await cluster.waitFor();
    // The name is focused and selected, so typing replaces it.
    await expect
      .poll(() =>
        sam.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return el ? `${el.value} ${el.selectionStart}-${el.selectionEnd}` : null;
        }),
      )
      .toBe('Untitled cluster 0-16');
    await sam.keyboard.type('Change scheduling');

    const kimsCluster = column(kim, 'Process').getByRole('group', { name: /^Cluster “Change scheduling”, 2 notes/ });
    await kimsCluster.waitFor();
    await factorCard(kimsCluster, first).waitFor();
    await factorCard(kimsCluster, second).waitFor();
  });
});
