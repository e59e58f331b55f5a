import { defineConfig } from 'vitest/config';

/**
 * Suites that need the emulators: run inside `firebase emulators:exec`
 * (npm run test:emulators), one file at a time since they share the emulators.
 */
/**
 * Functions suites that run in a browser group's stack, so that the stacks finish at about the
 * same time (scripts/testEmulators.ts): each file seeds what it needs, as the e2e files do.
 */
const functionsSuites = (...names: string[]) => names.map((n) => `tests/functions/${n}.test.ts`);
const BESIDE_VIEWER = functionsSuites('history');
const BESIDE_AUTHORING = functionsSuites('publicFlag', 'historyImport', 'reconcileFairness');
/**
 * The browser suites of teams and authoring, in a stack of their own beside the viewer's
 * (scripts/testEmulators.ts): every browser file clears its stack's Firestore first, so files
 * of one stack run one after another.
 */
const AUTHORING_E2E = ['authoring', 'editor', 'teams', 'alerts', 'ingest', 'start'].map((f) => `tests/e2e/${f}.test.ts`);
const E2E_SETUP = ['tests/e2e/globalSetup.ts'];

export default defineConfig({
  test: {
    fileParallelism: false,
    maxWorkers: 1,
    // Generous: the three stacks share two cores, and a test's own waits say what it expects.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'rules', include: ['tests/rules/**/*.test.ts'], globalSetup: ['tests/rules/globalSetup.ts'] } },
      {
        extends: true,
        test: { name: 'functions', include: ['tests/functions/**/*.test.ts'], exclude: ['tests/functions/reload.test.ts', ...BESIDE_VIEWER, ...BESIDE_AUTHORING] },
      },
      { extends: true, test: { name: 'functions-beside-e2e', include: BESIDE_VIEWER } },
      { extends: true, test: { name: 'functions-beside-authoring', include: BESIDE_AUTHORING } },
      // Alone on a quiet machine: it measures how far windows lag while its stack reloads (scripts/testEmulators.ts).
      { extends: true, test: { name: 'reload', include: ['tests/functions/reload.test.ts'] } },
      { extends: true, test: { name: 'producer', include: ['tests/producer/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], exclude: AUTHORING_E2E, globalSetup: E2E_SETUP } },
      { extends: true, test: { name: 'e2e-authoring', include: AUTHORING_E2E, globalSetup: E2E_SETUP } },
    ],
  },
});
