import { GRID_COLUMNS, POSITION_BOUNDS, type WidgetPosition } from '../../contract/index.ts';

export { GRID_COLUMNS };


/** A widget's size, in grid cells. */
export interface Size {
  w: number;
  h: number;
}

/** Lowest row the editor places a widget on (the contract allows more). */
export const MAX_ROWS = 200;
/** Tallest widget, in rows (the rules refuse more). */
export const MAX_HEIGHT = POSITION_BOUNDS.h.max;

export type ArrowKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

const clamp = (n: number, min: number, max: number) => Math.min(Math.max(n, min), max);

/**
 * The keyboard alternative to dragging: an arrow key moves the widget one cell,
 * with `resize` (Shift) it grows or shrinks it instead; always within the grid.
 */
export function nudge(p: WidgetPosition, key: ArrowKey, resize: boolean, cols = GRID_COLUMNS): WidgetPosition {
  const dx = key === 'ArrowLeft' ? -1 : key === 'ArrowRight' ? 1 : 0;
  const dy = key === 'ArrowUp' ? -1 : key === 'ArrowDown' ? 1 : 0;
  if (resize) {
    const w = clamp(p.w + dx, 1, cols - p.x);
    const h = clamp(p.h + dy, 1, MAX_HEIGHT);
    return { ...p, w, h };
  }
  return { ...p, x: clamp(p.x + dx, 0, cols - p.w), y: clamp(p.y + dy, 0, MAX_ROWS) };
}

/** Where a new widget of w x h goes: the first row below every existing widget. */
export function placeBelow(existing: readonly WidgetPosition[], w: number, h: number, cols = GRID_COLUMNS): WidgetPosition {
  const y = existing.reduce((bottom, p) => Math.max(bottom, p.y + p.h), 0);
  return { x: 0, y, w: Math.min(w, cols), h };
}

const overlaps = (a: WidgetPosition, b: WidgetPosition) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Where a new widget of `size` goes: the first place, top to bottom then left to
 * right, where it overlaps no existing widget (below them all when the grid is full).
 */
export function firstFreeSlot(existing: readonly WidgetPosition[], size: Size, cols = GRID_COLUMNS): WidgetPosition {
  const w = Math.min(size.w, cols);
  const bottom = existing.reduce((b, p) => Math.max(b, p.y + p.h), 0);
  for (let y = 0; y < bottom; y++) {
    for (let x = 0; x + w <= cols; x++) {
      const candidate = { x, y, w, h: size.h };
      if (!existing.some((p) => overlaps(p, candidate))) return candidate;
    }
  }
  return { x: 0, y: bottom, w, h: size.h };
}

/**
 * The layout with every widget moved up as far as it goes without overlapping
 * another (columns and sizes kept), in reading order: the gaps close.
 * Positions come back in the order given.
 */
export function compactLayout(positions: readonly WidgetPosition[]): WidgetPosition[] {
  const order = positions.map((p, i) => ({ p, i })).sort((a, b) => a.p.y - b.p.y || a.p.x - b.p.x);
  const placed: WidgetPosition[] = [];
  const out: WidgetPosition[] = [...positions];
  for (const { p, i } of order) {
    let y = p.y;
    while (y > 0 && !placed.some((q) => overlaps(q, { ...p, y: y - 1 }))) y--;
    const moved = { ...p, y };
    placed.push(moved);
    out[i] = moved;
  }
  return out;
}

export function samePosition(a: WidgetPosition, b: WidgetPosition): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/** Why `p` is not a valid position on the grid, or null. */
export function positionError(p: unknown, cols = GRID_COLUMNS): string | null {
  if (typeof p !== 'object' || p === null) return 'must be an object {x, y, w, h}';
  const { x, y, w, h } = p as Record<string, unknown>;
  for (const [name, value, min] of [['x', x, 0], ['y', y, 0], ['w', w, 1], ['h', h, 1]] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) return `${name} must be an integer ≥ ${min}`;
  }
  if ((x as number) + (w as number) > cols) return `x + w must be at most ${cols}`;
  if ((h as number) > MAX_HEIGHT) return `h must be at most ${MAX_HEIGHT}`;
  if ((y as number) > MAX_ROWS) return `y must be at most ${MAX_ROWS}`;
  return null;
}
