import type { FieldAggregate, HistoryBucket } from '../../contract/index.ts';
import { toDate } from './windowRecords.ts';

/** The rollup's current, unfinished minute (its `minute` field), start in ms. */
export interface LiveMinute {
  startMs: number;
  bucket: HistoryBucket;
}

const AGGREGATE_KEYS = ['n', 'sum', 'min', 'max', 'first', 'last'] as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function toAggregate(raw: unknown): FieldAggregate | null {
  if (!isObject(raw) || !AGGREGATE_KEYS.every((k) => typeof raw[k] === 'number' && Number.isFinite(raw[k]))) return null;
  return Object.fromEntries(AGGREGATE_KEYS.map((k) => [k, raw[k]])) as unknown as FieldAggregate;
}

/** A rollup's `minute` as a range's live edge uses it; null when absent or not as the contract has it (it is only a preview). */
export function toLiveMinute(raw: unknown): LiveMinute | null {
  if (!isObject(raw) || typeof raw.n !== 'number' || !isObject(raw.fields)) return null;
  const start = toDate(raw.start);
  if (!start) return null;
  const fields: Record<string, FieldAggregate> = {};
  for (const [name, value] of Object.entries(raw.fields)) {
    const aggregate = toAggregate(value);
    if (!aggregate) return null;
    fields[name] = aggregate;
  }
  return { startMs: start.getTime(), bucket: { n: raw.n, fields } };
}
