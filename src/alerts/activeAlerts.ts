/**
 * Which alerts a screen shows: rules joined with their states, the firing
 * ones ordered most severe and newest first. Pure, for the store and pages.
 */
import { SEVERITIES, type AlertRule, type AlertState, type AlertStateName, type Severity } from '../../contract/index.ts';
import type { AlertMark } from '../widgets/types.ts';
import { describeRule } from './ruleForm.ts';

export interface RuleWithState {
  pipelineId: string;
  rule: AlertRule;
  /** Absent until the backend's first evaluation (or while the rule is disabled). */
  state?: AlertState;
}

export function joinStates(pipelineId: string, rules: readonly AlertRule[], states: readonly AlertState[]): RuleWithState[] {
  const byRule = new Map(states.map((s) => [s.ruleId, s]));
  return rules.map((rule) => {
    const state = rule.enabled ? byRule.get(rule.id) : undefined;
    return state ? { pipelineId, rule, state } : { pipelineId, rule };
  });
}

const rank = (r: RuleWithState) => SEVERITIES.indexOf(r.rule.severity);

/** The alerts in one of `states`, most severe first, then the most recent change first. */
export function alertsIn(all: readonly RuleWithState[], states: readonly AlertStateName[]): RuleWithState[] {
  return all
    .filter((r) => r.state && states.includes(r.state.state))
    .sort((a, b) => rank(b) - rank(a) || b.state!.since.toMillis() - a.state!.since.toMillis());
}

/** The firing alerts whose field is one of `fields` (any field when none is given). */
export function firingOn(all: readonly RuleWithState[], fields: readonly string[]): RuleWithState[] {
  return alertsIn(all, ['firing']).filter((r) => fields.length === 0 || fields.includes(r.rule.field));
}

/** The canvas colours of the severities: the same as the badges' CSS defaults. */
const SEVERITY_COLORS: Record<Severity, string> = { info: '#1d4ed8', warning: '#b45309', critical: '#b91c1c' };

/** What a widget draws of its firing rules: their thresholds, in their severity's colour. */
export function alertMarks(firing: readonly RuleWithState[]): AlertMark[] {
  return firing.map(({ rule }) => ({
    field: rule.field,
    values: rule.value2 === undefined || (rule.op !== 'inside' && rule.op !== 'outside') ? [rule.value] : [rule.value, rule.value2],
    color: SEVERITY_COLORS[rule.severity],
    label: `${rule.name}: ${describeRule(rule)}`,
  }));
}
