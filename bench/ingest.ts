/**
 * HTTP ingest (issue 18) against the SDK producer library, side by side in
 * one run on the emulators: records/s through `ingest` with batches of 1,
 * 100 and 500 (one request at a time, as `npm run produce -- --token` sends)
 * and through createProducer's sendMany with the same batches; p50/p99 of a
 * single-record POST's answer, and from the POST to its record in the
 * window; the peak RSS of the Functions emulator's worker processes.
 * The latency comes first, with the triggers on and their queue empty; the
 * rates then run with the emulator's triggers off (the Functions emulator
 * runs triggers about one at a time: thousands of queued flushes would
 * measure its queue, for both paths alike). The bench token's rate limit is
 * lifted (trusted code sets it) so that the endpoint, not the limit, is
 * measured. BENCH_INGEST_RECORDS sets the batched runs' size (default 3000;
 * batches of 1 send a tenth of it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getAuth } from 'firebase-admin/auth';
import { FieldValue } from 'firebase-admin/firestore';
import { PROJECT_ID } from '../tests/support/emulators.ts';
import { firestore as functionsDb } from '../functions/src/admin.ts';
import { issueToken } from '../functions/src/ingest/tokens.ts';
import { portsFromEnv } from '../scripts/lib/ports.ts';
import { createProducer } from '../src/producer/createProducer.ts';
import { adminApp, adminDb, closeAdmin } from '../tests/support/admin.ts';
import { clientSession } from '../tests/support/client.ts';
import { firestoreHost, setTriggers } from '../tests/support/emulators.ts';
import { report } from './_report.ts';
import { percentile, sleep } from './_viewerApp.ts';

const BENCH = 'ingest';
const RECORDS = Number(process.env.BENCH_INGEST_RECORDS ?? 3000);
const PASSWORD = 'bench-ingest-pw';
const run = Date.now().toString(36);
const teamId = `bench-ingest-${run}`;

/** Peak RSS (MiB) of this stack's Functions emulator workers, sampled until stopped. */
function watchWorkerMemory(): { stop(): number } {
  let peak = 0;
  const sample = () => {
    for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('functionsEmulatorRuntime')) continue;
        if (!readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`FIRESTORE_EMULATOR_HOST=${firestoreHost()}`)) continue;
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (rss) peak = Math.max(peak, Number(rss[1]) / 1024);
      } catch {
        // Gone while we looked.
      }
    }
  };
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return Math.round(peak);
    },
  };
}

async function pipeline(name: string): Promise<string> {
  const id = `bench-${name}-${run}`;
  await adminDb().doc(`pipelines/${id}`).set({ teamId, name: id, public: false, createdAt: FieldValue.serverTimestamp(), createdBy: 'bench' });
  return id;
}

const urlOf = (pipelineId: string) => `http://127.0.0.1:${portsFromEnv().functions}/${PROJECT_ID}/us-central1/ingest/${pipelineId}`;
const records = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ seq: from + i, cpu: Math.round(Math.random() * 1000) / 10, host: 'bench', up: true }));

async function post(url: string, token: string, body: unknown): Promise<{ status: number; ids: string[] }> {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await res.json()) as { ids?: string[] };
  return { status: res.status, ids: answer.ids ?? [] };
}

/** Records/s of `total` records posted in batches of `size`, one request at a time. */
async function httpRate(size: number, total: number): Promise<{ rate: number; ok: boolean }> {
  const pipelineId = await pipeline(`http-${size}`);
  const { token } = await issueToken(functionsDb(), pipelineId, 'bench', 'bench', 1_000_000);
  const url = urlOf(pipelineId);
  let ok = true;
  const started = performance.now();
  for (let i = 0; i < total; i += size) ok = (await post(url, token, records(Math.min(size, total - i), i))).status === 200 && ok;
  const rate = Math.round(total / ((performance.now() - started) / 1000));
  const { count } = (await adminDb().collection(`pipelines/${pipelineId}/records`).count().get()).data();
  return { rate, ok: ok && count === total };
}

/** Records/s of the SDK producer library's sendMany in batches of `size`, awaited one after the other. */
async function sdkRate(email: string, size: number, total: number): Promise<number> {
  const pipelineId = await pipeline(`sdk-${size}`);
  const session = await clientSession(email, PASSWORD);
  try {
    const producer = createProducer({ app: session.app, firestore: session.db, pipelineId });
    const started = performance.now();
    for (let i = 0; i < total; i += size) await producer.sendMany(records(Math.min(size, total - i), i));
    return Math.round(total / ((performance.now() - started) / 1000));
  } finally {
    await session.close();
  }
}

/** A single-record POST, `samples` times: its answer's latency, and the time until its record is in the window. */
async function singleLatency(samples: number): Promise<{ answer: number[]; window: number[] }> {
  const pipelineId = await pipeline('latency');
  const { token } = await issueToken(functionsDb(), pipelineId, 'bench', 'bench');
  const url = urlOf(pipelineId);
  const answer: number[] = [];
  const window: number[] = [];
  const waiting = new Map<string, number>();
  const stop = adminDb()
    .doc(`pipelines/${pipelineId}/rollups/last100`)
    .onSnapshot((snap) => {
      const now = performance.now();
      for (const r of (snap.get('records') ?? []) as { id: string }[]) {
        const sent = waiting.get(r.id);
        if (sent !== undefined) {
          window.push(now - sent);
          waiting.delete(r.id);
        }
      }
    });
  for (let i = 0; i < samples; i++) {
    const sent = performance.now();
    const { ids } = await post(url, token, { seq: i, cpu: 1 });
    answer.push(performance.now() - sent);
    waiting.set(ids[0]!, sent);
    await sleep(400);
  }
  for (let i = 0; i < 40 && waiting.size > 0; i++) await sleep(250);
  stop();
  return { answer, window };
}

async function main(): Promise<void> {
  const email = `bench-ingest-${run}@dash.test`;
  const { uid } = await getAuth(adminApp()).createUser({ email, password: PASSWORD });
  await adminDb().doc(`teams/${teamId}`).set({ name: 'Bench', createdAt: FieldValue.serverTimestamp(), createdBy: uid });
  await adminDb().doc(`teams/${teamId}/members/${uid}`).set({ role: 'producer', uid, addedAt: FieldValue.serverTimestamp() });
  // Warm the endpoint and the client SDK (JIT, rules, the emulator's worker) before measuring.
  await httpRate(10, 50);
  await sdkRate(email, 10, 50);

  const memory = watchWorkerMemory();
  const latency = await singleLatency(40);
  report(BENCH, 'single POST answer p50', Math.round(percentile(latency.answer, 50)), 'ms');
  report(BENCH, 'single POST answer p99', Math.round(percentile(latency.answer, 99)), 'ms');
  report(BENCH, 'single POST to window p50', Math.round(percentile(latency.window, 50)), 'ms');
  report(BENCH, 'single POST to window p99', Math.round(percentile(latency.window, 99)), 'ms');
  report(BENCH, 'single POST in window', latency.window.length, 'count');

  await setTriggers(false);
  for (const size of [500, 100, 1]) {
    const total = size === 1 ? Math.round(RECORDS / 10) : RECORDS;
    const http = await httpRate(size, total);
    report(BENCH, `http batch ${size} records/s`, http.rate, 'records/s');
    report(BENCH, `http batch ${size} all in log`, http.ok, 'bool');
    report(BENCH, `sdk batch ${size} records/s`, await sdkRate(email, size, total), 'records/s');
  }
  await setTriggers(true);
  report(BENCH, 'functions worker peak RSS', memory.stop(), 'MiB');
  await closeAdmin();
}

await main();
process.exit(0);
