// Analysis aids on the board: importing a PagerDuty log and a Slack export into the timeline, the
// incident metrics from the markers (suggested by the import, or set on a note), the report
// carrying both, a malformed file refused with its reason and nothing added, and the
// blameless-language coach's hint while typing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { addEvent, createBoard, moveMeetingTo, useBrowserSuite } from './helpers';

const FIXTURES = path.resolve('tests/shared/fixtures/import');
const SLACK = path.join(FIXTURES, 'slack-export');

const suite = useBrowserSuite();

const lane = (page: Page) => page.getByRole('region', { name: 'Timeline, earliest first' });
const notes = (page: Page) => lane(page).locator('article.event-note');
/** How many events the timeline counts (its heading): the lane draws only the notes near view. */
const eventCount = (page: Page) => page.locator('#timeline .board-section__count').textContent();

/** Scrolls the lane from its start until a note with `text` is drawn, as a person would look. */
async function scrollLaneTo(page: Page, text: string): Promise<void> {
  const region = lane(page);
  await region.evaluate((el) => el.scrollTo({ left: 0 }));
  for (let step = 0; step < 40; step++) {
    if ((await region.getByText(text, { exact: false }).count()) > 0) return;
    await region.evaluate((el) => el.scrollBy({ left: el.clientWidth * 0.8 }));
    // Two frames: the lane draws the slots now in view on the next one.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  throw new Error(`no note with “${text}” in the lane`);
}
const metric = (page: Page, abbreviation: string): Locator => page.locator(`.metric[data-metric="${abbreviation}"] .metric__shown`);

async function openImport(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Import timeline' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a timeline' });
  await dialog.waitFor();
  return dialog;
}

describe('analysis aids', () => {
  it('imports a PagerDuty log and a Slack export, measures the incident and puts both in the report', async () => {
    const board = await createBoard(suite.server, { title: 'Checkout errors after deploy', incidentDate: '2026-11-03' });
    const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const { page } = sam;

    // Before any marker, the metrics say they are not measured.
    await expect.poll(() => metric(page, 'TTR').textContent()).toBe('not marked');

    // PagerDuty: detected, the format shown, routine notifications unticked.
    let dialog = await openImport(page);
    await dialog.getByLabel('Choose files').setInputFiles(path.join(FIXTURES, 'pagerduty-log-entries.json'));
    await expect.poll(() => dialog.getByLabel('Format').locator('option').first().textContent()).toBe('Detected: PagerDuty incident log');
    await dialog.getByText('10 events found').waitFor();
    await dialog.getByRole('button', { name: 'Add 6 events' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => notes(page).count()).toBe(6);
    await lane(page).getByText('Triggered through the API').waitFor();
    await lane(page).getByText('Rolled back deploy 4812').waitFor();

    // The suggested markers measure what they can: detected 14:07 -> acknowledged 14:11.
    await expect.poll(() => metric(page, 'TTA').textContent()).toBe('4 min');
    await expect.poll(() => metric(page, 'TTD').textContent()).toBe('not marked');

    // Importing the same log again starts with everything already on the board unticked.
    dialog = await openImport(page);
    await dialog.getByLabel('Choose files').setInputFiles(path.join(FIXTURES, 'pagerduty-log-entries.json'));
    await dialog.getByRole('button', { name: 'Add 0 events' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Slack: a whole export (several files at once), names from users.json, markup as text.
    dialog = await openImport(page);
    await dialog
      .getByLabel('Choose files')
      .setInputFiles(['users.json', 'channels.json', 'incident-4812-checkout/2026-11-03.json', 'incident-4812-checkout/2026-11-04.json'].map((f) => path.join(SLACK, f)));
    await expect.poll(() => dialog.getByLabel('Format').locator('option').first().textContent()).toBe('Detected: Slack channel export');
    await dialog.getByText('13 events found').waitFor();
    // The next day's note is not part of the incident: untick it.
    await dialog.getByRole('checkbox', { name: /^Add 09:02 Review scheduled/ }).uncheck();
    await dialog.getByRole('button', { name: 'Add 12 events' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => eventCount(page)).toBe('18');
    await scrollLaneTo(page, 'DB log is full of');
    await scrollLaneTo(page, 'Dana K.: 4812 took workers 8 -> 24');

    // Marking when the impact started, on the note's marker menu, measures the rest.
    await addEvent(page, '13:58', 'Checkout error rate starts climbing after deploy 4812', 'Impact');
    const first = notes(page).filter({ hasText: 'Checkout error rate starts climbing' });
    await first.getByRole('combobox', { name: /^Incident marker/ }).selectOption({ label: 'Impact started' });
    await expect.poll(() => metric(page, 'TTD').textContent()).toBe('9 min');
    await expect.poll(() => metric(page, 'TTR').textContent()).toBe('47 min');
    await expect.poll(() => metric(page, 'TTM').textContent()).toBe('not marked');
    await expect.poll(() => page.locator('.metric[data-metric="TTM"]').getAttribute('title')).toContain('mark “Mitigated”');
    await first.locator('.marker-select--set').waitFor();

    // What we knew at the time, folded under the note.
    await first.getByRole('button', { name: 'What we knew at the time' }).click();
    const saw = first.getByRole('textbox', { name: 'What we saw at 13:58' });
    await saw.fill('Checkout latency dashboard slightly up; no alert yet');
    await first.getByRole('button', { name: /What we knew at the time \(1\/3\)/ }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report' }).click()]);
    const report = fs.readFileSync(await download.path(), 'utf8');
    expect(report).toContain('Triggered through the API');
    expect(report).toContain('DB log is full of');
    expect(report).toContain('## Incident metrics');
    expect(report).toContain('What we knew at the time');
    expect(report).toContain('Checkout latency dashboard slightly up; no alert yet');
    expect(report).toMatch(/\| Time to detect \(TTD\) \| Impact started, [^|]*13:58[^|]*\| Detected, [^|]*14:07[^|]*\| 9 min \|/);
    expect(report).toMatch(/\| Time to resolve \(TTR\) \|[^\n]*\| 47 min \|/);

    // With names hidden, the responders' names stay out of the report.
    await page.getByLabel('without names').check();
    const [hidden] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report' }).click()]);
    const redacted = fs.readFileSync(await hidden.path(), 'utf8');
    expect(redacted).toContain('DB log is full of');
    expect(redacted).not.toContain('Sam');
  });

  it('refuses a malformed file with its reason and adds nothing; hints at blaming words as they are typed', async () => {
    const board = await createBoard(suite.server, { incidentDate: '2026-11-03' });
    const sam = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const viewer = await suite.open(board.link('viewer'));
    const { page } = sam;

    const dialog = await openImport(page);
    await dialog.getByLabel('Choose files').setInputFiles(path.join(FIXTURES, 'malformed', 'pagerduty-missing-created-at.json'));
    await dialog.getByRole('alert').filter({ hasText: 'Entry 4 (R3QW7): no created_at' }).waitFor();
    await dialog.getByText('Nothing will be imported until this is fixed.').waitFor();
    expect(await dialog.getByRole('button', { name: /^Add \d+ events?$/ }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await notes(page).count()).toBe(0);

    // Pasted lines with bare times fall on the incident date.
    const again = await openImport(page);
    await again.getByLabel('Paste text').fill('14:02 error-rate alert fired\n14:05 on-call acknowledged');
    await again.getByText('2026-11-03 14:02').waitFor();
    // Local times in a named zone become UTC.
    await again.getByLabel('Time zone of times without one').fill('Europe/Berlin');
    await again.getByText('2026-11-03 13:02').waitFor();
    await again.getByLabel('Day of times without a date').fill('2026-11-04');
    await again.getByText('2026-11-04 13:02').waitFor();
    await again.getByRole('button', { name: 'Cancel' }).click();

    // The coach: a gentle hint under the field, and the event can still be added.
    const composer = page.getByRole('form', { name: 'Add an event' });
    await composer.getByLabel('Time (UTC)').fill('14:20');
    await composer.getByLabel('What happened').fill('Sam should have checked the pool size');
    const hints = composer.getByRole('list', { name: 'Blameless-language hints' });
    await hints.waitFor();
    expect(await hints.textContent()).toContain('should have');
    await composer.getByRole('button', { name: 'Add event' }).click();
    await expect.poll(() => notes(page).count()).toBe(1);
    // On the note itself, the hint shows again while someone edits it, and only then.
    const note = notes(page).first();
    const noteHints = note.getByRole('list', { name: 'Blameless-language hints' });
    expect(await noteHints.isVisible()).toBe(false);
    await note.getByRole('textbox', { name: /^What happened at 14:20/ }).click();
    await noteHints.waitFor();
    await expect.poll(() => page.getByTestId('coach-count').textContent()).toMatch(/^[1-9]\d* phrasing hints?/);
    // The note carries a discreet mark, and the facilitator's count takes them to it.
    await note.getByRole('img', { name: /phrasing hint/ }).waitFor();
    await page.getByRole('heading', { name: /^Action items/ }).scrollIntoViewIfNeeded();
    await page.getByTestId('coach-count').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toMatch(/^What happened at 14:20/);

    // The same gentle hints under the factor and action fields.
    await page.getByLabel('New contributing factor').fill('Human error during the deploy');
    await page.locator('.factor-composer').getByRole('list', { name: 'Blameless-language hints' }).waitFor();
    await page.getByRole('form', { name: 'Add an action item' }).getByLabel('New action').fill('Obviously we should have tested the pool settings');
    await page.getByRole('form', { name: 'Add an action item' }).getByRole('list', { name: 'Blameless-language hints' }).waitFor();

    // A factor linked to the event it explains.
    await page.getByRole('button', { name: 'Add factor' }).click();
    const factor = page.getByRole('article', { name: /^Factor: Human error during the deploy/ });
    await factor.getByRole('button', { name: /explains: none\. Change$/ }).click();
    await page.getByRole('checkbox', { name: /14:20 Sam should have checked/ }).check();
    await page.keyboard.press('Escape');
    await factor.getByRole('button', { name: /explains: 1\. Change$/ }).waitFor();
    // Pointing at the factor outlines the event it explains: the chain.
    await factor.hover();
    const linkedNote = notes(page).filter({ hasText: 'Sam should have checked' });
    await expect.poll(() => linkedNote.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');

    // A factor with dots and no action is flagged in the Action items section, once the votes are revealed.
    await moveMeetingTo(page, 'Voting');
    await factor.getByRole('button', { name: 'Add a dot to “Human error during the deploy”' }).click();
    // The dot is the server's once it shows: only then is it in what the reveal publishes.
    await page.getByText('2 of 3 dots left').waitFor();
    await page.getByRole('button', { name: 'Reveal votes' }).first().click();
    await page.getByRole('status', { name: 'Top-voted factors no action addresses' }).filter({ hasText: 'Human error during the deploy (1 dot)' }).waitFor();

    // A viewer sees neither the import button nor the marker menu.
    await notes(viewer.page).first().waitFor();
    expect(await viewer.page.getByRole('button', { name: 'Import timeline' }).count()).toBe(0);
    expect(await viewer.page.getByRole('combobox', { name: /^Incident marker/ }).count()).toBe(0);
  });
});
