// Undo takes back a person's own edits only: "Deleted. Undo" restores a note for everyone, and
// Ctrl+Z never undoes someone else's work.
import { describe, expect, it } from 'vitest';
import { addEvent, addFactor, createBoard, factorCard, useBrowserSuite } from './helpers';

const suite = useBrowserSuite();

describe('undo', () => {
  it('restores a deleted event from the toast, and Ctrl+Z takes back only your own edits', async () => {
    const board = await createBoard(suite.server);
    const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const kim = await suite.open(board.link('participant'), { name: 'Kim' });

    await addEvent(sam.page, '14:02', 'Alert fired', 'Detection');
    const event = (p: typeof sam.page) => p.getByRole('article', { name: 'Detection at 14:02 UTC' });
    await event(kim.page).waitFor();

    await event(sam.page).hover();
    await event(sam.page).getByRole('button', { name: 'Delete event at 14:02' }).click();
    await event(kim.page).waitFor({ state: 'detached' });
    await sam.page.getByRole('status').filter({ hasText: 'Event deleted.' }).getByRole('button', { name: 'Undo' }).click();
    await event(kim.page).waitFor();
    await expect
      .poll(() => event(kim.page).getByRole('textbox', { name: 'What happened at 14:02' }).inputValue())
      .toBe('Alert fired');

    // Kim adds a factor; Sam's Ctrl+Z leaves it alone.
    await addFactor(kim.page, 'Alert had no runbook link');
    await factorCard(sam.page, 'Alert had no runbook link').waitFor();
    // Sam leaves the field he was in (as a click on empty space would; the sticky header and
    // meeting bar can cover any fixed point of the page, depending on where it is scrolled).
    await sam.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // Sam's last own edit still on the stack is adding the event: Ctrl+Z takes it back, redo
    // brings it again, and Kim's factor stays through all of it.
    await sam.page.keyboard.press('Control+z');
    await event(kim.page).waitFor({ state: 'detached' });
    await sam.page.keyboard.press('Control+Shift+z');
    await event(kim.page).waitFor();
    await sam.page.keyboard.press('Control+z');
    await sam.page.keyboard.press('Control+z');
    await event(kim.page).waitFor({ state: 'detached' });
    // Sam's next edit reaches Kim after whatever his undos sent: once she has it, she has them all.
    await addFactor(sam.page, 'Written after the undos');
    await factorCard(kim.page, 'Written after the undos').waitFor();
    expect(await factorCard(kim.page, 'Alert had no runbook link').count()).toBe(1);
    expect(await factorCard(sam.page, 'Alert had no runbook link').count()).toBe(1);
  });
});
