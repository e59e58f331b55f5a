/**
 * The rolling window under load (issue 4), on the emulators: one fresh pipeline
 * per phase (steady 10 records/s for 30 s, steady 100 records/s for 30 s, a
 * burst of 1,000), written by 10 producer sessions through the client SDK
 * under the security rules, watched by an 11th session as a dashboard would.
 *
 * Figures per phase: records/s accepted; window writes per second (mean over
 * the phase, and the most in any one second); freshness p50/p99 (a record's
 * commit time `ts` -> the first window snapshot containing it, and, for every
 * record including those never shown, -> the first snapshot with it or
 * anything newer); reads per
 * flush (from the flushes' own accounting, read off the logging emulator);
 * whether the final window was exact (the newest 100 of the log, and count).
 *
 *   DASH_PORT_OFFSET=200 npx tsx scripts/emulators.ts exec "tsx bench/run.ts rollup"
 */
import { loadavg } from 'node:os';
import { doc, onSnapshot, type Timestamp as ClientTimestamp } from 'firebase/firestore';
import WebSocket from 'ws';
import {
  fdb,
  producerOf,
  readLog,
  readWindow,
  seedPipeline,
  sleep,
  waitFor,
  waitForExactWindow,
  type Producer,
} from '../tests/functions/harness.ts';
import { closeAdmin } from '../tests/support/admin.ts';
import { report } from './_report.ts';

const BENCH = 'rollup';
const PRODUCERS = 10;

interface FlushLog {
  pipelineId: string;
  role: string;
  outcome: string;
  counted: number;
  late: number;
  reads: number;
}

interface FunctionLogs {
  flushes: FlushLog[];
  /** Record-trigger invocations the Functions emulator has finished so far. */
  finishedTriggers: () => number;
  close: () => void;
}

/** Follows the Functions emulator's log stream (the logging emulator): flush entries and finished record triggers. */
async function watchFunctionLogs(): Promise<FunctionLogs> {
  const hub = process.env.FIREBASE_EMULATOR_HUB;
  if (!hub) throw new Error('FIREBASE_EMULATOR_HUB is not set: run inside the emulators.');
  const emulators = (await (await fetch(`http://${hub}/emulators`)).json()) as Record<string, { host: string; port: number }>;
  const { host, port } = emulators.logging;
  const socket = new WebSocket(`ws://${host}:${port}`);
  const flushes: FlushLog[] = [];
  let finished = 0;
  socket.on('message', (raw: WebSocket.RawData) => {
    const text = (JSON.parse(String(raw)) as { message?: string }).message ?? '';
    if (text.includes('Finished "') && text.includes('rollupOnRecordCreated"')) finished++;
    if (!text.includes('"message":"rollup flush"')) return;
    flushes.push(JSON.parse(text.slice(text.indexOf('{'))) as FlushLog);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { flushes, finishedTriggers: () => finished, close: () => socket.close() };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface WindowVersion {
  at: number;
  updatedAtMs: number;
  count: number;
  lastTs: ClientTimestamp | null;
}

/** Listens to a window as a dashboard does; notes each version and when each record first appeared in it. */
function watchWindow(viewer: Producer, pipelineId: string) {
  const versions: WindowVersion[] = [];
  const firstShown = new Map<string, number>();
  const stop = onSnapshot(doc(viewer.session.db, `pipelines/${pipelineId}/rollups/last100`), (snap) => {
    const at = Date.now();
    if (!snap.exists()) return;
    const updatedAt = snap.get('updatedAt') as ClientTimestamp | null;
    if (!updatedAt) return;
    versions.push({ at, updatedAtMs: updatedAt.toMillis(), count: snap.get('count') as number, lastTs: snap.get('lastTs') as ClientTimestamp | null });
    for (const r of snap.get('records') as { id: string; ts: ClientTimestamp }[]) {
      if (!firstShown.has(r.id)) firstShown.set(r.id, at - r.ts.toMillis());
    }
  });
  return { versions, firstShown, stop };
}

const nanosOf = (ts: { seconds: number; nanoseconds: number }) => BigInt(ts.seconds) * 1_000_000_000n + BigInt(ts.nanoseconds);

/**
 * For every record of the log, seconds from its commit to the first window
 * version whose newest record is at least as new: when a dashboard showed it,
 * or something newer (past 100 records a flush, the older ones are never shown).
 */
async function stalenessOfLog(pipelineId: string, versions: WindowVersion[]): Promise<number[]> {
  const log = await readLog(pipelineId);
  const out: number[] = [];
  let v = 0;
  for (const r of log) {
    while (v < versions.length && (!versions[v].lastTs || nanosOf(versions[v].lastTs!) < nanosOf(r.ts))) v++;
    if (v === versions.length) break;
    out.push(versions[v].at - r.ts.toMillis());
  }
  return out;
}

async function isExact(pipelineId: string, timeoutMs: number): Promise<boolean> {
  return waitForExactWindow(pipelineId, timeoutMs).then(
    () => true,
    () => false,
  );
}

/** Writes `total` records, `perSecond` a second (all at once when null), round-robin over the producers. */
async function ingest(pipelineId: string, producers: Producer[], total: number, perSecond: number | null) {
  const start = Date.now();
  let accepted = 0;
  let rejected = 0;
  let lastAck = start;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    if (perSecond) await sleep(start + (i * 1000) / perSecond - Date.now());
    pending.push(
      producers[i % producers.length].append(pipelineId, { seq: i, value: Math.sin(i / 10) }).then(
        () => {
          accepted++;
          lastAck = Date.now();
        },
        () => {
          rejected++;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { start, accepted, rejected, seconds: (lastAck - start) / 1000 };
}

interface Phase {
  name: string;
  total: number;
  /** Records a second, or null for all at once. */
  perSecond: number | null;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

async function runPhase({ name, total, perSecond }: Phase, teamId: string, producers: Producer[], viewer: Producer, logs: FunctionLogs) {
  const { pipelineId } = await seedPipeline({ teamId });
  await waitFor('the empty window', () => readWindow(pipelineId), 300_000);
  const triggersBefore = logs.finishedTriggers();
  const watch = watchWindow(viewer, pipelineId);
  const run = await ingest(pipelineId, producers, total, perSecond);
  const ingestEnd = Date.now();
  await waitFor('every record trigger to finish', async () => (logs.finishedTriggers() >= triggersBefore + run.accepted ? true : undefined), 600_000);
  const drainedAfter = (Date.now() - ingestEnd) / 1000;
  const exact = await isExact(pipelineId, 60_000);
  await sleep(2000); // a late duplicate flush would show here
  watch.stop();

  const writes = watch.versions.filter((v) => v.count > 0);
  const spanMs = (writes.at(-1)?.updatedAtMs ?? run.start) - run.start;
  const perSecondBuckets = new Map<number, number>();
  for (const v of writes) {
    const second = Math.floor(v.updatedAtMs / 1000);
    perSecondBuckets.set(second, (perSecondBuckets.get(second) ?? 0) + 1);
  }
  const shown = [...watch.firstShown.values()];
  const staleness = await stalenessOfLog(pipelineId, watch.versions);
  const flushes = logs.flushes.filter((f) => f.pipelineId === pipelineId);
  const written = flushes.filter((f) => f.outcome === 'written');
  const clean = flushes.filter((f) => f.late === 0);
  const withLate = flushes.filter((f) => f.late > 0);

  report(BENCH, `${name}: records/s accepted`, round(run.accepted / run.seconds), 'records/s');
  report(BENCH, `${name}: records rejected`, run.rejected, 'records');
  report(BENCH, `${name}: trigger backlog drained after ingest`, round(drainedAfter), 's');
  report(BENCH, `${name}: window writes per second (mean, first record to last write)`, round(writes.length / Math.max(1, spanMs / 1000)), 'writes/s');
  report(BENCH, `${name}: window writes in the busiest second`, Math.max(0, ...perSecondBuckets.values()), 'writes');
  report(BENCH, `${name}: freshness p50 (commit -> first snapshot containing it)`, round(percentile(shown, 50) / 1000), 's');
  report(BENCH, `${name}: freshness p99 (commit -> first snapshot containing it)`, round(percentile(shown, 99) / 1000), 's');
  report(BENCH, `${name}: records shown in some snapshot`, shown.length, 'records');
  report(BENCH, `${name}: freshness p50, every record (commit -> first snapshot with it or newer)`, round(percentile(staleness, 50) / 1000), 's');
  report(BENCH, `${name}: freshness p99, every record (commit -> first snapshot with it or newer)`, round(percentile(staleness, 99) / 1000), 's');
  report(BENCH, `${name}: flushes (written / found nothing new)`, `${written.length} / ${flushes.length - written.length}`, 'flushes');
  report(BENCH, `${name}: reads per flush (mean)`, round(mean(flushes.map((f) => f.reads))), 'reads');
  report(BENCH, `${name}: reads per flush (max)`, Math.max(0, ...flushes.map((f) => f.reads)), 'reads');
  report(BENCH, `${name}: new records per written flush (mean)`, round(mean(written.map((f) => f.counted))), 'records');
  report(BENCH, `${name}: flushes that found records behind the cursor`, withLate.length, 'flushes');
  report(BENCH, `${name}: reads per flush without records behind the cursor (mean)`, round(mean(clean.map((f) => f.reads))), 'reads');
  report(BENCH, `${name}: final window exact`, exact, 'bool');
  // The emulators share the machine's cores with everything else running: read the figures against this.
  report(BENCH, `${name}: machine load average (1 min) at the end`, round(loadavg()[0]), 'runnable processes');
}

const round = (n: number) => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  const logs = await watchFunctionLogs();
  const { teamId, pipelineId: warmup } = await seedPipeline();
  const producers = await Promise.all(Array.from({ length: PRODUCERS }, () => producerOf(teamId)));
  const viewer = await producerOf(teamId);
  // Warm up: the Functions emulator starts a worker process per concurrent invocation, once.
  console.error('# warming up the functions emulator');
  await ingest(warmup, producers, 300, null);
  if (!(await isExact(warmup, 300_000))) throw new Error('the warm-up window never became exact');

  const phases: Phase[] = [
    { name: 'steady 10/s for 30 s', total: 300, perSecond: 10 },
    { name: 'steady 100/s for 30 s', total: 3000, perSecond: 100 },
    { name: 'burst of 1,000', total: 1000, perSecond: null },
  ];
  for (const phase of phases) {
    console.error(`# ${phase.name}`);
    await runPhase(phase, teamId, producers, viewer, logs);
  }
  logs.close();
  await Promise.all([...producers, viewer].map((p) => p.session.close()));
  await closeAdmin();
  await fdb().terminate();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
