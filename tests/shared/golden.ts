// Golden files for the report tests: each expected report is a committed Markdown file in
// tests/shared/golden/, rewritten on purpose with UPDATE_GOLDEN=1 (then review the diff). The
// boards are written with tests/helpers/context.ts's testContext, whose clock gives every creation
// its own millisecond, so the golden files stay stable.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

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
