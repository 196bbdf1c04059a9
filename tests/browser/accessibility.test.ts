// Accessibility: axe-core (through @axe-core/playwright) on the home page, every phase of a full
// board, and its dialogs and popovers, in light and dark: no serious or critical violation (colour
// contrast included). One page per theme walks the phases: in the light theme every rule runs at
// each stop; in the dark theme (the system preference, as a dark-mode user has it) the rules that
// read colours. Only colours differ between the themes: the DOM, names and roles the other rules
// check are the same. (Switching one page's theme at each stop cost more than a second walk, and
// axe then read some notes with their old colours.)
import AxeBuilder from '@axe-core/playwright';
import axe from 'axe-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PHASES, PHASE_LABELS, type Phase } from '../../shared/facilitation';
import { useBrowserSuite, waitConnected } from './helpers';
import { createSeededBoard, type SeededBoard } from './seed';

const suite = useBrowserSuite();
let seeded: SeededBoard;

beforeAll(async () => {
  seeded = await createSeededBoard(suite.server);
  return () => seeded.leave();
});

/** The axe rules whose result depends on the theme's colours. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * What AxeBuilder evaluates in the page as "axe-core's source": a check that the page already has
 * it. AxeBuilder evaluates the source it is given twice per check (about 550 KB of script parsed
 * and run each time, most of a popover's check); violations() loads the same axe-core (the version
 * @axe-core/playwright depends on) once per document instead.
 */
const AXE_LOADED = "if (typeof window.axe?.run !== 'function') throw new Error('axe-core is not loaded in this page');";

/** Serious and critical violations on the page (or in `within`), one line per element. */
async function violations(page: Page, within?: string, rules?: string[]): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  let builder = new AxeBuilder({ page, axeSource: AXE_LOADED })
    // axe.run in the page itself (no blank page per check for finishRun: there are no frames to
    // combine), and details kept only for violations: the walk took 40 % less time.
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] });
  if (rules) builder = builder.withRules(rules);
  for (const selector of within?.split(', ') ?? []) builder = builder.include(selector);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim() ?? ''})`));
}

const STEP: Record<Phase, string> = { ...PHASE_LABELS, factors: 'Factors', actions: 'Actions' };

async function goToPhase(page: Page, phase: Phase): Promise<void> {
  await page.getByRole('navigation', { name: 'Meeting phases' }).getByRole('button', { name: new RegExp(`^\\d*${STEP[phase]}$`) }).click();
  await page.getByRole('region', { name: 'Meeting' }).getByText(`Current phase: ${PHASE_LABELS[phase]}`).waitFor();
}

describe.each(['light', 'dark'] as const)('axe-core, %s theme', (colorScheme) => {
  it('finds nothing serious on the home page, in any phase, dialog or popover', { timeout: 300_000 }, async () => {
    const found: Record<string, string[]> = {};
    const rules = colorScheme === 'dark' ? COLOUR_RULES : undefined;
    const check = async (where: string, page: Page, within?: string) => {
      const v = await violations(page, within, rules);
      if (v.length) found[where] = v;
    };
    const context = await suite.browser.newContext({ colorScheme, reducedMotion: 'reduce', viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    suite.track({ context, page, errors });
    await page.goto(suite.server.url);
    await page.getByRole('heading', { name: 'Start a postmortem' }).waitFor();
    await check('home', page);

    await page.evaluate(() => localStorage.setItem('debrief:name', 'Sam Rivera'));
    await page.goto(seeded.board.link('facilitator'));
    await waitConnected(page);
    for (const phase of PHASES) {
      if (phase !== 'prework') await goToPhase(page, phase);
      if (phase === 'voting') {
        // Dots revealed: the tallies and the ranked top factors show.
        const reveal = page.getByRole('button', { name: 'Reveal votes' }).first();
        if (await reveal.count()) await reveal.click();
        await page.getByRole('button', { name: 'Hide again' }).first().waitFor();
      }
      // The whole board once (and again with the votes revealed); in the other phases, what the
      // phase changes: the meeting bar and its part of the board.
      if (phase === 'prework' || phase === 'voting') await check(phase, page);
      else await check(phase, page, phase === 'closed' ? '.board-main' : '.meeting-bar, .phase-zone[data-emphasis="current"]');
    }
    await goToPhase(page, 'timeline');

    // Popovers: the timer, the meeting settings, the board menu.
    await page.getByRole('button', { name: 'Timer' }).click();
    await check('timer popover', page, '.popover');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Meeting settings' }).click();
    await check('meeting settings', page, '.popover');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'More' }).click();
    await check('board menu', page, '.popover');
    await page.keyboard.press('Escape');

    // Dialogs: share, change your name, delete, the incident's details (a phone's).
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await check('share dialog', page, 'dialog[open]');
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Change your name' }).click();
    await check('name dialog', page, 'dialog[open]');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Delete board…' }).click();
    await check('delete dialog', page, 'dialog[open]');
    await page.getByRole('button', { name: 'Keep the board' }).click();
    // A phone's: the incident's details, shown and being edited.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Incident details' }).click();
    await check('incident details dialog', page, 'dialog[open]');
    await page.locator('dialog[open]').getByRole('button', { name: 'Add severity, services, tags' }).click();
    await check('incident details dialog, editing', page, 'dialog[open]');
    // Escape steps back: the form first, then the dialog.
    await page.keyboard.press('Escape');
    await page.getByRole('form', { name: 'Incident fields' }).waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1440, height: 900 });

    // The room screen.
    await page.goto(seeded.board.link('viewer').replace(`/b/${seeded.board.id}`, `/b/${seeded.board.id}/projector`));
    await waitConnected(page);
    await check('room screen', page);

    // Leave the board as the next theme finds it.
    await page.goto(seeded.board.link('facilitator'));
    await waitConnected(page);
    await goToPhase(page, 'prework');
    expect(found).toEqual({});
  });
});
