import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Clock times in expected strings are written for UTC.
          env: { TZ: 'UTC' },
          include: ['test/unit/**/*.test.{ts,tsx}', 'test/emulator/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 60_000,
          // A browser launch plus sign-in in a beforeAll can take long on a loaded 2-core machine.
          hookTimeout: 120_000,
          fileParallelism: false,
          // One retry for a browser test that lost a race with the machine (2 cores, a browser
          // each); a real failure fails twice. Retries are reported in the output.
          retry: 1,
        },
      },
    ],
  },
});
