import { describe, expect, test } from 'vitest';
import { reactive } from 'vue';
import { cloneValue, DELETE, sameValue, widgetUpdate, type WidgetData } from '../../../src/editor/widgetDiff.ts';

const base: WidgetData = {
  type: 'stat_card',
  pipelineId: 'p1',
  config: { title: 'CPU', fields: ['cpu'], thresholds: [{ value: 1, color: 'ok' }] },
  position: { x: 0, y: 0, w: 3, h: 2 },
};
const edit = (patch: Partial<WidgetData>): WidgetData => ({ ...structuredClone(base), ...patch });

describe('widgetUpdate', () => {
  test('nothing changed, nothing written', () => {
    expect(widgetUpdate(base, edit({}))).toBeNull();
    expect(widgetUpdate(base, edit({ config: { thresholds: [{ color: 'ok', value: 1 }], fields: ['cpu'], title: 'CPU' } }))).toBeNull();
  });

  test('a move writes the position only', () => {
    expect(widgetUpdate(base, edit({ position: { x: 1, y: 0, w: 3, h: 2 } }))).toEqual({ position: { x: 1, y: 0, w: 3, h: 2 } });
  });

  test('changed options are written one path each; removed ones deleted', () => {
    const to = edit({ config: { title: 'Load', fields: ['cpu'], unit: '%' } });
    expect(widgetUpdate(base, to)).toEqual({ 'config.title': 'Load', 'config.unit': '%', 'config.thresholds': DELETE });
  });

  test('a new type or pipeline; a type change replaces the config whole', () => {
    expect(widgetUpdate(base, edit({ pipelineId: 'p2' }))).toEqual({ pipelineId: 'p2' });
    expect(widgetUpdate(base, edit({ type: 'table', config: { fields: ['cpu'] } }))).toEqual({ type: 'table', config: { fields: ['cpu'] } });
  });

  test('undo is the update the other way round', () => {
    const to = edit({ config: { ...base.config, title: 'Load' }, position: { x: 2, y: 2, w: 3, h: 2 } });
    expect(widgetUpdate(to, base)).toEqual({ position: base.position, 'config.title': 'CPU' });
  });
});

test('sameValue compares structure, not identity or key order', () => {
  expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
  expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
  expect(sameValue([1, 2], [2, 1])).toBe(false);
  expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  expect(sameValue(null, {})).toBe(false);
});

test('cloneValue copies reactive proxies, which structuredClone refuses', () => {
  const config = reactive({ fields: ['a', 'b'], thresholds: [{ value: 1, color: 'ok' }] });
  expect(() => structuredClone(config)).toThrow();
  const copy = cloneValue(config);
  expect(copy).toEqual({ fields: ['a', 'b'], thresholds: [{ value: 1, color: 'ok' }] });
  copy.fields.push('c');
  expect(config.fields).toEqual(['a', 'b']);
});
