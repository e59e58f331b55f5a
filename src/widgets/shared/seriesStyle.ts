/**
 * Series colours, readable on light and dark backgrounds; series also differ
 * by dash pattern. Apart from the Chart.js options so that what draws without
 * Chart.js (the stat card's sparkline) does not load it.
 */
export const SERIES_COLORS = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16'];
export const SERIES_DASHES: number[][] = [[], [6, 4], [2, 3], [10, 3, 2, 3]];

export const seriesColor = (i: number): string => SERIES_COLORS[i % SERIES_COLORS.length]!;
export const seriesDash = (i: number): number[] => SERIES_DASHES[i % SERIES_DASHES.length]!;
