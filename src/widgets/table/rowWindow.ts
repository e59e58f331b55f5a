/** Rows rendered before any is measured: as many as a live table has at most. */
export const FIRST_ROWS = 100;
/** Rows rendered above and below the view, so that a scroll shows rows at once. */
export const OVERSCAN_ROWS = 10;

export interface RowWindow {
  /** Index of the first row rendered. */
  start: number;
  /** Index after the last row rendered. */
  end: number;
  /** Height of the rows left out above and below, px: spacers keep the scroll height true. */
  before: number;
  after: number;
}

/**
 * The rows of a table of `count` rows of `rowHeight` px to render when its
 * body is scrolled `scrollTop` px into a view `viewHeight` px high: those in
 * view and the overscan. A table of 24 h of minute buckets (1,440 rows, one
 * more each minute) then keeps the same few dozen rows in the DOM, however
 * long a wall shows it.
 */
export function rowWindow(count: number, rowHeight: number, scrollTop: number, viewHeight: number, overscan = OVERSCAN_ROWS): RowWindow {
  // Rows not measured yet: the first ones, to measure.
  if (rowHeight <= 0) return { start: 0, end: Math.min(count, FIRST_ROWS), before: 0, after: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewHeight) / rowHeight) + 1;
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}
