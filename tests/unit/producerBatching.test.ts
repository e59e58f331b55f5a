import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chunk, createBatcher, MAX_BATCH_WRITES } from '../../src/producer/batching.ts';

describe('chunk', () => {
  it.each([
    [0, []],
    [1, [1]],
    [500, [500]],
    [501, [500, 1]],
    [1234, [500, 500, 234]],
  ])('%i items -> batches of %j', (n, sizes) => {
    const items = Array.from({ length: n }, (_, i) => i);
    const chunks = chunk(items);
    expect(chunks.map((c) => c.length)).toEqual(sizes);
    expect(chunks.flat()).toEqual(items);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
    expect(() => chunk([1], 1.5)).toThrow(RangeError);
  });
});

describe('createBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function batcher(maxSize: number, maxWaitMs = 50) {
    const batches: number[][] = [];
    const b = createBatcher<number>({ maxSize, maxWaitMs, onBatch: (items) => batches.push(items) });
    return { b, batches };
  }

  it('hands over a batch as soon as it is full', () => {
    const { b, batches } = batcher(3);
    for (let i = 1; i <= 7; i++) b.add(i);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(b.size).toBe(1);
  });

  it('hands over a partial batch maxWaitMs after its first item, not later', () => {
    const { b, batches } = batcher(10, 50);
    b.add(1);
    vi.advanceTimersByTime(30);
    b.add(2);
    vi.advanceTimersByTime(19);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([[1, 2]]);
    b.add(3);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('a full batch cancels the pending timer', () => {
    const { b, batches } = batcher(2, 50);
    b.add(1);
    b.add(2);
    b.add(3);
    vi.advanceTimersByTime(49);
    expect(batches).toEqual([[1, 2]]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('flush hands over what waits, and nothing when empty', () => {
    const { b, batches } = batcher(10);
    b.flush();
    b.add(1);
    b.flush();
    b.flush();
    expect(batches).toEqual([[1]]);
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([[1]]);
  });

  it('a size of 1 is one write per item', () => {
    const { b, batches } = batcher(1);
    b.add(1);
    b.add(2);
    expect(batches).toEqual([[1], [2]]);
  });

  it(`refuses sizes outside 1..${MAX_BATCH_WRITES}`, () => {
    expect(() => batcher(0)).toThrow(RangeError);
    expect(() => batcher(MAX_BATCH_WRITES + 1)).toThrow(RangeError);
  });
});
