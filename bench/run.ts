/**
 * Runs every benchmark in bench/ (or those whose file name contains an argument),
 * one after the other, inside the emulators started by `npm run bench`. Each
 * benchmark prints one JSON object per figure:
 *   {"bench": "...", "figure": "...", "value": 1.23, "unit": "..."}
 * Each starts on a clean stage: an empty Firestore and the Functions
 * emulator's triggers on, whatever the one before left behind (bench/instant.ts
 * turns them off for a while; a benchmark that failed may not have turned them on again).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearFirestore } from '../tests/support/emulators.ts';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

/** An empty Firestore with the triggers on (clearFirestore turns them on again after clearing). */
async function cleanStage(): Promise<void> {
  if (!process.env.FIREBASE_EMULATOR_HUB) throw new Error('FIREBASE_EMULATOR_HUB is not set: run through `npm run bench`');
  await clearFirestore();
}

let failed = 0;
for (const file of benches) {
  console.error(`# ${file}`);
  await cleanStage();
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit', env: process.env });
  console.error(`# ${file} took ${Math.round((Date.now() - started) / 1000)} s`);
  if (result.status !== 0) {
    failed++;
    console.error(`# ${file} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
