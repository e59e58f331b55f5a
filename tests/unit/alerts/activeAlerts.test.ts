import { describe, expect, it } from 'vitest';
import type { AlertRule, AlertState, Severity } from '../../../contract/index.ts';
import { alertMarks, alertsIn, firingOn, joinStates } from '../../../src/alerts/activeAlerts.ts';

const ts = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanoseconds: (ms % 1000) * 1e6, toMillis: () => ms });
const rule = (id: string, severity: Severity, field = 'cpu', enabled = true): AlertRule => ({
  id,
  name: id,
  field,
  op: 'above',
  value: 1,
  aggregation: 'last',
  windowSeconds: 0,
  forSeconds: 0,
  severity,
  enabled,
  createdAt: ts(0),
  updatedAt: ts(0),
  createdBy: 'u',
});
const state = (ruleId: string, s: AlertState['state'], sinceMs: number): AlertState => ({ ruleId, state: s, since: ts(sinceMs), value: 2, updatedAt: ts(sinceMs) });

describe('active alerts', () => {
  const all = joinStates(
    'p1',
    [rule('a', 'warning'), rule('b', 'critical'), rule('c', 'critical', 'mem'), rule('d', 'info'), rule('off', 'critical', 'cpu', false)],
    [state('a', 'firing', 10), state('b', 'firing', 5), state('c', 'firing', 20), state('d', 'pending', 30), state('off', 'firing', 40)],
  );

  it('joins each rule with its state, and shows none for a disabled rule', () => {
    expect(all.map((r) => [r.pipelineId, r.rule.id, r.state?.state])).toEqual([
      ['p1', 'a', 'firing'],
      ['p1', 'b', 'firing'],
      ['p1', 'c', 'firing'],
      ['p1', 'd', 'pending'],
      ['p1', 'off', undefined],
    ]);
  });

  it('orders the most severe first, then the newest change', () => {
    expect(alertsIn(all, ['firing']).map((r) => r.rule.id)).toEqual(['c', 'b', 'a']);
    expect(alertsIn(all, ['firing', 'pending']).map((r) => r.rule.id)).toEqual(['c', 'b', 'a', 'd']);
  });

  it('finds what fires on the fields a widget shows', () => {
    expect(firingOn(all, ['cpu']).map((r) => r.rule.id)).toEqual(['b', 'a']);
    expect(firingOn(all, ['disk'])).toEqual([]);
    expect(firingOn(all, []).map((r) => r.rule.id)).toEqual(['c', 'b', 'a']);
  });

  it('marks the threshold of a rule, and both edges of a band rule, in the severity colour', () => {
    const band: AlertRule = { ...rule('band', 'info', 'mem'), op: 'outside', value: 10, value2: 90 };
    const marks = alertMarks([...firingOn(all, ['cpu']), { pipelineId: 'p1', rule: band }]);
    expect(marks.map((m) => [m.field, m.values, m.color])).toEqual([
      ['cpu', [1], '#b91c1c'],
      ['cpu', [1], '#b45309'],
      ['mem', [10, 90], '#1d4ed8'],
    ]);
    expect(marks[2]!.label).toBe('band: mem outside 10…90');
  });
});
