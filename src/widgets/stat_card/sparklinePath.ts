/** The viewBox a sparkline is drawn in; the SVG stretches it to the card's width. */
export const SPARKLINE_WIDTH = 100;
export const SPARKLINE_HEIGHT = 32;

/**
 * `values` as the `points` of an SVG polyline across the viewBox: first value
 * at the left edge, last at the right, the lowest at the bottom and the
 * highest at the top (a flat series runs through the middle). Values that are
 * not finite are left out.
 */
export function sparklinePoints(values: readonly number[]): string {
  const finite = values.flatMap((y, i) => (Number.isFinite(y) ? [{ i, y }] : []));
  if (finite.length < 2) return '';
  let min = Infinity;
  let max = -Infinity;
  for (const { y } of finite) {
    min = Math.min(min, y);
    max = Math.max(max, y);
  }
  const last = values.length - 1;
  // The stroke is 1.5 px wide: keep it inside the box at the extremes.
  const pad = 1;
  const span = SPARKLINE_HEIGHT - 2 * pad;
  const round = (n: number) => Math.round(n * 100) / 100;
  return finite
    .map(({ i, y }) => `${round((i / last) * SPARKLINE_WIDTH)},${round(max === min ? SPARKLINE_HEIGHT / 2 : pad + ((max - y) / (max - min)) * span)}`)
    .join(' ');
}
