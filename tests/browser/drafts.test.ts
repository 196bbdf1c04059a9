// "Write privately first", as three people see it: with the mode on, each participant's new
// events stay in their own private notes, marked as such, unseen by the other; the facilitator
// sees how many each has waiting (not what they say); at the reveal both notes join the board for
// everyone, anonymous.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addEvent, addFactor, createBoard, factorCard, useBrowserSuite } from './helpers';

const suite = useBrowserSuite();

const ANA = 'Ana saw the checkout alert first';
const BEN = 'Ben restarted the connection pool';

const privateNotes = (page: Page) => page.locator('#timeline').getByRole('region', { name: /Your private notes/ });

describe('write privately first', () => {
  it('keeps each participant’s new events to themselves until the facilitator reveals them', async () => {
    const board = await createBoard(suite.server);
    const { page: sam } = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const { page: ana } = await suite.open(board.link('participant'), { name: 'Ana' });
    const { page: ben } = await suite.open(board.link('participant'), { name: 'Ben' });

    // The facilitator turns the mode on for the timeline, from the keyboard.
    const toggle = sam.locator('#timeline').getByRole('checkbox', { name: 'Write privately first' });
    await toggle.focus();
    await sam.keyboard.press('Space');
    await expect.poll(() => toggle.isChecked()).toBe(true);
    for (const page of [ana, ben]) await page.locator('#timeline').getByText(/Writing privately first/).waitFor();

    await addEvent(ana, '14:02', ANA);
    await addEvent(ben, '14:05', BEN);
    // Each sees their own note among their private notes, with the marker; nobody else's.
    await privateNotes(ana).getByText(ANA).waitFor();
    await privateNotes(ben).getByText(BEN).waitFor();
    await ana.getByText('Only you see this until the facilitator reveals').first().waitFor();

    // The facilitator sees one waiting for each, by name, not what they say.
    const counts = sam.getByRole('list', { name: 'Private events waiting, per person' });
    await counts.getByRole('listitem').filter({ hasText: 'Ana' }).getByLabel('1 private event', { exact: true }).waitFor();
    await counts.getByRole('listitem').filter({ hasText: 'Ben' }).getByLabel('1 private event', { exact: true }).waitFor();
    // Something Ana writes on the board after her private note (factors are not private): once Ben
    // has it, anything her board connection sent before has reached him too.
    await addFactor(ana, 'Alert thresholds never reviewed');
    await factorCard(ben, 'Alert thresholds never reviewed').waitFor();
    await factorCard(sam, 'Alert thresholds never reviewed').waitFor();
    expect(await ben.locator('body').innerText()).not.toContain(ANA);
    expect(await ana.locator('body').innerText()).not.toContain(BEN);
    expect(await sam.locator('body').innerText()).not.toMatch(new RegExp(`${ANA}|${BEN}`));

    // The reveal: both notes join the board, for everyone, with no name on them.
    await sam.getByRole('button', { name: 'Reveal private notes' }).first().click();
    for (const page of [sam, ana, ben]) {
      await page.getByRole('article', { name: 'Detection at 14:02 UTC' }).getByText(ANA).waitFor();
      await page.getByRole('article', { name: 'Detection at 14:05 UTC' }).getByText(BEN).waitFor();
    }
    await expect.poll(() => privateNotes(ana).getByRole('listitem').count()).toBe(0);
    await sam.locator('#timeline').getByText('No private events waiting yet.').waitFor();
    expect(await ben.locator('#timeline').innerText()).not.toMatch(/— (Ana|Ben)/);
  });
});
