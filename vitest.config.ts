// Test projects: pure shared code, the real server, real-browser UI tests, and several server
// instances on a real PostgreSQL and Redis (scale).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // vitest's default here is one worker: every file of every project runs one after another.
    // Measured on the 2-core machine (docs/benchmarks.md, "Test suite"): two workers (server files
    // beside the browser ones) took 757 s against 714 s, and two browser files side by side longer
    // still; the browser files are CPU-bound (Chromium).
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/shared/**/*.test.ts', 'tests/client/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file drives its own Chromium, which keeps a core busy: two side by side took longer
          // than one after the other (the accessibility walk 98 s alone, 235 s beside another).
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'scale',
          include: ['tests/scale/**/*.test.ts'],
          environment: 'node',
          // Each file starts its own PostgreSQL, Redis and server processes: one file at a time.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
