import { describe, expect, it } from 'vitest';
import { aggregateRecords, type AggregatedRecord } from '../../../contract/index.ts';
import { CLOSE_SKEW_MS, planHistory, type HistoryState } from '../../../functions/src/history/plan.ts';
import { msOfRecord } from '../../../functions/src/history/store.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T = Date.UTC(2026, 11, 1, 10); // 10:00 UTC
let seq = 0;
const rec = (ms: number, v = 1): AggregatedRecord => ({ id: `r${String(seq++).padStart(5, '0')}`, ts: new Date(ms), data: { v } });
const plan = (state: HistoryState, fresh: AggregatedRecord[], nowMs: number, newest?: AggregatedRecord[]) =>
  planHistory({ state, fresh, nowMs, msOf: msOfRecord, ...(newest && { newest }) });
const empty: HistoryState = { minute: null, throughMs: null };

describe('planHistory', () => {
  it('opens the first minute and folds later records of it incrementally', () => {
    const a = [rec(T + 1000), rec(T + 2000)];
    const first = plan(empty, a, T + 3000);
    expect(first.opened).toBe(T);
    expect(first.state).toEqual({ minute: { startMs: T, bucket: aggregateRecords(a) }, throughMs: T });
    expect(first.closed).toEqual([]);
    const b = [rec(T + 4000, 5)];
    const second = plan(first.state, b, T + 5000);
    expect(second.opened).toBeUndefined();
    expect(second.state.minute?.bucket).toEqual(aggregateRecords([...a, ...b]));
  });

  it('closes the open minute (verified: earlier flushes folded it) when records of a later minute come, and minutes between straight from the records', () => {
    const open = plan(empty, [rec(T + 1000)], T + 2000).state;
    const fresh = [rec(T + MIN + 10), rec(T + 3 * MIN + 10), rec(T + 3 * MIN + 20)];
    const p = plan(open, fresh, T + 3 * MIN + 500);
    expect(p.closed.map((c) => [c.startMs, c.bucket.n, c.verify])).toEqual([[T, 1, true], [T + MIN, 1, false]]);
    expect(p.state.minute?.startMs).toBe(T + 3 * MIN);
    expect(p.state.throughMs).toBe(T + 3 * MIN);
    expect(p.opened).toBe(T + 3 * MIN);
  });

  it('closes by the clock only after the minute’s end plus the skew, and recomputes that quiet hour', () => {
    const open = plan(empty, [rec(T + 59 * MIN)], T + 59 * MIN + 100).state;
    expect(plan(open, [], T + HOUR + CLOSE_SKEW_MS - 1).closed).toEqual([]);
    const p = plan(open, [], T + HOUR + CLOSE_SKEW_MS);
    expect(p.closed).toHaveLength(1);
    expect(p.state).toEqual({ minute: null, throughMs: T + HOUR });
    expect(p.completedHours).toEqual([T]);
  });

  it('completes an hour once historyThrough passes its end, also when its last minute was closed earlier', () => {
    const closedEarlier: HistoryState = { minute: null, throughMs: T + 48 * MIN };
    const p = plan(closedEarlier, [rec(T + HOUR + 5 * MIN)], T + HOUR + 5 * MIN + 100);
    expect(p.completedHours).toEqual([T]);
    const p2 = plan(p.state, [rec(T + HOUR + 6 * MIN)], T + HOUR + 6 * MIN + 100);
    expect(p2.completedHours).toEqual([]);
  });

  it('marks dirty the minutes of records behind historyThrough, and never folds them', () => {
    const state: HistoryState = { minute: { startMs: T + 10 * MIN, bucket: aggregateRecords([rec(T + 10 * MIN)]) }, throughMs: T + 10 * MIN };
    const p = plan(state, [rec(T + 2 * MIN), rec(T + 10 * MIN + 1)], T + 10 * MIN + 2000);
    expect(p.dirty).toEqual([[T + 2 * MIN, T + 3 * MIN]]);
    expect(p.state.minute?.bucket.n).toBe(2);
  });

  it('past the read cap, folds the minutes read before the last, marks the rest dirty and opens the newest minute, partial', () => {
    const open = plan(empty, [rec(T)], T + 100).state;
    const fresh = [rec(T + MIN), rec(T + 2 * MIN), rec(T + 2 * MIN + 1)];
    const newest = [rec(T + 7 * MIN), rec(T + 9 * MIN), rec(T + 9 * MIN + 5)];
    const p = plan(open, fresh, T + 9 * MIN + 100, newest);
    expect(p.closed.map((c) => c.startMs)).toEqual([T, T + MIN]);
    expect(p.dirty).toEqual([[T + 2 * MIN, T + 9 * MIN]]);
    expect(p.state.minute).toEqual({ startMs: T + 9 * MIN, bucket: aggregateRecords(newest.slice(1)) });
    expect(p.state.throughMs).toBe(T + 9 * MIN);
  });
});
