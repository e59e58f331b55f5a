import { readableName } from './shared/format.ts';
import type { WidgetDefinition, WidgetModule } from './types.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each type has its own options and view
export type AnyWidgetDefinition = WidgetDefinition<any, any>;

/**
 * Every widget type is a folder: its name is the type (`line_chart/`), and its
 * `index.ts` the rest, loaded only when a dashboard uses it. Adding a type is
 * adding a folder; nothing else lists or switches on type names.
 */
const loaders = Object.fromEntries(
  Object.entries(import.meta.glob<{ default: WidgetModule }>('./*/index.ts')).map(([path, load]) => [path.split('/')[1]!, load]),
);

/** The known type names, in name order (no code loaded). */
export const WIDGET_TYPES: readonly string[] = Object.keys(loaders).sort();

/** The types with their human names ("line_chart" is "Line chart"), as an editor offers them. */
export const widgetTypes: readonly { type: string; name: string }[] = WIDGET_TYPES.map((type) => ({ type, name: readableName(type) }));

export function isWidgetType(type: unknown): type is string {
  return typeof type === 'string' && Object.hasOwn(loaders, type);
}

const loaded = new Map<string, Promise<AnyWidgetDefinition>>();

/** The definition of a widget type (loaded once), or undefined for a type this app does not know. */
export function loadWidgetType(type: string): Promise<AnyWidgetDefinition | undefined> {
  if (!isWidgetType(type)) return Promise.resolve(undefined);
  let definition = loaded.get(type);
  if (!definition) {
    definition = loaders[type]!().then((m) => ({ ...m.default, type, name: readableName(type) }));
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
