/**
 * The alert state machine (contract 1.1, `alertRules` and `alerts`), as plain
 * functions shared by the backend (which evaluates) and the app (which
 * previews a rule over history). Modelled on Grafana alerting:
 * normal → pending (the condition holds, waiting `forSeconds`) → firing;
 * `nodata` when no record arrived for `noDataSeconds`; `error` when the rule
 * cannot be evaluated. Times are epoch milliseconds.
 */
import { SEVERITIES } from './limits.ts';
import type { AlertAggregation, AlertRule, AlertStateName, FieldAggregate, Severity } from './types.ts';

/** What the state machine needs of a rule. */
export type RuleCondition = Pick<AlertRule, 'field' | 'op' | 'value' | 'value2' | 'aggregation' | 'windowSeconds' | 'forSeconds' | 'noDataSeconds'>;

/** A rule's state as the machine sees it (`alerts/{ruleId}` without `ack` and `updatedAt`). */
export interface RuleStatus {
  state: AlertStateName;
  sinceMs: number;
  value: number | null;
  reason?: string;
}

/** One evaluation: the aggregate (null when no record in scope has the field), or why there is none. */
export type Evaluation = { value: number | null } | { error: string };

/** A record as the evaluator reads it. */
export interface TimedData {
  ms: number;
  data: Readonly<Record<string, unknown>>;
}

export interface StepInput {
  /** When the evaluated data holds: the record's time, or now for an evaluation by the clock. */
  atMs: number;
  evaluation: Evaluation;
  /** The newest record's time (any field), or when the rule started to be evaluated if none arrived. */
  lastDataMs: number;
}

/** Whether `value` meets the rule's condition. */
export function conditionHolds(rule: Pick<RuleCondition, 'op' | 'value' | 'value2'>, value: number): boolean {
  const high = rule.value2 ?? rule.value;
  switch (rule.op) {
    case 'above':
      return value > rule.value;
    case 'below':
      return value < rule.value;
    case 'outside':
      return value < rule.value || value > high;
    case 'inside':
      return value >= rule.value && value <= high;
  }
}

/** The rule's field in one record: a number, absent (undefined), or a reason it cannot be evaluated. */
export function fieldValue(field: string, data: Readonly<Record<string, unknown>>): number | undefined | { error: string } {
  if (!(field in data)) return undefined;
  const value = data[field];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return { error: `field "${field}" is ${value === null ? 'null' : `a ${typeof value}`}, not a number` };
}

export function aggregate(aggregation: AlertAggregation, values: readonly number[]): number | null {
  if (values.length === 0) return null;
  switch (aggregation) {
    case 'last':
      return values[values.length - 1]!;
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
  }
}

/** The rule's aggregate over records (oldest first); the first non-numeric value is an error. */
export function evaluateRecords(rule: Pick<RuleCondition, 'field' | 'aggregation'>, records: readonly TimedData[]): Evaluation {
  const values: number[] = [];
  for (const record of records) {
    const v = fieldValue(rule.field, record.data);
    if (v === undefined) continue;
    if (typeof v === 'object') return v;
    values.push(v);
  }
  return { value: aggregate(rule.aggregation, values) };
}

/** The rule's aggregate over history buckets of its field (oldest first): `last` is the newest bucket's last. */
export function evaluateBuckets(aggregation: AlertAggregation, buckets: readonly FieldAggregate[]): number | null {
  if (buckets.length === 0) return null;
  switch (aggregation) {
    case 'last':
      return buckets[buckets.length - 1]!.last;
    case 'avg':
      return buckets.reduce((a, b) => a + b.sum, 0) / buckets.reduce((a, b) => a + b.n, 0);
    case 'min':
      return Math.min(...buckets.map((b) => b.min));
    case 'max':
      return Math.max(...buckets.map((b) => b.max));
  }
}

/**
 * The next status of a rule. Returns `prev` itself when the state does not
 * change (the caller writes nothing), so repeating a step is idempotent.
 * `since` is the time of the change: the record's, or for a `pending` that
 * has held `forSeconds`, the moment it had held that long.
 */
export function stepAlert(rule: RuleCondition, prev: RuleStatus | null, input: StepInput): RuleStatus {
  const { atMs, evaluation } = input;
  const to = (state: AlertStateName, value: number | null, sinceMs = atMs, reason?: string): RuleStatus => {
    if (prev && prev.state === state) return prev;
    return { state, sinceMs, value, ...(reason !== undefined && { reason }) };
  };
  if ('error' in evaluation) return to('error', null, atMs, evaluation.error);
  if (rule.noDataSeconds !== undefined && atMs - input.lastDataMs >= rule.noDataSeconds * 1000) {
    return to('nodata', null, input.lastDataMs + rule.noDataSeconds * 1000);
  }
  const { value } = evaluation;
  if (value === null || !conditionHolds(rule, value)) return to('normal', value);
  if (prev?.state === 'firing') return prev;
  if (rule.forSeconds === 0) return to('firing', value);
  if (prev?.state !== 'pending') return to('pending', value);
  const firesAtMs = prev.sinceMs + rule.forSeconds * 1000;
  return atMs >= firesAtMs ? { state: 'firing', sinceMs: firesAtMs, value } : prev;
}

/** A change the team is told about: to or from `firing` or `nodata`. */
export const notifies = (from: AlertStateName, to: AlertStateName): boolean =>
  from !== to && (['firing', 'nodata'] as AlertStateName[]).some((s) => s === from || s === to);

export const severityAtLeast = (severity: Severity, min: Severity): boolean => SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(min);

/** Whether a rule's notifications are held back at `nowMs` (it keeps its state). */
export const isSilenced = (silencedUntilMs: number | undefined, nowMs: number): boolean =>
  silencedUntilMs !== undefined && silencedUntilMs > nowMs;

/**
 * How often a rule would have fired over minute buckets of its field (oldest
 * first, one per minute with data): the app's preview. A rule without a
 * window sees each minute's extremes (any record crossing would have counted);
 * a windowed one, the buckets of its window rounded out to whole minutes.
 */
export function firingsOverBuckets(rule: RuleCondition, buckets: readonly { startMs: number; agg: FieldAggregate }[]): number {
  const condition = { ...rule, noDataSeconds: undefined };
  const spanMs = Math.max(60_000, rule.windowSeconds * 1000);
  let status: RuleStatus | null = null;
  let firings = 0;
  let first = 0;
  buckets.forEach((bucket, i) => {
    const endMs = bucket.startMs + 60_000;
    while (buckets[first]!.startMs + 60_000 <= endMs - spanMs) first++;
    const { min, max, last } = bucket.agg;
    const value =
      rule.windowSeconds === 0
        ? ([min, max].find((v) => conditionHolds(rule, v)) ?? last)
        : evaluateBuckets(rule.aggregation, buckets.slice(first, i + 1).map((b) => b.agg));
    const next = stepAlert(condition, status, { atMs: endMs, evaluation: { value }, lastDataMs: endMs });
    if (next.state === 'firing' && status?.state !== 'firing') firings++;
    status = next;
  });
  return firings;
}
