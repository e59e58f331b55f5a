import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../../src/producer/backoff.ts';
import { ACCESS_DENIED_MESSAGE, ProducerError, RECORD_REJECTED_MESSAGE } from '../../src/producer/errors.ts';
import { createProducerCore, SendManyError, type PreparedRecord, type RecordWriter } from '../../src/producer/producer.ts';
import { RecordValidationError } from '../../src/producer/validateRecord.ts';

const firestoreError = (code: string): Error => Object.assign(new Error(`simulated ${code}`), { code });

/**
 * An in-memory pipeline log with the contract's behaviour: batches are atomic,
 * writing an id twice is an update (denied), records with `bad` are denied by
 * the "rules", and nothing is accepted while `canWrite` is false.
 */
class FakeLog implements RecordWriter {
  readonly log = new Map<string, PreparedRecord['data']>();
  commits: number[] = [];
  canWrite = true;
  /** Codes the next commits fail with before anything else is checked. */
  failNext: string[] = [];
  /** When set, the next commit lands but its answer is lost with this code. */
  loseAnswer?: string;
  /** While set, commits wait for `release()`. */
  gate?: Promise<void>;
  private open?: () => void;
  accessChecks = 0;
  private seq = 0;

  newId = (): string => `r${++this.seq}`;

  hold(): void {
    this.gate = new Promise((r) => (this.open = r));
  }

  release(): void {
    this.gate = undefined;
    this.open?.();
  }

  async commit(records: readonly PreparedRecord[]): Promise<void> {
    this.commits.push(records.length);
    if (this.gate) await this.gate;
    const fail = this.failNext.shift();
    if (fail) throw firestoreError(fail);
    if (!this.canWrite) throw firestoreError('permission-denied');
    if (records.some((r) => this.log.has(r.id) || r.data.bad === true)) throw firestoreError('permission-denied');
    if (records.some((r) => r.data.invalid === true)) throw firestoreError('invalid-argument');
    for (const r of records) this.log.set(r.id, r.data);
    if (this.loseAnswer) {
      const code = this.loseAnswer;
      this.loseAnswer = undefined;
      throw firestoreError(code);
    }
  }

  async landed(id: string): Promise<boolean> {
    return this.log.has(id);
  }

  async checkAccess(): Promise<void> {
    this.accessChecks++;
    if (!this.canWrite) throw new ProducerError('access-denied', 'permission denied: not a member (fake)', 'permission-denied');
  }
}

const noSleep = { sleep: async () => undefined, random: () => 0.5 };
const seqs = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ seq: from + i }));

describe('backoffDelay', () => {
  const policy = { maxRetries: 10, baseDelayMs: 100, maxDelayMs: 1000 };
  it.each([
    [0, 100],
    [1, 200],
    [3, 800],
    [4, 1000],
    [20, 1000],
  ])('retry %i waits below %i ms', (retry, ceiling) => {
    expect(backoffDelay(retry, policy, () => 0.999999)).toBe(ceiling - 1);
    expect(backoffDelay(retry, policy, () => 0)).toBe(0);
    expect(backoffDelay(retry, policy, () => 0.5)).toBe(ceiling / 2);
  });
});

describe('createProducerCore', () => {
  it('send resolves with the id once the record is acknowledged', async () => {
    const fake = new FakeLog();
    const producer = createProducerCore(fake, noSleep);
    const id = await producer.send({ a: 1 });
    expect(fake.log.get(id)).toEqual({ a: 1 });
    expect(producer.stats).toEqual({ acknowledged: 1, failed: 0, pending: 0 });
  });

  it('send and sendMany refuse invalid records before writing anything', async () => {
    const fake = new FakeLog();
    const producer = createProducerCore(fake, noSleep);
    await expect(producer.send({ a: [1] })).rejects.toThrow(RecordValidationError);
    const err = await producer.sendMany([{ a: 1 }, { b: 2 }, { c: {} }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordValidationError);
    expect((err as RecordValidationError).message).toMatch(/^record 2: field "c" is an object/);
    expect((err as RecordValidationError).field).toBe('c');
    expect(fake.commits).toEqual([]);
  });

  it('sendMany writes in batches of at most 500, in order', async () => {
    const fake = new FakeLog();
    const producer = createProducerCore(fake, noSleep);
    const ids = await producer.sendMany(seqs(1234));
    expect(fake.commits).toEqual([500, 500, 234]);
    expect(ids.map((id) => fake.log.get(id)?.seq)).toEqual(seqs(1234).map((r) => r.seq));
    expect(producer.stats).toEqual({ acknowledged: 1234, failed: 0, pending: 0 });
  });

  it('counts records as pending from hand-over until the acknowledgement', async () => {
    const fake = new FakeLog();
    const producer = createProducerCore(fake, noSleep);
    fake.hold();
    const many = producer.sendMany(seqs(700));
    const one = producer.send({ x: 1 });
    expect(producer.pending).toBe(701);
    await new Promise((r) => setTimeout(r, 10));
    expect(fake.log.size).toBe(0);
    expect(producer.pending).toBe(701);
    fake.release();
    await Promise.all([many, one]);
    expect(producer.pending).toBe(0);
    expect(fake.log.size).toBe(701);
  });

  it('flush waits for everything handed over', async () => {
    const fake = new FakeLog();
    const producer = createProducerCore(fake, noSleep);
    fake.hold();
    void producer.send({ a: 1 });
    void producer.sendMany(seqs(3));
    let flushed = false;
    const flushing = producer.flush().then(() => (flushed = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(flushed).toBe(false);
    fake.release();
    await flushing;
    expect(producer.stats).toEqual({ acknowledged: 4, failed: 0, pending: 0 });
  });

  it.each(['unavailable', 'deadline-exceeded', 'resource-exhausted', 'aborted'])(
    'retries %s with growing, jittered delays, then succeeds',
    async (code) => {
      const fake = new FakeLog();
      const delays: number[] = [];
      const producer = createProducerCore(fake, {
        sleep: async (ms) => void delays.push(ms),
        random: () => 0.5,
        retry: { baseDelayMs: 100, maxDelayMs: 1000, maxRetries: 5 },
      });
      fake.failNext = [code, code, code];
      await producer.send({ a: 1 });
      expect(delays).toEqual([50, 100, 200]);
      expect(fake.log.size).toBe(1);
    },
  );

  it('gives up after maxRetries and says why', async () => {
    const fake = new FakeLog();
    const producer = createProducerCore(fake, { ...noSleep, retry: { maxRetries: 2 } });
    fake.failNext = ['unavailable', 'unavailable', 'unavailable', 'unavailable'];
    const err = await producer.send({ a: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'failed', firestoreCode: 'unavailable', message: 'unavailable: simulated unavailable' });
    expect(fake.commits).toHaveLength(3);
    expect(producer.stats).toEqual({ acknowledged: 0, failed: 1, pending: 0 });
  });

  it('never retries permission-denied or invalid-argument', async () => {
    const fake = new FakeLog();
    const producer = createProducerCore(fake, noSleep);
    await producer.send({ warm: 1 });
    await expect(producer.send({ invalid: true })).rejects.toMatchObject({ code: 'rejected', firestoreCode: 'invalid-argument' });
    await expect(producer.send({ bad: true })).rejects.toMatchObject({ code: 'rejected', message: RECORD_REJECTED_MESSAGE });
    expect(fake.commits).toEqual([1, 1, 1]);
  });

  it('a resend after a lost answer (the SDK resends on reconnect) counts as written, not rejected', async () => {
    const fake = new FakeLog();
    const producer = createProducerCore(fake, noSleep);
    await producer.send({ warm: 1 });
    fake.loseAnswer = 'permission-denied';
    const ids = await producer.sendMany(seqs(3));
    expect(ids.map((id) => fake.log.get(id)?.seq)).toEqual([0, 1, 2]);
    expect(fake.commits).toEqual([1, 3]);
    expect(producer.stats).toEqual({ acknowledged: 4, failed: 0, pending: 0 });
  });

  it('a retry after a lost answer does not write twice', async () => {
    const fake = new FakeLog();
    const producer = createProducerCore(fake, noSleep);
    fake.loseAnswer = 'deadline-exceeded';
    const id = await producer.send({ a: 1 });
    expect([...fake.log.keys()]).toEqual([id]);
    expect(fake.commits).toEqual([1, 1]);
    expect(producer.stats).toEqual({ acknowledged: 1, failed: 0, pending: 0 });
  });

  it('an account without access gets the access error for every record, quickly', async () => {
    const fake = new FakeLog();
    fake.canWrite = false;
    const producer = createProducerCore(fake, noSleep);
    const err = (await producer.sendMany(seqs(1000)).catch((e: unknown) => e)) as SendManyError;
    expect(err).toBeInstanceOf(SendManyError);
    expect(err.failures).toHaveLength(1000);
    expect(err.failures[0].error).toMatchObject({ code: 'access-denied', message: 'permission denied: not a member (fake)' });
    expect(err.message).toBe('1000 of 1000 records were not written: permission denied: not a member (fake)');
    // One commit a batch, no splitting, one access check for the whole burst.
    expect(fake.commits).toEqual([500, 500]);
    expect(fake.accessChecks).toBe(1);
  });

  it('when the access check cannot run, a producer that never wrote reports the access message', async () => {
    const fake = new FakeLog();
    fake.canWrite = false;
    fake.checkAccess = async () => {
      throw firestoreError('unavailable');
    };
    const producer = createProducerCore(fake, noSleep);
    await expect(producer.send({ a: 1 })).rejects.toMatchObject({ code: 'access-denied', message: ACCESS_DENIED_MESSAGE });
  });

  it('isolates the records the server refuses inside a batch and writes all the others', async () => {
    const fake = new FakeLog();
    const producer = createProducerCore(fake, noSleep);
    const records: Record<string, unknown>[] = seqs(500);
    for (const i of [0, 137, 138, 499]) records[i] = { seq: i, bad: true };
    const err = (await producer.sendMany(records).catch((e: unknown) => e)) as SendManyError;
    expect(err.failures.map((f) => f.index)).toEqual([0, 137, 138, 499]);
    expect(err.failures.every((f) => f.error.code === 'rejected')).toBe(true);
    expect(err.ids.filter(Boolean)).toHaveLength(496);
    const written = [...fake.log.values()].map((d) => d.seq);
    expect(written).toEqual(records.filter((r) => !r.bad).map((r) => r.seq));
    expect(producer.stats).toEqual({ acknowledged: 496, failed: 4, pending: 0 });
    // Splitting costs a few dozen commits, not one a record.
    expect(fake.commits.length).toBeLessThan(80);
  });

  it('access lost in the middle of a stream stops the splitting', async () => {
    const fake = new FakeLog();
    const producer = createProducerCore(fake, noSleep);
    await producer.send({ a: 1 });
    fake.canWrite = false;
    const err = (await producer.sendMany(seqs(500)).catch((e: unknown) => e)) as SendManyError;
    expect(err.failures).toHaveLength(500);
    expect(err.failures[0].error.code).toBe('access-denied');
    expect(fake.commits).toEqual([1, 500]);
  });

  it('reports a writer error that is no Firestore error as a failure', async () => {
    const fake = new FakeLog();
    fake.commit = async () => {
      throw new ProducerError('not-signed-in', 'sign in as a producer before sending records');
    };
    const producer = createProducerCore(fake, noSleep);
    await expect(producer.send({ a: 1 })).rejects.toMatchObject({ code: 'not-signed-in' });
  });

  it('uses the default policy when none is given', () => {
    expect(DEFAULT_RETRY_POLICY.maxRetries).toBeGreaterThan(0);
  });
});
