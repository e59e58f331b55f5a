import { describe, expect, it } from 'vitest';
import { RECORD_LIMITS, recordKeyProblem, validateRecordData } from '../../../contract/index.ts';

const fields = (n: number): Record<string, number> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));

/** The failure of `data` (fails the test when it passes). */
function failureOf(data: unknown): { reason: string; field?: string } {
  const result = validateRecordData(data);
  if (result.ok) throw new Error(`expected ${JSON.stringify(data)} to be rejected`);
  return result;
}

describe('validateRecordData', () => {
  it.each([
    [{ a: 1 }],
    [{ s: 'text', b: false, n: null, x: -0.5, big: Number.MAX_VALUE }],
    [fields(50)],
    [{ s: 'x'.repeat(1024) }],
    [{ ['k'.repeat(64)]: 1 }],
    [{ 'with space': 1, 'dash-and_underscore': 2, 'ünïcode': 3, _single: 4, 'a__b': 5 }],
    [Object.assign(Object.create(null) as object, { a: 1 })],
  ])('accepts %j as it is', (data) => {
    const result = validateRecordData(data);
    expect(result).toEqual({ ok: true, data });
    expect(result.ok && result.data).toBe(data);
  });

  it.each([
    [null, 'must be an object of field names to values, not null'],
    [[1, 2], 'not an array'],
    ['text', 'not a string'],
    [new Date(0), 'not a Date'],
    [{}, 'at least one field'],
    [fields(51), 'at most 50 fields, this one has 51'],
  ])('rejects %j as a whole', (data, reason) => {
    const failure = failureOf(data);
    expect(failure.reason).toContain(reason);
    expect(failure.field).toBeUndefined();
  });

  it.each([
    [{ n: Number.NaN }, 'n', 'field "n" is NaN'],
    [{ n: Infinity }, 'n', 'field "n" is Infinity'],
    [{ n: -Infinity }, 'n', 'field "n" is -Infinity'],
    [{ ok: 1, s: 'x'.repeat(1025) }, 's', 'field "s" is a string of 1025 characters; strings are at most 1024'],
    [{ o: { nested: 1 } }, 'o', 'field "o" is an object'],
    [{ l: [1] }, 'l', 'field "l" is an array'],
    [{ u: undefined }, 'u', 'field "u" is undefined'],
    [{ ['k'.repeat(65)]: 1 }, 'k'.repeat(65), 'must be 1..64 characters'],
    [{ '': 1 }, '', 'must be 1..64 characters'],
    [{ __name__: 1 }, '__name__', 'reserved by Firestore'],
    [{ __x: 1 }, '__x', 'starts with "__"'],
  ])('rejects %j naming field %j', (data, field, reason) => {
    const failure = failureOf(data);
    expect(failure.reason).toContain(reason);
    expect(failure.field).toBe(field);
  });

  it.each(RECORD_LIMITS.forbiddenKeyCharacters.map((c) => [c]))('rejects a key containing %j', (c) => {
    const key = `a${c}b`;
    const failure = failureOf({ fine: 1, [key]: 2 });
    expect(failure.field).toBe(key);
    expect(failure.reason).toContain(`contains "${c}"`);
  });

  it('rejects a JSON "__proto__" key instead of passing it on', () => {
    expect(failureOf(JSON.parse('{"__proto__": 1}')).field).toBe('__proto__');
  });

  it('names the first bad field of several', () => {
    expect(failureOf({ a: 1, 'b.c': 2, d: Number.NaN }).field).toBe('b.c');
  });
});

describe('recordKeyProblem', () => {
  it('is null for a good key and a reason for a bad one', () => {
    expect(recordKeyProblem('cpu_load-1m')).toBeNull();
    expect(recordKeyProblem('a*b')).toContain('"*"');
  });
});
