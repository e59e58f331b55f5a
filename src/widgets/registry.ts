import type { WidgetDefinition } from './types.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each type has its own options and view
export type AnyWidgetDefinition = WidgetDefinition<any, any>;

/**
 * Every widget type, by its `type` name, loaded only when a dashboard uses it.
 * Adding a type is adding a folder and a line here; nothing else switches on type names.
 */
const loaders = {
  stat_card: () => import('./stat_card/index.ts'),
  gauge: () => import('./gauge/index.ts'),
  line_chart: () => import('./line_chart/index.ts'),
  bar_chart: () => import('./bar_chart/index.ts'),
  table: () => import('./table/index.ts'),
} satisfies Record<string, () => Promise<{ default: AnyWidgetDefinition }>>;

export type WidgetType = keyof typeof loaders;

/** The types with their human names, in the order an editor offers them (no code loaded). */
export const widgetTypes: readonly { type: WidgetType; name: string }[] = [
  { type: 'line_chart', name: 'Line chart' },
  { type: 'stat_card', name: 'Stat card' },
  { type: 'gauge', name: 'Gauge' },
  { type: 'bar_chart', name: 'Bar chart' },
  { type: 'table', name: 'Table' },
];

export function isWidgetType(type: unknown): type is WidgetType {
  return typeof type === 'string' && Object.hasOwn(loaders, type);
}

const loaded = new Map<WidgetType, Promise<AnyWidgetDefinition>>();

/** The definition of a widget type (loaded once), or undefined for a type this app does not know. */
export function loadWidgetType(type: string): Promise<AnyWidgetDefinition | undefined> {
  if (!isWidgetType(type)) return Promise.resolve(undefined);
  let definition = loaded.get(type);
  if (!definition) {
    definition = loaders[type]().then((m) => m.default);
    // A failed chunk load (e.g. offline before it was cached) may be retried later.
    definition.catch(() => loaded.delete(type));
    loaded.set(type, definition);
  }
  return definition;
}

/** The record fields a widget reads, per its type (default: its `fields` option). */
export function fieldsUsedBy(definition: AnyWidgetDefinition, options: unknown): string[] {
  if (definition.fieldsUsed) return definition.fieldsUsed(options);
  const fields = (options as { fields?: unknown }).fields;
  return Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [];
}
