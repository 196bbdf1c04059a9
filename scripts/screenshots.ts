// Seeds a realistic postmortem board on a throwaway server and photographs the client in light
// and dark, at 1440x900 and 1280x720, on a phone (390x844, touch) and as the room screen
// (projector mode, 1920x1080 and 1280x720), into docs/screenshots/. Run after `npx vite build`:
//
//   npx tsx scripts/screenshots.ts [outDir] [--only=board,phone,projector]
//
// The board is written through shared/board's mutations over a real websocket connection, the
// way another client would write it; three of its "people" stay connected so presence shows.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type TestBoard } from '../tests/browser/helpers';
import { createSeededBoard, type SeededBoard } from '../tests/browser/seed';

const args = process.argv.slice(2);
const outDir = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'docs/screenshots');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (part: 'board' | 'phone' | 'projector') => !only || only.includes(part);

async function shoot(page: Page, file: string) {
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(outDir, file) });
  console.log(`  ${file}`);
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer();
  const browser = await launchBrowser();
  let seeded: SeededBoard | undefined;
  try {
    seeded = await createSeededBoard(server);
    const { board } = seeded;

    for (const scheme of wanted('board') ? (['light', 'dark'] as const) : []) {
      for (const viewport of [
        { width: 1440, height: 900 },
        { width: 1280, height: 720 },
      ]) {
        const context = await browser.newContext({ viewport, colorScheme: scheme, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
        await context.addInitScript(() => {
          localStorage.setItem('debrief:name', 'Sam Rivera');
        });
        const page = await context.newPage();
        const size = `${viewport.width}`;
        await page.goto(board.link('facilitator'));
        await page.getByRole('status').filter({ hasText: /^\s*Connected\b/ }).first().waitFor();
        // Spend two of Sam's dots so "1 of 3 dots left" and own-dot highlights show.
        const note = page.getByRole('article', { name: 'Factor: No alert on connection-pool saturation' });
        // (Dots are spent from the Voting phase on; in Pre-work there are no dot buttons.)
        const addDot = note.getByRole('button', { name: /^Add a dot/ });
        if (scheme === 'light' && size === '1440' && (await addDot.count()) > 0 && (await addDot.isEnabled())) {
          await addDot.click();
          await page
            .getByRole('article', { name: /^Factor: Checkout alerts went to a channel muted/ })
            .getByRole('button', { name: /^Add a dot/ })
            .click();
        }
        await page.mouse.move(0, 0);
        await page.evaluate(() => window.scrollTo(0, 0));
        await shoot(page, `board-${scheme}-${size}.png`);
        await page.locator('#factors').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 110));
        await shoot(page, `factors-${scheme}-${size}.png`);
        await page.locator('#top-factors').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 110));
        await shoot(page, `actions-${scheme}-${size}.png`);
        if (size === '1440') {
          await page.goto(server.url);
          await page.getByRole('heading', { name: 'Start a postmortem' }).waitFor();
          await shoot(page, `home-${scheme}-${size}.png`);
          // The share panel a facilitator sees after creating a board.
          await page.goto(`${board.link('facilitator')}&share`);
          await page.getByRole('dialog', { name: 'Invite people to the board' }).waitFor();
          await shoot(page, `share-${scheme}-${size}.png`);
        }
        await context.close();
      }
    }

    if (wanted('phone')) await shootPhone(browser, board);
    if (wanted('projector')) await shootProjector(browser, board);
    if (!wanted('board')) return;

    // A viewer, and a drag in progress.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    const viewer = await context.newPage();
    await viewer.goto(board.link('viewer'));
    await viewer.getByRole('status').filter({ hasText: /^\s*Connected\b/ }).first().waitFor();
    await shoot(viewer, 'viewer-light-1440.png');
    await context.close();

    const dragContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    await dragContext.addInitScript(() => localStorage.setItem('debrief:name', 'Sam Rivera'));
    const page = await dragContext.newPage();
    await page.goto(board.link('participant'));
    await page.getByRole('status').filter({ hasText: /^\s*Connected\b/ }).first().waitFor();
    await page.locator('.factor-board').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const handle = page.getByRole('button', { name: /^Drag “Status page updates/ });
    const target = page.getByRole('article', { name: /^Factor: Runbook still points/ });
    const from = (await handle.boundingBox())!;
    const to = (await target.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 30, from.y + 10, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
    await shoot(page, 'drag-light-1440.png');
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await dragContext.close();
  } finally {
    seeded?.leave();
    await browser.close();
    await server.close();
  }
}

/** A participant on a phone (390x844, touch): the top of the board, the factors, a dialog. */
async function shootPhone(browser: Browser, board: TestBoard) {
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      colorScheme: scheme,
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
    });
    const page = await context.newPage();
    await page.goto(board.link('participant'));
    await page.getByRole('dialog', { name: 'What should others call you?' }).waitFor();
    await shoot(page, `phone-name-${scheme}-390.png`);
    await page.getByRole('textbox', { name: 'Your name' }).fill('Ana Lima');
    await page.getByRole('button', { name: 'Join the board' }).tap();
    await page.getByRole('status').filter({ hasText: /^\s*Connected\b/ }).first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, `phone-board-${scheme}-390.png`);
    await page.locator('#factors').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 120));
    await shoot(page, `phone-factors-${scheme}-390.png`);
    await context.close();
  }
}

/** The room screen, following a facilitator who has moved the meeting on and points at a note. */
async function shootProjector(browser: Browser, board: TestBoard) {
  const facilitator = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await facilitator.addInitScript(() => localStorage.setItem('debrief:name', 'Sam Rivera'));
  const sam = await facilitator.newPage();
  await sam.goto(board.link('facilitator'));
  await sam.getByRole('status').filter({ hasText: /^\s*Connected\b/ }).first().waitFor();
  const bar = sam.getByRole('region', { name: 'Meeting' });
  const moveTo = async (label: string) => {
    await bar.getByRole('button', { name: new RegExp(`^\\d*${label}`) }).first().click();
    await bar.getByText(`Current phase: ${label}`).waitFor();
  };
  for (const scheme of ['light', 'dark'] as const) {
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    ]) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
      const room = await context.newPage();
      await room.goto(board.link('viewer').replace(`/b/${board.id}`, `/b/${board.id}/projector`));
      await room.getByRole('status').filter({ hasText: /^\s*Connected\b/ }).first().waitFor();
      await moveTo('Timeline');
      await sam.getByRole('article', { name: /^Detection at 14:31/ }).getByText(/connection-pool saturation/).click();
      await room.locator('[data-event-id][data-focused="true"]').waitFor();
      await room.waitForTimeout(600);
      await shoot(room, `projector-timeline-${scheme}-${viewport.width}.png`);
      await moveTo('Voting');
      await room.getByRole('heading', { name: 'Voting' }).waitFor();
      await shoot(room, `projector-voting-${scheme}-${viewport.width}.png`);
      await context.close();
    }
  }
  await moveTo('Pre-work');
  await facilitator.close();
}

await main();
