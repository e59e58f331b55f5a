/**
 * Records/s that one `npm run produce` process sustains into the emulator, with
 * batching (sendMany batches of 500 and of 50) and without (one write a record),
 * and the peak RSS of that process. Runs inside the emulators (bench/run.ts).
 * BENCH_PRODUCER_RECORDS sets the batched run's size (default 2000); the
 * unbatched run sends a quarter of it. For scale, `sdk_ceiling` is the rate of
 * bare `writeBatch` commits (no library, no CLI) by the same account: what the
 * emulator and its rules allow on this machine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAuth } from 'firebase-admin/auth';
import { FieldValue } from 'firebase-admin/firestore';
import { collection, doc, serverTimestamp, writeBatch } from 'firebase/firestore';
import { ROOT } from '../scripts/lib/emulatorEnv.ts';
import { adminApp, adminDb, closeAdmin } from '../tests/support/admin.ts';
import { clientSession } from '../tests/support/client.ts';
import { report } from './_report.ts';

const BENCH = 'producer';
const RECORDS = Number(process.env.BENCH_PRODUCER_RECORDS ?? 2000);
const PASSWORD = 'bench-producer-pw';

interface Summary {
  sent: number;
  failed: number;
  pending: number;
  elapsedMs: number;
  recordsPerSec: number;
  maxRssBytes: number;
  exitCode: number;
}

const run = `${Date.now().toString(36)}`;
const email = `bench-producer-${run}@dash.test`;

async function seed(): Promise<{ uid: string; pipeline: (name: string) => Promise<string> }> {
  const { uid } = await getAuth(adminApp()).createUser({ email, password: PASSWORD });
  const db = adminDb();
  const teamId = `bench-team-${run}`;
  await db.doc(`teams/${teamId}`).set({ name: 'Bench', createdAt: FieldValue.serverTimestamp(), createdBy: uid });
  await db.doc(`teams/${teamId}/members/${uid}`).set({ role: 'producer', uid, addedAt: FieldValue.serverTimestamp() });
  return {
    uid,
    async pipeline(name) {
      const id = `bench-${name}-${run}`;
      await db.doc(`pipelines/${id}`).set({ teamId, name: id, public: false, createdAt: FieldValue.serverTimestamp(), createdBy: uid });
      return id;
    },
  };
}

/** Runs the CLI on `file` and returns its JSON summary and its whole wall time. */
function produce(pipelineId: string, file: string, batchSize: number): Promise<Summary & { wallMs: number }> {
  const started = performance.now();
  const args = ['--import', 'tsx', join(ROOT, 'scripts', 'produce.ts'), '--pipeline', pipelineId, '--file', file];
  args.push('--email', email, '--password', PASSWORD, '--batch-size', String(batchSize), '--summary-json', '--quiet');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.once('error', reject);
    child.once('close', (code) => {
      try {
        resolve({ ...(JSON.parse(out) as Summary), wallMs: performance.now() - started });
      } catch {
        reject(new Error(`produce exited ${code} without a summary: ${out}`));
      }
    });
  });
}

/** Records/s of bare client SDK batches of 50 into `pipelineId`, awaited one after the other. */
async function sdkCeiling(pipelineId: string, uid: string, records: number): Promise<number> {
  const client = await clientSession(email, PASSWORD);
  try {
    const log = collection(client.db, 'pipelines', pipelineId, 'records');
    const started = performance.now();
    for (let i = 0; i < records; i += 50) {
      const batch = writeBatch(client.db);
      for (let j = i; j < Math.min(records, i + 50); j++) batch.set(doc(log), { ts: serverTimestamp(), data: { seq: j }, producer: uid });
      await batch.commit();
    }
    return Math.round(records / ((performance.now() - started) / 1000));
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-producer-'));
  const input = (n: number): string => {
    const file = join(dir, `${n}.ndjson`);
    const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ seq: i, cpu: Math.round(Math.random() * 1000) / 10, host: 'bench', up: true }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  try {
    const { uid, pipeline } = await seed();
    // Warm the emulator (rules, indexes, JIT) before measuring.
    await produce(await pipeline('warmup'), input(100), 50);

    const runs = [
      { name: 'batch_500', batchSize: 500, records: RECORDS },
      { name: 'batch_50', batchSize: 50, records: RECORDS },
      { name: 'unbatched', batchSize: 1, records: Math.max(50, Math.round(RECORDS / 4)) },
    ];
    for (const r of runs) {
      const pipelineId = await pipeline(r.name);
      const s = await produce(pipelineId, input(r.records), r.batchSize);
      const { count } = (await adminDb().collection(`pipelines/${pipelineId}/records`).count().get()).data();
      report(BENCH, `records_per_sec_${r.name}`, s.recordsPerSec, 'records/s');
      report(BENCH, `records_${r.name}`, r.records, 'records');
      report(BENCH, `all_in_log_${r.name}`, s.exitCode === 0 && s.sent === r.records && count === r.records, 'bool');
      report(BENCH, `stream_seconds_${r.name}`, Number((s.elapsedMs / 1000).toFixed(2)), 's');
      report(BENCH, `startup_seconds_${r.name}`, Number(((s.wallMs - s.elapsedMs) / 1000).toFixed(2)), 's');
      report(BENCH, `peak_rss_${r.name}`, Math.round(s.maxRssBytes / 2 ** 20), 'MiB');
    }
    report(BENCH, 'records_per_sec_sdk_ceiling', await sdkCeiling(await pipeline('ceiling'), uid, Math.round(RECORDS / 4)), 'records/s');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await closeAdmin();
  }
}

await main();
process.exit(0);
