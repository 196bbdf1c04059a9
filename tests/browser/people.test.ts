// People and the links that carry them, in a real browser: the facilitator continues on a second
// device through their personal link; the facilitator link makes a co-facilitator; the people list
// promotes and demotes (a co-facilitator reveals the votes); a replaced link is refused with words that say whom to ask.
import { describe, expect, it } from 'vitest';
import { addFactor, createBoard, factorCard, moveMeetingTo, useBrowserSuite, waitConnected } from './helpers';

const suite = useBrowserSuite();
const FACTOR = 'Pager rota listed someone on leave';

describe('people on a board', () => {
  it('the facilitator continues on a second device through the personal link, and the address bar holds a link that works', async () => {
    const board = await createBoard(suite.server);
    const laptop = await suite.open(board.link('facilitator'), { name: 'Robin' });
    // The address bar holds the participant link (the secret in the fragment), never a bare address.
    expect(new URL(laptop.page.url()).hash).toBe(`#token=${encodeURIComponent(board.tokens.participant)}`);

    await laptop.page.getByRole('button', { name: 'Share' }).click();
    const share = laptop.page.getByRole('dialog', { name: 'Invite people to the board' });
    const personal = await share.getByLabel('Your personal link', { exact: true }).inputValue();
    expect(personal).toMatch(/#token=p\./);
    await share.getByRole('img', { name: 'QR code of your personal link' }).waitFor();
    const facilitatorLink = await share.getByLabel('Facilitator link', { exact: true }).inputValue();

    // Another device, no name asked: it is Robin, facilitator, with the People list.
    const pc = await suite.open(personal);
    await pc.page.getByRole('button', { name: 'People' }).waitFor();
    await pc.page.getByRole('button', { name: 'People' }).click();
    const list = pc.page.getByRole('dialog', { name: 'People on this board' });
    await list.getByRole('listitem').filter({ hasText: 'Robin' }).getByText(/Facilitator/).waitFor();
    await list.getByRole('button', { name: 'Done' }).click();

    // The facilitator link makes a co-facilitator, in a browser that never saw the board.
    const sam = await suite.open(facilitatorLink, { name: 'Sam' });
    await sam.page.getByRole('button', { name: 'People' }).waitFor();
  });

  it('promotes a participant from the people list and back; their page follows, and as co-facilitator she reveals the votes', async () => {
    const board = await createBoard(suite.server);
    const robin = await suite.open(board.link('facilitator'), { name: 'Robin' });
    const kim = await suite.open(board.link('participant'), { name: 'Kim' });
    expect(await kim.page.getByRole('button', { name: 'People' }).count()).toBe(0);

    await robin.page.getByRole('button', { name: 'People' }).click();
    const list = robin.page.getByRole('dialog', { name: 'People on this board' });
    await list.getByRole('button', { name: 'Make Kim a facilitator' }).click();
    await list.getByRole('button', { name: 'Make Kim a participant' }).waitFor();
    // Kim's page reconnects as facilitator and shows the facilitator's tools.
    await kim.page.getByRole('button', { name: 'People' }).waitFor({ timeout: 15_000 });
    await waitConnected(kim.page);

    // As co-facilitator Kim runs the vote: Robin's dot stays hidden until Kim reveals it.
    await list.getByRole('button', { name: 'Done' }).click();
    await addFactor(robin.page, FACTOR);
    await moveMeetingTo(robin.page, 'Voting');
    await factorCard(robin.page, FACTOR).getByRole('button', { name: `Add a dot to “${FACTOR}”` }).click();
    await factorCard(robin.page, FACTOR).getByRole('group', { name: /: 1 of yours; totals hidden/ }).waitFor();
    await factorCard(kim.page, FACTOR).getByRole('group', { name: /: none of yours; totals hidden/ }).waitFor();
    await kim.page.getByRole('button', { name: 'Reveal votes' }).first().click();
    for (const page of [robin.page, kim.page]) await factorCard(page, FACTOR).getByRole('group', { name: `Dots on “${FACTOR}”: 1 dot` }).waitFor();
    await robin.page.getByRole('button', { name: 'People' }).click();

    await list.getByRole('button', { name: 'Make Kim a participant' }).click();
    await list.getByRole('button', { name: 'Make Kim a facilitator' }).waitFor();
    await kim.page.getByRole('button', { name: 'People' }).waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('a replaced view-only link is refused with a message that names whom to ask; the board is kept', async () => {
    const board = await createBoard(suite.server);
    const robin = await suite.open(board.link('facilitator'), { name: 'Robin' });
    const reader = await suite.open(board.link('viewer'));

    await robin.page.getByRole('button', { name: 'Share' }).click();
    const share = robin.page.getByRole('dialog', { name: 'Invite people to the board' });
    const before = await share.getByLabel('View-only link', { exact: true }).inputValue();
    await share.getByRole('button', { name: 'Replace view-only link' }).click();
    await expect.poll(() => share.getByLabel('View-only link', { exact: true }).inputValue()).not.toBe(before);

    // The open page is told at once, in words.
    await reader.page.getByRole('alert').getByText('The facilitator replaced this view-only link. Ask Robin for the new one.').waitFor();
    // A fresh browser opening the old link gets the same words, not a blank page.
    const late = await suite.browser.newContext();
    const page = await late.newPage();
    await page.goto(board.link('viewer'));
    await page.getByRole('heading', { name: 'This link was replaced' }).waitFor();
    await page.getByText('Ask Robin for the new one.').waitFor();
    await late.close();
    // The new link opens the board.
    const fresh = await suite.open(await share.getByLabel('View-only link', { exact: true }).inputValue());
    await waitConnected(fresh.page);
  });
});
