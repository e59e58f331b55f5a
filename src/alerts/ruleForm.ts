/**
 * The alert rule form's values, checked as the user types, and turned into
 * the settings of `alertRules/{ruleId}` (contract 1.1).
 */
import { ALERT_LIMITS, TEXT_LIMITS, type AlertAggregation, type AlertOp, type AlertRule, type Severity } from '../../contract/index.ts';

/** What the form edits; numbers are '' while their input is empty. */
export interface RuleFormValues {
  name: string;
  field: string;
  op: AlertOp;
  value: number | '';
  value2: number | '';
  aggregation: AlertAggregation;
  windowSeconds: number | '';
  forSeconds: number | '';
  /** '' : no nodata state. */
  noDataSeconds: number | '';
  severity: Severity;
  enabled: boolean;
}

/** The rule's settings a client writes (without timestamps and author). */
export type RuleDraft = Pick<AlertRule, 'name' | 'field' | 'op' | 'value' | 'aggregation' | 'windowSeconds' | 'forSeconds' | 'severity' | 'enabled'> &
  Partial<Pick<AlertRule, 'value2' | 'noDataSeconds'>>;

export type RuleFormErrors = Partial<Record<keyof RuleFormValues, string>>;

export const BETWEEN_OPS: readonly AlertOp[] = ['outside', 'inside'];

export function emptyRuleForm(field = ''): RuleFormValues {
  return {
    name: '',
    field,
    op: 'above',
    value: '',
    value2: '',
    aggregation: 'last',
    windowSeconds: 0,
    forSeconds: 0,
    noDataSeconds: '',
    severity: 'warning',
    enabled: true,
  };
}

export function ruleFormOf(rule: AlertRule): RuleFormValues {
  return {
    name: rule.name,
    field: rule.field,
    op: rule.op,
    value: rule.value,
    value2: rule.value2 ?? '',
    aggregation: rule.aggregation,
    windowSeconds: rule.windowSeconds,
    forSeconds: rule.forSeconds,
    noDataSeconds: rule.noDataSeconds ?? '',
    severity: rule.severity,
    enabled: rule.enabled,
  };
}

const intProblem = (v: number | '', range: { min: number; max: number }, what: string): string | undefined => {
  if (v === '' || !Number.isInteger(v)) return `${what}: a whole number from ${range.min} to ${range.max}`;
  if (v < range.min || v > range.max) return `${what}: from ${range.min} to ${range.max}, not ${v}`;
  return undefined;
};

/** What is wrong with the values, by field (empty when nothing is). */
export function ruleFormErrors(v: RuleFormValues): RuleFormErrors {
  const errors: RuleFormErrors = {};
  const name = v.name.trim();
  if (name.length === 0) errors.name = 'Name the rule.';
  else if (name.length > TEXT_LIMITS.alertRuleName) errors.name = `At most ${TEXT_LIMITS.alertRuleName} characters.`;
  if (v.field.trim().length === 0) errors.field = 'Choose the field to watch.';
  else if (v.field.length > TEXT_LIMITS.fieldName) errors.field = `At most ${TEXT_LIMITS.fieldName} characters.`;
  if (v.value === '' || !Number.isFinite(v.value)) errors.value = 'Enter a number.';
  if (BETWEEN_OPS.includes(v.op)) {
    if (v.value2 === '' || !Number.isFinite(v.value2)) errors.value2 = 'Enter the upper bound.';
    else if (v.value !== '' && !(v.value < v.value2)) errors.value2 = `The upper bound must be above ${v.value}.`;
  }
  const window = intProblem(v.windowSeconds, ALERT_LIMITS.windowSeconds, 'Seconds');
  if (window) errors.windowSeconds = window;
  const wait = intProblem(v.forSeconds, ALERT_LIMITS.forSeconds, 'Seconds');
  if (wait) errors.forSeconds = wait;
  if (v.noDataSeconds !== '') {
    const quiet = intProblem(v.noDataSeconds, ALERT_LIMITS.noDataSeconds, 'Seconds');
    if (quiet) errors.noDataSeconds = quiet;
  }
  return errors;
}

/** The rule's settings, or null while the values have errors. */
export function ruleDraft(v: RuleFormValues): RuleDraft | null {
  if (Object.keys(ruleFormErrors(v)).length > 0) return null;
  return {
    name: v.name.trim(),
    field: v.field.trim(),
    op: v.op,
    value: v.value as number,
    ...(BETWEEN_OPS.includes(v.op) && { value2: v.value2 as number }),
    // A rule without a window evaluates each record: its aggregation is the record's value.
    aggregation: v.windowSeconds === 0 ? 'last' : v.aggregation,
    windowSeconds: v.windowSeconds as number,
    forSeconds: v.forSeconds as number,
    ...(v.noDataSeconds !== '' && { noDataSeconds: v.noDataSeconds }),
    severity: v.severity,
    enabled: v.enabled,
  };
}

const OP_TEXT: Record<AlertOp, string> = { above: 'above', below: 'below', outside: 'outside', inside: 'inside' };

/** The rule in a sentence: "avg of cpu over 60 s above 80 for 30 s". */
export function describeRule(rule: Pick<AlertRule, 'field' | 'op' | 'value' | 'value2' | 'aggregation' | 'windowSeconds' | 'forSeconds' | 'noDataSeconds'>): string {
  const subject = rule.windowSeconds === 0 ? rule.field : `${rule.aggregation} of ${rule.field} over ${rule.windowSeconds} s`;
  const bound = rule.value2 === undefined ? `${rule.value}` : `${rule.value}…${rule.value2}`;
  const wait = rule.forSeconds > 0 ? ` for ${rule.forSeconds} s` : '';
  const quiet = rule.noDataSeconds !== undefined ? `; no data after ${rule.noDataSeconds} s` : '';
  return `${subject} ${OP_TEXT[rule.op]} ${bound}${wait}${quiet}`;
}
