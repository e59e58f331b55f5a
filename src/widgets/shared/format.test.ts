import { describe, expect, test } from 'vitest';
import type { PipelineField } from '../../../contract/index.ts';
import { describeField } from './fields.ts';
import { formatNumber, formatValue, readableName, scaleToUnit } from './format.ts';
import { parseMappings } from './mappings.ts';

describe('formatNumber', () => {
  test.each([
    [28_749_000, 'B', undefined, '28.7 MB'],
    [1_000_000, 'B/s', undefined, '1 MB/s'],
    [123_456, 'B/s', undefined, '123.5 kB/s'],
    [41_985, 'B/s', 0, '42 kB/s'],
    [999, 'B/s', undefined, '999 B/s'],
    [0, 'B/s', undefined, '0 B/s'],
    [1536, 'KiB', undefined, '1.5 MiB'],
    [0.5, 'kB', undefined, '500 B'],
    [2_500_000_000, 'bit/s', undefined, '2.5 Gbit/s'],
    [-2048, 'B', undefined, '-2 kB'],
    [1.634, '%', undefined, '1.63%'],
    [21.5, '°C', 1, '21.5°C'],
    [1_234_567, 'req', 0, '1,234,567 req'],
    [1.6345, '', undefined, '1.63'],
    [null, 'B', undefined, '—'],
    // Time units read as durations.
    [350, 'ms', undefined, '350 ms'],
    [0.35, 's', undefined, '350 ms'],
    [2.5, 's', undefined, '2.5 s'],
    [2.5, 's', 2, '2.50 s'],
    [90, 's', undefined, '1 min 30 s'],
    [3600, 's', undefined, '1 h'],
    [65, 'min', undefined, '1 h 5 min'],
    [76, 'h', undefined, '3 d 4 h'],
    [1.5, 'd', undefined, '1 d 12 h'],
    [1000, 'd', undefined, '1,000 d'],
    [1_234_567, 'ms', 0, '20 min 35 s'],
    [-90, 's', undefined, '-1 min 30 s'],
    [0, 's', undefined, '0 s'],
    [0, 'min', 1, '0.0 min'],
  ] as const)('%d %s (decimals %s) is %s', (value, unit, decimals, text) => {
    expect(formatNumber(value, decimals, unit)).toBe(text);
  });

  test('a duration that rounds up to the next unit reads in it', () => {
    expect(formatNumber(999.999, undefined, 'ms')).toBe('1 s');
    expect(formatNumber(59.96, undefined, 's')).toBe('1 min');
    expect(formatNumber(59.96, 2, 's')).toBe('59.96 s');
    expect(formatNumber(3599.6, undefined, 's')).toBe('1 h');
    expect(formatNumber(86_390, undefined, 's')).toBe('1 d');
  });

  test('a unit that does not scale stays as it is', () => {
    expect(scaleToUnit(5_000_000, 'req/s')).toEqual({ value: 5_000_000, unit: 'req/s', scaled: false });
    expect(scaleToUnit(5_000, 'KB')).toEqual({ value: 5, unit: 'MB', scaled: true });
  });

  test('values of any kind', () => {
    expect(formatValue(true)).toBe('yes');
    expect(formatValue('idle', 2, 'B')).toBe('idle');
    expect(formatValue(undefined)).toBe('—');
  });

  test('a mapped value shows its text; others are formatted as without mappings', () => {
    const parsed = parseMappings('1=on, 0=off, true=open, idle=Waiting');
    if (!parsed.ok) throw new Error(parsed.error);
    const { mappings } = parsed;
    expect(formatValue(1, 2, '%', mappings)).toBe('on');
    expect(formatValue(0, undefined, 's', mappings)).toBe('off');
    expect(formatValue(true, undefined, '', mappings)).toBe('open');
    expect(formatValue('idle', undefined, '', mappings)).toBe('Waiting');
    expect(formatValue(1.5, 1, '%', mappings)).toBe('1.5%');
    expect(formatValue(false, undefined, '', mappings)).toBe('no');
    expect(formatValue(null, undefined, '', mappings)).toBe('—');
  });
});

describe('readableName', () => {
  test.each([
    ['rxBytesPerSec', 'Rx bytes per sec'],
    ['cpu_percent', 'Cpu percent'],
    ['HTTPStatus', 'HTTP status'],
    ['load1', 'Load1'],
    ['temp', 'Temp'],
    ['__', '__'],
  ])('%s reads as "%s"', (name, text) => {
    expect(readableName(name)).toBe(text);
  });
});

describe('describeField', () => {
  const declared: PipelineField[] = [
    { name: 'cpuPercent', type: 'number', unit: '%', label: 'CPU' },
    { name: 'load1', type: 'number' },
  ];

  test("a declared field has the pipeline's label and unit, or none, whatever the widget's unit", () => {
    expect(describeField('cpuPercent', declared, 'ms')).toEqual({ field: 'cpuPercent', label: 'CPU', unit: '%' });
    expect(describeField('load1', declared, '%')).toEqual({ field: 'load1', label: 'Load1', unit: '' });
  });

  test("without declared units (or fields) the widget's unit applies", () => {
    expect(describeField('rxBytes', declared, 'B')).toEqual({ field: 'rxBytes', label: 'Rx bytes', unit: 'B' });
    expect(describeField('load1', [{ name: 'load1', type: 'number' }], '%')).toMatchObject({ unit: '%' });
    expect(describeField('load1', undefined, '%')).toMatchObject({ unit: '%', label: 'Load1' });
  });
});
