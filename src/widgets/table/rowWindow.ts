/** Tables of up to this many rows render them all; longer ones (a range's buckets) only those in view. */
export const ALL_ROWS_UP_TO = 100;
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
 * body is scrolled `scrollTop` px into a view `viewHeight` px high. A table
 * of 24 h of minute buckets (1,440 rows) then keeps some 40 rows in the DOM,
 * however long a wall shows it.
 */
export function rowWindow(count: number, rowHeight: number, scrollTop: number, viewHeight: number, overscan = OVERSCAN_ROWS): RowWindow {
  if (count <= ALL_ROWS_UP_TO) return { start: 0, end: count, before: 0, after: 0 };
  // Rows not measured yet: the first ones, to measure.
  if (rowHeight <= 0) return { start: 0, end: ALL_ROWS_UP_TO, before: 0, after: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewHeight) / rowHeight) + 1;
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}
