import { describe, expect, test } from 'vitest';
import { DEMO_DASHBOARDS } from '../../scripts/demo/demoData.ts';
import { fieldsUsedBy, isWidgetType, loadWidgetType, widgetTypes } from './registry.ts';

describe('widget registry', () => {
  test.each(widgetTypes)('$type loads a definition of the same type and name with valid defaults', async ({ type, name }) => {
    const definition = await loadWidgetType(type);
    expect(definition).toMatchObject({ type, name });
    expect(definition?.optionFields.some((f) => f.key === 'title')).toBe(true);
    expect(definition?.parseOptions(definition.defaults).ok).toBe(false); // no field chosen yet
  });

  test('an unknown type is undefined, not an error', async () => {
    expect(isWidgetType('pie')).toBe(false);
    expect(isWidgetType('toString')).toBe(false);
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
