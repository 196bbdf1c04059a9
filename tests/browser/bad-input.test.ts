// Garbage in the UI: an empty note, a 5,000-character note, an impossible time. Each gets a clear
// message where it was typed, what was typed stays, and nothing half-made reaches the board.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SERVER_ORIGIN, addEvents, readEvents, withOrigin } from '../../shared/board';
import type { BoardId } from '../../shared/ids';
import { LIVE_WRITES } from '../helpers/context';
import { rebuild } from '../server/store-contract';
import { addEvent, createBoard, startServer, useBrowserSuite } from './helpers';

const suite = useBrowserSuite();

/** The smallest board limit the server accepts from its environment (MAX_BOARD_BYTES). */
const BOARD_LIMIT = 64 * 1024;

const LONG = 'The connection pool filled up. '.repeat(170).slice(0, 5000);

describe('bad input', () => {
  it('explains, keeps what was typed, and adds nothing', async () => {
    const board = await createBoard(suite.server);
    const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const kim = await suite.open(board.link('participant'), { name: 'Kim' });
    const page = sam.page;
    const form = page.getByRole('form', { name: 'Add an event' });
    const time = form.getByLabel('Time (UTC)');
    const text = form.getByLabel('What happened');
    const add = form.getByRole('button', { name: 'Add event' });

    // Nothing at all.
    await add.click();
    await form.getByRole('alert').getByText('Add a time: when did this happen, in UTC?').waitFor();

    // An impossible time, with words worth keeping.
    await time.fill('25:99');
    await text.fill('Failover finished');
    await add.click();
    await form.getByRole('alert').getByText(/25:99 is not a time of day/).waitFor();
    expect(await text.inputValue()).toBe('Failover finished');
    expect(await time.inputValue()).toBe('25:99');

    // Words that are not a time at all.
    await time.fill('yesterday afternoon');
    await add.click();
    await form.getByRole('alert').getByText(/is not a time Debrief can read/).waitFor();

    // A good time, but no words.
    await time.fill('14:20');
    await text.fill('   ');
    await add.click();
    await form.getByRole('alert').getByText('Write what happened before adding the event.').waitFor();

    // 5,000 characters: too long for one note; all of it stays in the box.
    await text.fill(LONG);
    await add.click();
    await form.getByRole('alert').getByText(/This note is 5,000 characters; an event holds up to 2,000/).waitFor();
    expect((await text.inputValue()).length).toBe(5000);

    // Nothing reached the board, here or for Kim.
    for (const p of [page, kim.page]) {
      await p.getByText(/No events yet/).waitFor();
    }

    // An empty factor.
    await page.getByRole('button', { name: 'Add factor' }).click();
    await page.getByRole('alert').getByText(/Write the condition first/).waitFor();
    expect(await page.locator('.factor-card').count()).toBe(0);

    // An empty action.
    await page.getByRole('form', { name: 'Add an action item' }).getByRole('button', { name: 'Add action' }).click();
    await page.getByRole('alert').getByText(/Describe the action first/).waitFor();
  });

  it('keeps an over-long edit on screen with the reason, and the board keeps the last good text', async () => {
    const board = await createBoard(suite.server);
    const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const kim = await suite.open(board.link('participant'), { name: 'Kim' });
    await addEvent(sam.page, '14:02', 'Paged on-call', 'Detection');
    const box = (p: typeof sam.page) =>
      p.getByRole('article', { name: 'Detection at 14:02 UTC' }).getByRole('textbox', { name: 'What happened at 14:02' });
    await expect.poll(() => box(kim.page).inputValue()).toBe('Paged on-call');

    await box(sam.page).fill(LONG);
    await sam.page
      .getByRole('article', { name: 'Detection at 14:02 UTC' })
      .getByRole('alert')
      .getByText('Event text is too long (at most 2000 characters).')
      .waitFor();
    expect((await box(sam.page).inputValue()).length).toBe(5000);
    // Sam's next edit reaches Kim after anything Sam's browser sent before it: once Kim has the
    // new event, she would have had the over-long text too.
    await addEvent(sam.page, '14:30', 'Rolled back the deploy', 'Action');
    await kim.page.getByRole('article', { name: 'Action at 14:30 UTC' }).waitFor();
    expect(await box(kim.page).inputValue()).toBe('Paged on-call');
    expect((await box(sam.page).inputValue()).length).toBe(5000);

    // Shortening it makes it valid again: the message goes and the board takes the new text.
    await box(sam.page).fill('Paged on-call; acknowledged at 14:05');
    await expect.poll(() => box(kim.page).inputValue()).toBe('Paged on-call; acknowledged at 14:05');
    expect(await sam.page.getByText('Event text is too long').count()).toBe(0);

    // An impossible time on an existing event: the editor stays open with the reason.
    await sam.page.getByRole('button', { name: /^Time: .*14:02 UTC\. Change time$/ }).click();
    const timeBox = sam.page.getByRole('textbox', { name: 'Event time (UTC)' });
    await timeBox.fill('2026-02-30 10:00');
    await timeBox.press('Enter');
    await sam.page.getByText(/2026-02-30 is not a real date/).waitFor();
    expect(await timeBox.inputValue()).toBe('2026-02-30 10:00');
    await timeBox.fill('2026-11-03 13:58');
    await timeBox.press('Enter');
    await kim.page.getByRole('article', { name: 'Detection at 13:58 UTC' }).waitFor();
  });
});

describe('a board at the size limit', () => {
  it('tells the writer the board is full, keeps what is on it, and still opens for newcomers', async () => {
    const server = await startServer({ maxBoardBytes: BOARD_LIMIT });
    try {
      const board = await createBoard(server);
      // A long review, written before (as the server writes): the board is close to the limit.
      const boardKey = { boardId: board.id as BoardId, name: 'board' as const };
      const sizeNow = () => server.app.rooms.read(boardKey, (doc) => Y.encodeStateAsUpdate(doc).byteLength);
      const write = (i: number, length: number) =>
        server.app.rooms.write(boardKey, (doc) =>
          addEvents(
            doc,
            [
              {
                time: `2026-11-03T${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`,
                text: `Log excerpt ${i + 1}: ${'upstream timed out while reading the response header; '.repeat(40)}`.slice(0, length),
                kind: 'other',
              },
            ],
            withOrigin(LIVE_WRITES, SERVER_ORIGIN),
          ),
        );
      // Long notes while a whole one still fits with room to spare, then one that leaves about
      // 1,000 bytes: whatever else the board holds, the 1,900-character note below cannot fit.
      let events = 0;
      while ((await sizeNow()) < BOARD_LIMIT - 3_200) await write(events++, 1990);
      await write(events++, Math.max(1, Math.min(2000, BOARD_LIMIT - 1_200 - (await sizeNow()))));
      const size = await sizeNow();
      expect(size).toBeGreaterThan(BOARD_LIMIT - 1_500);
      expect(size).toBeLessThan(BOARD_LIMIT);

      const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
      await sam.page.getByRole('article', { name: /at 10:00 UTC/ }).first().waitFor();
      // One more long note does not fit.
      await addEvent(sam.page, '16:40', `Full stack trace: ${'at handler (server.js:42) '.repeat(75)}`.slice(0, 1900));
      const alert = sam.page.getByRole('alert').filter({ hasText: 'This board is full' });
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/That change was not saved/);

      // Nothing already on the board was lost, and someone joining now gets all of it.
      const kim = await suite.open(board.link('participant'), { name: 'Kim' });
      // The timeline counts them all (its lane draws only the notes near view); the refused one is not among them.
      await expect.poll(() => kim.page.locator('#timeline .board-section__count').textContent()).toBe(String(events));
      await kim.page.getByRole('article', { name: 'Other at 10:00 UTC' }).waitFor();
      const stored = rebuild(await server.app.storage.loadDocument(boardKey));
      expect(readEvents(stored)).toHaveLength(events);
    } finally {
      await server.close();
    }
  });
});
