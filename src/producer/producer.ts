import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.ts';
import { chunk, MAX_BATCH_WRITES } from './batching.ts';
import { describeFailure, firestoreCodeOf, isRejection, isTransient, ProducerError } from './errors.ts';
import type { RecordData } from '../../contract/index.ts';
import { RecordValidationError, validateRecord } from './validateRecord.ts';

/** A validated record with the id it will have in the log. */
export interface PreparedRecord {
  id: string;
  data: RecordData;
}

/** Where records go: Firestore in `createProducer`, a fake in unit tests. */
export interface RecordWriter {
  /** A new, unique record id. */
  newId(): string;
  /** Appends the records atomically; resolves when the server has acknowledged them. */
  commit(records: readonly PreparedRecord[]): Promise<void>;
  /** Whether record `id` is already in the log as this producer's (an attempt that looked failed landed). */
  landed(id: string): Promise<boolean>;
  /** Resolves when this account may append to the pipeline; rejects with an `access-denied` ProducerError saying why not. */
  checkAccess(): Promise<void>;
}

export interface ProducerStats {
  /** Records the server has acknowledged. */
  acknowledged: number;
  /** Records that failed for good (rejected, denied, or out of retries). */
  failed: number;
  /** Records handed to send/sendMany and not yet acknowledged or failed. */
  pending: number;
}

export interface Producer {
  /** Validates one record and appends it; resolves with its id once the server has acknowledged it. */
  send(data: unknown): Promise<string>;
  /**
   * Validates every record first (throwing before anything is sent if one is
   * bad), then appends them in batches of at most 500; resolves with their ids
   * once all are acknowledged, or rejects with a SendManyError listing the failures.
   */
  sendMany(records: readonly unknown[]): Promise<string[]>;
  /** Resolves when every record handed over so far is acknowledged or has failed. */
  flush(): Promise<void>;
  /** Resolves when this account may append to the pipeline; rejects with a ProducerError saying why not. */
  checkAccess(): Promise<void>;
  /** Records queued (locally, or waiting for a retry) and not yet acknowledged by the server. */
  readonly pending: number;
  readonly stats: ProducerStats;
}

/** Some records of a sendMany did not reach the log; the others did. */
export class SendManyError extends Error {
  constructor(
    /** Index (in the sendMany argument) and error of each record that failed. */
    readonly failures: { index: number; error: ProducerError }[],
    /** Ids of the records that were written, by index; undefined for the failed ones. */
    readonly ids: (string | undefined)[],
  ) {
    super(`${failures.length} of ${ids.length} records were not written: ${failures[0]?.error.message}`);
    this.name = 'SendManyError';
  }
}

export interface ProducerCoreOptions {
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

type Outcome = ProducerError | undefined;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A producer over any RecordWriter: validation, batching, retries, access diagnosis and counts. */
export function createProducerCore(writer: RecordWriter, options: ProducerCoreOptions = {}): Producer {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const stats = { acknowledged: 0, failed: 0, pending: 0 };
  const inflight = new Set<Promise<unknown>>();
  let everWritten = false;
  // One access check answers every denial until the next successful write (a check that could not run is not kept).
  let accessVerdict: Promise<ProducerError | 'allowed' | 'unknown'> | undefined;

  function judgeAccess(): Promise<ProducerError | 'allowed' | 'unknown'> {
    const verdict = (accessVerdict ??= writer.checkAccess().then(
      () => 'allowed' as const,
      (err: unknown) => (err instanceof ProducerError && err.code === 'access-denied' ? err : ('unknown' as const)),
    ));
    void verdict.then((v) => {
      if (v === 'unknown' && accessVerdict === verdict) accessVerdict = undefined;
    });
    return verdict;
  }

  /** Writes one batch (at most 500), retrying transient failures, isolating records the server refuses. */
  async function deliver(batch: readonly PreparedRecord[]): Promise<Outcome[]> {
    for (let retry = 0; ; retry++) {
      try {
        await writer.commit(batch);
        everWritten = true;
        accessVerdict = undefined;
        return batch.map(() => undefined);
      } catch (err) {
        const code = firestoreCodeOf(err);
        if (isTransient(code) && retry < policy.maxRetries) {
          await sleep(backoffDelay(retry, policy, random));
          continue;
        }
        // An attempt may have landed with its answer lost (ours, or the SDK's own resend after a reconnect):
        // the resend is then an update, which the rules deny. Batches are atomic, so one record tells.
        if (code === 'permission-denied' && (await writer.landed(batch[0]!.id).catch(() => false))) {
          everWritten = true;
          return batch.map(() => undefined);
        }
        if (!isRejection(code)) {
          const error = describeFailure(err, everWritten);
          return batch.map(() => error);
        }
        if (code === 'permission-denied') {
          const verdict = await judgeAccess();
          // When the check itself fails (offline?), a producer that never wrote most likely lacks access.
          const accessError =
            verdict instanceof ProducerError ? verdict : verdict === 'unknown' && !everWritten ? describeFailure(err, false) : undefined;
          if (accessError) return batch.map(() => accessError);
        }
        if (batch.length === 1) return [describeFailure(err, true)];
        // A batch is atomic: split it to find the records the server refuses and write the others.
        const mid = Math.ceil(batch.length / 2);
        return [...(await deliver(batch.slice(0, mid))), ...(await deliver(batch.slice(mid)))];
      }
    }
  }

  /** Hands one batch to the writer now (so batches reach Firestore in call order) and keeps the counts. */
  function track(batch: PreparedRecord[]): Promise<Outcome[]> {
    stats.pending += batch.length;
    const done = deliver(batch).then((outcomes) => {
      stats.pending -= batch.length;
      for (const outcome of outcomes) {
        if (outcome) stats.failed++;
        else stats.acknowledged++;
      }
      return outcomes;
    });
    inflight.add(done);
    void done.finally(() => inflight.delete(done));
    return done;
  }

  const prepare = (data: RecordData): PreparedRecord => ({ id: writer.newId(), data });

  return {
    async send(data) {
      const record = prepare(validateRecord(data));
      const [outcome] = await track([record]);
      if (outcome) throw outcome;
      return record.id;
    },
    async sendMany(list) {
      const records = list.map((data, index) => {
        try {
          return prepare(validateRecord(data));
        } catch (err) {
          const e = err as RecordValidationError;
          throw new RecordValidationError(`record ${index}: ${e.message}`, e.field);
        }
      });
      const outcomes = (await Promise.all(chunk(records, MAX_BATCH_WRITES).map(track))).flat();
      const failures = outcomes.flatMap((error, index) => (error ? [{ index, error }] : []));
      if (failures.length > 0) throw new SendManyError(failures, records.map((r, i) => (outcomes[i] ? undefined : r.id)));
      return records.map((r) => r.id);
    },
    async flush() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    checkAccess: () => writer.checkAccess(),
    get pending() {
      return stats.pending;
    },
    get stats() {
      return { ...stats };
    },
  };
}
