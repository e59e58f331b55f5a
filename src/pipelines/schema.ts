/** A pipeline's declared fields (`pipelines/{id}.fields`) beside those inferred from its records. */
import { FIELD_TYPES, PIPELINE_MAX_FIELDS, TEXT_LIMITS, type FieldType, type PipelineField } from '../../contract/index.ts';

/** Units are kept short enough to fit beside a value on a stat card (the contract allows up to 32). */
const UNIT_MAX = 20;

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

/** The inferred fields, keeping the unit and label of a declared field of the same name and type. */
export function keepInferred(declared: readonly PipelineField[], inferred: readonly PipelineField[]): PipelineField[] {
  return inferred.map((field) => {
    const known = declared.find((d) => d.name === field.name && d.type === field.type);
    return { ...field, ...(known?.unit && { unit: known.unit }), ...(known?.label && { label: known.label }) };
  });
}

/** Problems with a list of declared fields, one message each; empty when it is fine. */
export function fieldsErrors(fields: readonly PipelineField[]): string[] {
  const errors: string[] = [];
  if (fields.length > PIPELINE_MAX_FIELDS) errors.push(`A pipeline declares at most ${PIPELINE_MAX_FIELDS} fields.`);
  const names = new Set<string>();
  fields.forEach((field, i) => {
    const name = field.name.trim();
    if (!name) errors.push(`Field ${i + 1} needs a name.`);
    else if (names.has(name)) errors.push(`Field "${name}" is declared twice.`);
    else if (name.length > TEXT_LIMITS.fieldName) errors.push(`Field ${i + 1}: a name has at most ${TEXT_LIMITS.fieldName} characters.`);
    names.add(name);
    if (!FIELD_TYPES.includes(field.type)) errors.push(`Field "${name}" has an unknown type "${String(field.type)}".`);
    if (field.unit !== undefined && field.unit.length > UNIT_MAX) errors.push(`The unit of "${name}" is longer than ${UNIT_MAX} characters.`);
    if (field.label !== undefined && field.label.length > TEXT_LIMITS.fieldLabel) errors.push(`The label of "${name}" is longer than ${TEXT_LIMITS.fieldLabel} characters.`);
  });
  return errors;
}

/** Fields ready to store: names trimmed, empty units and labels dropped (Firestore rejects `undefined`). */
export function normalizeFields(fields: readonly PipelineField[]): PipelineField[] {
  return fields.map(({ name, type, unit, label }) => ({
    name: name.trim(),
    type,
    ...(unit?.trim() && { unit: unit.trim() }),
    ...(label?.trim() && { label: label.trim() }),
  }));
}

/** Same fields in the same order (names, types, units and labels; an empty unit or label is none). */
export function sameFields(a: readonly PipelineField[], b: readonly PipelineField[]): boolean {
  return (
    a.length === b.length &&
    a.every((f, i) => f.name === b[i]?.name && f.type === b[i]?.type && (f.unit || '') === (b[i]?.unit || '') && (f.label || '') === (b[i]?.label || ''))
  );
}
