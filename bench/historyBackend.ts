/**
 * The backend's side of history (issue 16), at 1, 10 and 100 records/s side
 * by side in one run, one pipeline per rate: history writes per minute, reads
 * of the flush that feeds history (record documents per record: the issue's
 * "every record read at most about once"; all reads per record and per flush:
 * the flush's fixed few reads, which at 1 record/s come once per record), and
 * the time from a minute's end to its bucket in `history/m...` (p50, p99).
 *
 * The flush runs in this process once a second per pipeline, as production's
 * leader does, with the Functions emulator's triggers off: on this 2-core
 * emulator a trigger per record at 100 records/s measures the emulator's
 * queue, not the design (bench/instant.ts does the same). History writes are
 * counted from a listener on each pipeline's history (one change per write;
 * writes to one document a second apart are seen apart).
 * BENCH_HISTORY_SECONDS sets the length (default 200 s: about three minute closes).
 */
import { bucketStartInSpan, parseHistoryDocId } from '../contract/index.ts';
// The functions' own firebase-admin: its classes (FieldPath) are not those of the root package.
import { FieldValue, firestore, type Firestore } from '../functions/src/admin.ts';
import { flushWindow } from '../functions/src/rollup/flushWindow.ts';
import { setTriggers } from '../tests/support/emulators.ts';
import { report } from './_report.ts';
import { percentile, sleep } from './_viewerApp.ts';

const BENCH = 'history-backend';
const RATES = [1, 10, 100] as const;
const SECONDS = Number(process.env.BENCH_HISTORY_SECONDS ?? 200);

interface Stage {
  rate: number;
  pipelineId: string;
  written: number;
  reads: number;
  recordReads: number;
  flushes: number;
  historyWrites: number;
  /** ms from a minute's end to its bucket first seen in history. */
  bucketLatencies: number[];
}

async function seedPipeline(db: Firestore, pipelineId: string): Promise<void> {
  const now = FieldValue.serverTimestamp();
  await db.doc(`teams/bench-history-team`).set({ name: 'History bench', createdAt: now, createdBy: 'bench' });
  await db.doc(`pipelines/${pipelineId}`).set({ teamId: 'bench-history-team', name: pipelineId, public: false, createdAt: now, createdBy: 'bench' });
}

function watchHistory(db: Firestore, stage: Stage): () => void {
  const seen = new Set<string>();
  return db.collection(`pipelines/${stage.pipelineId}/history`).onSnapshot((snap) => {
    const atMs = Date.now();
    for (const change of snap.docChanges()) {
      if (change.type === 'removed') continue;
      stage.historyWrites++;
      const span = parseHistoryDocId(change.doc.id);
      if (span?.resolution !== 'minute') continue;
      for (const key of Object.keys((change.doc.get('buckets') as Record<string, unknown> | undefined) ?? {})) {
        const id = `${change.doc.id}/${key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        stage.bucketLatencies.push(atMs - (bucketStartInSpan('minute', span.startMs, key) + 60_000));
      }
    }
  });
}

async function write(db: Firestore, stage: Stage, until: number): Promise<void> {
  // Ten batches a second: at 1 record/s, one record every tenth tick.
  let tick = 0;
  while (Date.now() < until) {
    const started = Date.now();
    const due = Math.floor(((tick + 1) * stage.rate) / 10) - Math.floor((tick * stage.rate) / 10);
    if (due > 0) {
      const batch = db.batch();
      for (let i = 0; i < due; i++) {
        batch.create(db.collection(`pipelines/${stage.pipelineId}/records`).doc(), {
          ts: FieldValue.serverTimestamp(),
          data: { value: Math.sin(stage.written / 50), ok: stage.written % 2 === 0, label: 'bench' },
          producer: 'bench',
        });
        stage.written++;
      }
      await batch.commit();
    }
    tick++;
    await sleep(Math.max(0, 100 - (Date.now() - started)));
  }
}

async function flushEverySecond(db: Firestore, stage: Stage, until: number): Promise<void> {
  while (Date.now() < until) {
    const started = Date.now();
    const result = await flushWindow(db, stage.pipelineId);
    stage.reads += result.reads;
    stage.recordReads += result.recordReads;
    stage.flushes++;
    await sleep(Math.max(0, 1000 - (Date.now() - started)));
  }
}

async function main(): Promise<void> {
  const db = firestore();
  await setTriggers(false);
  const stages: Stage[] = RATES.map((rate) => ({
    rate,
    pipelineId: `bench-history-${rate}`,
    written: 0,
    reads: 0,
    recordReads: 0,
    flushes: 0,
    historyWrites: 0,
    bucketLatencies: [],
  }));
  for (const s of stages) await seedPipeline(db, s.pipelineId);
  const stops = stages.map((s) => watchHistory(db, s));
  const until = Date.now() + SECONDS * 1000;
  // Flushes go on 70 s past the last record: the contract's bound for a bucket to be final.
  await Promise.all(stages.flatMap((s) => [write(db, s, until), flushEverySecond(db, s, until + 70_000)]));
  for (const stop of stops) stop();
  for (const s of stages) {
    // Per minute of ingest: the closes of the 70 s after it are the writes of its last minute.
    const minutes = SECONDS / 60;
    report(BENCH, `records_${s.rate}rps`, s.written, 'records');
    report(BENCH, `history_writes_per_minute_${s.rate}rps`, Number((s.historyWrites / minutes).toFixed(2)), 'writes/min');
    report(BENCH, `history_writes_per_minute_closed_${s.rate}rps`, Number((s.historyWrites / Math.max(1, s.bucketLatencies.length)).toFixed(2)), 'writes/minute');
    report(BENCH, `flush_reads_per_record_${s.rate}rps`, Number((s.reads / Math.max(1, s.written)).toFixed(2)), 'reads/record');
    report(BENCH, `record_reads_per_record_${s.rate}rps`, Number((s.recordReads / Math.max(1, s.written)).toFixed(2)), 'reads/record');
    report(BENCH, `flush_reads_per_flush_${s.rate}rps`, Number((s.reads / Math.max(1, s.flushes)).toFixed(2)), 'reads/flush');
    report(BENCH, `bucket_after_minute_end_p50_${s.rate}rps`, Math.round(percentile(s.bucketLatencies, 50)), 'ms');
    report(BENCH, `bucket_after_minute_end_p99_${s.rate}rps`, Math.round(percentile(s.bucketLatencies, 99)), 'ms');
    report(BENCH, `minutes_closed_${s.rate}rps`, s.bucketLatencies.length, 'minutes');
  }
  await setTriggers(true);
}

await main();
process.exit(0);
