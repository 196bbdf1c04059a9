// Golden files for the report tests: each expected report is a committed Markdown file in
// tests/shared/golden/, rewritten on purpose with UPDATE_GOLDEN=1 (then review the diff). And a
// clock that gives every creation its own millisecond, so ties in creation order never fall to
// random ids and the golden files stay stable.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, vi } from 'vitest';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/** Compares `actual` with the golden file `name`.md, or rewrites the file when UPDATE_GOLDEN=1. */
export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, `${name}.md`);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`No golden file ${file}; run with UPDATE_GOLDEN=1 to write it.`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** From each test's start, Date.now() counts up one millisecond per call from 2026-11-03 15:00 UTC. */
export function useSteppingClock(): void {
  let clock = 0;
  beforeEach(() => {
    clock = Date.UTC(2026, 10, 3, 15, 0, 0);
    vi.spyOn(Date, 'now').mockImplementation(() => clock++);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
}
