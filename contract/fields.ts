/**
 * Reading unknown snapshot data field by field: each read returns the typed
 * value or throws a ContractError that names the document and the field.
 * Unknown extra keys are ignored (the contract allows optional additions).
 */
import type { IntRange } from './limits.ts';
import type { TimestampLike } from './types.ts';

/** A document that breaks the contract: `document` is its path, `field` the offending field (dotted, with list indexes). */
export class ContractError extends Error {
  constructor(
    readonly document: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${document}: ${field} ${problem}`);
    this.name = 'ContractError';
  }
}

/** How a bad value reads in an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object') return `a ${typeof value}`;
  const kind = (value as object).constructor?.name;
  return kind && kind !== 'Object' ? `a ${kind}` : 'a map';
}

export function isRecordObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isTimestampLike(value: unknown): value is TimestampLike {
  if (!isRecordObject(value)) return false;
  return typeof value.seconds === 'number' && typeof value.nanoseconds === 'number' && typeof value.toMillis === 'function';
}

/** The fields of one document (or of a map inside one, with `prefix` naming where it is). */
export class Fields {
  private readonly data: Record<string, unknown>;

  constructor(
    readonly document: string,
    data: unknown,
    private readonly prefix = '',
  ) {
    if (!isRecordObject(data)) throw new ContractError(document, prefix.replace(/\.$/, '') || 'the document', `must be a map, not ${describe(data)}`);
    this.data = data;
  }

  /** Throws the ContractError for `key`. */
  fail(key: string, problem: string): never {
    throw new ContractError(this.document, `${this.prefix}${key}`, problem);
  }

  has(key: string): boolean {
    return this.data[key] !== undefined;
  }

  value(key: string): unknown {
    return this.data[key];
  }

  keys(): string[] {
    return Object.keys(this.data);
  }

  /** The map at `key`, read the same way. */
  map(key: string): Fields {
    return new Fields(this.document, this.data[key], `${this.prefix}${key}.`);
  }

  /** The list at `key`, each item read by `item` (which gets the item's path, e.g. `fields[2]`). */
  list<T>(key: string, max: number, item: (value: unknown, path: string) => T): T[] {
    const v = this.data[key];
    if (!Array.isArray(v)) this.fail(key, `must be a list, not ${describe(v)}`);
    if (v.length > max) this.fail(key, `must hold at most ${max} items, not ${v.length}`);
    return v.map((x, i) => item(x, `${this.prefix}${key}[${i}]`));
  }

  string(key: string, min: number, max: number): string {
    const v = this.data[key];
    if (typeof v !== 'string' || v.length < min || v.length > max) this.fail(key, `must be a string of ${min}..${max} characters, not ${describe(v)}`);
    return v;
  }

  optionalString(key: string, max: number): string | undefined {
    return this.has(key) ? this.string(key, 0, max) : undefined;
  }

  matching(key: string, pattern: RegExp, what: string): string {
    const v = this.data[key];
    if (typeof v !== 'string' || !pattern.test(v)) this.fail(key, `must be ${what}, not ${describe(v)}`);
    return v;
  }

  number(key: string): number {
    const v = this.data[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `must be a finite number, not ${describe(v)}`);
    return v;
  }

  numberOrNull(key: string): number | null {
    return this.data[key] === null ? null : this.number(key);
  }

  int(key: string, range: IntRange): number {
    const v = this.data[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < range.min || v > range.max) {
      this.fail(key, `must be a whole number in ${range.min}..${range.max}, not ${describe(v)}`);
    }
    return v;
  }

  optionalInt(key: string, range: IntRange): number | undefined {
    return this.has(key) ? this.int(key, range) : undefined;
  }

  bool(key: string): boolean {
    const v = this.data[key];
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, not ${describe(v)}`);
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const v = this.data[key];
    if (!values.includes(v as T)) this.fail(key, `must be one of ${values.join(', ')}, not ${describe(v)}`);
    return v as T;
  }

  timestamp(key: string): TimestampLike {
    const v = this.data[key];
    if (!isTimestampLike(v)) this.fail(key, `must be a timestamp, not ${describe(v)}`);
    return v;
  }

  optionalTimestamp(key: string): TimestampLike | undefined {
    return this.has(key) ? this.timestamp(key) : undefined;
  }

  timestampOrNull(key: string): TimestampLike | null {
    return this.data[key] === null ? null : this.timestamp(key);
  }
}
