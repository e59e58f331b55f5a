import { parseWidgetRange } from '../../../contract/ranges.ts';
import type { OptionField, ParsedOptions, Threshold } from '../types.ts';
import { parseMappings } from './mappings.ts';

const THRESHOLD_COLORS: readonly Threshold['color'][] = ['ok', 'warning', 'critical'];

/** The option fields every widget type shares (their keys mean the same everywhere, per the data contract). */
export const titleField = { key: 'title', label: 'Title', kind: 'text', maxLength: 120 } as const satisfies OptionField;
export const labelField = { key: 'label', label: 'Label', kind: 'text', maxLength: 80 } as const satisfies OptionField;
export const unitField = { key: 'unit', label: 'Unit', kind: 'text', maxLength: 20 } as const satisfies OptionField;
export const thresholdsField = { key: 'thresholds', label: 'Thresholds', kind: 'thresholds' } as const satisfies OptionField;
/** Values shown as text instead ("1=on, 0=off"): text in the config, a `ValueMappings` in the options. */
export const mappingsField = { key: 'mappings', label: 'Value mappings', kind: 'mappings' } as const satisfies OptionField;
/** Every type's own time range; the WidgetCard reads it (the types' options do not need it). */
export const rangeField = { key: 'range', label: 'Time range', kind: 'range' } as const satisfies OptionField;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one option; returns the value to keep, or an error message. */
function parseField(field: OptionField, value: unknown): { value: unknown } | { error: string } {
  const name = `"${field.label}"`;
  switch (field.kind) {
    case 'text': {
      if (typeof value !== 'string') return { error: `${name} must be text.` };
      if (field.required && value.trim() === '') return { error: `${name} is required.` };
      if (field.maxLength !== undefined && value.length > field.maxLength) {
        return { error: `${name} is longer than ${field.maxLength} characters.` };
      }
      return { value };
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { error: `${name} must be a number.` };
      if (field.integer && !Number.isInteger(value)) return { error: `${name} must be a whole number.` };
      if (field.min !== undefined && value < field.min) return { error: `${name} must be at least ${field.min}.` };
      if (field.max !== undefined && value > field.max) return { error: `${name} must be at most ${field.max}.` };
      return { value };
    }
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { error: `${name} must be true or false.` };
    case 'select':
      return field.choices.some((c) => c.value === value)
        ? { value }
        : { error: `${name} must be one of ${field.choices.map((c) => c.value).join(', ')}.` };
    case 'fields': {
      // `fields` is always a list (data contract); a single-field option of another key is a string.
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || !list.every((f): f is string => typeof f === 'string' && f.trim() !== '')) {
        return { error: `${name} must name record fields.` };
      }
      if (new Set(list).size !== list.length) return { error: `${name} names a field twice.` };
      const min = field.min ?? 1;
      const max = field.multiple ? field.max : 1;
      if (list.length < min) return { error: min === 1 ? `${name}: choose a field.` : `${name}: choose at least ${min} fields.` };
      if (max !== undefined && list.length > max) return { error: `${name}: choose at most ${max} field${max === 1 ? '' : 's'}.` };
      return { value: field.key === 'fields' || field.multiple ? list : list[0] };
    }
    case 'range':
      return parseWidgetRange(value) ? { value } : { error: `${name} must be "dashboard", "live", a range such as "24h", or two ISO times joined by "/".` };
    case 'mappings': {
      if (typeof value !== 'string') return { error: `${name} must be text.` };
      const parsed = parseMappings(value);
      return parsed.ok ? { value: parsed.mappings } : { error: `${name}: ${parsed.error}` };
    }
    case 'thresholds': {
      if (!Array.isArray(value)) return { error: `${name} must be a list.` };
      const out: Threshold[] = [];
      for (const t of value) {
        if (!isRecord(t) || typeof t.value !== 'number' || !Number.isFinite(t.value)) {
          return { error: `${name}: each threshold needs a numeric value.` };
        }
        if (!THRESHOLD_COLORS.includes(t.color as Threshold['color'])) {
          return { error: `${name}: a threshold's colour is one of ${THRESHOLD_COLORS.join(', ')}.` };
        }
        out.push({ value: t.value, color: t.color as Threshold['color'] });
      }
      return { value: out.sort((a, b) => a.value - b.value) };
    }
  }
}

/**
 * Validates a stored widget `config` against a type's option fields: absent (or
 * null) options take their defaults, unknown keys are ignored, and every
 * problem is reported at once.
 */
export function parseConfig<Options extends object>(
  config: unknown,
  fields: readonly OptionField[],
  defaults: Options,
): ParsedOptions<Options> {
  if (config !== undefined && config !== null && !isRecord(config)) {
    return { ok: false, errors: ['The widget configuration is not a map of options.'] };
  }
  const source = config ?? {};
  const options: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  const errors: string[] = [];
  for (const field of fields) {
    const value = source[field.key];
    if (value === undefined || value === null) {
      const fallback = options[field.key];
      const empty = fallback === undefined || (Array.isArray(fallback) && fallback.length === 0);
      if (field.kind === 'fields' && empty && (field.min ?? 1) > 0) errors.push(`"${field.label}": choose a field.`);
      else if ('required' in field && field.required && (fallback === undefined || fallback === '')) {
        errors.push(`"${field.label}" is required.`);
      }
      continue;
    }
    const parsed = parseField(field, value);
    if ('error' in parsed) errors.push(parsed.error);
    else options[field.key] = parsed.value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options: options as Options };
}

/** Adds a check across options (e.g. min below max) to a parse result. */
export function refine<Options>(
  parsed: ParsedOptions<Options>,
  check: (options: Options) => string | undefined,
): ParsedOptions<Options> {
  if (!parsed.ok) return parsed;
  const error = check(parsed.options);
  return error ? { ok: false, errors: [error] } : parsed;
}

/** An error when both bounds are set and not in order. */
export function checkRange(min: number | undefined, max: number | undefined): string | undefined {
  return min !== undefined && max !== undefined && min >= max ? '"Minimum" must be below "Maximum".' : undefined;
}
