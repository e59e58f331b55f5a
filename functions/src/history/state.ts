/**
 * The history state kept in the rollup document: `minute` (the open minute,
 * contract 1.1) and `historyThrough` (every minute before it is in history
 * or marked dirty), read leniently and written back.
 */
import { FieldValue, Timestamp, type DocumentSnapshot } from 'firebase-admin/firestore';
import type { FieldAggregate, HistoryBucket } from '../../../contract/index.ts';
import type { HistoryState } from './plan.js';

const isAggregate = (v: unknown): v is FieldAggregate =>
  !!v && typeof v === 'object' && ['n', 'sum', 'min', 'max', 'first', 'last'].every((k) => typeof (v as Record<string, unknown>)[k] === 'number');

function readBucket(value: Record<string, unknown>): HistoryBucket | null {
  const { n, fields } = value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || !fields || typeof fields !== 'object') return null;
  const entries = Object.entries(fields as Record<string, unknown>);
  if (!entries.every(([, agg]) => isAggregate(agg))) return null;
  return { n, fields: Object.fromEntries(entries) as Record<string, FieldAggregate> };
}

export function readHistoryState(window: DocumentSnapshot): HistoryState {
  const through: unknown = window.get('historyThrough');
  const minute: unknown = window.get('minute');
  const state: HistoryState = { minute: null, throughMs: through instanceof Timestamp ? through.toMillis() : null };
  if (minute && typeof minute === 'object' && (minute as { start?: unknown }).start instanceof Timestamp) {
    const startMs = ((minute as { start: Timestamp }).start).toMillis();
    // A damaged aggregate restarts empty: its close counts the minute in the log, and marks it dirty.
    state.minute = { startMs, bucket: readBucket(minute as Record<string, unknown>) ?? { n: 0, fields: {} } };
  }
  return state;
}

/** The rollup fields of a state (no `minute` when none is open: see withoutMinuteDeleted). */
export function historyStateFields(state: HistoryState): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (state.throughMs !== null) fields.historyThrough = Timestamp.fromMillis(state.throughMs);
  if (state.minute) fields.minute = { start: Timestamp.fromMillis(state.minute.startMs), ...state.minute.bucket };
  return fields;
}

/** Window data for an update(): a window without an open minute deletes the stored one (a set() replaces it anyway). */
export const forUpdate = (window: Record<string, unknown>): Record<string, unknown> =>
  'minute' in window ? window : { ...window, minute: FieldValue.delete() };

export const sameState = (a: HistoryState, b: HistoryState): boolean =>
  a.throughMs === b.throughMs && a.minute?.startMs === b.minute?.startMs && a.minute?.bucket.n === b.minute?.bucket.n;
