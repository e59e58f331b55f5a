import type { Component } from 'vue';
import type { PipelineField, WindowRecord as StoredWindowRecord, Widget } from '../../contract/index.ts';
import type { RangeSeries } from '../history/rangeSeries.ts';

/** One record of a pipeline's rolling window, as widgets receive it (oldest first): `ts` converted to a Date. */
export type WindowRecord = StoredWindowRecord<Date>;

/** A widget document of `dashboards/{id}/widgets`, with its id; what `WidgetCard` renders. */
export type WidgetDoc = Pick<Widget, 'id' | 'type' | 'pipelineId' | 'config' | 'position'>;

/** A threshold: from `value` upward the widget takes `color` ('ok' | 'warning' | 'critical'). */
export interface Threshold {
  value: number;
  color: 'ok' | 'warning' | 'critical';
}

/** A firing alert rule on a field the widget shows: a type that draws values may mark its thresholds. */
export interface AlertMark {
  field: string;
  /** One threshold, or the two edges of an inside/outside rule. */
  values: number[];
  /** The rule's severity, as a canvas colour. */
  color: string;
  /** For the chart's text alternative, e.g. "High temperature above 80". */
  label: string;
}

/**
 * One input of a widget type's options form. The editor generates its form from
 * these; `key` is the key in the widget's `config` map.
 */
export type OptionField =
  | { key: string; label: string; kind: 'text'; maxLength?: number; required?: boolean }
  | { key: string; label: string; kind: 'number'; min?: number; max?: number; integer?: boolean; required?: boolean }
  | { key: string; label: string; kind: 'boolean' }
  | { key: string; label: string; kind: 'select'; choices: readonly { value: string; label: string }[] }
  /**
   * Record fields of the pipeline; `multiple` for a list, `numeric` to offer numeric fields only.
   * The `fields` key always stores a list (data contract); any other key with `multiple: false`
   * stores one field name as a string.
   */
  | { key: string; label: string; kind: 'fields'; multiple: boolean; numeric?: boolean; min?: number; max?: number }
  | { key: string; label: string; kind: 'thresholds' }
  /** Value mappings typed as text, "1=on, 0=off" (see `parseMappings`); the parsed options hold them as a map. */
  | { key: string; label: string; kind: 'mappings' }
  /** The widget's own time range (`config.range`): follow the dashboard, Live, a preset, or a stored absolute range. */
  | { key: string; label: string; kind: 'range' };

/** The result of checking a widget's `config` against its type's options. */
export type ParsedOptions<Options> = { ok: true; options: Options } | { ok: false; errors: string[] };

/**
 * A widget type, whole: its options (defaults, form, validation), a pure transform
 * from the rolling window to what it shows, and the component that draws it.
 * The component receives `{ view, options, title, fields?, alerts? }` as props
 * (`alerts`: the firing rules on the fields it shows). `type` is
 * the name of the type's folder, and `name` a readable form of it (the registry
 * sets both).
 */
export interface WidgetDefinition<Options = unknown, View = unknown> {
  type: string;
  /** Human name, e.g. "Line chart". */
  name: string;
  defaults: Options;
  optionFields: readonly OptionField[];
  /** Validates a stored `config` (which may be anything) into typed options with defaults filled in. */
  parseOptions(config: unknown): ParsedOptions<Options>;
  /**
   * Pure: the rolling window to what the widget shows. `fields` are the pipeline's
   * declared fields, when it has them: their labels and units win over the widget's `unit`.
   */
  transform(records: readonly WindowRecord[], options: Options, fields?: readonly PipelineField[]): View;
  /**
   * Pure: a time range's history buckets to what the widget shows, the same
   * kind of view as `transform`'s. `previous` is the period of the same
   * length before it, when the widget compares with it (`previousPeriod`).
   */
  transformRange(series: RangeSeries, options: Options, fields?: readonly PipelineField[], previous?: RangeSeries | null): View;
  /** The widget compares a range with the period before it: always (stat card), or when the viewer asks (line chart). */
  previousPeriod?: 'always' | 'toggle';
  /** Record fields the widget reads, to say so in its card when the window has none of them. Default: `fields`. */
  fieldsUsed?(options: Options): string[];
  component: Component;
}

/** What a type's folder exports as default from its `index.ts`: its definition, less what the folder's name gives. */
export type WidgetModule<Options = unknown, View = unknown> = Omit<WidgetDefinition<Options, View>, 'type' | 'name'>;
