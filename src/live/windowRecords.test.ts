import { describe, expect, test } from 'vitest';
import { recordDocsToWindow, toWindowRecords } from './windowRecords.ts';

const ts = (ms: number) => ({ toDate: () => new Date(ms) });

describe('window records', () => {
  test('rollup entries: Timestamps to Dates, truncated kept, malformed entries dropped', () => {
    expect(
      toWindowRecords([
        { id: 'a', ts: ts(1), data: { v: 1 } },
        { id: 'b', ts: ts(2), data: {}, truncated: true },
        { id: 'c', ts: null, data: {} },
        { ts: ts(3), data: {} },
        'junk',
        { id: 'd', ts: ts(4), data: 'not a map' },
      ]),
    ).toEqual([
      { id: 'a', ts: new Date(1), data: { v: 1 } },
      { id: 'b', ts: new Date(2), data: {}, truncated: true },
      { id: 'd', ts: new Date(4), data: {} },
    ]);
    expect(toWindowRecords(undefined)).toEqual([]);
  });

  test('record documents queried newest first become a window oldest first', () => {
    expect(
      recordDocsToWindow([
        { id: 'n', data: { ts: ts(2), data: { v: 2 }, producer: 'u' } },
        { id: 'o', data: { ts: ts(1), data: { v: 1 }, producer: 'u' } },
      ]).map((r) => r.id),
    ).toEqual(['o', 'n']);
  });
});
