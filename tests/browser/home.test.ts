// Starting a review: the home page creates a board, lands its creator on it as facilitator with
// the share links ready, and remembers it; a shared link opens the board for someone else.
import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { closeAll, giveName, useBrowserSuite, waitConnected } from './helpers';

const suite = useBrowserSuite();

// These tests start on the home page, not on a board link: they make their own profiles (a smaller
// window, no name given up front) and close them after each test; the first test checks its page's
// script errors itself.
let contexts: BrowserContext[] = [];

afterEach(async () => {
  await closeAll(...contexts);
  contexts = [];
});

async function newContext(): Promise<BrowserContext> {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 720 } });
  contexts.push(context);
  return context;
}

describe('starting a review', () => {
  it('creates a board, shares its links, and remembers it on this browser', async () => {
    const page = await (await newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(suite.server.url);

    // A title is needed; a bad link is explained.
    await page.getByRole('button', { name: 'Create board' }).click();
    await page.getByText(/Give the incident a short name/).waitFor();
    await page.getByLabel('Incident title').fill('Search latency spike');
    await page.getByLabel('Incident date').fill('2026-11-02');
    await page.getByLabel('Incident link').fill('not a link');
    await page.getByRole('button', { name: 'Create board' }).click();
    await page.getByText(/Paste a full address/).waitFor();
    await page.getByLabel('Incident link').fill('https://status.example.com/incidents/42');
    await page.getByRole('button', { name: 'Create board' }).click();

    // On the board as facilitator: first the name, alone (no share panel stacked behind it),
    // then the share panel.
    // (A new person gives their name before joining, so the board connects after it.)
    await page.getByRole('dialog', { name: 'What should others call you?' }).waitFor();
    expect(await page.locator('dialog[open]').count()).toBe(1);
    await giveName(page, 'Ana Lima');
    await waitConnected(page);
    const share = page.getByRole('dialog', { name: 'Invite people to the board' });
    await share.waitFor();
    const participantLink = await share.getByLabel('Participant link', { exact: true }).inputValue();
    const viewerLink = await share.getByLabel('View-only link', { exact: true }).inputValue();
    expect(participantLink).toMatch(/\/b\/[A-Za-z0-9_-]{22}#token=/);
    expect(viewerLink).toMatch(/\/b\/[A-Za-z0-9_-]{22}#token=/);
    expect(viewerLink).not.toBe(participantLink);
    await share.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { level: 1, name: 'Search latency spike' }).waitFor();
    await page.getByText('Facilitator', { exact: true }).waitFor();
    await page.getByRole('link', { name: /Incident link/ }).waitFor();
    await waitConnected(page);
    // The facilitator's token left the address bar; it holds the participant link, which works for
    // whoever it is passed to (issue 12: links that work).
    expect(page.url()).toBe(participantLink);

    // The participant link opens the board as a participant, on someone else's browser.
    const other = await (await newContext()).newPage();
    await other.goto(participantLink);
    await giveName(other, 'Jo');
    await waitConnected(other);
    await other.getByText('Participant', { exact: true }).waitFor();
    // Participants pass the participant link on (until the facilitator turns that off).
    await other.getByRole('button', { name: 'Share' }).click();
    expect(await other.getByRole('dialog', { name: 'Share the board' }).getByLabel('Participant link', { exact: true }).inputValue()).toBe(participantLink);
    await other.getByRole('dialog', { name: 'Share the board' }).getByRole('button', { name: 'Done' }).click();
    await page.getByRole('group', { name: /Jo/ }).waitFor();

    // Home lists the board for its creator.
    await page.getByRole('link', { name: 'Debrief home' }).click();
    await page.getByRole('heading', { name: 'On this browser' }).waitFor();
    await page.getByRole('link', { name: /Search latency spike/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Search latency spike' }).waitFor();
    await waitConnected(page);
    expect(errors).toEqual([]);
  });

  it('explains a link that does not open a board', async () => {
    const page = await (await newContext()).newPage();
    await page.goto(`${suite.server.url}/b/AAAAAAAAAAAAAAAAAAAAAA#token=nonsense`);
    await page.getByRole('heading', { name: /does not open the board|Board not found/ }).waitFor();
    await page.goto(`${suite.server.url}/b/AAAAAAAAAAAAAAAAAAAAAB`);
    await page.getByRole('heading', { name: 'This board needs its link' }).waitFor();
  });
});
