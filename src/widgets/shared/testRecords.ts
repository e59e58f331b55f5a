import type { WindowRecord } from '../types.ts';

/** Test fixture: a record at `second` seconds past a fixed instant, oldest-first windows built from these. */
export function rec(second: number, data: WindowRecord['data'], extra: Partial<WindowRecord> = {}): WindowRecord {
  return { id: `r${String(second).padStart(4, '0')}`, ts: new Date(Date.UTC(2026, 0, 1, 12, 0, second)), data, ...extra };
}

/** Test fixture: a record too large for the window. */
export function truncated(second: number): WindowRecord {
  return rec(second, {}, { truncated: true });
}
