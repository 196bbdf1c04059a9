// A facilitated meeting, as three people see it: hidden votes stay hidden from everyone else until
// the facilitator reveals them; only the facilitator has the voting controls; notes are anonymous
// unless the facilitator has the board show authors; and a person coming back sees what others
// added since they last looked.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addEvent, addFactor, createBoard, factorCard, moveMeetingTo, useBrowserSuite, waitConnected } from './helpers';

const suite = useBrowserSuite();

const MUTED = 'Alert routed to a muted channel';
const POOL = 'Pool size not covered by any test';

const addDot = (page: Page, text: string) => factorCard(page, text).getByRole('button', { name: `Add a dot to “${text}”` }).click();

/** What a person can read of the voting parts of the board. */
const votingText = async (page: Page) => (await page.locator('#factors, #top-factors, #actions').allInnerTexts()).join('\n');

describe('hidden votes', () => {
  it('keeps one participant’s dots from everyone else until the facilitator reveals them', async () => {
    const board = await createBoard(suite.server);
    const { page: sam } = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const { page: ana } = await suite.open(board.link('participant'), { name: 'Ana' });
    const { page: ben } = await suite.open(board.link('participant'), { name: 'Ben' });
    // Three notes, so that no count on the board is the 2 that Ana is about to place.
    for (const text of [MUTED, POOL, 'Runbook has no section on connection errors']) await addFactor(sam, text);
    await factorCard(ana, POOL).waitFor();
    await moveMeetingTo(sam, 'Voting');

    // Ana places two dots; she sees them as hers.
    await addDot(ana, MUTED);
    await addDot(ana, MUTED);
    await ana.getByText('1 of 3 dots left').waitFor();
    await factorCard(ana, MUTED).getByRole('group', { name: /: 2 of yours; totals hidden/ }).waitFor();
    // Her dots are kept by the server: they follow her to another device through her personal link.
    await ana.getByRole('button', { name: 'Share' }).click();
    const share = ana.getByRole('dialog', { name: 'Share the board' });
    const personal = await share.getByLabel('Your personal link', { exact: true }).inputValue();
    await ana.keyboard.press('Escape');
    const { page: anaPhone } = await suite.open(personal);
    await anaPhone.getByText('1 of 3 dots left').waitFor();
    await factorCard(anaPhone, MUTED).getByRole('group', { name: /: 2 of yours; totals hidden/ }).waitFor();
    // Something visible Ana writes after voting: once Ben sees it, anything her vote sent has reached him too.
    await addEvent(ana, '14:02', 'Error-rate alert fired');
    await ben.getByRole('article', { name: 'Detection at 14:02 UTC' }).waitFor();

    // Ben sees nothing of Ana's dots: no count, no ranking, only the honest hint.
    for (const page of [ben, sam]) {
      await factorCard(page, MUTED).getByRole('group', { name: /: none of yours; totals hidden/ }).waitFor();
      expect(await factorCard(page, MUTED).innerText()).not.toMatch(/\d/);
      const text = await votingText(page);
      expect(text).toContain('Contributing factors');
      expect(text).not.toMatch(/\b2\b/);
      expect(await page.locator('#top-factors').getByText(MUTED).count()).toBe(0);
      await page.getByText('Votes are hidden until the facilitator reveals them.').first().waitFor();
    }
    await ben.getByText('3 of 3 dots left').waitFor();

    // The facilitator reveals: Ben sees the tally and the ranking, live.
    await sam.getByRole('button', { name: 'Reveal votes' }).first().click();
    await factorCard(ben, MUTED).getByRole('group', { name: `Dots on “${MUTED}”: 2 dots` }).waitFor();
    const top = ben.locator('#top-factors').getByRole('listitem');
    await expect.poll(() => top.first().innerText()).toMatch(new RegExp(`${MUTED}[\\s\\S]*2`));
    // Votes are closed once revealed: the server refuses Ben's dot, he reads why, and no dot shows.
    await addDot(ben, POOL);
    await ben.getByText('The votes have been revealed: dots can no longer change.').waitFor();
    await factorCard(ben, POOL).getByRole('group', { name: `Dots on “${POOL}”: 0 dots` }).waitFor();
    // Without named voting no name goes with the dots.
    expect(await ben.locator('#top-factors').innerText()).not.toContain('Ana');
    expect(await factorCard(ben, MUTED).getByRole('button', { name: /Who voted/ }).count()).toBe(0);

    // Hidden again: back to each person's own dots.
    await sam.getByRole('button', { name: 'Hide again' }).first().click();
    await factorCard(ben, MUTED).getByRole('group', { name: /: none of yours; totals hidden/ }).waitFor();
    expect(await factorCard(ben, MUTED).innerText()).not.toMatch(/\d/);
  });

  it('gives only the facilitator the voting controls; the others read the rules, and named dots after the reveal', async () => {
    const board = await createBoard(suite.server);
    const { page: sam } = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const { page: ana } = await suite.open(board.link('participant'), { name: 'Ana' });
    await addFactor(sam, MUTED);
    await moveMeetingTo(sam, 'Voting');

    const rules = ana.getByRole('group', { name: 'Voting rules' });
    await expect.poll(() => rules.innerText()).toContain('3 dots each');
    for (const name of ['Reveal votes', 'Hide again', 'Vote settings']) {
      expect(await ana.getByRole('button', { name }).count(), name).toBe(0);
    }

    // The facilitator: four dots each, at most two on one note, named voting.
    await sam.getByRole('button', { name: 'Vote settings' }).click();
    const form = sam.getByRole('dialog', { name: 'Voting settings' });
    await form.getByLabel('Dots per person').fill('4');
    await form.getByLabel(/Most dots on one note/).fill('2');
    await form.getByRole('switch', { name: /Named voting/ }).check();
    await form.getByRole('button', { name: 'Save' }).click();

    await expect.poll(() => rules.innerText()).toMatch(/4 dots each, at most 2 on one note[\s\S]*Named voting/);
    await ana.getByText('4 of 4 dots left').waitFor();
    await addDot(ana, MUTED);
    await addDot(ana, MUTED);
    await ana.getByText('2 of 4 dots left').waitFor();
    // The cap reached, "+" says so rather than doing nothing.
    // (aria-disabled: it looks and reads unavailable, and Playwright waits for "enabled" unless forced.)
    const plus = factorCard(ana, MUTED).getByRole('button', { name: `Add a dot to “${MUTED}”` });
    await expect(plus.getAttribute('aria-disabled')).resolves.toBe('true');
    await plus.click({ force: true });
    await ana.getByRole('status').filter({ hasText: 'At most 2 dots on one note' }).waitFor();
    await ana.getByText('2 of 4 dots left').waitFor();

    // After the reveal, the names show with the dots.
    await sam.getByRole('button', { name: 'Reveal votes' }).first().click();
    const tally = factorCard(sam, MUTED).getByRole('button', { name: /2 dots.*Who voted/ });
    await tally.click();
    const who = sam.getByRole('dialog', { name: `Who put dots on “${MUTED}”` });
    await expect.poll(() => who.innerText()).toMatch(/Ana[\s\S]*2 dots/);
    await sam.keyboard.press('Escape');
    await expect.poll(() => sam.locator('#top-factors').innerText()).toContain('Ana 2');
  });
});

describe('authors', () => {
  it('writes notes anonymously by default; with authors shown, a new note carries its author and the old stays anonymous', async () => {
    const board = await createBoard(suite.server);
    const { page: sam } = await suite.open(board.link('facilitator'), { name: 'Sam Rivera' });
    const { page: ana } = await suite.open(board.link('participant'), { name: 'Ana Lopez' });
    const { page: ben } = await suite.open(board.link('participant'), { name: 'Ben Cho' });

    await addFactor(ana, MUTED);
    await addEvent(ana, '14:02', 'Error-rate alert fired');
    await factorCard(ben, MUTED).waitFor();
    const event = ben.getByRole('article', { name: 'Detection at 14:02 UTC' });
    await event.waitFor();
    expect(await factorCard(ben, MUTED).innerText()).not.toContain('Ana');
    expect(await event.innerText()).not.toContain('Ana');

    // The facilitator has the board show who wrote each note.
    await sam.getByRole('button', { name: 'Meeting settings' }).click();
    await sam.getByRole('switch', { name: /Show who wrote each note/ }).check();
    await sam.keyboard.press('Escape');

    // Ana is told her name now goes on what she adds.
    await ana.locator('#factors').getByText('Adding as Ana Lopez').waitFor();
    await addFactor(ana, POOL);
    await factorCard(ben, POOL).getByText('Ana Lopez').waitFor();
    // What was written anonymously stays anonymous.
    expect(await factorCard(ben, MUTED).innerText()).not.toContain('Ana');
    expect(await event.innerText()).not.toContain('Ana');

    // Off again: names are no longer shown.
    await sam.getByRole('button', { name: 'Meeting settings' }).click();
    await sam.getByRole('switch', { name: /Show who wrote each note/ }).uncheck();
    await sam.keyboard.press('Escape');
    await expect.poll(() => factorCard(ben, POOL).innerText()).not.toContain('Ana');
  });
});

describe('since you last looked', () => {
  it('marks what someone else added between two visits as new, until it is marked as seen', async () => {
    const board = await createBoard(suite.server);
    const { page: sam } = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const ana = await suite.open(board.link('participant'), { name: 'Ana' });
    await addEvent(sam, '13:58', 'Deploy 4812 rolls out');
    await addFactor(sam, MUTED);
    await factorCard(ana.page, MUTED).waitFor();

    // Ana's first visit: nothing is new.
    expect(await ana.page.getByText(/since you last looked/).count()).toBe(0);
    expect(await ana.page.getByText('New', { exact: true }).count()).toBe(0);
    await ana.page.close();

    // While she is away, Sam adds an event and a factor.
    await addEvent(sam, '14:02', 'Error-rate alert fired');
    await addFactor(sam, POOL);

    // Ana comes back (the same browser): those two are new, the rest is not.
    const page = await ana.context.newPage();
    page.on('pageerror', (err) => ana.errors.push(err.message));
    await page.goto(board.link('participant'));
    await waitConnected(page);
    const timeline = page.locator('#timeline');
    const factors = page.locator('#factors');
    await timeline.getByRole('status').filter({ hasText: /1 new event since you last looked \(\w{3} \d{2}:\d{2}\)/ }).waitFor();
    await factors.getByRole('status').filter({ hasText: /1 new factor since you last looked/ }).waitFor();
    await page.getByRole('article', { name: 'Detection at 14:02 UTC' }).getByText('New', { exact: true }).waitFor();
    expect(await page.getByRole('article', { name: /at 13:58 UTC/ }).getByText('New', { exact: true }).count()).toBe(0);
    await factorCard(page, POOL).getByText('New', { exact: true }).waitFor();
    expect(await factorCard(page, MUTED).getByText('New', { exact: true }).count()).toBe(0);

    // What Ana adds now is not "new" to her.
    await addFactor(page, 'Runbook has no section on connection errors');
    await factorCard(page, 'Runbook has no section on connection errors').waitFor();
    expect(await factorCard(page, 'Runbook has no section on connection errors').getByText('New', { exact: true }).count()).toBe(0);

    // Marking the timeline as seen clears its notice and badges, not the factors'.
    await timeline.getByRole('button', { name: 'Mark as seen' }).click();
    await expect.poll(() => timeline.getByText(/since you last looked/).count()).toBe(0);
    expect(await timeline.getByText('New', { exact: true }).count()).toBe(0);
    expect(await factorCard(page, POOL).getByText('New', { exact: true }).count()).toBe(1);

    // Coming back again, nothing is new.
    await page.reload();
    await waitConnected(page);
    await factorCard(page, POOL).waitFor();
    expect(await page.getByText(/since you last looked/).count()).toBe(0);
  });
});
