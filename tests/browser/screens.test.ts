// Every screen: phones at 360, 390 and 430 px under touch emulation (no page, phase or dialog
// wider than the window, one factor column, taps that work, 44 px touch targets, drag by touch)
// and read-only notes whose time never overlaps their text. One seeded board for the file; a
// facilitator walks it through every phase on each phone width.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { PHASES, PHASE_LABELS, type Phase } from '../../shared/facilitation';
import { column, factorCard, useBrowserSuite, waitConnected } from './helpers';
import { createSeededBoard, type SeededBoard } from './seed';

const suite = useBrowserSuite();
let seeded: SeededBoard;

beforeAll(async () => {
  seeded = await createSeededBoard(suite.server);
  return () => seeded.leave();
});

async function phone(browser: Browser, width: number, name?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width, height: 800 },
    isMobile: true,
    hasTouch: true,
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
  });
  if (name) await context.addInitScript((n) => localStorage.setItem('debrief:name', n), name);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  suite.track({ context, page, errors });
  return { context, page };
}

/** How wide the page is against the window: a phone's browser widens (zooms out) the layout
 * viewport to fit anything wider, so both must stay at the device width. */
async function widths(page: Page): Promise<{ window: number; document: number; layout: number }> {
  return page.evaluate(() => ({
    window: document.documentElement.clientWidth,
    document: document.documentElement.scrollWidth,
    layout: window.innerWidth,
  }));
}

async function expectFits(page: Page, width: number, where: string): Promise<void> {
  const w = await widths(page);
  expect({ where, ...w }).toEqual({ where, window: width, document: width, layout: width });
}

async function expectCentred(dialog: Locator, width: number): Promise<void> {
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  expect(Math.abs(box.x - (width - box.x - box.width))).toBeLessThanOrEqual(1);
}

const stepper = (page: Page) => page.getByRole('navigation', { name: 'Meeting phases' });

/** The stepper's short names. */
const STEP: Record<Phase, string> = { ...PHASE_LABELS, factors: 'Factors', actions: 'Actions' };

async function goToPhase(page: Page, phase: Phase): Promise<void> {
  await stepper(page).getByRole('button', { name: new RegExp(`^\\d*${STEP[phase]}$`) }).tap();
  await page.getByRole('region', { name: 'Meeting' }).getByText(`Current phase: ${PHASE_LABELS[phase]}`).waitFor();
}

describe('phones', () => {
  it('no page, phase or dialog is wider than a 360, 390 or 430 px phone; factors stack in one column', async () => {
    const WIDTHS = [360, 390, 430];
    const { page } = await phone(suite.browser, 390, 'Sam Rivera');
    const everyWidth = async (where: string, check?: (width: number) => Promise<void>) => {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        await expectFits(page, width, `${where} at ${width}`);
        await check?.(width);
      }
    };
    await page.goto(suite.server.url);
    await page.getByRole('heading', { name: 'Start a postmortem' }).waitFor();
    await everyWidth('home');

    await page.goto(seeded.board.link('facilitator'));
    await waitConnected(page);
    for (const phase of PHASES) {
      if (phase !== 'prework') await goToPhase(page, phase);
      await everyWidth(phase);
    }
    await goToPhase(page, 'prework');

    // The header's buttons show their labels as icons on a phone: none is an empty box.
    const blank = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.board-header button')]
        .filter((b) => b.getClientRects().length > 0 && b.getBoundingClientRect().width > 1)
        .filter(
          (b) =>
            !b.querySelector('svg') &&
            // No element of it both shows (wider than the 1 px of a visually hidden label) and holds text of its own.
            ![b, ...b.querySelectorAll<HTMLElement>('*')].some(
              (e) => e.getBoundingClientRect().width > 1 && [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()),
            ),
        )
        .map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim()),
    );
    expect(blank).toEqual([]);

    // One factor column: People sits under Unsorted, not beside it.
    await everyWidth('factors', async () => {
      const unsorted = (await column(page, 'Unsorted').boundingBox())!;
      const people = (await column(page, 'People').boundingBox())!;
      expect(people.x).toBe(unsorted.x);
      expect(people.y).toBeGreaterThan(unsorted.y + unsorted.height - 1);
    });

    // The dialogs: centred, within the window.
    await page.getByRole('button', { name: 'Share', exact: true }).tap();
    const share = page.getByRole('dialog', { name: 'Invite people to the board' });
    await everyWidth('the share dialog', (width) => expectCentred(share, width));
    await share.getByRole('button', { name: 'Done' }).tap();
    await page.getByRole('button', { name: 'More' }).tap();
    await page.getByRole('menuitem', { name: 'Change your name' }).tap();
    const rename = page.getByRole('dialog', { name: 'Change your name' });
    await everyWidth('the name dialog', (width) => expectCentred(rename, width));
    await rename.getByRole('button', { name: 'Cancel' }).tap();
    await rename.waitFor({ state: 'hidden' });
  });

  it('a tap on "Join the board" joins, on a centred dialog; controls are 44 px for a finger', async () => {
    const { page } = await phone(suite.browser, 390);
    await page.goto(seeded.board.link('participant'));
    const dialog = page.getByRole('dialog', { name: 'What should others call you?' });
    await dialog.getByRole('textbox', { name: 'Your name' }).fill('Ana Lima');
    await expectCentred(dialog, 390);
    await dialog.getByRole('button', { name: 'Join the board' }).tap();
    await dialog.waitFor({ state: 'hidden' });
    await waitConnected(page);

    // Every button in the header, the meeting bar and on a factor note.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.board-header button, .meeting-bar button, .factor-card button')]
        .filter((b) => b.getClientRects().length > 0 && b.getBoundingClientRect().width > 1)
        .map((b) => ({ name: b.getAttribute('aria-label') ?? b.textContent?.trim(), ...b.getBoundingClientRect().toJSON() }))
        .filter((b) => b.width < 44 || b.height < 44)
        .map((b) => `${b.name} ${Math.round(b.width)}x${Math.round(b.height)}`),
    );
    expect(small).toEqual([]);
  });

  it('the incident\'s details (severity, services, tags), with no room on a phone\'s header, are in the "More" menu', async () => {
    const { page } = await phone(suite.browser, 390, 'Fran Okafor');
    await page.goto(seeded.board.link('facilitator'));
    await waitConnected(page);
    await page.getByRole('button', { name: 'More' }).tap();
    await page.getByRole('menuitem', { name: 'Incident details' }).tap();
    const dialog = page.getByRole('dialog', { name: 'Incident details' });
    await expectCentred(dialog, 390);
    await dialog.getByRole('button', { name: 'Add severity, services, tags' }).tap();
    await dialog.getByLabel('Severity').selectOption({ label: 'SEV3 (minor)' });
    await dialog.getByLabel('Services (separated by commas)').fill('checkout, payments');
    await expectFits(page, 390, 'the incident details, editing');
    // Big enough for a finger.
    const small = await dialog.locator('button, select, input').evaluateAll((els) =>
      els
        .map((el) => ({ name: el.getAttribute('aria-label') ?? el.textContent?.trim(), box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 44 || box.height < 44)
        .map(({ name, box }) => `${name} ${Math.round(box.width)}x${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).tap();
    await dialog.locator('.severity-badge').getByText('SEV3').waitFor();
    await dialog.getByText('payments', { exact: true }).waitFor();
    // Put back as the other tests expect it.
    await dialog.getByRole('button', { name: 'Edit', exact: true }).tap();
    await dialog.getByLabel('Severity').selectOption({ label: 'No severity' });
    await dialog.getByLabel('Services (separated by commas)').fill('');
    await dialog.getByRole('button', { name: 'Save' }).tap();
    await dialog.getByRole('button', { name: 'Add severity, services, tags' }).waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).tap();
    await dialog.waitFor({ state: 'hidden' });
    // Where the title's line shows them, the menu does not repeat them.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Open the room screen (projector)' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Incident details' }).count()).toBe(0);
  });

  it('a factor is dragged by touch (press, hold, move) from Unsorted to People', async () => {
    const { context, page } = await phone(suite.browser, 390, 'Lee Chen');
    await page.goto(seeded.board.link('participant'));
    await waitConnected(page);
    const note = factorCard(column(page, 'Unsorted'), 'Status page updates need a manager’s approval');
    const handle = note.getByRole('button', { name: /^Drag/ });
    // Down to the tray first, as a person scrolls: a column draws only the notes near view.
    await column(page, 'Unsorted').scrollIntoViewIfNeeded();
    await handle.scrollIntoViewIfNeeded();
    const from = (await handle.boundingBox())!;
    const target = (await column(page, 'People').locator('.factor-column__header').boundingBox())!;
    const cdp = await context.newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    const x0 = from.x + from.width / 2;
    const y0 = from.y + from.height / 2;
    await touch('touchStart', x0, y0);
    // Press and hold: a touch drag starts after 180 ms, so a quick swipe still scrolls the page.
    // Held until the drag has begun (the page's shield is up), however busy the phone is.
    await page.locator('.factor-drag-shield').waitFor({ state: 'attached' });
    // The finger goes to the People column's heading (the column itself, not a note in it, which
    // would stack the two).
    let x1 = target.x + target.width / 2;
    let y1 = target.y + target.height / 2;
    for (let i = 1; i <= 12; i++) await touch('touchMove', x0 + ((x1 - x0) * i) / 12, y0 + ((y1 - y0) * i) / 12);
    // As a person does, the finger follows the heading until the column shows the drop mark and
    // the page holds still: near the window's edge the page scrolls under a held note, by as
    // much as a busy phone lets it, and a finger lifted while it moves may land on another column.
    const people = column(page, 'People');
    const still = async () => {
      const before = await page.evaluate(() => window.scrollY);
      await page.waitForTimeout(100);
      return before === (await page.evaluate(() => window.scrollY));
    };
    for (let look = 0; ; look++) {
      const header = (await people.locator('.factor-column__header').boundingBox())!;
      const [x, y] = [header.x + header.width / 2, header.y + header.height / 2];
      const moved = Math.abs(x - x1) + Math.abs(y - y1) > 1;
      [x1, y1] = [x, y];
      if (moved) await touch('touchMove', x1, y1);
      else if ((await people.evaluate((c) => c.classList.contains('is-over'))) && (await still())) break;
      if (look === 100) throw new Error(`the People column never showed the drop mark under a still finger (${x1}, ${y1})`);
      await page.waitForTimeout(50);
    }
    await touch('touchEnd', x1, y1);
    await factorCard(column(page, 'People'), 'Status page updates need a manager’s approval').waitFor();
  });
});

describe('read-only notes', () => {
  it('a Communication note’s time stays on its line, above the text, on a viewer’s board', async () => {
    const { page } = await suite.open(seeded.board.link('viewer'));
    // A wide fallback font (DejaVu Sans, common on Linux desktops) is what wrapped "UTC" before.
    await page.addStyleTag({ content: ':root { --font-sans: "DejaVu Sans", sans-serif; }' });
    const note = page.getByRole('article', { name: /^Communication at 14:13 UTC/ });
    const layout = await note.evaluate((n) => {
      const time = n.querySelector('time')!;
      const text = n.querySelector('.event-note__head')!.nextElementSibling!;
      return { timeHeight: time.clientHeight, timeContent: time.scrollHeight, timeBottom: time.getBoundingClientRect().bottom, textTop: text.getBoundingClientRect().top };
    });
    expect(layout.timeContent).toBeLessThanOrEqual(layout.timeHeight);
    expect(layout.timeBottom).toBeLessThanOrEqual(layout.textTop);
  });
});

describe('the board header', () => {
  it('keeps the title readable and the incident fields whole and clickable with four people present', async () => {
    // One person, one browser: the window is resized between the checks.
    const { page } = await suite.open(seeded.board.link('facilitator'), { viewport: { width: 1280, height: 900 }, name: 'Fran' });
    await expect.poll(() => page.locator('.presence .avatar').count()).toBeGreaterThanOrEqual(4);
    for (const width of [1280, 1440, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      // Whole inside the title's column, not under the avatars: a click at its middle reaches it.
      const fields = page.getByRole('button', { name: 'Add severity, services, tags' });
      const seen = await fields.evaluate((button) => {
        const box = button.getBoundingClientRect();
        const column = button.closest('.board-title')!.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return { inside: box.left >= column.left - 1 && box.right <= column.right + 1, reached: hit !== null && button.contains(hit) };
      });
      expect(seen, `${width} px`).toEqual({ inside: true, reached: true });
      const title = await page.locator('.board-title__text').evaluate((h) => h.getBoundingClientRect().width);
      expect(title, `${width} px: the title's room`).toBeGreaterThanOrEqual(240);
      // The form opens whole, every control in the window and on top.
      await fields.click();
      const form = page.getByRole('form', { name: 'Incident fields' });
      const controls = await form.locator('select, input, button').evaluateAll((els) =>
        els.map((el) => {
          const box = el.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return box.width > 0 && box.right <= window.innerWidth && box.bottom <= window.innerHeight && hit !== null && el.contains(hit);
        }),
      );
      expect(controls, `${width} px: the form's controls`).toEqual([true, true, true, true, true]);
      await form.getByLabel('Severity').selectOption({ label: 'SEV2 (major)' });
      await form.getByRole('button', { name: 'Save' }).click();
      await page.locator('.board-title__meta .severity-badge').getByText('SEV2').waitFor();
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await page.getByRole('form', { name: 'Incident fields' }).getByLabel('Severity').selectOption({ label: 'No severity' });
      await page.getByRole('form', { name: 'Incident fields' }).getByRole('button', { name: 'Save' }).click();
      await fields.waitFor();
      // Escape closes the form and gives focus back to its button.
      await fields.click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Severity');
      await page.keyboard.press('Escape');
      await page.getByRole('form', { name: 'Incident fields' }).waitFor({ state: 'hidden' });
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Add severity, services, tags');
    }
  });
});
