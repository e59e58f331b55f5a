import { FIELD_TYPES, type FieldType, type PipelineField } from '../../contract/index.ts';

/**
 * A pipeline document's `fields` as the viewer uses them: the well-formed
 * entries (a malformed one is left out rather than hiding the others).
 */
export function parsePipelineFields(raw: unknown): PipelineField[] {
  if (!Array.isArray(raw)) return [];
  const fields: PipelineField[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, type, unit, label } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || !FIELD_TYPES.includes(type as FieldType)) continue;
    fields.push({ name, type: type as FieldType, ...(typeof unit === 'string' && { unit }), ...(typeof label === 'string' && { label }) });
  }
  return fields;
}
