import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const ROOTS = ['tests/unit', 'src', 'functions/src', 'scripts'];
const testFiles = ROOTS.flatMap((root) =>
  readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(root, f)),
);
/** Suites that replace a module (vi.mock, vi.doMock): each needs a module registry of its own. */
const mocking = testFiles.filter((f) => /\bvi\.(mock|doMock)\(/.test(readFileSync(f, 'utf8')));

/**
 * Unit tests: pure code and components, no emulators. The others share their
 * workers' module registries: isolating every file re-imported Vue and
 * Firebase for each (40 s instead of 16 s on two cores).
 */
export default defineConfig({
  plugins: [vue()],
  test: {
    environment: 'node',
    pool: 'threads',
    projects: [
      { extends: true, test: { name: 'unit', include: testFiles.filter((f) => !mocking.includes(f)), isolate: false } },
      { extends: true, test: { name: 'unit-mocking', include: mocking } },
    ],
  },
});
