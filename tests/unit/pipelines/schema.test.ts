import { describe, expect, test } from 'vitest';
import { fieldsErrors, inferFields, keepInferred, normalizeFields, sameFields } from '../../../src/pipelines/schema.ts';

const rec = (data: Record<string, unknown>) => ({ data });

describe('inferFields', () => {
  test('no records, no fields', () => {
    expect(inferFields([])).toEqual([]);
  });

  test('types from values, in order of first appearance, nulls ignored', () => {
    const records = [rec({ t: 21.5, door: 'open' }), rec({ t: null, ok: true, door: 'closed' }), rec({ t: 3 })];
    expect(inferFields(records)).toEqual([
      { name: 't', type: 'number' },
      { name: 'door', type: 'string' },
      { name: 'ok', type: 'bool' },
    ]);
  });

  test('mixed types fall back to string; always-null keys are left out', () => {
    expect(inferFields([rec({ a: 1, n: null }), rec({ a: 'x', n: null })])).toEqual([{ name: 'a', type: 'string' }]);
  });
});

describe('keepInferred', () => {
  test('keeps the unit of a declared field of the same name and type only', () => {
    const declared = [
      { name: 't', type: 'number' as const, unit: '°C' },
      { name: 'rpm', type: 'string' as const, unit: 'rpm' },
      { name: 'gone', type: 'number' as const, unit: 'x' },
    ];
    const inferred = [
      { name: 't', type: 'number' as const },
      { name: 'rpm', type: 'number' as const },
    ];
    expect(keepInferred(declared, inferred)).toEqual([
      { name: 't', type: 'number', unit: '°C' },
      { name: 'rpm', type: 'number' },
    ]);
  });
});

describe('fieldsErrors', () => {
  test('a clean list has none', () => {
    expect(fieldsErrors([{ name: 'a', type: 'number', unit: 'ms' }, { name: 'b', type: 'bool' }])).toEqual([]);
  });

  test('empty names, duplicates, unknown types and long units', () => {
    const errors = fieldsErrors([
      { name: ' ', type: 'number' },
      { name: 'a', type: 'number' },
      { name: 'a', type: 'string' },
      { name: 'b', type: 'float' as never },
      { name: 'c', type: 'number', unit: 'u'.repeat(21) },
    ]);
    expect(errors).toEqual([
      'Field 1 needs a name.',
      'Field "a" is declared twice.',
      'Field "b" has an unknown type "float".',
      'The unit of "c" is longer than 20 characters.',
    ]);
  });

  test('normalizeFields trims names and drops empty units', () => {
    expect(normalizeFields([{ name: ' a ', type: 'number', unit: ' ' }, { name: 'b', type: 'number', unit: ' s ' }])).toEqual([
      { name: 'a', type: 'number' },
      { name: 'b', type: 'number', unit: 's' },
    ]);
  });
});

test('sameFields compares names, types and units in order', () => {
  const a = [{ name: 'a', type: 'number' as const, unit: '' }, { name: 'b', type: 'bool' as const }];
  expect(sameFields(a, [{ name: 'a', type: 'number' }, { name: 'b', type: 'bool' }])).toBe(true);
  expect(sameFields(a, [{ name: 'b', type: 'bool' }, { name: 'a', type: 'number' }])).toBe(false);
  expect(sameFields(a, [{ name: 'a', type: 'number', unit: 's' }, { name: 'b', type: 'bool' }])).toBe(false);
  expect(sameFields(a, a.slice(1))).toBe(false);
});
