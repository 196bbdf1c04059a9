// A view-only link: the board reads the same, says "View only", offers no way to change anything,
// and nothing the viewer does reaches anyone else.
import { describe, expect, it } from 'vitest';
import { addEvent, addFactor, createBoard, factorCard, moveMeetingTo, useBrowserSuite } from './helpers';

const suite = useBrowserSuite();

describe('a view-only link', () => {
  it('shows the board read-only, and nothing the viewer does reaches others', async () => {
    const board = await createBoard(suite.server);
    const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
    await addEvent(sam.page, '14:02', 'Error-rate alert fired', 'Detection');
    await addFactor(sam.page, 'Alert routed to a muted channel');
    // Dots show from the Voting phase on.
    await moveMeetingTo(sam.page, 'Voting');

    // A viewer is not asked for a name.
    const viewer = await suite.open(board.link('viewer'));
    const page = viewer.page;
    await page.getByText('View only', { exact: true }).first().waitFor();
    await page.getByRole('note').getByText(/You can follow the review/).waitFor();

    // The board's content is there…
    await page.getByRole('article', { name: 'Detection at 14:02 UTC' }).getByText('Error-rate alert fired').waitFor();
    await factorCard(page, 'Alert routed to a muted channel').getByText('Alert routed to a muted channel').waitFor();
    // Votes are hidden until the facilitator reveals them, for a viewer as for everyone.
    await page.getByRole('group', { name: 'Dots on “Alert routed to a muted channel”: hidden until the facilitator reveals them' }).waitFor();
    await page.getByText('Votes are hidden until the facilitator reveals them.').waitFor();

    // …and no way to change it.
    for (const name of ['Add event', 'Add factor', 'Add action', 'Add learning', 'Share', 'Vote settings', 'Reveal votes']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('combobox').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Drag / }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Add a dot/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Undo/ }).count()).toBe(0);
    // Reading and downloading are open to all.
    await page.getByRole('button', { name: 'Download report' }).waitFor();

    // The viewer is present, labelled as a viewer, on the facilitator's screen.
    await sam.page.getByRole('group', { name: /2 people here/ }).waitFor();

    // Trying anyway: clicking a note, typing, pressing undo, dragging its text.
    const note = factorCard(page, 'Alert routed to a muted channel');
    await note.click();
    await page.keyboard.type('blame Sam');
    await page.keyboard.press('Control+z');
    const box = await note.boundingBox();
    if (box) {
      await page.mouse.move(box.x + 10, box.y + 10);
      await page.mouse.down();
      await page.mouse.move(box.x + 400, box.y + 10, { steps: 8 });
      await page.mouse.up();
    }

    // The viewer's board is as it was.
    const unchanged = async (p: typeof page) => {
      expect(await p.locator('main').innerText()).not.toContain('blame Sam');
      expect(await p.locator('section.factor-column[data-column="unsorted"]').getByRole('article').count()).toBe(1);
    };
    await unchanged(page);
    // So is the facilitator's. The viewer leaves: the server handles the close of their
    // connection after everything it sent, and Sam's page hears of it after anything the server
    // passed on from it; once Sam sees them gone, nothing else of theirs is on the way.
    await page.close();
    await sam.page.getByRole('group', { name: /^1 person here/ }).waitFor();
    await unchanged(sam.page);
  });
});
