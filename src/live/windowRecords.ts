import type { WindowRecord } from '../../contract/index.ts';

/** Anything with Firestore Timestamp's `toDate()`. */
type HasToDate = { toDate(): Date };

/** A Date, or a Firestore Timestamp as one; null for anything else. */
export function toDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'object' && value !== null && typeof (value as HasToDate).toDate === 'function') {
    return (value as HasToDate).toDate();
  }
  return null;
}

function isRecordData(value: unknown): value is WindowRecord['data'] {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `records` array of a rollup document as widgets receive it: `ts` as a
 * Date, `truncated` kept; entries that do not match the data contract are dropped.
 */
export function toWindowRecords(raw: unknown): WindowRecord<Date>[] {
  if (!Array.isArray(raw)) return [];
  const out: WindowRecord<Date>[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { id, ts, data, truncated } = entry as Record<string, unknown>;
    const date = toDate(ts);
    if (typeof id !== 'string' || !date) continue;
    const record: WindowRecord<Date> = { id, ts: date, data: isRecordData(data) ? data : {} };
    if (truncated === true) record.truncated = true;
    out.push(record);
  }
  return out;
}

/** Records of the `records` collection, newest first as queried, to a window (oldest first). */
export function recordDocsToWindow(docs: readonly { id: string; data: Record<string, unknown> }[]): WindowRecord<Date>[] {
  return toWindowRecords(docs.map((d) => ({ id: d.id, ts: d.data.ts, data: d.data.data })).reverse());
}
