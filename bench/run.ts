/**
 * Runs every benchmark in bench/ (or those whose file name contains an argument),
 * one after the other, inside the emulators started by `npm run bench`. Each
 * benchmark prints one JSON object per figure:
 *   {"bench": "...", "figure": "...", "value": 1.23, "unit": "..."}
 * Each starts on a clean stage: an empty Firestore and the Functions
 * emulator's triggers on, whatever the one before left behind (bench/instant.ts
 * turns them off for a while; a benchmark that failed may not have turned them on again), with
 * no trigger left queued by the one before (dropped, not run).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FieldValue } from 'firebase-admin/firestore';
import { adminDb } from '../tests/support/admin.ts';
import { clearFirestore, setTriggers } from '../tests/support/emulators.ts';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const PROBE = 'pipelines/bench-stage-probe';
const DRAIN_TIMEOUT_MS = 20 * 60_000;

/**
 * Resolves once the triggers queued before now have run: the emulator delivers
 * them one at a time, in order, so a probe pipeline's window appears only after
 * them (a benchmark of thousands of records leaves minutes of triggers behind,
 * which would slow the next one's flushes). Returns how long that took.
 */
async function triggersDrained(): Promise<number> {
  const db = adminDb();
  const started = Date.now();
  await setTriggers(true);
  await db.doc(PROBE).set({ teamId: 'bench-stage', name: 'Stage probe', public: false, createdAt: FieldValue.serverTimestamp(), createdBy: 'bench' });
  while (!(await db.doc(`${PROBE}/rollups/last100`).get()).exists) {
    if (Date.now() - started > DRAIN_TIMEOUT_MS) throw new Error(`the triggers queued before ${new Date(started).toISOString()} did not run within 20 min`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return Date.now() - started;
}

const DROP_ATTEMPT_MS = 70_000;

/**
 * Drops the triggers the last benchmark left queued instead of running them: a
 * soak of 30 min at 10 records/s per pipeline leaves hours of them. With the
 * triggers off the Functions emulator answers each queued delivery at once
 * without running it, and the Hub answers "off" only once its queue is empty
 * (it waits 60 s at most, then leaves the request unanswered: hence the retries).
 */
async function dropQueuedTriggers(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const answered = await Promise.race([
      setTriggers(false).then(() => true, () => false),
      new Promise<false>((r) => setTimeout(() => r(false), DROP_ATTEMPT_MS)),
    ]);
    if (answered) return;
    if (attempt * DROP_ATTEMPT_MS > DRAIN_TIMEOUT_MS) throw new Error('the Functions emulator\'s queue did not empty within 20 min with the triggers off');
  }
}

/** An empty Firestore with the triggers on (clearFirestore turns them on again after clearing), nothing queued behind. */
async function cleanStage(): Promise<void> {
  if (!process.env.FIREBASE_EMULATOR_HUB) throw new Error('FIREBASE_EMULATOR_HUB is not set: run through `npm run bench`');
  await dropQueuedTriggers();
  const waitedMs = await triggersDrained();
  if (waitedMs > 5_000) console.error(`# waited ${Math.round(waitedMs / 1000)} s for the triggers the last benchmark left queued`);
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
