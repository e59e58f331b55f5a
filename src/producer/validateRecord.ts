/** A record's data as the contract allows it: 1..50 keys of number, string, boolean or null. */
export type RecordValue = number | string | boolean | null;
export type RecordData = Record<string, RecordValue>;

/**
 * Largest size of one record's `data` that the rollup keeps whole in the
 * rolling window (functions/src/rollup/mergeWindow.ts, MAX_WINDOW_DATA_BYTES).
 * The producer refuses anything larger, measured both as UTF-8 JSON and as
 * Firestore stores it (the rollup's measure), whichever is larger.
 */
export const MAX_RECORD_BYTES = 8 * 1024;
export const MAX_RECORD_KEYS = 50;
export const MAX_FIELD_NAME_LENGTH = 128;

/** A record that breaks the contract; `field` names the offending key when there is one. */
export class RecordValidationError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RecordValidationError';
  }
}

const utf8 = new TextEncoder();
const byteLength = (value: unknown): number => utf8.encode(JSON.stringify(value)).length;
const storedStringSize = (s: string): number => utf8.encode(s).length + 1;

/**
 * Firestore's storage size of a record's fields (names and values), the
 * measure the rollup applies; it must stay equal to `dataSize` in
 * functions/src/rollup/mergeWindow.ts (a unit test compares them).
 */
export function storedDataSize(data: RecordData): number {
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    size += storedStringSize(key);
    if (typeof value === 'string') size += storedStringSize(value);
    else if (typeof value === 'number') size += 8;
    else size += 1;
  }
  return size;
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'non-plain object'}`;
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Checks `data` against the contract and returns it typed, or throws a RecordValidationError. */
export function validateRecord(data: unknown): RecordData {
  if (!isPlainObject(data)) {
    throw new RecordValidationError(`a record must be an object of field names to values, not ${describeKind(data)}`);
  }
  const keys = Object.keys(data);
  if (keys.length < 1) throw new RecordValidationError('a record needs at least one field');
  if (keys.length > MAX_RECORD_KEYS) {
    throw new RecordValidationError(`a record has at most ${MAX_RECORD_KEYS} fields, this one has ${keys.length}`);
  }
  for (const key of keys) {
    if (key.length === 0 || key.length > MAX_FIELD_NAME_LENGTH) {
      throw new RecordValidationError(`field name "${key}" must be 1..${MAX_FIELD_NAME_LENGTH} characters`, key);
    }
    // Firestore reserves these names and rejects a write that uses one.
    if (/^__.*__$/.test(key)) throw new RecordValidationError(`field name "${key}" is reserved by Firestore`, key);
    const value = data[key];
    const ok =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (!ok) {
      throw new RecordValidationError(
        `field "${key}" is ${describeValue(value)}; values must be finite numbers, strings, booleans or null`,
        key,
      );
    }
  }
  const record = data as RecordData;
  const bytes = Math.max(byteLength(record), storedDataSize(record));
  if (bytes > MAX_RECORD_BYTES) {
    const largest = keys.reduce((a, b) => (byteLength(record[a]) >= byteLength(record[b]) ? a : b));
    throw new RecordValidationError(
      `a record is at most ${MAX_RECORD_BYTES} bytes (as JSON or as Firestore stores it), this one is ${bytes} (largest field "${largest}")`,
      largest,
    );
  }
  return record;
}
