import { describe, expect, test } from 'vitest';
import { compactLayout, firstFreeSlot, nudge, placeBelow, positionError, samePosition } from '../../../src/editor/layout.ts';

const p = { x: 2, y: 1, w: 4, h: 3 };

describe('nudge (keyboard move and resize)', () => {
  test.each([
    ['ArrowLeft', false, { x: 1, y: 1, w: 4, h: 3 }],
    ['ArrowRight', false, { x: 3, y: 1, w: 4, h: 3 }],
    ['ArrowUp', false, { x: 2, y: 0, w: 4, h: 3 }],
    ['ArrowDown', false, { x: 2, y: 2, w: 4, h: 3 }],
    ['ArrowLeft', true, { x: 2, y: 1, w: 3, h: 3 }],
    ['ArrowRight', true, { x: 2, y: 1, w: 5, h: 3 }],
    ['ArrowUp', true, { x: 2, y: 1, w: 4, h: 2 }],
    ['ArrowDown', true, { x: 2, y: 1, w: 4, h: 4 }],
  ] as const)('%s resize=%s', (key, resize, expected) => {
    expect(nudge(p, key, resize)).toEqual(expected);
  });

  test('stays within the grid', () => {
    expect(nudge({ x: 0, y: 0, w: 1, h: 1 }, 'ArrowLeft', false)).toEqual({ x: 0, y: 0, w: 1, h: 1 });
    expect(nudge({ x: 0, y: 0, w: 1, h: 1 }, 'ArrowUp', false)).toEqual({ x: 0, y: 0, w: 1, h: 1 });
    expect(nudge({ x: 8, y: 0, w: 4, h: 1 }, 'ArrowRight', false)).toEqual({ x: 8, y: 0, w: 4, h: 1 });
    expect(nudge({ x: 8, y: 0, w: 4, h: 1 }, 'ArrowRight', true)).toEqual({ x: 8, y: 0, w: 4, h: 1 });
    expect(nudge({ x: 0, y: 0, w: 1, h: 1 }, 'ArrowLeft', true)).toEqual({ x: 0, y: 0, w: 1, h: 1 });
    expect(nudge({ x: 0, y: 0, w: 1, h: 1 }, 'ArrowUp', true)).toEqual({ x: 0, y: 0, w: 1, h: 1 });
    expect(nudge({ x: 0, y: 0, w: 1, h: 24 }, 'ArrowDown', true)).toEqual({ x: 0, y: 0, w: 1, h: 24 });
  });
});

describe('placement and validation', () => {
  test('a new widget goes below everything', () => {
    expect(placeBelow([], 4, 3)).toEqual({ x: 0, y: 0, w: 4, h: 3 });
    expect(placeBelow([p, { x: 0, y: 0, w: 2, h: 2 }], 20, 2)).toEqual({ x: 0, y: 4, w: 12, h: 2 });
  });

  test('samePosition compares all four numbers', () => {
    expect(samePosition(p, { ...p })).toBe(true);
    expect(samePosition(p, { ...p, h: 4 })).toBe(false);
  });

  test.each([
    [{ x: 0, y: 0, w: 12, h: 1 }, null],
    [null, 'must be an object {x, y, w, h}'],
    [{ x: -1, y: 0, w: 1, h: 1 }, 'x must be an integer ≥ 0'],
    [{ x: 0, y: 0.5, w: 1, h: 1 }, 'y must be an integer ≥ 0'],
    [{ x: 0, y: 0, w: 0, h: 1 }, 'w must be an integer ≥ 1'],
    [{ x: 0, y: 0, w: 1, h: '2' }, 'h must be an integer ≥ 1'],
    [{ x: 6, y: 0, w: 7, h: 1 }, 'x + w must be at most 12'],
    [{ x: 0, y: 0, w: 1, h: 25 }, 'h must be at most 24'],
    [{ x: 0, y: 201, w: 1, h: 1 }, 'y must be at most 200'],
  ])('positionError(%j)', (pos, message) => {
    expect(positionError(pos)).toBe(message);
  });
});

describe('first free slot', () => {
  const stat = { x: 0, y: 0, w: 3, h: 2 };
  const chart = { x: 3, y: 0, w: 6, h: 4 };
  test.each([
    ['an empty grid: top left', [], { w: 6, h: 4 }, { x: 0, y: 0, w: 6, h: 4 }],
    ['beside a widget on the same row', [stat], { w: 6, h: 4 }, { x: 3, y: 0, w: 6, h: 4 }],
    ['in the gap the first row leaves', [stat, chart], { w: 3, h: 2 }, { x: 9, y: 0, w: 3, h: 2 }],
    ['under a short widget, beside a tall one', [stat, chart, { x: 9, y: 0, w: 3, h: 2 }], { w: 3, h: 2 }, { x: 0, y: 2, w: 3, h: 2 }],
    ['below everything when nothing fits higher', [stat, chart], { w: 6, h: 4 }, { x: 0, y: 4, w: 6, h: 4 }],
    ['a widget wider than the grid is narrowed to it', [], { w: 20, h: 1 }, { x: 0, y: 0, w: 12, h: 1 }],
  ])('%s', (_name, existing, size, expected) => {
    expect(firstFreeSlot(existing, size)).toEqual(expected);
  });
});

describe('compactLayout', () => {
  test('moves widgets up into the gaps, keeping columns, sizes and the order given', () => {
    const layout = [
      { x: 0, y: 5, w: 4, h: 2 },
      { x: 0, y: 1, w: 12, h: 1 },
      { x: 4, y: 9, w: 4, h: 3 },
    ];
    expect(compactLayout(layout)).toEqual([
      { x: 0, y: 1, w: 4, h: 2 },
      { x: 0, y: 0, w: 12, h: 1 },
      { x: 4, y: 1, w: 4, h: 3 },
    ]);
  });

  test('a compact layout stays as it is', () => {
    const layout = [
      { x: 0, y: 0, w: 6, h: 2 },
      { x: 6, y: 0, w: 6, h: 3 },
      { x: 0, y: 2, w: 6, h: 2 },
    ];
    expect(compactLayout(layout)).toEqual(layout);
  });
});
