import type { OptionField, Threshold } from '../widgets/types.ts';
import { parseWidgetRange, type PipelineField } from '../../contract/index.ts';
import { parseMappings } from '../widgets/shared/mappings.ts';

/** A widget's `config` map as the editor holds it. */
export type Config = Record<string, unknown>;

const THRESHOLD_COLORS: readonly Threshold['color'][] = ['ok', 'warning', 'critical'];

/** The record fields an option of kind `fields` offers: numeric ones only when it asks for numbers. */
export function fieldChoices(option: OptionField, pipelineFields: readonly PipelineField[]): string[] {
  if (option.kind !== 'fields') return [];
  return pipelineFields.filter((f) => !option.numeric || f.type === 'number').map((f) => f.name);
}

/**
 * `config` with `key` set to `value`; an empty value (undefined, '' or NaN)
 * removes the key so that the type's default applies.
 */
export function setOption(config: Config, key: string, value: unknown): Config {
  const next = { ...config };
  if (value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value))) delete next[key];
  else next[key] = value;
  return next;
}

/** The unit of the first chosen field, to prefill a widget's `unit` when it has none. */
export function unitOfFields(fields: unknown, pipelineFields: readonly PipelineField[]): string | undefined {
  if (!Array.isArray(fields)) return undefined;
  return pipelineFields.find((f) => f.name === fields[0])?.unit;
}

/** The field names a `fields` option holds: a list, or one name for a single-field option not keyed `fields`. */
export function selectedFields(value: unknown): string[] | null {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) && value.every((f) => typeof f === 'string') ? (value as string[]) : null;
}

/** What a `fields` option stores for `names`: the `fields` key is always a list (data contract). */
export function fieldsValue(option: Extract<OptionField, { kind: 'fields' }>, names: readonly string[]): string[] | string | undefined {
  if (option.key === 'fields' || option.multiple) return [...names];
  return names[0];
}

function checkOne(option: OptionField, value: unknown, pipelineFields: readonly PipelineField[]): string | null {
  const { label } = option;
  switch (option.kind) {
    case 'text':
      if (value === undefined) return option.required ? `${label} is required.` : null;
      if (typeof value !== 'string') return `${label} must be text.`;
      if (option.required && !value.trim()) return `${label} is required.`;
      if (option.maxLength !== undefined && value.length > option.maxLength) return `${label} has at most ${option.maxLength} characters.`;
      return null;
    case 'number':
      if (value === undefined) return option.required ? `${label} is required.` : null;
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${label} must be a number.`;
      if (option.integer && !Number.isInteger(value)) return `${label} must be a whole number.`;
      if (option.min !== undefined && value < option.min) return `${label} must be at least ${option.min}.`;
      if (option.max !== undefined && value > option.max) return `${label} must be at most ${option.max}.`;
      return null;
    case 'boolean':
      return value === undefined || typeof value === 'boolean' ? null : `${label} must be on or off.`;
    case 'select':
      if (value === undefined) return null;
      return option.choices.some((c) => c.value === value) ? null : `${label}: "${String(value)}" is not one of the choices.`;
    case 'fields': {
      const list = selectedFields(value);
      if (list === null) return `${label} must name record fields.`;
      const min = option.min ?? 1;
      if (list.length < min) return min === 1 ? `${label}: pick a field.` : `${label}: pick at least ${min} fields.`;
      if (option.max !== undefined && list.length > option.max) return `${label}: pick at most ${option.max}.`;
      if (!option.multiple && list.length > 1) return `${label}: pick one field.`;
      // A pipeline without declared or seen fields cannot be checked; parseOptions still runs.
      if (pipelineFields.length === 0) return null;
      const known = new Set(fieldChoices(option, pipelineFields));
      const unknown = list.filter((f) => !known.has(f));
      if (unknown.length > 0) {
        return `${label}: ${unknown.map((f) => `"${f}"`).join(', ')} ${unknown.length > 1 ? 'are not' : 'is not a'} ${option.numeric ? 'numeric ' : ''}field${unknown.length > 1 ? 's' : ''} of this pipeline.`;
      }
      return null;
    }
    case 'range':
      return value === undefined || parseWidgetRange(value) ? null : `${label}: "${String(value)}" is not a time range.`;
    case 'mappings': {
      if (value === undefined) return null;
      if (typeof value !== 'string') return `${label} must be text.`;
      const parsed = parseMappings(value);
      return parsed.ok ? null : `${label}: ${parsed.error}`;
    }
    case 'thresholds': {
      if (value === undefined) return null;
      if (!Array.isArray(value)) return `${label} must be a list.`;
      for (const [i, t] of value.entries()) {
        const row = t as Partial<Threshold> | null;
        if (typeof row?.value !== 'number' || !Number.isFinite(row.value)) return `${label}: row ${i + 1} needs a number.`;
        if (!THRESHOLD_COLORS.includes(row.color as Threshold['color'])) return `${label}: row ${i + 1} needs a colour.`;
        if (i > 0 && row.value <= (value[i - 1] as Threshold).value) return `${label} must go upward: row ${i + 1} is not above row ${i}.`;
      }
      return null;
    }
  }
}

/**
 * What is wrong with `config` against a widget type's option fields and the
 * pipeline's fields, one message per option. The type's own `parseOptions` has
 * the last word; these messages name the form's inputs.
 */
export function optionErrors(options: readonly OptionField[], config: Config, pipelineFields: readonly PipelineField[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const option of options) {
    const error = checkOne(option, config[option.key], pipelineFields);
    if (error) errors[option.key] = error;
  }
  return errors;
}
