// A facilitated meeting, in a real browser on the real server: a facilitator and two participants
// (each their own browser profile; the participants' laptop clocks are off by +7 and -3 minutes)
// follow one board through its phases. Phases, the timer, readiness, the check-in, last time's
// actions and closing reach everyone; what only the facilitator may change stays theirs even when a
// participant writes to the documents directly with a y-websocket client of their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as B from '../../shared/board';
import * as F from '../../shared/facilitation';
import type { PastActionsResponse } from '../../shared/protocol';
import { connectSynced, waitUntil, type Client } from '../server/helpers';
import { createBoard, useBrowserSuite, type OpenedPage, type TestBoard } from './helpers';
import { LIVE_WRITES } from '../helpers/context';

// One board and three pages for all the tests: opened in beforeAll, they stay open from test to
// test; the suite closes them, and checks them for script errors, once the last test is done.
const suite = useBrowserSuite();
let board: TestBoard;
let sam: OpenedPage; // facilitator
let kim: OpenedPage; // participant, laptop clock 7 minutes fast
let lee: OpenedPage; // participant, laptop clock 3 minutes slow
const clients: Client[] = [];

/** Makes a page's clock (Date.now and new Date()) run `offsetMs` off, before the app loads. */
function skewClock(offsetMs: number): string {
  return `(() => {
    const offset = ${offsetMs};
    const RealDate = Date;
    const realNow = RealDate.now.bind(RealDate);
    class SkewedDate extends RealDate {
      constructor(...args) { if (args.length === 0) super(realNow() + offset); else super(...args); }
      static now() { return realNow() + offset; }
    }
    globalThis.Date = SkewedDate;
  })();`;
}

async function openSkewed(url: string, name: string, offsetMs: number): Promise<OpenedPage> {
  const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light', timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  await context.addInitScript(skewClock(offsetMs));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url);
  const dialog = page.getByRole('dialog', { name: 'What should others call you?' });
  await dialog.getByLabel('Your name').fill(name);
  await dialog.getByRole('button', { name: 'Join the board' }).click();
  await page.getByRole('status').filter({ hasText: /^\s*Connected\b/ }).first().waitFor({ timeout: 15_000 });
  return { context, page, errors };
}

const wsUrl = () => `${suite.server.url.replace(/^http/, 'ws')}/ws`;
const meetingBar = (page: Page) => page.getByRole('region', { name: 'Meeting' });
const currentStep = (page: Page) => meetingBar(page).locator('[aria-current="step"]');
const remainingMs = (page: Page) =>
  page.getByRole('timer', { name: 'Time left' }).evaluate((el) => Number((el as HTMLElement).dataset.remainingMs));

async function expectPhase(page: Page, phase: F.Phase): Promise<void> {
  await expect.poll(() => currentStep(page).innerText(), { timeout: 5_000 }).toContain(
    phase === 'factors' ? 'Factors' : phase === 'actions' ? 'Actions' : F.PHASE_LABELS[phase],
  );
  await meetingBar(page).getByText(F.PHASE_PURPOSES[phase]).waitFor({ timeout: 5_000 });
}

/**
 * Waits until the server has handled every frame `sender` sent so far: an awareness marker sent
 * after them reaches `observer` (the server handles a connection's frames in order). An update it
 * refused is gone by then; one it took is queued for storage ahead of anything written after.
 */
async function handledBefore(sender: Client, observer: Client, marker: string): Promise<void> {
  sender.provider.awareness.setLocalStateField('marker', marker);
  await waitUntil(() => observer.provider.awareness.getStates().get(sender.doc.clientID)?.marker === marker, `marker ${marker}`);
}

async function report(): Promise<string> {
  const res = await fetch(`${suite.server.url}/api/boards/${board.id}/export.md`, {
    headers: { authorization: `Bearer ${board.tokens.facilitator}` },
  });
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  board = await createBoard(suite.server, { title: 'Card payments failing after deploy' });
  [sam, kim, lee] = await Promise.all([
    suite.open(board.link('facilitator'), { name: 'Sam Rivera' }),
    openSkewed(board.link('participant'), 'Kim Osei', 7 * 60_000),
    openSkewed(board.link('participant'), 'Lee Chen', -3 * 60_000),
  ]);
  suite.track(kim, lee);
});

// Runs before the suite's own afterAll (which closes the pages, the browser and the server).
afterAll(() => {
  for (const c of clients) c.destroy();
});

describe('a facilitated meeting', () => {
  it('moves everyone through the phases; only the facilitator has the controls', async () => {
    for (const p of [sam, kim, lee]) await expectPhase(p.page, 'prework');
    await meetingBar(sam.page).getByRole('button', { name: /^Next/ }).click();
    for (const p of [sam, kim, lee]) await expectPhase(p.page, 'groundRules');

    // Jump straight to a step, and back with Back.
    await meetingBar(sam.page).getByRole('navigation', { name: 'Meeting phases' }).getByRole('button', { name: 'Factors' }).click();
    for (const p of [kim, lee]) await expectPhase(p.page, 'factors');
    await meetingBar(sam.page).getByRole('button', { name: 'Back' }).click();
    for (const p of [sam, kim, lee]) await expectPhase(p.page, 'timeline');

    // From the keyboard: the stepper is one tab stop, the arrows move along it, Enter moves the meeting.
    await currentStep(sam.page).focus();
    await sam.page.keyboard.press('ArrowRight');
    await sam.page.keyboard.press('Enter');
    await expectPhase(lee.page, 'factors');
    await meetingBar(sam.page).getByRole('button', { name: 'Back' }).click();
    for (const p of [sam, kim, lee]) await expectPhase(p.page, 'timeline');

    for (const { page } of [kim, lee]) {
      expect(await meetingBar(page).getByRole('navigation', { name: 'Meeting phases' }).getByRole('button').count()).toBe(0);
      expect(await meetingBar(page).getByRole('button', { name: /^(Next|Back|Close the review)/ }).count()).toBe(0);
      expect(await meetingBar(page).getByRole('button', { name: /Timer|Meeting settings/ }).count()).toBe(0);
    }
  });

  it('ignores a participant who writes the phase into the facilitation document directly', async () => {
    const rogue = await connectSynced(wsUrl(), board.id, board.tokens.participant, { document: 'facilitation' });
    clients.push(rogue);
    expect(F.readPhase(rogue.doc)).toBe('timeline');
    F.setPhase(rogue.doc, 'closed', Date.now(), LIVE_WRITES);
    // Once the server has handled the write, the facilitator starts a timer: it is stored and
    // broadcast after the rogue write (had that been taken), so a page showing the timer would
    // show a closed review too.
    const facilitator = await connectSynced(wsUrl(), board.id, board.tokens.facilitator, { document: 'facilitation' });
    clients.push(facilitator);
    await handledBefore(rogue, facilitator, 'rogue wrote the phase');
    F.startTimer(facilitator.doc, 5 * 60_000, Date.now(), LIVE_WRITES);
    for (const { page } of [sam, lee]) await page.getByRole('timer', { name: 'Time left' }).waitFor();
    for (const { page } of [sam, lee]) await expectPhase(page, 'timeline');
    expect(F.readPhase(facilitator.doc)).toBe('timeline');
    F.stopTimer(facilitator.doc, LIVE_WRITES);
    for (const { page } of [sam, lee]) await page.getByRole('timer', { name: 'Time left' }).waitFor({ state: 'detached' });
    await kim.page.reload();
    await kim.page.getByRole('status').filter({ hasText: /^\s*Connected\b/ }).first().waitFor();
    await expectPhase(kim.page, 'timeline');
    expect(await kim.page.getByRole('note', { name: 'Review closed' }).count()).toBe(0);
  });

  it('shows the same time left on every clock, and the end of a countdown', async () => {
    await meetingBar(sam.page).getByRole('button', { name: 'Timer' }).click();
    await sam.page.getByRole('dialog', { name: 'Start a timer' }).getByRole('button', { name: '5 min' }).click();
    for (const { page } of [sam, kim, lee]) await page.getByRole('timer', { name: 'Time left' }).waitFor();
    // The server's clock is measured once the board opens; give the skewed pages a moment.
    await expect
      .poll(async () => {
        const left = await Promise.all([sam, kim, lee].map(({ page }) => remainingMs(page)));
        return Math.max(...left) - Math.min(...left);
      }, { timeout: 5_000 })
      .toBeLessThan(1_000);
    const left = await Promise.all([sam, kim, lee].map(({ page }) => remainingMs(page)));
    for (const ms of left) {
      expect(ms).toBeGreaterThan(4 * 60_000 + 50_000);
      expect(ms).toBeLessThanOrEqual(5 * 60_000);
    }
    expect(await kim.page.getByRole('timer', { name: 'Time left' }).innerText()).toMatch(/^4:5\d$|^5:00$/);

    // +1 minute reaches everyone.
    await meetingBar(sam.page).getByRole('button', { name: '+1 min' }).click();
    await expect.poll(() => remainingMs(lee.page)).toBeGreaterThan(5 * 60_000 + 50_000);

    // A countdown about to end (a facilitator's client may start one that short): everyone sees time is up.
    const facilitator = await connectSynced(wsUrl(), board.id, board.tokens.facilitator, { document: 'facilitation' });
    clients.push(facilitator);
    F.startTimer(facilitator.doc, 10_000, Date.now() - 8_500, LIVE_WRITES);
    for (const { page } of [sam, kim, lee]) {
      await meetingBar(page).getByRole('timer', { name: 'Time left' }).filter({ hasText: "Time's up" }).waitFor({ timeout: 5_000 });
      expect(await remainingMs(page)).toBe(0);
    }
    await meetingBar(sam.page).getByRole('button', { name: 'Stop the timer' }).click();
    await expect.poll(() => kim.page.getByRole('timer').count()).toBe(0);
  });

  it('counts who is done with the phase', async () => {
    await sam.page.getByText('0 of 2 ready').waitFor();
    for (const { page } of [kim, lee]) {
      const done = meetingBar(page).getByRole('button', { name: /I’m done/ });
      await done.click();
      await expect.poll(() => done.getAttribute('aria-pressed')).toBe('true');
    }
    await sam.page.getByText('2 of 2 ready').waitFor();
    // A new phase starts a fresh count.
    await meetingBar(sam.page).getByRole('button', { name: /^Next/ }).click();
    await sam.page.getByText('0 of 2 ready').waitFor();
    // Kim's page hears of the new phase a moment after Sam's.
    await expect.poll(() => meetingBar(kim.page).getByRole('button', { name: /I’m done/ }).getAttribute('aria-pressed')).toBe('false');
  });

  it('runs the check-in and last time’s actions, refusing what does not belong', async () => {
    await meetingBar(sam.page).getByRole('navigation', { name: 'Meeting phases' }).getByRole('button', { name: 'Ground rules' }).click();
    await expectPhase(kim.page, 'groundRules');

    const worked = kim.page.getByLabel('Add to “What worked”');
    await worked.fill('The incident channel kept everyone in step');
    await worked.press('Enter');
    const didnt = lee.page.getByLabel('Add to “What didn\'t”');
    await didnt.fill('Nobody knew who owned the alert');
    await didnt.press('Enter');
    for (const { page } of [sam, kim, lee]) {
      await page.getByText('The incident channel kept everyone in step').waitFor();
      await page.getByText('Nobody knew who owned the alert').waitFor();
    }

    // Garbage at the door: an empty line, a line far too long.
    await didnt.fill('   ');
    await didnt.press('Enter');
    await lee.page.getByText('Write a few words first.').waitFor();
    await didnt.fill('x'.repeat(B.LIMITS.checkinLength + 40));
    await didnt.press('Enter');
    await lee.page.getByText(`at most ${B.LIMITS.checkinLength} characters`).waitFor();
    expect(await didnt.inputValue()).toHaveLength(B.LIMITS.checkinLength + 40);
    await didnt.fill('');

    // Lee takes back a line of their own.
    await didnt.fill('Typo line');
    await didnt.press('Enter');
    await kim.page.getByText('Typo line').waitFor();
    await lee.page.getByRole('button', { name: 'Delete check-in line “Typo line”' }).click();
    await expect.poll(() => kim.page.getByText('Typo line').count()).toBe(0);
    // Kim cannot delete Lee's line; the facilitator can delete any.
    expect(await kim.page.getByRole('button', { name: /^Delete check-in line “Nobody knew/ }).count()).toBe(0);
    expect(await sam.page.getByRole('button', { name: /^Delete check-in line “Nobody knew/ }).count()).toBe(1);

    // The ground rules: the facilitator rewrites them, everyone reads them.
    await sam.page.getByRole('button', { name: 'Edit the ground rules' }).click();
    const rules = sam.page.getByLabel(/One rule per line/);
    await rules.fill(`No blame.\n${'y'.repeat(F.FACILITATION_LIMITS.groundRuleLength + 1)}`);
    await sam.page.getByRole('button', { name: 'Save rules' }).click();
    await sam.page.getByText(/Rule 2 is \d+ characters long/).waitFor();
    await rules.fill('No blame: we look at conditions, not culprits.\nCameras optional, curiosity required.');
    await sam.page.getByRole('button', { name: 'Save rules' }).click();
    await kim.page.getByText('Cameras optional, curiosity required.').waitFor();
    expect(await kim.page.getByRole('button', { name: 'Edit the ground rules' }).count()).toBe(0);

    // Last time's actions: something that is not a board link is refused and nothing is stored.
    await sam.page.getByRole('button', { name: 'Link an earlier review' }).click();
    const dialog = sam.page.getByRole('dialog', { name: 'Link an earlier review' });
    await dialog.getByLabel('Link to the earlier board').fill('https://wiki.example.com/postmortems/2026-10-12');
    await dialog.getByRole('button', { name: 'Link review' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').innerText()).toMatch(/board/i);
    const listed = async () => {
      const res = await fetch(`${suite.server.url}/api/boards/${board.id}/past-actions`, {
        headers: { authorization: `Bearer ${board.tokens.participant}` },
      });
      return ((await res.json()) as PastActionsResponse).boards;
    };
    expect(await listed()).toEqual([]);

    // An earlier review with two action items, linked by its participant link.
    const earlier = await createBoard(suite.server, { title: 'Checkout latency in October', incidentDate: '2026-10-12' });
    const earlierDoc = await connectSynced(wsUrl(), earlier.id, earlier.tokens.facilitator);
    clients.push(earlierDoc);
    B.addActionItem(earlierDoc.doc, { text: 'Alert on connection-pool saturation', owner: 'Priya', due: '2026-11-01' }, LIVE_WRITES);
    B.addActionItem(earlierDoc.doc, { text: 'Runbook for regional config', owner: 'Marco', status: 'in-progress' }, LIVE_WRITES);
    await waitUntil(() => B.readActions(earlierDoc.doc).length === 2);
    await dialog.getByLabel('Link to the earlier board').fill(earlier.link('participant'));
    await dialog.getByRole('button', { name: 'Link review' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await sam.page.getByText('Alert on connection-pool saturation').waitFor();
    // Participants see it at their next refresh (or on opening); Kim reloads to see it now.
    await kim.page.reload();
    await kim.page.getByText('Alert on connection-pool saturation').waitFor();
    await kim.page.getByLabel('Status of “Alert on connection-pool saturation”').selectOption({ label: 'Done' });
    await waitUntil(
      () => B.readActions(earlierDoc.doc).find((a) => a.text === 'Alert on connection-pool saturation')?.status === 'done',
      'the earlier board to hear of the change',
    );
  });

  it('collects a learning from each person, and the report has them', async () => {
    await meetingBar(sam.page).getByRole('navigation', { name: 'Meeting phases' }).getByRole('button', { name: 'Learnings' }).click();
    await expectPhase(kim.page, 'learnings');
    // With authors shown, a learning carries its writer's name.
    await meetingBar(sam.page).getByRole('button', { name: 'Meeting settings' }).click();
    await sam.page.getByRole('switch', { name: 'Show who wrote each note' }).check();
    await sam.page.keyboard.press('Escape');

    await kim.page.getByLabel('New learning').fill('A muted channel is a silent alert.');
    await kim.page.getByRole('button', { name: 'Add learning' }).click();
    await lee.page.getByLabel('New learning').fill('Pool size is set per region.');
    await lee.page.getByRole('button', { name: 'Add learning' }).click();
    await sam.page.getByText('— Kim Osei').waitFor();
    await sam.page.getByText('— Lee Chen').waitFor();

    const md = await report();
    expect(md).toContain('A muted channel is a silent alert.');
    expect(md).toContain('Pool size is set per region.');
    expect(md).toContain('The incident channel kept everyone in step');
    expect(md).toContain('## Check-in');
    expect(md).toContain('Nobody knew who owned the alert');
  });

  it('closes the review: read-only for everyone, a participant’s direct write is refused', async () => {
    // Closing asks first, and sits apart from Next.
    await meetingBar(sam.page).getByRole('button', { name: 'Close the review…' }).click();
    const confirm = sam.page.getByRole('dialog', { name: 'Close the review?' });
    await confirm.getByRole('button', { name: 'Keep working' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await sam.page.getByRole('note', { name: 'Review closed' }).count()).toBe(0);
    await meetingBar(sam.page).getByRole('button', { name: 'Close the review…' }).click();
    await confirm.getByRole('button', { name: 'Close the review' }).click();
    for (const { page } of [sam, kim, lee]) {
      await page.getByRole('note', { name: 'Review closed' }).getByText('This review is closed. The board is read-only and the report is final.').waitFor();
    }
    for (const { page } of [kim, lee]) {
      const main = page.locator('main.board-main');
      await expect.poll(() => main.locator('input:not([type="checkbox"]), textarea, select, [contenteditable="true"]').count()).toBe(0);
      expect(await main.getByRole('button', { name: /^(Add|Delete|Link)/ }).count()).toBe(0);
      expect(await meetingBar(page).getByRole('button', { name: /I’m done/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Reopen' }).count()).toBe(0);
    }

    const rogue = await connectSynced(wsUrl(), board.id, board.tokens.participant);
    clients.push(rogue);
    const observer = await connectSynced(wsUrl(), board.id, board.tokens.viewer);
    clients.push(observer);
    B.addLearning(rogue.doc, { text: 'Written after the review was closed' }, LIVE_WRITES);
    await handledBefore(rogue, observer, 'rogue wrote a learning');
    // The server has handled the write and did not take it: a client syncing now gets all the
    // server has, and not that; neither has the report, and so nothing of it reached the facilitator's board.
    const late = await connectSynced(wsUrl(), board.id, board.tokens.viewer);
    clients.push(late);
    const learnings = B.readLearnings(late.doc).map((l) => l.text);
    expect(learnings).toContain('A muted channel is a silent alert.');
    expect(learnings).not.toContain('Written after the review was closed');
    expect(await report()).not.toContain('Written after the review was closed');
    expect(await sam.page.getByText('Written after the review was closed').count()).toBe(0);

    // The facilitator reopens it: back to Learnings, editable again.
    await sam.page.getByRole('button', { name: 'Reopen' }).click();
    await expectPhase(kim.page, 'learnings');
    await kim.page.getByLabel('New learning').waitFor();
  });
});
