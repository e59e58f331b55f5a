import { defineConfig } from 'vitest/config';

/**
 * Suites that need the emulators: run inside `firebase emulators:exec`
 * (npm run test:emulators), one file at a time since they share the emulators.
 */
/** Functions suites moved to the e2e group's stack: each file seeds what it needs, as the e2e files do. */
const BESIDE_E2E = ['tests/functions/publicFlag.test.ts'];

export default defineConfig({
  test: {
    fileParallelism: false,
    maxWorkers: 1,
    // Generous: the two stacks share two cores, and a test's own waits say what it expects.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'rules', include: ['tests/rules/**/*.test.ts'], globalSetup: ['tests/rules/globalSetup.ts'] } },
      { extends: true, test: { name: 'functions', include: ['tests/functions/**/*.test.ts'], exclude: ['tests/functions/reload.test.ts', ...BESIDE_E2E] } },
      // Functions suites that run in the e2e group's stack, so that both stacks finish at about the same time (scripts/testEmulators.ts).
      { extends: true, test: { name: 'functions-beside-e2e', include: BESIDE_E2E } },
      // Alone on a quiet machine: it measures how far windows lag while its stack reloads (scripts/testEmulators.ts).
      { extends: true, test: { name: 'reload', include: ['tests/functions/reload.test.ts'] } },
      { extends: true, test: { name: 'producer', include: ['tests/producer/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], exclude: ['tests/e2e/start.test.ts'], globalSetup: ['tests/e2e/globalSetup.ts'] },
      },
      // `npm start` on its own ports, as a new user runs it: it needs no stack of the group it runs in (scripts/testEmulators.ts).
      { extends: true, test: { name: 'start', include: ['tests/e2e/start.test.ts'] } },
    ],
  },
});
