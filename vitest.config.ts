// Test projects: pure shared code, the real server, real-browser UI tests, and several server
// instances on a real PostgreSQL and Redis (scale).
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './tests/sequencer';

export default defineConfig({
  test: {
    // Two workers on the two cores, browser files two at a time. A browser file keeps Chromium
    // busy only part of the time (voting: 30 s of CPU in a 43 s run; the rest is waiting for the
    // network, the server and the page), so two side by side fill the cores better than one after
    // the other: measured in docs/benchmarks.md ("Test suite").
    maxWorkers: 2,
    // Longest files first, also on a clean clone with no durations of its own (tests/sequencer.ts).
    sequence: { sequencer: LongestFirst },
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
          // Files share a worker's loaded modules (each builds its own app and store): importing
          // the server's sources once per worker rather than once per file.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          // As for the server files: each file starts its own server, the modules (the server's
          // sources, playwright-core) are loaded once per worker: 2-3 s a file. Chromium is
          // launched once per worker too (tests/browser/helpers.ts, workerChromium); each test
          // still opens its own browser profiles.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'scale',
          include: ['tests/scale/**/*.test.ts'],
          environment: 'node',
          isolate: false,
          // Each file starts its own PostgreSQL, Redis and server processes on free ports, so
          // these files run beside the others (one at a time, they waited for everything else
          // and then kept one core idle for a minute).
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
