import { describe, expect, test } from 'vitest';
import { SPARKLINE_HEIGHT, SPARKLINE_WIDTH, sparklinePoints } from './sparklinePath.ts';

const parse = (points: string) => points.split(' ').map((p) => p.split(',').map(Number) as [number, number]);

describe('sparklinePoints', () => {
  test('spans the box: first value left, last right, highest at the top, lowest at the bottom', () => {
    const pts = parse(sparklinePoints([10, 30, 20]));
    expect(pts).toEqual([
      [0, SPARKLINE_HEIGHT - 1],
      [SPARKLINE_WIDTH / 2, 1],
      [SPARKLINE_WIDTH, SPARKLINE_HEIGHT / 2],
    ]);
  });

  test('a flat series runs through the middle', () => {
    expect(parse(sparklinePoints([5, 5, 5, 5])).map(([, y]) => y)).toEqual([16, 16, 16, 16]);
  });

  test('leaves out values that are not finite, keeping the others in place', () => {
    const pts = parse(sparklinePoints([0, Number.NaN, 4, Infinity, 8]));
    expect(pts.map(([x]) => x)).toEqual([0, 50, 100]);
  });

  test('draws nothing with fewer than two values', () => {
    expect(sparklinePoints([])).toBe('');
    expect(sparklinePoints([3])).toBe('');
    expect(sparklinePoints([3, Number.NaN])).toBe('');
  });
});
