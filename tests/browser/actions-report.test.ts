// Action items, and the report a person downloads: it holds the event, the factor (with its dot
// once the facilitator has revealed the votes), and the action, as typed on the board.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addEvent, addFactor, createBoard, factorCard, moveMeetingTo, useBrowserSuite } from './helpers';

const suite = useBrowserSuite();

describe('action items and the report', () => {
  it('adds an owned, dated action linked to a factor, and downloads a report with everything in it', async () => {
    const board = await createBoard(suite.server, { title: 'Checkout errors after deploy', incidentDate: '2026-11-03' });
    const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const kim = await suite.open(board.link('participant'), { name: 'Kim' });
    const page = sam.page;

    await addEvent(page, '14:02', 'Error-rate alert fired for checkout-api', 'Detection');
    await addFactor(page, 'Pool size not covered by any test');
    await moveMeetingTo(page, 'Voting');
    await factorCard(page, 'Pool size not covered by any test')
      .getByRole('button', { name: 'Add a dot to “Pool size not covered by any test”' })
      .click();
    await page.getByText('2 of 3 dots left').waitFor();

    const composer = page.getByRole('form', { name: 'Add an action item' });
    await composer.getByLabel('New action').fill('Add an integration test for pool settings');
    await composer.getByLabel('Owner').fill('Priya');
    await composer.getByLabel('Due').fill('2027-01-15');
    await composer.getByRole('button', { name: 'Add action' }).click();

    const row = page.getByRole('row', { name: 'Action: Add an integration test for pool settings' });
    await row.waitFor();
    await row.getByRole('button', { name: /Factors “Add an integration test for pool settings” addresses/ }).click();
    await page.getByRole('checkbox', { name: 'Pool size not covered by any test' }).check();
    await page.keyboard.press('Escape');
    await row.getByRole('combobox', { name: /Status of/ }).selectOption({ label: 'In progress' });

    // The other person sees the action as it was written.
    const kimsRow = kim.page.getByRole('row', { name: 'Action: Add an integration test for pool settings' });
    await kimsRow.waitFor();
    await expect.poll(() => kimsRow.getByRole('textbox', { name: /^Owner of/ }).inputValue()).toBe('Priya');
    await expect.poll(() => kimsRow.getByLabel(/^Due date of/).inputValue()).toBe('2027-01-15');
    await expect.poll(() => kimsRow.getByRole('combobox', { name: /Status of/ }).inputValue()).toBe('in-progress');
    await kimsRow.getByTitle('Pool size not covered by any test').waitFor();

    // The report comes from Kim's copy of the board: everything synced is in it. Until the
    // facilitator reveals the votes it shows no dot.
    const downloadReport = async () => {
      const [download] = await Promise.all([
        kim.page.waitForEvent('download'),
        kim.page.getByRole('button', { name: 'Download report' }).click(),
      ]);
      return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
    };
    const hidden = await downloadReport();
    expect(hidden.text).toContain('Pool size not covered by any test');
    expect(hidden.text).not.toContain('●');
    expect(hidden.text).toContain('_Votes are hidden until the facilitator reveals them._');
    expect(hidden.text).toContain('- **Status:** Draft');

    await page.getByRole('button', { name: 'Reveal votes' }).first().click();
    await factorCard(kim.page, 'Pool size not covered by any test')
      .getByRole('group', { name: 'Dots on “Pool size not covered by any test”: 1 dot' })
      .waitFor();
    const download = await downloadReport();
    expect(download.name).toMatch(/\.md$/);
    expect(download.name).toContain('checkout-errors-after-deploy');
    const report = download.text;
    expect(report).toContain('# Checkout errors after deploy');
    expect(report).toContain('Error-rate alert fired for checkout-api');
    expect(report).toContain('14:02');
    expect(report).toContain('Pool size not covered by any test');
    expect(report).toContain('Add an integration test for pool settings');
    expect(report).toContain('Priya');
    expect(report).toContain('2027-01-15');
    // The dot: the factor's line carries its tally.
    const factorLine = report.split('\n').find((l) => l.includes('Pool size not covered by any test') && l.includes('●'));
    expect(factorLine, 'a line showing the factor with its dot').toBeDefined();
  });

  it('nudges gently past five action items', async () => {
    const board = await createBoard(suite.server);
    const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const composer = sam.page.getByRole('form', { name: 'Add an action item' });
    for (let i = 1; i <= 6; i++) {
      await composer.getByLabel('New action').fill(`Action number ${i}`);
      await composer.getByLabel('Owner').fill('Sam');
      await composer.getByLabel('Due').fill('2027-02-01');
      await composer.getByRole('button', { name: 'Add action' }).click();
      await sam.page.getByRole('row', { name: `Action: Action number ${i}` }).waitFor();
      if (i === 5) expect(await sam.page.getByText(/tend to finish three to five/).count()).toBe(0);
    }
    await sam.page.getByText(/6 action items\. Teams tend to finish three to five/).waitFor();

    // One is dropped: "Won't do" asks why in the row, Escape leaves the item as it was, and the
    // reason is kept with the item once given.
    const row = sam.page.getByRole('row', { name: 'Action: Action number 6' });
    const status = row.getByRole('combobox', { name: /Status of/ });
    const why = row.getByRole('textbox', { name: /won't be done/ });
    await status.selectOption({ label: "Won't do" });
    await expect.poll(() => why.evaluate((el) => el === document.activeElement)).toBe(true);
    await sam.page.keyboard.press('Escape');
    await why.waitFor({ state: 'detached' });
    expect(await status.inputValue()).toBe('open');
    await status.selectOption({ label: "Won't do" });
    await expect(row.getByRole('button', { name: 'Save' }).isDisabled()).resolves.toBe(true);
    await why.fill('Covered by the pool alert from action 2');
    await why.press('Enter');
    await row.getByText("Won't do: Covered by the pool alert from action 2").waitFor();
    expect(await status.inputValue()).toBe('wont-do');
  });
});
