// Never lose a word (issue 7): a participant who goes offline keeps editing and converges on
// return; a server killed and restarted mid-meeting costs nobody an edit, with no reload; a page
// reloaded with no network still shows the board; a deleted board says so and stops reconnecting.
// Network loss is Chromium's emulation (`context.setOffline`), which also fails new websockets.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { spawnServer, tempDir, type ChildServer } from '../helpers/server';
import { addEvent, createBoard, useBrowserSuite, waitConnected } from './helpers';

const suite = useBrowserSuite();

/** The connection status pill's visible words, e.g. "Offline 1 change not sent yet". */
function pill(page: Page) {
  return page.locator('.status-pill');
}

async function pillText(page: Page): Promise<string> {
  return ((await pill(page).locator('.status-pill__label, .status-pill__note').allInnerTexts()) ?? []).join(' ');
}

/** The texts of the timeline's events, as the page shows them. */
async function eventTexts(page: Page): Promise<string[]> {
  const boxes = page.getByRole('textbox', { name: /^What happened at / });
  return (await boxes.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))).sort();
}

/** Waits until the server has confirmed storing every change this page made (the status says so). */
async function waitAllSaved(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: 'All of yours are saved on the server.' }).waitFor({ timeout: 15_000 });
}

/** Websocket attempts a page makes from now on. */
function countWebsocketAttempts(page: Page): { count: number } {
  const counter = { count: 0 };
  page.on('websocket', () => counter.count++);
  return counter;
}

describe('offline editing and reconnection', () => {
  it('keeps a participant’s edits made offline and merges them with everyone’s on return', async () => {
    const board = await createBoard(suite.server);
    const { page: sam } = await suite.open(board.link('facilitator'), { name: 'Sam Rivera' });
    const kimPage = await suite.open(board.link('participant'), { name: 'Kim Osei' });
    const kim = kimPage.page;
    await waitAllSaved(kim);

    await kimPage.context.setOffline(true);
    await expect.poll(() => pillText(kim)).toBe('Offline');
    await addEvent(kim, '14:07', 'Rolled back the checkout deploy');
    // Kim sees her note, and that it has not reached the server yet.
    await expect.poll(() => eventTexts(kim)).toEqual(['Rolled back the checkout deploy']);
    await expect.poll(() => pillText(kim)).toMatch(/^Offline \d+ changes? not sent yet$/);

    await addEvent(sam, '14:09', 'Error rate back under 1%');
    await expect.poll(() => eventTexts(sam)).toEqual(['Error rate back under 1%']);
    // Nothing crosses while Kim is away.
    expect(await eventTexts(kim)).toEqual(['Rolled back the checkout deploy']);

    await kimPage.context.setOffline(false);
    await waitConnected(kim);
    const both = ['Error rate back under 1%', 'Rolled back the checkout deploy'];
    await expect.poll(() => eventTexts(kim)).toEqual(both);
    await expect.poll(() => eventTexts(sam)).toEqual(both);
    await expect.poll(() => pillText(kim)).toBe('Connected');
    await waitAllSaved(kim);
  });

  it('loses no edit when the server is killed and restarted mid-meeting, and resyncs without a reload', async () => {
    const dataDir = tempDir('debrief-offline-');
    const clientDir = path.resolve('dist/client');
    let child: ChildServer | null = await spawnServer(dataDir, { CLIENT_DIR: clientDir });
    const port = child.port;
    try {
      const board = await createBoard(child);
      const { page: sam } = await suite.open(board.link('facilitator'), { name: 'Sam' });
      const { page: kim } = await suite.open(board.link('participant'), { name: 'Kim' });
      // A page that reloads would lose this.
      for (const page of [sam, kim]) await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

      await addEvent(sam, '09:00', 'Sam before');
      await addEvent(kim, '09:01', 'Kim before');
      await expect.poll(() => eventTexts(kim)).toEqual(['Kim before', 'Sam before']);
      await expect.poll(() => eventTexts(sam)).toEqual(['Kim before', 'Sam before']);
      await waitAllSaved(sam);
      await waitAllSaved(kim);

      child.process.kill('SIGKILL');
      await child.exited;
      child = null;
      for (const page of [sam, kim]) await expect.poll(() => pillText(page)).toMatch(/^(Reconnecting…|Offline)$/);

      await addEvent(sam, '09:02', 'Sam during');
      await addEvent(kim, '09:03', 'Kim during');
      for (const page of [sam, kim]) await expect.poll(() => pillText(page)).toMatch(/^(Reconnecting…|Offline) \d+ changes? not sent yet$/);

      child = await spawnServer(dataDir, { CLIENT_DIR: clientDir, PORT: String(port) });
      for (const page of [sam, kim]) {
        await waitConnected(page);
        await waitAllSaved(page);
      }

      await addEvent(sam, '09:04', 'Sam after');
      await addEvent(kim, '09:05', 'Kim after');
      const all = ['Kim after', 'Kim before', 'Kim during', 'Sam after', 'Sam before', 'Sam during'];
      await expect.poll(() => eventTexts(sam)).toEqual(all);
      await expect.poll(() => eventTexts(kim)).toEqual(all);
      for (const page of [sam, kim]) {
        expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
        await waitAllSaved(page);
      }
      // And the server has them all: someone joining now sees every one.
      const { page: lee } = await suite.open(board.link('participant'), { name: 'Lee' });
      await expect.poll(() => eventTexts(lee)).toEqual(all);
    } finally {
      if (child) {
        child.process.kill('SIGKILL');
        await child.exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('shows the board from this browser when the page is reloaded with no network', async () => {
    const board = await createBoard(suite.server, { title: 'Payments queue backlog' });
    const samPage = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const sam = samPage.page;
    await addEvent(sam, '11:20', 'Queue depth alert fired');
    await waitAllSaved(sam);
    // The offline shell is installed once the service worker is active.
    await sam.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

    await samPage.context.setOffline(true);
    await addEvent(sam, '11:31', 'Drained the queue by hand');
    await expect.poll(() => pillText(sam)).toMatch(/^Offline \d+ changes? not sent yet$/);
    await sam.reload();
    await sam.getByRole('heading', { name: 'Payments queue backlog' }).waitFor();
    await expect.poll(() => eventTexts(sam)).toEqual(['Drained the queue by hand', 'Queue depth alert fired']);
    // Still honest after the reload: the offline note has not reached the server.
    await expect.poll(() => pillText(sam)).toMatch(/^Offline \d+ changes? not sent yet$/);

    await samPage.context.setOffline(false);
    await waitConnected(sam);
    await waitAllSaved(sam);
    const { page: kim } = await suite.open(board.link('participant'), { name: 'Kim' });
    await expect.poll(() => eventTexts(kim)).toEqual(['Drained the queue by hand', 'Queue depth alert fired']);
  });

  it('keeps words typed offline when the page is reloaded straight after the last keystroke', async () => {
    const board = await createBoard(suite.server, { title: 'Cache stampede' });
    const samPage = await suite.open(board.link('facilitator'), { name: 'Sam' });
    const sam = samPage.page;
    await addEvent(sam, '09:05', 'Cache hit rate fell');
    await waitAllSaved(sam);
    await sam.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

    await samPage.context.setOffline(true);
    const box = sam.getByRole('textbox', { name: /^What happened at / });
    await box.click();
    await box.press('End');
    await sam.keyboard.type(' to 40%');
    // No pause: the last keystrokes may still be waiting to be written to this browser's copy.
    await sam.reload();
    await sam.getByRole('heading', { name: 'Cache stampede' }).waitFor();
    await expect.poll(() => eventTexts(sam)).toEqual(['Cache hit rate fell to 40%']);

    await samPage.context.setOffline(false);
    await waitConnected(sam);
    await waitAllSaved(sam);
    const { page: kim } = await suite.open(board.link('participant'), { name: 'Kim' });
    await expect.poll(() => eventTexts(kim)).toEqual(['Cache hit rate fell to 40%']);
  });

  it('tells people a deleted board is gone, removes its copy from the browser and stops reconnecting', async () => {
    const board = await createBoard(suite.server);
    const kimPage = await suite.open(board.link('participant'), { name: 'Kim' });
    const leePage = await suite.open(board.link('participant'), { name: 'Lee' });
    const kim = kimPage.page;
    const lee = leePage.page;
    await addEvent(kim, '08:15', 'Disk full on the primary');
    await expect.poll(() => eventTexts(lee)).toEqual(['Disk full on the primary']);
    await waitAllSaved(lee);
    const keptHere = (page: Page) =>
      page.evaluate(async (id) => {
        const databases = (await indexedDB.databases()).map((d) => d.name);
        return { copy: databases.includes(`debrief:board:${id}`), listed: (localStorage.getItem('debrief:boards') ?? '').includes(id) };
      }, board.id);
    for (const page of [kim, lee]) expect(await keptHere(page)).toEqual({ copy: true, listed: true });

    // Both pages' timers from here on run on a clock the test can move forward (time still flows
    // as usual until then): the end of the test lets a minute of it pass at once.
    await Promise.all([kim.clock.install(), lee.clock.install()]);

    // Lee is offline when the facilitator deletes the board: she learns of it on her return, when
    // the server refuses her websocket before the upgrade.
    await leePage.context.setOffline(true);
    await expect.poll(() => pillText(lee)).toBe('Offline');
    const res = await fetch(`${suite.server.url}/api/boards/${board.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${board.tokens.facilitator}` },
    });
    expect(res.status).toBe(204);

    // Kim was connected: told at once (close code 4404).
    await kim.getByRole('alert').getByText('This board was deleted by its facilitator.').waitFor();
    const leeAttempts = countWebsocketAttempts(lee);
    await leePage.context.setOffline(false);
    await lee.getByRole('alert').getByText('This board was deleted by its facilitator.').waitFor({ timeout: 15_000 });
    // She learnt it by trying (each attempt refused with 404 before the upgrade), then asking.
    expect(leeAttempts.count).toBeGreaterThanOrEqual(1);
    for (const page of [kim, lee]) await expect.poll(() => pillText(page)).toBe('Disconnected');

    // Their browsers keep nothing of it.
    for (const page of [kim, lee]) await expect.poll(() => keptHere(page)).toEqual({ copy: false, listed: false });

    // And they stop knocking: a minute passes on the pages' clocks (six times the longest backoff,
    // every timer due in it fired) without one more attempt.
    const attempts = [countWebsocketAttempts(kim), countWebsocketAttempts(lee)];
    await Promise.all([kim.clock.runFor(60_000), lee.clock.runFor(60_000)]);
    expect(attempts.map((a) => a.count)).toEqual([0, 0]);
    expect(await kim.getByRole('alert').innerText()).toContain('copy anything you still need now');
  });
});
