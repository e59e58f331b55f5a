/** A record field a pipeline declares (its document's `fields`). */
export interface PipelineField {
  name: string;
  type: 'number' | 'string' | 'bool';
  unit?: string;
  label?: string;
}

/** A pipeline document's `fields`, keeping the well-formed entries. */
export function parsePipelineFields(raw: unknown): PipelineField[] {
  if (!Array.isArray(raw)) return [];
  const fields: PipelineField[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, type, unit, label } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || (type !== 'number' && type !== 'string' && type !== 'bool')) continue;
    const field: PipelineField = { name, type };
    if (typeof unit === 'string') field.unit = unit;
    if (typeof label === 'string') field.label = label;
    fields.push(field);
  }
  return fields;
}
