import { describe, expect, it } from 'vitest';
import {
  conditionHolds,
  evaluateBuckets,
  evaluateRecords,
  firingsOverBuckets,
  isSilenced,
  notifies,
  severityAtLeast,
  stepAlert,
  type RuleCondition,
  type RuleStatus,
} from '../../../contract/index.ts';

const rule = (over: Partial<RuleCondition> = {}): RuleCondition => ({
  field: 'cpu',
  op: 'above',
  value: 80,
  aggregation: 'last',
  windowSeconds: 0,
  forSeconds: 0,
  ...over,
});

/** Steps a rule through values at the given seconds (data arriving with each). */
function run(r: RuleCondition, steps: [seconds: number, value: number | null][], start: RuleStatus | null = null): RuleStatus[] {
  const seen: RuleStatus[] = [];
  let status = start;
  for (const [s, value] of steps) {
    status = stepAlert(r, status, { atMs: s * 1000, evaluation: { value }, lastDataMs: s * 1000 });
    seen.push(status);
  }
  return seen;
}

const states = (seen: RuleStatus[]) => seen.map((s) => s.state);

describe('conditionHolds', () => {
  it('compares strictly for above and below', () => {
    expect(conditionHolds({ op: 'above', value: 80 }, 80)).toBe(false);
    expect(conditionHolds({ op: 'above', value: 80 }, 80.01)).toBe(true);
    expect(conditionHolds({ op: 'below', value: 10 }, 10)).toBe(false);
    expect(conditionHolds({ op: 'below', value: 10 }, 9)).toBe(true);
  });

  it('treats the bounds of inside as inside, and of outside as not outside', () => {
    const band = { value: 10, value2: 20 };
    expect([5, 10, 15, 20, 25].map((v) => conditionHolds({ op: 'inside', ...band }, v))).toEqual([false, true, true, true, false]);
    expect([5, 10, 15, 20, 25].map((v) => conditionHolds({ op: 'outside', ...band }, v))).toEqual([true, false, false, false, true]);
  });
});

describe('evaluateRecords', () => {
  const at = (...values: unknown[]) => values.map((v, i) => ({ ms: i * 1000, data: v === undefined ? { other: 1 } : { cpu: v } }));

  it('aggregates last, avg, min and max over the records that have the field', () => {
    const records = at(4, undefined, 10, 1);
    expect(evaluateRecords({ field: 'cpu', aggregation: 'last' }, records)).toEqual({ value: 1 });
    expect(evaluateRecords({ field: 'cpu', aggregation: 'avg' }, records)).toEqual({ value: 5 });
    expect(evaluateRecords({ field: 'cpu', aggregation: 'min' }, records)).toEqual({ value: 1 });
    expect(evaluateRecords({ field: 'cpu', aggregation: 'max' }, records)).toEqual({ value: 10 });
  });

  it('has no value when no record has the field', () => {
    expect(evaluateRecords({ field: 'cpu', aggregation: 'avg' }, at(undefined))).toEqual({ value: null });
    expect(evaluateRecords({ field: 'cpu', aggregation: 'max' }, [])).toEqual({ value: null });
  });

  it('cannot evaluate a field that is not a number, and says what it is', () => {
    expect(evaluateRecords({ field: 'cpu', aggregation: 'last' }, at(3, 'hot'))).toEqual({ error: 'field "cpu" is a string, not a number' });
    expect(evaluateRecords({ field: 'cpu', aggregation: 'last' }, at(true))).toEqual({ error: 'field "cpu" is a boolean, not a number' });
    expect(evaluateRecords({ field: 'cpu', aggregation: 'last' }, at(null))).toEqual({ error: 'field "cpu" is null, not a number' });
  });
});

describe('evaluateBuckets', () => {
  const b = (n: number, sum: number, min: number, max: number, last: number) => ({ n, sum, min, max, first: min, last });

  it('weights avg by each bucket count, and takes last from the newest bucket', () => {
    const buckets = [b(1, 10, 10, 10, 10), b(3, 6, 1, 3, 2)];
    expect(evaluateBuckets('avg', buckets)).toBe(4);
    expect(evaluateBuckets('min', buckets)).toBe(1);
    expect(evaluateBuckets('max', buckets)).toBe(10);
    expect(evaluateBuckets('last', buckets)).toBe(2);
    expect(evaluateBuckets('avg', [])).toBeNull();
  });
});

describe('stepAlert', () => {
  it('fires at once when forSeconds is 0, and returns to normal', () => {
    const seen = run(rule(), [[0, 50], [1, 90], [2, 95], [3, 70]]);
    expect(states(seen)).toEqual(['normal', 'firing', 'firing', 'normal']);
    expect(seen[1]).toEqual({ state: 'firing', sinceMs: 1000, value: 90 });
    expect(seen[3]).toEqual({ state: 'normal', sinceMs: 3000, value: 70 });
  });

  it('returns the previous status itself when nothing changes, so a repeat writes nothing', () => {
    const [first] = run(rule(), [[0, 90]]);
    const again = stepAlert(rule(), first!, { atMs: 5000, evaluation: { value: 99 }, lastDataMs: 5000 });
    expect(again).toBe(first);
  });

  it('waits forSeconds in pending, and fires at the moment the condition had held that long', () => {
    const seen = run(rule({ forSeconds: 30 }), [[0, 90], [10, 91], [29, 92], [45, 93]]);
    expect(states(seen)).toEqual(['pending', 'pending', 'pending', 'firing']);
    expect(seen[0]!.sinceMs).toBe(0);
    expect(seen[3]).toEqual({ state: 'firing', sinceMs: 30_000, value: 93 });
  });

  it('fires by the clock alone once forSeconds have passed (the scheduled evaluation)', () => {
    const [pending] = run(rule({ forSeconds: 60 }), [[0, 90]]);
    const early = stepAlert(rule({ forSeconds: 60 }), pending!, { atMs: 59_000, evaluation: { value: 90 }, lastDataMs: 0 });
    expect(early).toBe(pending);
    const late = stepAlert(rule({ forSeconds: 60 }), pending!, { atMs: 75_000, evaluation: { value: 90 }, lastDataMs: 0 });
    expect(late).toEqual({ state: 'firing', sinceMs: 60_000, value: 90 });
  });

  it('never fires on a flapping value that does not hold forSeconds', () => {
    const flapping = Array.from({ length: 20 }, (_, i): [number, number] => [i * 10, i % 2 === 0 ? 90 : 10]);
    const seen = run(rule({ forSeconds: 15 }), flapping);
    expect(seen.some((s) => s.state === 'firing')).toBe(false);
    expect(new Set(states(seen))).toEqual(new Set(['pending', 'normal']));
  });

  it('restarts the wait after the condition broke', () => {
    const seen = run(rule({ forSeconds: 20 }), [[0, 90], [15, 10], [16, 90], [30, 90], [36, 90]]);
    expect(states(seen)).toEqual(['pending', 'normal', 'pending', 'pending', 'firing']);
    expect(seen[4]!.sinceMs).toBe(36_000);
  });

  it('is nodata once no record arrived for noDataSeconds, dated when the silence reached it, and leaves it with the next record', () => {
    const r = rule({ noDataSeconds: 60 });
    const [normal] = run(r, [[0, 10]]);
    expect(stepAlert(r, normal!, { atMs: 59_000, evaluation: { value: 10 }, lastDataMs: 0 })).toBe(normal);
    const nodata = stepAlert(r, normal!, { atMs: 90_000, evaluation: { value: 10 }, lastDataMs: 0 });
    expect(nodata).toEqual({ state: 'nodata', sinceMs: 60_000, value: null });
    const back = stepAlert(r, nodata, { atMs: 95_000, evaluation: { value: 95 }, lastDataMs: 95_000 });
    expect(back).toEqual({ state: 'firing', sinceMs: 95_000, value: 95 });
  });

  it('has no nodata without noDataSeconds', () => {
    const status = stepAlert(rule(), null, { atMs: 10 ** 9, evaluation: { value: 10 }, lastDataMs: 0 });
    expect(status.state).toBe('normal');
  });

  it('is error with the reason when the rule cannot be evaluated, and recovers with a number', () => {
    const error = stepAlert(rule(), null, { atMs: 0, evaluation: { error: 'field "cpu" is a string, not a number' }, lastDataMs: 0 });
    expect(error).toEqual({ state: 'error', sinceMs: 0, value: null, reason: 'field "cpu" is a string, not a number' });
    expect(stepAlert(rule(), error, { atMs: 1000, evaluation: { value: 1 }, lastDataMs: 1000 })).toEqual({ state: 'normal', sinceMs: 1000, value: 1 });
  });

  it('is normal with no value when nothing in scope has the field', () => {
    expect(stepAlert(rule(), null, { atMs: 0, evaluation: { value: null }, lastDataMs: 0 })).toEqual({ state: 'normal', sinceMs: 0, value: null });
  });

  it('goes from pending straight to normal, and from firing to nodata', () => {
    const r = rule({ forSeconds: 60, noDataSeconds: 30 });
    const [pending, normal] = run(r, [[0, 90], [5, 10]]);
    expect([pending!.state, normal!.state]).toEqual(['pending', 'normal']);
    const firing: RuleStatus = { state: 'firing', sinceMs: 0, value: 99 };
    expect(stepAlert(r, firing, { atMs: 40_000, evaluation: { value: 99 }, lastDataMs: 0 }).state).toBe('nodata');
  });
});

describe('notifications', () => {
  it('are sent for changes to or from firing and nodata only', () => {
    expect(notifies('normal', 'firing')).toBe(true);
    expect(notifies('firing', 'normal')).toBe(true);
    expect(notifies('pending', 'nodata')).toBe(true);
    expect(notifies('nodata', 'error')).toBe(true);
    expect(notifies('normal', 'pending')).toBe(false);
    expect(notifies('pending', 'normal')).toBe(false);
    expect(notifies('normal', 'error')).toBe(false);
    expect(notifies('firing', 'firing')).toBe(false);
  });

  it('compare severities in order info < warning < critical', () => {
    expect(severityAtLeast('critical', 'warning')).toBe(true);
    expect(severityAtLeast('warning', 'warning')).toBe(true);
    expect(severityAtLeast('info', 'warning')).toBe(false);
  });

  it('are held back while a silence lasts', () => {
    expect(isSilenced(undefined, 1000)).toBe(false);
    expect(isSilenced(2000, 1000)).toBe(true);
    expect(isSilenced(1000, 1000)).toBe(false);
  });
});

describe('firingsOverBuckets', () => {
  const minute = (i: number, min: number, max: number, last = max) => ({
    startMs: i * 60_000,
    agg: { n: 2, sum: min + max, min, max, first: min, last },
  });

  it('counts each rise to firing, seeing a crossing inside a minute when the rule has no window', () => {
    const buckets = [minute(0, 1, 2), minute(1, 1, 95, 3), minute(2, 1, 2), minute(3, 90, 99), minute(4, 91, 92)];
    expect(firingsOverBuckets(rule(), buckets)).toBe(2);
  });

  it('averages over the window of a windowed rule, rounded out to whole minutes', () => {
    const r = rule({ aggregation: 'avg', windowSeconds: 120 });
    // Averages over two minutes: 1.5, 48, 48, 47.5 with value 80: never above.
    expect(firingsOverBuckets(r, [minute(0, 1, 2), minute(1, 1, 189), minute(2, 1, 2), minute(3, 1, 186)])).toBe(0);
    expect(firingsOverBuckets({ ...r, value: 40 }, [minute(0, 1, 2), minute(1, 1, 189), minute(2, 1, 2), minute(3, 1, 186)])).toBe(1);
  });

  it('waits forSeconds over minutes', () => {
    const r = rule({ forSeconds: 120 });
    expect(firingsOverBuckets(r, [minute(0, 90, 99), minute(1, 90, 99), minute(2, 1, 2)])).toBe(0);
    expect(firingsOverBuckets(r, [minute(0, 90, 99), minute(1, 90, 99), minute(2, 90, 99)])).toBe(1);
  });
});
