import { describe, expect, it } from 'vitest';
import { compareRecords } from '../../../contract/index.ts';

const ts = (seconds: number, nanoseconds = 0) => ({ seconds, nanoseconds });

describe('compareRecords', () => {
  it('orders by seconds, then nanoseconds, then id', () => {
    expect(compareRecords({ ts: ts(1, 999_999_999), id: 'z' }, { ts: ts(2), id: 'a' })).toBeLessThan(0);
    expect(compareRecords({ ts: ts(1, 2), id: 'a' }, { ts: ts(1, 1), id: 'z' })).toBeGreaterThan(0);
    expect(compareRecords({ ts: ts(1, 1), id: 'b' }, { ts: ts(1, 1), id: 'a' })).toBeGreaterThan(0);
    expect(compareRecords({ ts: ts(1, 1), id: 'a' }, { ts: ts(1, 1), id: 'a' })).toBe(0);
  });

  it('compares ids by code unit, as Firestore orders document ids', () => {
    expect(compareRecords({ ts: ts(1), id: 'B' }, { ts: ts(1), id: 'a' })).toBeLessThan(0);
    expect(compareRecords({ ts: ts(1), id: 'a' }, { ts: ts(1), id: 'a0' })).toBeLessThan(0);
  });

  it('orders Dates (the app converts window timestamps) the same way, to the millisecond', () => {
    expect(compareRecords({ ts: new Date(1500), id: 'z' }, { ts: new Date(1501), id: 'a' })).toBeLessThan(0);
    expect(compareRecords({ ts: new Date(1500), id: 'b' }, { ts: new Date(1500), id: 'a' })).toBeGreaterThan(0);
    expect(compareRecords({ ts: new Date(1500), id: 'a' }, { ts: new Date(1500), id: 'a' })).toBe(0);
  });

  it('places a Date among timestamps by its seconds and milliseconds', () => {
    expect(compareRecords({ ts: new Date(1500), id: 'a' }, { ts: ts(1, 500_000_000), id: 'a' })).toBe(0);
    expect(compareRecords({ ts: new Date(1500), id: 'a' }, { ts: ts(1, 500_000_001), id: 'a' })).toBeLessThan(0);
    expect(compareRecords({ ts: new Date(-1), id: 'a' }, { ts: ts(-1, 999_000_000), id: 'a' })).toBe(0);
  });

  it('sorts a list oldest first', () => {
    const records = [
      { ts: ts(3), id: 'c' },
      { ts: ts(1), id: 'b' },
      { ts: ts(1), id: 'a' },
      { ts: ts(2, 5), id: 'd' },
    ];
    expect([...records].sort(compareRecords).map((r) => r.id)).toEqual(['a', 'b', 'd', 'c']);
  });
});
