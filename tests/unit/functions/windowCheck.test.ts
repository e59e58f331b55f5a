import { describe, expect, it } from 'vitest';
import { isWellFormedWindow, windowFingerprint } from '../../../functions/src/rollup/windowCheck.ts';

const at = (seconds: number, nanoseconds = 0) => ({ seconds, nanoseconds });
const good = () => ({
  records: [
    { id: 'a', ts: at(1), data: { v: 1 } },
    { id: 'b', ts: at(1), data: {}, truncated: true },
    { id: 'c', ts: at(2), data: { v: 3 } },
  ] as { id: string; ts: ReturnType<typeof at>; data: Record<string, number>; truncated?: boolean }[],
  count: 7,
  lastTs: at(2) as ReturnType<typeof at> | null,
});

describe('isWellFormedWindow', () => {
  it('accepts a window in (ts, id) order with matching lastTs and enough count', () => {
    expect(isWellFormedWindow(good())).toBe(true);
    expect(isWellFormedWindow({ records: [], count: 0, lastTs: null })).toBe(true);
  });

  it.each([
    ['records out of order', (w: ReturnType<typeof good>) => w.records.reverse()],
    ['a repeated id', (w: ReturnType<typeof good>) => (w.records[2].id = 'a')],
    ['a repeated position', (w: ReturnType<typeof good>) => (w.records[1] = { ...w.records[0] })],
    ['lastTs not the last record', (w: ReturnType<typeof good>) => (w.lastTs = at(1))],
    ['lastTs null with records', (w: ReturnType<typeof good>) => (w.lastTs = null)],
    ['count below the records', (w: ReturnType<typeof good>) => (w.count = 2)],
    ['fractional count', (w: ReturnType<typeof good>) => (w.count = 7.5)],
    ['a record without data', (w: ReturnType<typeof good>) => delete (w.records[0] as { data?: unknown }).data],
    ['truncated set to false', (w: ReturnType<typeof good>) => (w.records[1].truncated = false)],
    ['an extra key', (w: ReturnType<typeof good>) => Object.assign(w.records[0], { extra: 1 })],
  ])('rejects %s', (_, damage) => {
    const w = good();
    damage(w);
    expect(isWellFormedWindow(w)).toBe(false);
  });

  it('rejects more than 100 records and a missing records array', () => {
    const records = Array.from({ length: 101 }, (_, i) => ({ id: `r${i}`, ts: at(i), data: {} }));
    expect(isWellFormedWindow({ records, count: 101, lastTs: at(100) })).toBe(false);
    expect(isWellFormedWindow({ records: undefined, count: 0, lastTs: null })).toBe(false);
  });
});

describe('windowFingerprint', () => {
  it('ignores map key order and tells apart any change of data, ts, id, truncation or count', () => {
    const base = windowFingerprint([{ id: 'a', ts: at(1), data: { x: 1, y: 'z' } }], 1);
    expect(windowFingerprint([{ id: 'a', ts: at(1), data: { y: 'z', x: 1 } }], 1)).toBe(base);
    for (const changed of [
      windowFingerprint([{ id: 'a', ts: at(1), data: { x: 2, y: 'z' } }], 1),
      windowFingerprint([{ id: 'a', ts: at(1, 1), data: { x: 1, y: 'z' } }], 1),
      windowFingerprint([{ id: 'b', ts: at(1), data: { x: 1, y: 'z' } }], 1),
      windowFingerprint([{ id: 'a', ts: at(1), data: { x: 1, y: 'z' }, truncated: true }], 1),
      windowFingerprint([{ id: 'a', ts: at(1), data: { x: 1, y: 'z' } }], 2),
    ]) {
      expect(changed).not.toBe(base);
    }
  });
});
