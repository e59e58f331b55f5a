import type { PipelineField } from '../../../contract/index.ts';
import { readableName } from './format.ts';

/** How a widget shows one record field: its name in legends and headers, and its unit. */
export interface FieldDisplay {
  field: string;
  label: string;
  unit: string;
}

/**
 * The label and unit of `field`: the pipeline's declaration when it declares
 * units (a declared field without a unit then has none), else the widget's own
 * `unit` option. The label is the declared one, else a readable form of the name.
 */
export function describeField(field: string, fields: readonly PipelineField[] | undefined, widgetUnit: string): FieldDisplay {
  const declared = fields?.find((f) => f.name === field);
  const declaresUnits = fields?.some((f) => f.unit?.trim()) ?? false;
  return {
    field,
    label: declared?.label?.trim() || readableName(field),
    unit: declared && declaresUnits ? (declared.unit?.trim() ?? '') : widgetUnit,
  };
}
