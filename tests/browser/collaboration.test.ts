// Two people on one board, in two browser profiles: what one adds, the other sees; two people
// typing in the same note both keep their words.
import { describe, expect, it } from 'vitest';
import { addEvent, addFactor, createBoard, factorCard, moveMeetingTo, useBrowserSuite } from './helpers';

const suite = useBrowserSuite();

describe('two people on one board', () => {
  it('shows one person’s event and factor to the other, and their dot once the facilitator reveals the votes', async () => {
    const board = await createBoard(suite.server);
    const { page: sam } = await suite.open(board.link('facilitator'), { name: 'Sam Rivera' });
    const { page: kim } = await suite.open(board.link('participant'), { name: 'Kim Osei' });

    // Both see each other.
    await kim.getByRole('group', { name: /Sam Rivera/ }).waitFor();
    await sam.getByRole('group', { name: /Kim Osei/ }).waitFor();

    await addEvent(sam, '14:02', 'Error-rate alert fired for checkout-api', 'Detection');
    await addFactor(sam, 'Alert routed to a muted channel');
    await moveMeetingTo(sam, 'Voting');
    await factorCard(sam, 'Alert routed to a muted channel')
      .getByRole('button', { name: 'Add a dot to “Alert routed to a muted channel”' })
      .click();
    await sam.getByText('2 of 3 dots left').waitFor();

    const event = kim.getByRole('article', { name: 'Detection at 14:02 UTC' });
    await event.waitFor();
    await expect.poll(() => event.getByRole('textbox', { name: 'What happened at 14:02' }).inputValue()).toBe(
      'Error-rate alert fired for checkout-api',
    );
    const factor = factorCard(kim, 'Alert routed to a muted channel');
    await factor.waitFor();
    // Sam's dot is Sam's: Kim still has all of hers, and sees none of Sam's until the reveal.
    await kim.getByText('3 of 3 dots left').waitFor();
    await factor.getByRole('group', { name: /^Dots on “Alert routed to a muted channel”: none of yours; totals hidden/ }).waitFor();
    expect(await kim.locator('#top-factors').getByText('Alert routed to a muted channel').count()).toBe(0);

    // Sam, the facilitator, reveals the votes: Kim sees the tally and the ranking.
    await sam.getByRole('button', { name: 'Reveal votes' }).first().click();
    await factor.getByRole('group', { name: 'Dots on “Alert routed to a muted channel”: 1 dot' }).waitFor();
    await kim.locator('#top-factors').getByText('Alert routed to a muted channel').waitFor();
    await kim.getByText('3 of 3 dots left').waitFor();
  });

  it('keeps both people’s words when they type in the same note at once', async () => {
    const board = await createBoard(suite.server);
    const { page: sam } = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const { page: kim } = await suite.open(board.link('participant'), { name: 'Kim' });
    await addEvent(sam, '09:30', 'database failover', 'Action');
    const boxOf = (page: typeof sam) =>
      page.getByRole('article', { name: 'Action at 09:30 UTC' }).getByRole('textbox', { name: 'What happened at 09:30' });
    await expect.poll(() => boxOf(kim).inputValue()).toBe('database failover');

    await boxOf(sam).click();
    await sam.keyboard.press('End');
    await boxOf(kim).click();
    await kim.keyboard.press('Home');
    await Promise.all([
      boxOf(sam).pressSequentially(' started by hand', { delay: 25 }),
      boxOf(kim).pressSequentially('Primary ', { delay: 25 }),
    ]);

    const expected = 'Primary database failover started by hand';
    await expect.poll(() => boxOf(sam).inputValue(), { timeout: 5000 }).toBe(expected);
    await expect.poll(() => boxOf(kim).inputValue(), { timeout: 5000 }).toBe(expected);
  });
});
