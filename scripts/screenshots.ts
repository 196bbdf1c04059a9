// Seeds a realistic postmortem board on a throwaway server and photographs the client in light
// and dark, at 1440x900 and 1280x720, into docs/screenshots/. Run after `npx vite build`:
//
//   npx tsx scripts/screenshots.ts [outDir]
//
// The board is written through shared/board's mutations over a real websocket connection, the
// way another client would write it; three of its "people" stay connected so presence shows.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, startServer } from '../tests/browser/helpers';
import { createSeededBoard, type SeededBoard } from '../tests/browser/seed';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');

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

    for (const scheme of ['light', 'dark'] as const) {
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
        if (scheme === 'light' && size === '1440') {
          await note.getByRole('button', { name: /^Add a dot/ }).click();
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
          await page.goto(server.baseUrl);
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

await main();
