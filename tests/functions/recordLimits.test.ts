/**
 * Records at the contract's limits flush like any other, and record keys that
 * trusted code may write (characters the rules forbid) never freeze a window.
 */
import { describe, expect, it } from 'vitest';
import { FieldValue, fdb, producerOf, seedPipeline, useFreshEmulators, waitForExactWindow } from './harness.ts';

useFreshEmulators();

const chars = (n: number) => 'x'.repeat(n);

describe('records near the limits', { timeout: 240_000 }, () => {
  it('50 keys of 64 characters with strings of 1,024, through the rules, flush into an exact window', async () => {
    const { teamId, pipelineId } = await seedPipeline();
    const producer = await producerOf(teamId);
    const widest = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [chars(62) + String(i).padStart(2, '0'), chars(1024)]));
    for (let i = 0; i < 5; i++) await producer.append(pipelineId, widest);
    await producer.append(pipelineId, { n: 1 });
    const window = await waitForExactWindow(pipelineId);
    expect(window.count).toBe(6);
    // About 54 KiB each: listed as truncated, kept whole in the log.
    expect(window.records.slice(0, 5).every((r) => r.truncated === true)).toBe(true);
    expect(window.records[5].data).toEqual({ n: 1 });
  });

  it("keys the rules forbid, written by trusted code, do not freeze the window; Firestore refuses '' itself", async () => {
    const { pipelineId } = await seedPipeline();
    const records = fdb().collection(`pipelines/${pipelineId}/records`);
    const odd = { 'a.b': 1, 'c/d': 2, 'e`f': 3, 'g[0]': 4, '*': 5, '~h': 6, __i: 7, [chars(300)]: 8, 'température': 9 };
    await records.add({ ts: FieldValue.serverTimestamp(), data: odd, producer: 'admin' });
    // firebase-admin refuses '' before sending; the server refuses names of the form __x__.
    const write = (data: Record<string, number>) => Promise.resolve().then(() => records.add({ ts: FieldValue.serverTimestamp(), data, producer: 'admin' }));
    await expect(write({ '': 1 })).rejects.toThrow();
    await expect(write({ __reserved__: 1 })).rejects.toThrow();
    await records.add({ ts: FieldValue.serverTimestamp(), data: { after: true }, producer: 'admin' });
    const window = await waitForExactWindow(pipelineId);
    expect(window.records.map((r) => r.data)).toEqual([odd, { after: true }]);
  });
});
