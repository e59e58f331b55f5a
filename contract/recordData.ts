/**
 * A record's `data` as the contract allows it, the same rules as
 * firestore.rules: used by the producer library and the ingest endpoint.
 */
import { RECORD_LIMITS } from './limits.ts';
import type { RecordData } from './types.ts';

/** The data, typed; or why it breaks the contract, with the offending key when there is one. */
export type RecordDataResult = { ok: true; data: RecordData } | { ok: false; reason: string; field?: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'non-plain object'}`;
  return `a ${typeof value}`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** Why `key` cannot name a record field, or null. */
export function recordKeyProblem(key: string): string | null {
  const { maxKeyLength, forbiddenKeyCharacters, reservedKeyPrefix } = RECORD_LIMITS;
  if (key.length === 0 || key.length > maxKeyLength) return `field name "${key}" must be 1..${maxKeyLength} characters`;
  if (key.startsWith(reservedKeyPrefix)) return `field name "${key}" is reserved by Firestore (it starts with "${reservedKeyPrefix}")`;
  const bad = forbiddenKeyCharacters.find((c) => key.includes(c));
  if (bad) return `field name "${key}" contains "${bad}"; field names may not contain any of ${forbiddenKeyCharacters.join(' ')}`;
  return null;
}

/** Why `value` cannot be the value of field `key`, or null. */
function valueProblem(key: string, value: unknown): string | null {
  if (value === null || typeof value === 'boolean') return null;
  if (typeof value === 'number' && Number.isFinite(value)) return null;
  if (typeof value === 'string') {
    const max = RECORD_LIMITS.maxStringLength;
    return value.length <= max ? null : `field "${key}" is a string of ${value.length} characters; strings are at most ${max}`;
  }
  return `field "${key}" is ${describeValue(value)}; values must be finite numbers, strings, booleans or null`;
}

/** Checks a record's `data`: 1..50 keys by the key rules, each value a finite number, a string of at most 1,024 characters, a boolean or null. */
export function validateRecordData(data: unknown): RecordDataResult {
  if (!isPlainObject(data)) return { ok: false, reason: `a record must be an object of field names to values, not ${describeKind(data)}` };
  const keys = Object.keys(data);
  const { minKeys, maxKeys } = RECORD_LIMITS;
  if (keys.length < minKeys) return { ok: false, reason: 'a record needs at least one field' };
  if (keys.length > maxKeys) return { ok: false, reason: `a record has at most ${maxKeys} fields, this one has ${keys.length}` };
  for (const key of keys) {
    const reason = recordKeyProblem(key) ?? valueProblem(key, data[key]);
    if (reason) return { ok: false, reason, field: key };
  }
  return { ok: true, data: data as RecordData };
}
