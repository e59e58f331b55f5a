import type { WidgetData } from '../data/widgets.ts';
import { samePosition } from './layout.ts';

export type { WidgetData };

/** Marks a config key to delete (the store turns it into Firestore's `deleteField()`). */
export const DELETE = Symbol('delete');

/** Structural equality for Firestore-like values (maps compared regardless of key order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => k in b && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * A deep copy of a JSON-like value (maps, lists, scalars). Unlike structuredClone
 * it also copies Vue's reactive proxies, which is what the editor holds.
 */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneValue(v)) as T;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneValue(v)])) as T;
  }
  return value;
}

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The smallest update taking a widget from `from` to `to`: only changed top-level
 * fields, and changed config options as `config.<key>` paths so that two editors
 * changing different options of one widget do not overwrite each other. Null
 * when nothing changed.
 */
export function widgetUpdate(from: WidgetData, to: WidgetData): Record<string, unknown> | null {
  const update: Record<string, unknown> = {};
  if (from.type !== to.type) update.type = to.type;
  if (from.pipelineId !== to.pipelineId) update.pipelineId = to.pipelineId;
  if (!samePosition(from.position, to.position)) update.position = { ...to.position };
  const keys = new Set([...Object.keys(from.config), ...Object.keys(to.config)]);
  const changed = [...keys].filter((k) => !sameValue(from.config[k], to.config[k]));
  if (changed.length > 0) {
    // A new type means a new set of options: replace the map whole.
    if (from.type !== to.type || changed.some((k) => !SIMPLE_KEY.test(k))) update.config = cloneValue(to.config);
    else for (const k of changed) update[`config.${k}`] = k in to.config ? cloneValue(to.config[k]) : DELETE;
  }
  return Object.keys(update).length > 0 ? update : null;
}
