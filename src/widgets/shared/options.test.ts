import { describe, expect, test } from 'vitest';
import type { OptionField } from '../types.ts';
import { mappingsField, parseConfig } from './options.ts';

const fields: readonly OptionField[] = [
  { key: 'title', label: 'Title', kind: 'text', maxLength: 5 },
  { key: 'fields', label: 'Fields', kind: 'fields', multiple: true, max: 2 },
  { key: 'one', label: 'One', kind: 'fields', multiple: false, min: 0 },
  { key: 'n', label: 'N', kind: 'number', min: 1, max: 9, integer: true },
  { key: 'on', label: 'On', kind: 'boolean' },
  { key: 'mode', label: 'Mode', kind: 'select', choices: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
  { key: 'thresholds', label: 'Thresholds', kind: 'thresholds' },
];
const defaults = { title: '', fields: [] as string[], one: '', n: 3, on: false, mode: 'a', thresholds: [] };

describe('parseConfig', () => {
  test('fills defaults, keeps valid values, ignores unknown keys, sorts thresholds', () => {
    const parsed = parseConfig(
      { fields: ['x'], one: ['y'], n: 4, on: true, mode: 'b', extra: 1, thresholds: [{ value: 9, color: 'critical' }, { value: 2, color: 'ok' }] },
      fields,
      defaults,
    );
    expect(parsed).toEqual({
      ok: true,
      options: { title: '', fields: ['x'], one: 'y', n: 4, on: true, mode: 'b', thresholds: [{ value: 2, color: 'ok' }, { value: 9, color: 'critical' }] },
    });
  });

  test('null options take their defaults', () => {
    expect(parseConfig({ fields: 'x', title: null }, fields, defaults)).toMatchObject({ ok: true, options: { fields: ['x'], title: '' } });
  });

  test('reports every problem at once', () => {
    const parsed = parseConfig(
      { title: 'too long', fields: ['a', 'b', 'c'], n: 1.5, on: 'yes', mode: 'c', thresholds: [{ value: 'x', color: 'ok' }] },
      fields,
      defaults,
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [
        '"Title" is longer than 5 characters.',
        '"Fields": choose at most 2 fields.',
        '"N" must be a whole number.',
        '"On" must be true or false.',
        '"Mode" must be one of a, b.',
        '"Thresholds": each threshold needs a numeric value.',
      ],
    });
  });

  test('a required field list that is absent, empty or repeated is an error', () => {
    expect(parseConfig({}, fields, defaults)).toEqual({ ok: false, errors: ['"Fields": choose a field.'] });
    expect(parseConfig({ fields: [] }, fields, defaults)).toEqual({ ok: false, errors: ['"Fields": choose a field.'] });
    expect(parseConfig({ fields: ['a', 'a'] }, fields, defaults)).toEqual({ ok: false, errors: ['"Fields" names a field twice.'] });
    expect(parseConfig({ fields: [3] }, fields, defaults)).toEqual({ ok: false, errors: ['"Fields" must name record fields.'] });
  });

  test('numbers out of range and unknown threshold colours are errors', () => {
    expect(parseConfig({ fields: ['a'], n: 10 }, fields, defaults)).toEqual({ ok: false, errors: ['"N" must be at most 9.'] });
    expect(parseConfig({ fields: ['a'], n: Number.NaN }, fields, defaults)).toEqual({ ok: false, errors: ['"N" must be a number.'] });
    expect(parseConfig({ fields: ['a'], thresholds: [{ value: 1, color: 'red' }] }, fields, defaults)).toEqual({
      ok: false,
      errors: ['"Thresholds": a threshold\'s colour is one of ok, warning, critical.'],
    });
  });

  test('a config that is not a map is an error', () => {
    expect(parseConfig(['a'], fields, defaults)).toEqual({ ok: false, errors: ['The widget configuration is not a map of options.'] });
  });
});

describe('parseConfig: value mappings', () => {
  test('the text becomes a map; bad text or another type is an error naming the option', () => {
    expect(parseConfig({ mappings: '1=on, 0=off' }, [mappingsField], {})).toEqual({
      ok: true,
      options: { mappings: new Map([['1', 'on'], ['0', 'off']]) },
    });
    expect(parseConfig({ mappings: '1=on, off' }, [mappingsField], {})).toEqual({
      ok: false,
      errors: ['"Value mappings": "off" needs "=" between a value and its text, as in 1=on.'],
    });
    expect(parseConfig({ mappings: { 1: 'on' } }, [mappingsField], {})).toEqual({ ok: false, errors: ['"Value mappings" must be text.'] });
  });
});

describe('parseConfig: the range option', () => {
  const fields: OptionField[] = [{ key: 'range', label: 'Time range', kind: 'range' }];
  test('keeps a valid range as stored, refuses anything else', () => {
    expect(parseConfig({ range: '24h' }, fields, {})).toEqual({ ok: true, options: { range: '24h' } });
    expect(parseConfig({ range: 'soon' }, fields, {})).toMatchObject({ ok: false });
  });
});
