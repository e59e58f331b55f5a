import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DEMO_DASHBOARDS } from '../../scripts/demo/demoData.ts';
import { fieldsUsedBy, isWidgetType, loadWidgetType, WIDGET_TYPES, widgetTypes } from './registry.ts';

/** The widget types firestore.rules accepts: its list of quoted names that holds "line_chart". */
function typesInRules(): string[] {
  const rules = readFileSync(new URL('../../firestore.rules', import.meta.url), 'utf8');
  const list = [...rules.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!).find((items) => /['"]line_chart['"]/.test(items));
  if (list === undefined) throw new Error('firestore.rules has no list of widget types (one with "line_chart")');
  return [...list.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('widget registry', () => {
  test('finds the type folders: the five types of the data contract', () => {
    expect(WIDGET_TYPES).toEqual(['bar_chart', 'gauge', 'line_chart', 'stat_card', 'table']);
    expect(widgetTypes.map((t) => t.name)).toEqual(['Bar chart', 'Gauge', 'Line chart', 'Stat card', 'Table']);
  });

  test('the types firestore.rules accepts are exactly the registry\'s', () => {
    expect([...typesInRules()].sort()).toEqual([...WIDGET_TYPES]);
  });

  test.each(widgetTypes)('$type loads a definition of its folder\'s type and name with valid defaults', async ({ type, name }) => {
    const definition = await loadWidgetType(type);
    expect(definition).toMatchObject({ type, name });
    expect(definition?.optionFields.some((f) => f.key === 'title')).toBe(true);
    expect(definition?.parseOptions(definition.defaults).ok).toBe(false); // no field chosen yet
  }, 30_000); // the first one transforms Chart.js and Vue for the test run

  test('an unknown type is undefined, not an error', async () => {
    expect(isWidgetType('pie')).toBe(false);
    expect(isWidgetType('toString')).toBe(false);
    expect(isWidgetType('shared')).toBe(false);
    await expect(loadWidgetType('pie')).resolves.toBeUndefined();
  });

  test('every demo widget config parses, and its transform accepts an empty window', async () => {
    for (const widget of DEMO_DASHBOARDS.flatMap((d) => d.widgets)) {
      const definition = await loadWidgetType(widget.type);
      const parsed = definition?.parseOptions(widget.config);
      expect(parsed, widget.id).toMatchObject({ ok: true });
      if (!parsed?.ok || !definition) continue;
      expect(() => definition.transform([], parsed.options)).not.toThrow();
      expect(fieldsUsedBy(definition, parsed.options).length).toBeGreaterThan(0);
    }
  });
});
