import { MINUTE_DOCS_KEPT_DAYS } from '../../contract/index.ts';

/**
 * What a pipeline costs in Firestore per month at a given rate: the figures
 * the pipeline page shows, from the design the README's History section
 * describes (one record write per record, one window write per flush that
 * has new records, one history write per minute with records plus six per
 * hour, each record read once by the backend).
 */

/** Firestore list prices (USD, us-central1, 2026): per 100,000 writes and reads, per GiB-month stored. */
export const PRICES = { writesPer100k: 0.18, readsPer100k: 0.06, storedGiBMonth: 0.18 } as const;

const MONTH_S = 30 * 86_400;
const MINUTES_PER_MONTH = MONTH_S / 60;
const HOURS_PER_MONTH = MONTH_S / 3600;
/** Hour mark, hour document, day mark, day document and the two mark deletes, per hour with records. */
const HISTORY_WRITES_PER_HOUR = 6;
/** Reads of a flush besides its records: the pipeline, the window, its check state, the leader's count. */
const READS_PER_FLUSH = 4;
/** A bucket's aggregates of one field (n, sum, min, max, first, last and their keys), about. */
const BUCKET_FIELD_BYTES = 60;
/** Firestore's size of a document besides its fields: its name and 32 bytes (plus one index entry per field, not counted). */
const DOC_OVERHEAD_BYTES = 120;
const GIB = 1024 ** 3;

/**
 * Records per second from record times (any order): the span of the times,
 * or 0 when fewer than two. The pipeline page has the newest 50.
 */
export function recordsPerSecond(times: readonly Date[]): number {
  if (times.length < 2) return 0;
  const ms = times.map((t) => t.getTime());
  const span = Math.max(...ms) - Math.min(...ms);
  return span > 0 ? ((times.length - 1) * 1000) / span : 0;
}

/** Firestore's stored size of a record, approximately: its path, `ts`, `producer` and `data` (strings as UTF-8). */
export function recordBytes(record: { data: Record<string, unknown>; producer: string }): number {
  const utf8 = (s: string) => new TextEncoder().encode(s).length + 1;
  const value = (v: unknown) => (typeof v === 'string' ? utf8(v) : typeof v === 'boolean' || v === null ? 1 : 8);
  let bytes = DOC_OVERHEAD_BYTES + utf8('ts') + 8 + utf8('producer') + utf8(record.producer) + utf8('data');
  for (const [key, v] of Object.entries(record.data)) bytes += utf8(key) + value(v);
  return bytes;
}

export interface CostInput {
  recordsPerSecond: number;
  /** Mean stored size of a record. */
  recordBytes: number;
  /** Fields per record (each has its aggregates in every bucket). */
  fields: number;
  flushSeconds: number;
  /** Absent: records are kept forever. */
  retentionDays?: number;
}

export interface MonthlyCost {
  recordWrites: number;
  windowWrites: number;
  historyWrites: number;
  backendReads: number;
  /** Records stored once retention has caught up; without retention, what a month adds. */
  storedRecordBytes: number;
  /** History: the minute buckets of 35 days (then dropped), plus the hour and day buckets a month adds (kept). */
  storedHistoryBytes: number;
  /** Whether the record storage keeps growing (no retention). */
  growing: boolean;
  usd: { writes: number; reads: number; storage: number; total: number };
}

export function monthlyCost({ recordsPerSecond: rate, recordBytes: bytes, fields, flushSeconds, retentionDays }: CostInput): MonthlyCost {
  const recordWrites = rate * MONTH_S;
  const flushes = Math.min(rate, 1 / flushSeconds) * MONTH_S;
  // A minute (an hour) with at least one record is written once: at most every minute (hour).
  const minutes = Math.min(MINUTES_PER_MONTH, recordWrites);
  const hours = Math.min(HOURS_PER_MONTH, recordWrites);
  const historyWrites = minutes + HISTORY_WRITES_PER_HOUR * hours;
  const backendReads = recordWrites + READS_PER_FLUSH * flushes;
  const storedRecordBytes = rate * bytes * (retentionDays === undefined ? MONTH_S : retentionDays * 86_400);
  const buckets = minutes * (MINUTE_DOCS_KEPT_DAYS / 30) + hours + Math.min(30, hours);
  const storedHistoryBytes = buckets * Math.max(1, fields) * BUCKET_FIELD_BYTES;
  const writes = ((recordWrites + flushes + historyWrites) / 100_000) * PRICES.writesPer100k;
  const reads = (backendReads / 100_000) * PRICES.readsPer100k;
  const storage = ((storedRecordBytes + storedHistoryBytes) / GIB) * PRICES.storedGiBMonth;
  return {
    recordWrites,
    windowWrites: flushes,
    historyWrites,
    backendReads,
    storedRecordBytes,
    storedHistoryBytes,
    growing: retentionDays === undefined,
    usd: { writes, reads, storage, total: writes + reads + storage },
  };
}
