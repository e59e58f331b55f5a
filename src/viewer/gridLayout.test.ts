import { describe, expect, test } from 'vitest';
import type { WidgetDoc } from '../widgets/types.ts';
import { byPosition, layoutRows, normalizePosition } from './gridLayout.ts';

describe('grid layout', () => {
  const w = (id: string, x: number, y: number, h = 2): WidgetDoc => ({ id, type: 't', pipelineId: 'p', config: {}, position: { x, y, w: 3, h } });

  test('reading order is by row, then column, then id', () => {
    expect([w('d', 6, 2), w('c', 0, 2), w('b', 9, 0), w('a', 9, 0)].sort(byPosition).map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  test('rows spanned by the layout', () => {
    expect(layoutRows([w('a', 0, 0, 2), w('b', 0, 6, 4)])).toBe(10);
    expect(layoutRows([])).toBe(1);
  });

  test('positions are clamped into the 12 columns', () => {
    expect(normalizePosition({ x: 10, y: 1, w: 6, h: 2 })).toEqual({ x: 10, y: 1, w: 2, h: 2 });
    expect(normalizePosition(undefined)).toEqual({ x: 0, y: 0, w: 4, h: 3 });
    expect(normalizePosition({ x: 1.6, y: '3', w: 2, h: 2 })).toEqual({ x: 2, y: 0, w: 2, h: 2 });
  });
});
