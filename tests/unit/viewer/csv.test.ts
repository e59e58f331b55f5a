import { describe, expect, it } from 'vitest';
import type { RangeSeries } from '../../../src/history/rangeSeries.ts';
import { csvFileName, csvText, recordsCsv, seriesCsv } from '../../../src/viewer/csv.ts';

describe('csv', () => {
  it('quotes cells with commas, quotes, line breaks and edge spaces; empty for null', () => {
    expect(csvText([['a', 'b,c', 'say "hi"', 'two\nlines', ' pad', null, undefined, 1.5, true]])).toBe(
      'a,"b,c","say ""hi""","two\nlines"," pad",,,1.5,true\r\n',
    );
  });

  it('bucket rows: start, n, and every aggregate of every field with its mean; blanks where a field has none', () => {
    const series: RangeSeries = {
      resolution: 'minute',
      bucketMs: 60_000,
      fromMs: 0,
      toMs: 120_000,
      buckets: [
        { startMs: 0, bucket: { n: 2, fields: { t: { n: 2, sum: 3, min: 1, max: 2, first: 2, last: 1 } } } },
        { startMs: 60_000, bucket: { n: 1, fields: {} } },
      ],
    };
    expect(seriesCsv(series, ['t']).split('\r\n')).toEqual([
      'start,n,t.n,t.sum,t.min,t.max,t.first,t.last,t.mean',
      '1970-01-01T00:00:00.000Z,2,2,3,1,2,2,1,1.5',
      '1970-01-01T00:01:00.000Z,1,,,,,,,',
      '',
    ]);
  });

  it('records: time, id and the values as recorded', () => {
    const records = [{ id: 'r1', ts: new Date(0), data: { t: 1, s: 'a,b', b: false } }];
    expect(recordsCsv(records, ['t', 's', 'b', 'x'])).toBe('time,id,t,s,b,x\r\n1970-01-01T00:00:00.000Z,r1,1,"a,b",false,\r\n');
  });

  it('file names', () => {
    expect(csvFileName(['demo', 'CPU & memory (%)', '24h'])).toBe('demo_cpu-memory_24h.csv');
    expect(csvFileName(['ops', 'Load', '2026-12-01 10:00–2026-12-01 12:00 UTC'])).toBe('ops_load_2026-12-01-10-00-2026-12-01-12-00-utc.csv');
    expect(csvFileName(['', '!!'])).toBe('export.csv');
  });
});
