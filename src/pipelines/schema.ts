/** The declared (or inferred) shape of a pipeline's records, as `pipelines/{id}.fields` stores it. */
export type FieldType = 'number' | 'string' | 'bool';

export interface PipelineField {
  name: string;
  type: FieldType;
  unit?: string;
}

export const FIELD_TYPES: readonly FieldType[] = ['number', 'string', 'bool'];

/** Records' `data` keys are at most this many (the contract's limit); so are declared fields. */
export const MAX_FIELDS = 50;

function typeOf(value: unknown): FieldType | null {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return null;
}

/**
 * The fields seen in `records`, in order of first appearance. A key whose values
 * all have one type gets that type; mixed types fall back to `string`; a key
 * that was only ever null is left out (nothing says what it holds).
 */
export function inferFields(records: readonly { data: Record<string, unknown> }[]): PipelineField[] {
  const seen = new Map<string, Set<FieldType>>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record.data)) {
      const types = seen.get(name) ?? new Set<FieldType>();
      const type = typeOf(value);
      if (type) types.add(type);
      seen.set(name, types);
    }
  }
  const fields: PipelineField[] = [];
  for (const [name, types] of seen) {
    if (types.size === 0) continue;
    const [only] = types;
    fields.push({ name, type: types.size === 1 && only ? only : 'string' });
  }
  return fields;
}

/** The inferred fields, keeping the unit of a declared field of the same name and type. */
export function keepInferred(declared: readonly PipelineField[], inferred: readonly PipelineField[]): PipelineField[] {
  return inferred.map((field) => {
    const unit = declared.find((d) => d.name === field.name && d.type === field.type)?.unit;
    return unit ? { ...field, unit } : { ...field };
  });
}

/** Problems with a list of declared fields, one message each; empty when it is fine. */
export function fieldsErrors(fields: readonly PipelineField[]): string[] {
  const errors: string[] = [];
  if (fields.length > MAX_FIELDS) errors.push(`A pipeline declares at most ${MAX_FIELDS} fields.`);
  const names = new Set<string>();
  fields.forEach((field, i) => {
    const name = field.name.trim();
    if (!name) errors.push(`Field ${i + 1} needs a name.`);
    else if (names.has(name)) errors.push(`Field "${name}" is declared twice.`);
    names.add(name);
    if (!FIELD_TYPES.includes(field.type)) errors.push(`Field "${name}" has an unknown type "${String(field.type)}".`);
    if (field.unit !== undefined && field.unit.length > 20) errors.push(`The unit of "${name}" is longer than 20 characters.`);
  });
  return errors;
}

/** Fields ready to store: names trimmed, empty units dropped (Firestore rejects `undefined`). */
export function normalizeFields(fields: readonly PipelineField[]): PipelineField[] {
  return fields.map(({ name, type, unit }) => (unit?.trim() ? { name: name.trim(), type, unit: unit.trim() } : { name: name.trim(), type }));
}

/** Same fields in the same order (names, types and units; an empty unit is no unit). */
export function sameFields(a: readonly PipelineField[], b: readonly PipelineField[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i]?.name && f.type === b[i]?.type && (f.unit || '') === (b[i]?.unit || ''));
}
