/** A record's data as the contract allows it: 1..50 keys of number, string, boolean or null. */
export type RecordValue = number | string | boolean | null;
export type RecordData = Record<string, RecordValue>;

/** Largest serialized size of one record's data kept whole in the rolling window. */
export const MAX_RECORD_BYTES = 8 * 1024;
export const MAX_RECORD_KEYS = 50;

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

/** Checks `data` against the contract and returns it typed, or throws a RecordValidationError. */
export function validateRecord(data: unknown): RecordData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new RecordValidationError('a record must be an object of field names to values');
  }
  const keys = Object.keys(data);
  if (keys.length < 1) throw new RecordValidationError('a record needs at least one field');
  if (keys.length > MAX_RECORD_KEYS) {
    throw new RecordValidationError(`a record has at most ${MAX_RECORD_KEYS} fields, this one has ${keys.length}`);
  }
  for (const key of keys) {
    const value = (data as Record<string, unknown>)[key];
    if (key.length === 0 || key.length > 128) {
      throw new RecordValidationError(`field name "${key}" must be 1..128 characters`, key);
    }
    const ok =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (!ok) {
      const what = typeof value === 'number' ? String(value) : Array.isArray(value) ? 'an array' : typeof value;
      throw new RecordValidationError(`field "${key}" is ${what}; values must be finite numbers, strings, booleans or null`, key);
    }
  }
  const bytes = new TextEncoder().encode(JSON.stringify(data)).length;
  if (bytes > MAX_RECORD_BYTES) {
    throw new RecordValidationError(`a record is at most ${MAX_RECORD_BYTES} bytes as JSON, this one is ${bytes}`);
  }
  return data as RecordData;
}
