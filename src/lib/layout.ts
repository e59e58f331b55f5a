/** A widget's place on the dashboard grid, in grid cells. */
export interface Position {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Columns of the dashboard grid on wide screens (the viewer lays out the same 12). */
export const GRID_COLUMNS = 12;
export const MAX_ROWS = 200;
/** Tallest widget, in rows (the rules refuse more). */
export const MAX_HEIGHT = 24;

export type ArrowKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

const clamp = (n: number, min: number, max: number) => Math.min(Math.max(n, min), max);

/**
 * The keyboard alternative to dragging: an arrow key moves the widget one cell,
 * with `resize` (Shift) it grows or shrinks it instead; always within the grid.
 */
export function nudge(p: Position, key: ArrowKey, resize: boolean, cols = GRID_COLUMNS): Position {
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
export function placeBelow(existing: readonly Position[], w: number, h: number, cols = GRID_COLUMNS): Position {
  const y = existing.reduce((bottom, p) => Math.max(bottom, p.y + p.h), 0);
  return { x: 0, y, w: Math.min(w, cols), h };
}

export function samePosition(a: Position, b: Position): boolean {
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
