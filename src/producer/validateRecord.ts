import { dataSize, MAX_WINDOW_DATA_BYTES, validateRecordData, type RecordData } from '../../contract/index.ts';

export type { RecordData, RecordValue } from '../../contract/index.ts';

/**
 * Largest size of one record's `data` the producer sends: what the rollup
 * keeps whole in the rolling window, measured both as UTF-8 JSON and as
 * Firestore stores it (the rollup's measure), whichever is larger.
 */
export const MAX_RECORD_BYTES = MAX_WINDOW_DATA_BYTES;

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

/**
 * Checks `data` against the contract (contract/recordData.ts) and the window's
 * size bound, and returns it typed, or throws a RecordValidationError.
 */
export function validateRecord(data: unknown): RecordData {
  const result = validateRecordData(data);
  if (!result.ok) throw new RecordValidationError(result.reason, result.field);
  const record = result.data;
  const bytes = Math.max(byteLength(record), dataSize(record));
  if (bytes > MAX_RECORD_BYTES) {
    const keys = Object.keys(record);
    const largest = keys.reduce((a, b) => (byteLength(record[a]) >= byteLength(record[b]) ? a : b));
    throw new RecordValidationError(
      `a record is at most ${MAX_RECORD_BYTES} bytes (as JSON or as Firestore stores it), this one is ${bytes} (largest field "${largest}")`,
      largest,
    );
  }
  return record;
}
