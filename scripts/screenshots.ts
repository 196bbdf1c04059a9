// Seeds a realistic postmortem board on a throwaway server and photographs the client in light
// and dark, at 1440x900 and 1280x720, into docs/screenshots/. Run after `npx vite build`:
//
//   npx tsx scripts/screenshots.ts [outDir]
//
// The board is written through shared/board's mutations over a real websocket connection, the
// way another client would write it; three of its "people" stay connected so presence shows.
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Page } from 'playwright-core';
import * as B from '../shared/board';
import { newVoterId, randomId, type FactorId, type VoterId } from '../shared/ids';
import { createBoard, launchBrowser, startServer, type TestServer } from '../tests/browser/helpers';

/** This script's writes: a person's edits, the real clock, random ids. */
const WRITES: B.WriteContext = { origin: B.LOCAL_ORIGIN, now: () => Date.now(), newId: randomId };

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');

interface Seeder {
  doc: Y.Doc;
  provider: WebsocketProvider;
  voterId: VoterId;
}

async function connect(server: TestServer, boardId: string, token: string, name: string, color: string): Promise<Seeder> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace('http', 'ws')}/ws`, boardId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  const voterId = newVoterId();
  provider.awareness.setLocalStateField('user', { name, color, voterId, role: 'participant' });
  B.upsertParticipant(doc, voterId, name, WRITES);
  return { doc, provider, voterId };
}

const at = (hhmm: string) => `2026-11-03T${hhmm}Z`;

/** Creation order is display order for factors, actions and learnings; a pause keeps it. */
const tick = () => new Promise((r) => setTimeout(r, 3));

async function seed(doc: Y.Doc, voters: VoterId[]): Promise<void> {
  B.addEvents(doc, [
    { time: at('13:58'), kind: 'action', text: 'Deploy 2026.11.03-2 rolls out to checkout-api. It lowers the shared connection-pool maximum from 50 to 10.' },
    { time: at('14:02'), kind: 'impact', text: 'Checkout error rate climbs past 5%; card payments time out.' },
    { time: at('14:04'), kind: 'detection', text: 'Error-rate alert fires in #alerts-checkout, a channel muted during last month’s reorg.' },
    { time: at('14:11'), kind: 'detection', text: 'Support reports failed payments from three merchants.' },
    { time: at('14:13'), kind: 'communication', text: 'Support pages on-call through the incident bot.' },
    { time: at('14:15'), kind: 'action', text: 'On-call acknowledges. Suspects the payment provider; their status page is green.' },
    { time: at('14:22'), kind: 'action', text: 'Rollback of payment-gateway started (it turns out not to be involved).' },
    { time: at('14:31'), kind: 'detection', text: 'Database dashboard shows connection-pool saturation on checkout-api.' },
    { time: at('14:34'), kind: 'communication', text: 'Status page: “Some card payments are failing. We are on it.”' },
    { time: at('14:38'), kind: 'action', text: 'Pool maximum restored to 50 by hand in all three regions.' },
    { time: at('14:41'), kind: 'resolution', text: 'Error rate back under 0.1%.' },
    { time: at('14:49'), kind: 'resolution', text: 'Incident closed; watching the graphs for an hour.' },
    { time: at('15:30'), kind: 'communication', text: 'Summary for customers posted on the status page.' },
  ], WRITES);

  const f = (text: string, category: B.FactorCategory | null = null) => B.addFactor(doc, { text, category }, WRITES);
  const noAlert = f('No alert on connection-pool saturation', 'technology');
  const muted = f('Checkout alerts went to a channel muted during the reorg', 'technology');
  f('Integration tests run with a pool of 100, so a low maximum never shows up', 'technology');
  const review = f('Shared-config changes merge with one approval', 'process');
  const regions = f('No checklist for settings that differ by region', 'process');
  f('Runbook still points at the old payment-provider dashboard', 'process');
  f('On-call was in their second week and had never seen a checkout page', 'people');
  f('The config reviewer was covering two teams that day', 'people');
  f('Status page updates need a manager’s approval');
  const cluster = B.createCluster(doc, { name: 'Config changes skip a second look', category: 'process', factorIds: [review, regions] }, WRITES);

  const votes: Array<[number, B.VoteTargetId]> = [
    [0, noAlert], [0, noAlert], [0, cluster],
    [1, noAlert], [1, muted], [1, cluster],
    [2, cluster], [2, cluster], [2, muted],
    [3, noAlert], [3, muted],
  ];
  for (const [voter, target] of votes) B.castVote(doc, voters[voter]!, target, WRITES);

  const action = (text: string, owner: string, due: string, status: B.ActionStatus, factorIds: FactorId[]) =>
    B.addActionItem(doc, { text, owner, due, status, factorIds }, WRITES);
  action('Alert on connection-pool saturation for checkout-api, paging on-call', 'Priya Shah', '2026-11-20', 'in-progress', [noAlert]);
  await tick();
  action('Require a second approval for shared-config changes', 'Marco Bianchi', '2026-12-01', 'open', [review, regions]);
  await tick();
  action('Move checkout alerts out of muted channels; audit the rest', 'Lena Park', '2026-11-13', 'done', [muted]);
  await tick();
  action('Run integration tests with production pool sizes', 'Tom Okafor', '2026-12-15', 'open', []);

  B.addLearning(doc, { text: 'A muted channel is a silent alert. We now list muted channels in the on-call handover.' }, WRITES);
  await tick();
  B.addLearning(doc, { text: 'Pool size is set per region; the dashboards show one region at a time.' }, WRITES);
  await tick();
  B.addLearning(doc, { text: 'Checking the provider’s status page first cost us nine minutes. Our own graphs come first.' }, WRITES);
  B.setSummary(
    doc,
    'Between 14:02 and 14:41 UTC on 3 November, about 8% of card payments at checkout failed after a deploy lowered the ' +
      'database connection-pool maximum from 50 to 10. Around 2,300 payments failed; most customers retried successfully. ' +
      'The error-rate alert fired at 14:04 but went to a muted channel, so detection came from support at 14:11.',
    WRITES,
  );
}

async function shoot(page: Page, file: string) {
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(outDir, file) });
  console.log(`  ${file}`);
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer();
  const browser = await launchBrowser();
  const seeders: Seeder[] = [];
  try {
    const board = await createBoard(server, {
      title: 'Checkout payments failing after the 14:00 deploy',
      incidentDate: '2026-11-03',
      incidentLink: 'https://status.example.com/incidents/2026-11-03',
    });
    const people: Array<[string, string]> = [
      ['Kim Osei', '#d6404a'],
      ['Lena Park', '#25915a'],
      ['Marco Bianchi', '#d0692b'],
    ];
    for (const [name, color] of people) seeders.push(await connect(server, board.id, board.tokens.participant, name, color));
    const fourth = newVoterId();
    await seed(seeders[0]!.doc, [...seeders.map((s) => s.voterId), fourth]);
    await new Promise((r) => setTimeout(r, 400));

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
    for (const s of seeders) s.provider.destroy();
    await browser.close();
    await server.close();
  }
}

await main();
