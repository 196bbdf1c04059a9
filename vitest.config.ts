// Test projects: pure shared code, the real server, real-browser UI tests, and several server
// instances on a real PostgreSQL and Redis (scale).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two workers on the two cores, browser files two at a time. A browser file keeps Chromium
    // busy only part of the time (voting: 30 s of CPU in a 43 s run; the rest is waiting for the
    // network, the server and the page), so two side by side fill the cores better than one after
    // the other: measured in docs/benchmarks.md ("Test suite").
    maxWorkers: 2,
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
