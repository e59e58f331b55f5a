import { describe, expect, test } from 'vitest';
import { formatTime } from '../shared/format.ts';
import { rec, truncated } from '../shared/testRecords.ts';
import { parseOptions, type TableOptions } from './options.ts';
import { transform } from './transform.ts';

function options(config: Record<string, unknown> = {}): TableOptions {
  const parsed = parseOptions({ fields: ['rx', 'host'], ...config });
  if (!parsed.ok) throw new Error(parsed.errors.join(' '));
  return parsed.options;
}

describe('table transform', () => {
  test('an empty window has columns and no rows', () => {
    expect(transform([], options())).toEqual({
      columns: [
        { field: 'rx', label: 'Rx', unit: '' },
        { field: 'host', label: 'Host', unit: '' },
      ],
      rows: [],
      summary: 'Table: no rows yet',
    });
  });

  test('one record: a row with its time and formatted values', () => {
    const view = transform([rec(1, { rx: 123456.789, host: 'web1' })], options({ decimals: 1 }));
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0]).toMatchObject({ id: 'r0001', cells: ['123,456.8', 'web1'], truncated: false, iso: '2026-01-01T12:00:01.000Z' });
    expect(view.rows[0]?.time).toBe(formatTime(new Date(Date.UTC(2026, 0, 1, 12, 0, 1))));
  });

  test('the newest `rows` records, newest first', () => {
    const records = Array.from({ length: 30 }, (_, i) => rec(i, { rx: i }));
    const view = transform(records, options({ rows: 3 }));
    expect(view.rows.map((r) => r.cells[0])).toEqual(['29', '28', '27']);
  });

  test('missing fields and nulls show a dash; other values as text; numbers get the unit', () => {
    const view = transform([rec(1, { rx: null }), rec(2, { host: true }), rec(3, { rx: 'n/a', host: 5 })], options({ unit: 'B/s' }));
    expect(view.rows.map((r) => r.cells)).toEqual([['n/a', '5 B/s'], ['—', 'yes'], ['—', '—']]);
  });

  test("each column in its own unit: the pipeline's declared ones, scaled; headers are labels", () => {
    const fields = [
      { name: 'rx', type: 'number', unit: 'B/s', label: 'Received' },
      { name: 'load1', type: 'number' },
    ] as const;
    const view = transform([rec(1, { rx: 28_749_000, load1: 1.63 })], options({ fields: ['rx', 'load1'], unit: '%' }), fields);
    expect(view.columns.map((c) => c.label)).toEqual(['Received', 'Load1']);
    expect(view.rows[0]?.cells).toEqual(['28.7 MB/s', '1.63']);
    expect(view.summary).toMatch(/: Received 28\.7 MB\/s, Load1 1\.63\.$/);
  });

  test('mapped values show their text, numbers and booleans alike', () => {
    const view = transform([rec(1, { rx: 1, host: true }), rec(2, { rx: 2, host: false })], options({ unit: '%', mappings: '1=on, true=open' }));
    expect(view.rows.map((r) => r.cells)).toEqual([['2%', 'no'], ['on', 'open']]);
  });

  test('ties in time keep window order (the later record first)', () => {
    const view = transform([rec(1, { rx: 1 }, { id: 'a' }), rec(1, { rx: 2 }, { id: 'b' })], options());
    expect(view.rows.map((r) => r.id)).toEqual(['b', 'a']);
  });

  test('truncated records are listed as such, without values', () => {
    const view = transform([rec(1, { rx: 1 }), truncated(2)], options());
    expect(view.rows[0]).toMatchObject({ truncated: true, cells: [] });
    expect(view.summary).toMatch(/newest at .* \(too large to show\)\.$/);
  });

  test('options: 1..100 whole rows', () => {
    expect(parseOptions({ fields: ['a'], rows: 0 }).ok).toBe(false);
    expect(parseOptions({ fields: ['a'], rows: 2.5 }).ok).toBe(false);
    expect(parseOptions({ fields: ['a'] })).toMatchObject({ ok: true, options: { rows: 10 } });
  });
});
