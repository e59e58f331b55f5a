import { describe, expect, test } from 'vitest';
import { rec, truncated } from '../shared/testRecords.ts';
import { fieldsUsed, parseOptions, type BarChartOptions } from './options.ts';
import { MAX_CATEGORIES, transform } from './transform.ts';

function options(config: Record<string, unknown>): BarChartOptions {
  const parsed = parseOptions(config);
  if (!parsed.ok) throw new Error(parsed.errors.join(' '));
  return parsed.options;
}

const perField = options({ fields: ['load1', 'load5'], mode: 'fields' });
const perHost = options({ mode: 'category', categoryField: 'host', valueField: 'cpu', unit: '%' });

describe('bar_chart transform, latest value of each field', () => {
  test('an empty window: labelled bars without values', () => {
    expect(transform([], perField)).toEqual({
      labels: ['Load1', 'Load5'],
      values: [null, null],
      units: ['', ''],
      displays: ['—', '—'],
      axes: [{ id: 'y', unit: '', side: 'left' }],
      summary: 'Bar chart: no data yet',
    });
  });

  test('one record', () => {
    expect(transform([rec(1, { load1: 1.5, load5: 2 })], perField)).toMatchObject({ values: [1.5, 2], summary: 'Bar chart: Load1 1.5, Load5 2.' });
  });

  test('each field takes its own newest numeric value; missing, non-numeric and truncated are skipped', () => {
    const records = [rec(1, { load1: 1, load5: 5 }), rec(2, { load1: 2, load5: 'x' }), rec(3, { load1: null }), truncated(4)];
    expect(transform(records, perField).values).toEqual([2, 5]);
    expect(transform(records, options({ fields: ['nope'] })).values).toEqual([null]);
  });

  test('bars of two units are drawn against two axes, each value in its own unit', () => {
    const fields = [
      { name: 'load1', type: 'number', label: 'Load' },
      { name: 'load5', type: 'number', unit: 'B/s' },
    ] as const;
    const view = transform([rec(1, { load1: 1.5, load5: 2_000_000 })], options({ fields: ['load1', 'load5'], unit: '%' }), fields);
    expect(view).toMatchObject({ labels: ['Load', 'Load5'], units: ['', 'B/s'], summary: 'Bar chart: Load 1.5, Load5 2 MB/s.' });
    expect(view.axes).toEqual([
      { id: 'y', unit: '', side: 'left' },
      { id: 'y1', unit: 'B/s', side: 'right' },
    ]);
  });

  test('a mapped value is its text in the read-out and summary; the bar keeps the number', () => {
    const view = transform([rec(1, { load1: 1, load5: 2 })], options({ fields: ['load1', 'load5'], mappings: '1=on' }));
    expect(view).toMatchObject({ values: [1, 2], displays: ['on', '2'], summary: 'Bar chart: Load1 on, Load5 2.' });
  });

  test('ties in time: the later record wins', () => {
    expect(transform([rec(1, { load1: 1 }, { id: 'a' }), rec(1, { load1: 9 }, { id: 'b' })], perField).values).toEqual([9, null]);
  });
});

describe('bar_chart transform, latest value per category', () => {
  test('an empty window has no bars', () => {
    expect(transform([], perHost)).toMatchObject({ labels: [], values: [], summary: 'Bar chart: no data yet' });
  });

  test('the newest value of each category, categories in natural name order', () => {
    const records = [rec(1, { host: 'web10', cpu: 1 }), rec(2, { host: 'web2', cpu: 2 }), rec(3, { host: 'web10', cpu: 3 }), rec(4, { host: 7, cpu: 4 })];
    expect(transform(records, perHost)).toMatchObject({ labels: ['7', 'web2', 'web10'], values: [4, 2, 3], summary: 'Bar chart: 7 4%, web2 2%, web10 3%.' });
  });

  test('records without a category, a numeric value, or truncated are skipped', () => {
    const records = [rec(1, { host: 'a', cpu: 1 }), rec(2, { cpu: 5 }), rec(3, { host: 'a', cpu: 'busy' }), rec(4, { host: null, cpu: 2 }), truncated(5)];
    expect(transform(records, perHost)).toMatchObject({ labels: ['a'], values: [1] });
  });

  test(`at most ${MAX_CATEGORIES} categories`, () => {
    const records = Array.from({ length: 40 }, (_, i) => rec(i, { host: `h${i}`, cpu: i }));
    expect(transform(records, perHost).labels).toHaveLength(MAX_CATEGORIES);
  });

  test('options: each mode needs its fields; fieldsUsed follows the mode', () => {
    expect(parseOptions({ mode: 'fields' }).ok).toBe(false);
    expect(parseOptions({ mode: 'category', categoryField: 'host' }).ok).toBe(false);
    expect(parseOptions({ mode: 'category', categoryField: ['host'], valueField: 'cpu' }).ok).toBe(true);
    expect(fieldsUsed(perHost)).toEqual(['host', 'cpu']);
    expect(fieldsUsed(perField)).toEqual(['load1', 'load5']);
  });
});
