import type { PipelineField } from '../../../contract/index.ts';
import type { Threshold, WindowRecord } from '../types.ts';
import { describeField } from '../shared/fields.ts';
import { formatNumber, formatValue } from '../shared/format.ts';
import { LEVEL_TEXT, lastNumeric, thresholdLevel } from '../shared/values.ts';
import type { GaugeOptions } from './options.ts';

export interface GaugeView {
  value: number | null;
  display: string;
  /** Position of the value between min and max, clamped to 0..1. */
  fraction: number;
  level: Threshold['color'] | null;
  minDisplay: string;
  maxDisplay: string;
  /** Threshold positions (0..1) and colours, for marks on the dial. */
  marks: { fraction: number; color: Threshold['color'] }[];
  summary: string;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** The newest numeric value of the field, placed between min and max. */
export function transform(records: readonly WindowRecord[], options: GaugeOptions, fields?: readonly PipelineField[]): GaugeView {
  return gaugeView(lastNumeric(records, options.fields[0] ?? ''), options, fields);
}

/** A value of the gauge's field placed between min and max. */
export function gaugeView(value: number | null, options: GaugeOptions, fields?: readonly PipelineField[]): GaugeView {
  const { label, unit } = describeField(options.fields[0] ?? '', fields, options.unit);
  const span = options.max - options.min;
  const at = (v: number): number => clamp01((v - options.min) / span);
  const level = thresholdLevel(value, options.thresholds);
  const display = formatValue(value, options.decimals, unit, options.mappings);
  const minDisplay = formatNumber(options.min, undefined, unit);
  const maxDisplay = formatNumber(options.max, undefined, unit);
  const name = options.label || options.title || label;
  return {
    value,
    display,
    fraction: value === null ? 0 : at(value),
    level,
    minDisplay,
    maxDisplay,
    marks: options.thresholds.map((t) => ({ fraction: at(t.value), color: t.color })),
    summary:
      value === null
        ? `${name}: no value yet`
        : `${name}: ${display} on a scale from ${minDisplay} to ${maxDisplay}${level ? `, level ${LEVEL_TEXT[level]}` : ''}`,
  };
}

/** SVG path of a half-circle arc from fraction 0 (left) to `fraction`, centre (50,50), radius 40. */
export function arcPath(fraction: number): string {
  const angle = Math.PI * (1 - clamp01(fraction));
  const x = 50 + 40 * Math.cos(angle);
  const y = 50 - 40 * Math.sin(angle);
  return `M 10 50 A 40 40 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`;
}
