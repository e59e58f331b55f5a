import { describe, expect, test } from 'vitest';
import { fieldChoices, fieldsValue, optionErrors, selectedFields, setOption, unitOfFields } from '../../../src/editor/optionsForm.ts';
import type { PipelineField } from '../../../contract/index.ts';
import type { OptionField } from '../../../src/widgets/types.ts';

const pipelineFields: PipelineField[] = [
  { name: 'cpu', type: 'number', unit: '%' },
  { name: 'mem', type: 'number', unit: 'MB' },
  { name: 'host', type: 'string' },
];

const form: OptionField[] = [
  { key: 'title', label: 'Title', kind: 'text', maxLength: 10, required: true },
  { key: 'fields', label: 'Series', kind: 'fields', multiple: true, numeric: true, max: 2 },
  { key: 'decimals', label: 'Decimals', kind: 'number', min: 0, max: 6, integer: true },
  { key: 'aggregation', label: 'Aggregation', kind: 'select', choices: [{ value: 'latest', label: 'Latest' }, { value: 'avg', label: 'Average' }] },
  { key: 'sparkline', label: 'Sparkline', kind: 'boolean' },
  { key: 'thresholds', label: 'Thresholds', kind: 'thresholds' },
  { key: 'mappings', label: 'Value mappings', kind: 'mappings' },
];

const valid = { title: 'CPU', fields: ['cpu'], decimals: 1, aggregation: 'avg', sparkline: true, thresholds: [{ value: 70, color: 'warning' }, { value: 90, color: 'critical' }], mappings: '1=on, 0=off' };

describe('optionErrors', () => {
  test('a valid config has none; optional options may be left out', () => {
    expect(optionErrors(form, valid, pipelineFields)).toEqual({});
    expect(optionErrors(form, { title: 'CPU', fields: ['cpu'] }, pipelineFields)).toEqual({});
  });

  test.each([
    [{ title: '' }, 'title', 'Title is required.'],
    [{ title: undefined }, 'title', 'Title is required.'],
    [{ title: 'a very long title' }, 'title', 'Title has at most 10 characters.'],
    [{ fields: [] }, 'fields', 'Series: pick a field.'],
    [{ fields: ['cpu', 'mem', 'cpu'] }, 'fields', 'Series: pick at most 2.'],
    [{ fields: ['host'] }, 'fields', 'Series: "host" is not a numeric field of this pipeline.'],
    [{ fields: ['nope', 'gone'] }, 'fields', 'Series: "nope", "gone" are not numeric fields of this pipeline.'],
    [{ decimals: 1.5 }, 'decimals', 'Decimals must be a whole number.'],
    [{ decimals: -1 }, 'decimals', 'Decimals must be at least 0.'],
    [{ decimals: 7 }, 'decimals', 'Decimals must be at most 6.'],
    [{ decimals: '2' }, 'decimals', 'Decimals must be a number.'],
    [{ aggregation: 'median' }, 'aggregation', 'Aggregation: "median" is not one of the choices.'],
    [{ sparkline: 'yes' }, 'sparkline', 'Sparkline must be on or off.'],
    [{ thresholds: [{ value: 90, color: 'warning' }, { value: 70, color: 'critical' }] }, 'thresholds', 'Thresholds must go upward: row 2 is not above row 1.'],
    [{ thresholds: [{ value: 'x', color: 'ok' }] }, 'thresholds', 'Thresholds: row 1 needs a number.'],
    [{ thresholds: [{ value: 1, color: 'purple' }] }, 'thresholds', 'Thresholds: row 1 needs a colour.'],
    [{ mappings: '1=on, 1=yes' }, 'mappings', 'Value mappings: 1 is mapped twice.'],
    [{ mappings: '1=' }, 'mappings', 'Value mappings: "1=" needs a text after "=".'],
    [{ mappings: 1 }, 'mappings', 'Value mappings must be text.'],
  ])('%j -> %s: %s', (patch, key, message) => {
    expect(optionErrors(form, { ...valid, ...patch }, pipelineFields)).toEqual({ [key]: message });
  });

  test('a single-field option refuses two; unknown pipeline schema is not held against fields', () => {
    const single: OptionField[] = [{ key: 'fields', label: 'Field', kind: 'fields', multiple: false }];
    expect(optionErrors(single, { fields: ['cpu', 'mem'] }, pipelineFields)).toEqual({ fields: 'Field: pick one field.' });
    expect(optionErrors(single, { fields: ['anything'] }, [])).toEqual({});
  });
});

describe('form helpers', () => {
  test('a single-field option of another key holds one name as a string', () => {
    const category: OptionField = { key: 'categoryField', label: 'Category', kind: 'fields', multiple: false };
    expect(optionErrors([category], { categoryField: 'host' }, pipelineFields)).toEqual({});
    expect(optionErrors([category], { categoryField: 'nope' }, pipelineFields)).toEqual({ categoryField: 'Category: "nope" is not a field of this pipeline.' });
    expect(optionErrors([category], { categoryField: 3 }, pipelineFields)).toEqual({ categoryField: 'Category must name record fields.' });
    expect(fieldsValue(category as Extract<OptionField, { kind: 'fields' }>, ['host'])).toBe('host');
    expect(fieldsValue({ key: 'fields', label: 'F', kind: 'fields', multiple: false }, ['cpu'])).toEqual(['cpu']);
    expect(selectedFields(['a', 'b'])).toEqual(['a', 'b']);
    expect(selectedFields([1])).toBeNull();
  });

  test('fieldChoices offers numeric fields only when asked', () => {
    expect(fieldChoices(form[1], pipelineFields)).toEqual(['cpu', 'mem']);
    expect(fieldChoices({ key: 'f', label: 'F', kind: 'fields', multiple: true }, pipelineFields)).toEqual(['cpu', 'mem', 'host']);
    expect(fieldChoices(form[0], pipelineFields)).toEqual([]);
  });

  test('setOption removes empty values so defaults apply, and never mutates', () => {
    const config = { title: 'x', decimals: 2 };
    expect(setOption(config, 'decimals', Number.NaN)).toEqual({ title: 'x' });
    expect(setOption(config, 'title', '')).toEqual({ decimals: 2 });
    expect(setOption(config, 'unit', '%')).toEqual({ title: 'x', decimals: 2, unit: '%' });
    expect(config).toEqual({ title: 'x', decimals: 2 });
  });

  test('unitOfFields takes the first chosen field\'s unit', () => {
    expect(unitOfFields(['mem', 'cpu'], pipelineFields)).toBe('MB');
    expect(unitOfFields(['host'], pipelineFields)).toBeUndefined();
    expect(unitOfFields('cpu', pipelineFields)).toBeUndefined();
  });
});

describe('the range option', () => {
  const range: OptionField = { key: 'range', label: 'Time range', kind: 'range' };
  test.each([undefined, 'dashboard', 'live', '7d', '2026-12-01T10:00:00Z/2026-12-01T12:00:00Z'])('%j is a range', (value) => {
    expect(optionErrors([range], value === undefined ? {} : { range: value }, [])).toEqual({});
  });
  test.each(['3h', 42, '2026-12-01T12:00:00Z/2026-12-01T10:00:00Z'])('%j is not', (value) => {
    expect(optionErrors([range], { range: value }, []).range).toMatch(/is not a time range/);
  });
});
