import type { Size } from './layout.ts';

/**
 * The size a new widget starts at, by type, in grid cells: big enough that
 * charts show their axes and labels, and that values are not cut off.
 */
const SIZES: Record<string, Size> = {
  line_chart: { w: 6, h: 4 },
  bar_chart: { w: 6, h: 4 },
  table: { w: 6, h: 4 },
  stat_card: { w: 3, h: 2 },
  gauge: { w: 3, h: 3 },
};

export function defaultSize(type: string): Size {
  return SIZES[type] ?? { w: 4, h: 3 };
}
