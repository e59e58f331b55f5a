import { describe, expect, it } from 'vitest';
import { dataSize } from '../../contract/index.ts';
import { MAX_RECORD_BYTES, RecordValidationError, storedDataSize, validateRecord, type RecordData } from '../../src/producer/validateRecord.ts';

/** The error validateRecord throws for `data` (fails the test if it throws none). */
function rejectionOf(data: unknown): RecordValidationError {
  try {
    validateRecord(data);
  } catch (err) {
    if (err instanceof RecordValidationError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(data)} to be rejected`);
}

const fields = (n: number): Record<string, number> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));

describe('validateRecord', () => {
  it.each([
    [{ a: 1 }],
    [{ s: 'text', b: false, n: null, x: -0.5 }],
    [fields(50)],
    [{ blob: 'x'.repeat(MAX_RECORD_BYTES - 20) }],
    [{ 'dotted.name': 1, 'with space': 2 }],
  ])('accepts %j', (data) => {
    expect(validateRecord(data)).toBe(data);
  });

  it.each([
    [null, 'must be an object of field names to values, not null', undefined],
    [[1, 2], 'not an array', undefined],
    ['text', 'not a string', undefined],
    [new Date(0), 'not a Date', undefined],
    [{}, 'at least one field', undefined],
    [fields(51), 'at most 50 fields, this one has 51', undefined],
    [{ ok: 1, bad: { nested: 1 } }, 'field "bad" is an object', 'bad'],
    [{ list: [1] }, 'field "list" is an array', 'list'],
    [{ n: Number.NaN }, 'field "n" is NaN', 'n'],
    [{ n: Infinity }, 'field "n" is Infinity', 'n'],
    [{ u: undefined }, 'field "u" is undefined', 'u'],
    [{ ['k'.repeat(129)]: 1 }, 'must be 1..128 characters', 'k'.repeat(129)],
    [{ __name__: 1 }, 'reserved by Firestore', '__name__'],
  ])('rejects %j naming the problem', (data, message, field) => {
    const err = rejectionOf(data);
    expect(err.message).toContain(message);
    expect(err.field).toBe(field);
  });

  it('bounds the JSON size in UTF-8 bytes and names the largest field', () => {
    // 3 bytes a character in UTF-8: under the bound in characters, over it in bytes.
    const err = rejectionOf({ small: 1, big: '€'.repeat(3000) });
    expect(err.message).toMatch(/at most 8192 bytes \(as JSON or as Firestore stores it\), this one is \d+ \(largest field "big"\)/);
    expect(err.field).toBe('big');
  });

  it('bounds the size as the rollup measures it too: short numbers take 8 bytes in Firestore', () => {
    // 49 one-digit numbers and a string: under 8 KiB as JSON, over it as Firestore stores it.
    const data: Record<string, unknown> = { ...Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`n${i}`, 1])), s: 'x'.repeat(7700) };
    expect(new TextEncoder().encode(JSON.stringify(data)).length).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    expect(storedDataSize(data as RecordData)).toBeGreaterThan(MAX_RECORD_BYTES);
    expect(rejectionOf(data).message).toContain('at most 8192 bytes');
  });

  it('measures stored size exactly as the rollup does (functions/src/rollup/mergeWindow.ts)', () => {
    const samples: RecordData[] = [
      { a: 1 },
      { 'ünïcode-ключ': 'значение €', n: -1.5e300, b: false, z: null },
      { empty: '', long: 'y'.repeat(5000), t: true },
      fields(50),
    ];
    for (const data of samples) expect(storedDataSize(data)).toBe(dataSize(data));
  });

  it('rejects a JSON "__proto__" key instead of passing it on', () => {
    expect(rejectionOf(JSON.parse('{"__proto__": 1}')).field).toBe('__proto__');
  });
});
