import { defineConfig } from 'vitest/config';

// Two projects: fast unit/property tests in Node, and real-browser end-to-end tests
// that share one browser per file and so run files one at a time (2 cores here).
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/property/**/*.test.ts'],
          environment: 'node',
          // CI runs on a fresh machine (cold disk cache, a first JIT of everything): a test that
          // takes half a second here must not fail there on vitest's default 5 s. A hang still does.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ['tests/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
