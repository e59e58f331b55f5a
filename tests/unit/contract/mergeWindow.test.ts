import { describe, expect, it } from 'vitest';
import {
  compareRecords,
  dataSize,
  MAX_WINDOW_DATA_BYTES,
  mergeWindow,
  toWindowRecord,
  WINDOW_SIZE,
  windowCursor,
  type LogEntry,
  type RecordData,
  type WindowRecord,
} from '../../../contract/index.ts';

type At = { seconds: number; nanoseconds: number };
const at = (seconds: number, nanoseconds = 0): At => ({ seconds, nanoseconds });
const rec = (id: string, seconds: number, nanoseconds = 0, data: RecordData = { v: seconds }): LogEntry<At> => ({
  id,
  ts: at(seconds, nanoseconds),
  data,
});
const ids = (records: readonly WindowRecord<At>[]) => records.map((r) => r.id);

/** `n` records one second apart, ids r0000.., oldest first. */
const series = (n: number, from = 0) => Array.from({ length: n }, (_, i) => rec(`r${String(from + i).padStart(4, '0')}`, from + i));

describe('mergeWindow', () => {
  it('appends new records to an empty window in (ts, id) order', () => {
    const merged = mergeWindow([], [rec('b', 2), rec('a', 1), rec('c', 3)]);
    expect(ids(merged.records)).toEqual(['a', 'b', 'c']);
    expect(merged.lastTs).toEqual(at(3));
  });

  it('orders records with equal ts by id, and by nanoseconds before that', () => {
    const merged = mergeWindow([rec('m', 5)], [rec('z', 5), rec('a', 5), rec('q', 5, 1), rec('k', 4, 999_999_999)]);
    expect(ids(merged.records)).toEqual(['k', 'a', 'm', 'z', 'q']);
  });

  it('keeps each id once, whether repeated in the input or already in the window', () => {
    const merged = mergeWindow([rec('a', 1), rec('b', 2)], [rec('b', 2), rec('c', 3), rec('c', 3)]);
    expect(ids(merged.records)).toEqual(['a', 'b', 'c']);
  });

  it('keeps only the newest WINDOW_SIZE records', () => {
    const merged = mergeWindow(series(80), series(50, 80));
    expect(merged.records).toHaveLength(WINDOW_SIZE);
    expect(merged.records[0].id).toBe('r0030');
    expect(merged.records.at(-1)?.id).toBe('r0129');
  });

  it('keeps the newest of more than WINDOW_SIZE records that share one ts, by id', () => {
    const same = Array.from({ length: 150 }, (_, i) => rec(`id${String(i).padStart(3, '0')}`, 7));
    const merged = mergeWindow([], same.reverse());
    expect(merged.records[0].id).toBe('id050');
    expect(merged.records.at(-1)?.id).toBe('id149');
  });

  it('gives the same window whatever the order and grouping of deliveries', () => {
    const all = series(130);
    const inOrder = mergeWindow([], all);
    const reversed = [...all].reverse().reduce((w, r) => mergeWindow(w.records, [r]), mergeWindow([], []));
    const twice = mergeWindow(mergeWindow([], all.slice(0, 70)).records, [...all, ...all]);
    expect(reversed).toEqual(inOrder);
    expect(twice).toEqual(inOrder);
  });

  it('drops a late record older than a full window', () => {
    const full = mergeWindow([], series(100, 10));
    expect(ids(mergeWindow(full.records, [rec('late', 5)]).records)).not.toContain('late');
  });

  it('gives an empty window and null lastTs for no records', () => {
    expect(mergeWindow([], [])).toEqual({ records: [], lastTs: null });
  });

  it('lists a record whose data is over the bound as truncated, and keeps smaller ones whole', () => {
    const big = rec('big', 1, 0, { blob: 'x'.repeat(MAX_WINDOW_DATA_BYTES) });
    const small = rec('small', 2, 0, { blob: 'x'.repeat(100), n: 1, ok: true, none: null });
    const merged = mergeWindow([], [big, small]);
    expect(merged.records).toEqual([
      { id: 'big', ts: at(1), data: {}, truncated: true },
      { id: 'small', ts: at(2), data: small.data },
    ]);
  });
});

describe('dataSize and toWindowRecord', () => {
  it('counts like Firestore: UTF-8 bytes + 1 for strings and keys, 8 for numbers, 1 for booleans and null', () => {
    expect(dataSize({ a: 'é', b: 1.5, c: true, d: null })).toBe(2 + 3 + 2 + 8 + 2 + 1 + 2 + 1);
  });

  it('keeps data of exactly the bound and truncates one byte more', () => {
    const keyCost = 2; // "k" + 1
    const exact = { k: 'x'.repeat(MAX_WINDOW_DATA_BYTES - keyCost - 1) };
    expect(dataSize(exact)).toBe(MAX_WINDOW_DATA_BYTES);
    expect(toWindowRecord({ id: 'a', ts: at(1), data: exact }).truncated).toBeUndefined();
    const over = { k: `${exact.k}x` };
    expect(toWindowRecord({ id: 'a', ts: at(1), data: over })).toEqual({ id: 'a', ts: at(1), data: {}, truncated: true });
  });
});

describe('compareRecords and windowCursor', () => {
  it('orders by seconds, then nanoseconds, then id', () => {
    expect(compareRecords({ ts: at(1, 5), id: 'z' }, { ts: at(2, 0), id: 'a' })).toBeLessThan(0);
    expect(compareRecords({ ts: at(1, 6), id: 'a' }, { ts: at(1, 5), id: 'z' })).toBeGreaterThan(0);
    expect(compareRecords({ ts: at(1, 5), id: 'b' }, { ts: at(1, 5), id: 'a' })).toBeGreaterThan(0);
    expect(compareRecords({ ts: at(1, 5), id: 'a' }, { ts: at(1, 5), id: 'a' })).toBe(0);
  });

  it('is the newest record of the window, or null', () => {
    expect(windowCursor([])).toBeNull();
    expect(windowCursor(mergeWindow([], [rec('b', 2), rec('a', 1)]).records)).toEqual({ ts: at(2), id: 'b' });
  });
});
