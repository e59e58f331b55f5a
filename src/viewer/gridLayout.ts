import { GRID_COLUMNS } from '../../contract/index.ts';
import type { WidgetDoc } from '../widgets/types.ts';

type Position = WidgetDoc['position'];

function int(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback;
}

/** A stored position made safe to lay out: whole numbers, inside the 12 columns, at least 1x1. */
export function normalizePosition(raw: unknown): Position {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const x = Math.min(GRID_COLUMNS - 1, Math.max(0, int(p.x, 0)));
  const w = Math.min(GRID_COLUMNS - x, Math.max(1, int(p.w, 4)));
  return { x, y: Math.max(0, int(p.y, 0)), w, h: Math.max(1, int(p.h, 3)) };
}

/** Reading order of a layout: top to bottom, then left to right (ties by id, for a stable order). */
export function byPosition(a: WidgetDoc, b: WidgetDoc): number {
  return a.position.y - b.position.y || a.position.x - b.position.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Rows the layout spans: what kiosk mode divides the viewport height by. */
export function layoutRows(widgets: readonly WidgetDoc[]): number {
  return Math.max(1, ...widgets.map((w) => w.position.y + w.position.h));
}
