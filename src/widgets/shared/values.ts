import type { Threshold, WindowRecord } from '../types.ts';

/** The numeric value of a record field, or null (missing, non-numeric, or a truncated record). */
export function numericValue(record: WindowRecord, field: string): number | null {
  if (record.truncated) return null;
  const value = record.data[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** True when no usable record of the window has `field` (a likely typo in the widget's config). */
export function isFieldMissing(records: readonly WindowRecord[], field: string): boolean {
  return !records.some((r) => !r.truncated && r.data[field] !== undefined);
}

/** Fields used by a widget that no usable record of the window has; none while the window is empty. */
export function missingFields(records: readonly WindowRecord[], fields: readonly string[]): string[] {
  if (!records.some((r) => !r.truncated)) return [];
  return fields.filter((f) => isFieldMissing(records, f));
}

/** The newest record (the window is oldest first) with a numeric value of `field`, from the end. */
export function lastNumeric(records: readonly WindowRecord[], field: string, skip = 0): number | null {
  let seen = 0;
  for (let i = records.length - 1; i >= 0; i--) {
    const v = numericValue(records[i]!, field);
    if (v === null) continue;
    if (seen++ === skip) return v;
  }
  return null;
}

/** Level of a value against thresholds sorted ascending: the colour of the highest one reached, else 'ok'. */
export function thresholdLevel(value: number | null, thresholds: readonly Threshold[]): Threshold['color'] | null {
  if (value === null || thresholds.length === 0) return null;
  let level: Threshold['color'] = 'ok';
  for (const t of thresholds) if (value >= t.value) level = t.color;
  return level;
}

/** Words for a threshold level, so that colour never carries state alone. */
export const LEVEL_TEXT: Record<Threshold['color'], string> = { ok: 'OK', warning: 'Warning', critical: 'Critical' };
