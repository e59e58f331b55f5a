import { describe, expect, it } from 'vitest';
import { describeRule, emptyRuleForm, ruleDraft, ruleFormErrors, type RuleFormValues } from '../../../src/alerts/ruleForm.ts';

const form = (over: Partial<RuleFormValues> = {}): RuleFormValues => ({ ...emptyRuleForm('cpu'), name: 'CPU high', value: 80, ...over });

describe('the alert rule form', () => {
  it('turns valid values into the contract settings of a rule', () => {
    expect(ruleDraft(form())).toEqual({
      name: 'CPU high',
      field: 'cpu',
      op: 'above',
      value: 80,
      aggregation: 'last',
      windowSeconds: 0,
      forSeconds: 0,
      severity: 'warning',
      enabled: true,
    });
  });

  it('names each bad field', () => {
    const errors = ruleFormErrors(form({ name: '  ', field: '', value: '', windowSeconds: 4000, forSeconds: 1.5, noDataSeconds: 5 }));
    expect(errors).toEqual({
      name: 'Name the rule.',
      field: 'Choose the field to watch.',
      value: 'Enter a number.',
      windowSeconds: 'Seconds: from 0 to 3600, not 4000',
      forSeconds: 'Seconds: a whole number from 0 to 86400',
      noDataSeconds: 'Seconds: from 10 to 86400, not 5',
    });
    expect(ruleDraft(form({ name: '' }))).toBeNull();
  });

  it('asks for an upper bound above the lower one for inside and outside, and drops it otherwise', () => {
    expect(ruleFormErrors(form({ op: 'outside', value: 10, value2: '' })).value2).toBe('Enter the upper bound.');
    expect(ruleFormErrors(form({ op: 'inside', value: 10, value2: 10 })).value2).toBe('The upper bound must be above 10.');
    expect(ruleDraft(form({ op: 'inside', value: 10, value2: 20 }))).toMatchObject({ op: 'inside', value: 10, value2: 20 });
    expect(ruleDraft(form({ op: 'above', value2: 20 }))).not.toHaveProperty('value2');
  });

  it('keeps the aggregation only with a window, and noDataSeconds only when given', () => {
    expect(ruleDraft(form({ aggregation: 'avg', windowSeconds: 0 }))?.aggregation).toBe('last');
    expect(ruleDraft(form({ aggregation: 'avg', windowSeconds: 60 }))?.aggregation).toBe('avg');
    expect(ruleDraft(form())).not.toHaveProperty('noDataSeconds');
    expect(ruleDraft(form({ noDataSeconds: 120 }))?.noDataSeconds).toBe(120);
  });

  it('says the rule in a sentence', () => {
    expect(describeRule({ field: 'cpu', op: 'above', value: 80, aggregation: 'avg', windowSeconds: 60, forSeconds: 30 })).toBe('avg of cpu over 60 s above 80 for 30 s');
    expect(describeRule({ field: 't', op: 'outside', value: 1, value2: 5, aggregation: 'last', windowSeconds: 0, forSeconds: 0, noDataSeconds: 60 })).toBe(
      't outside 1…5; no data after 60 s',
    );
  });
});
