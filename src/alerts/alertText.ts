/** How alert values, states and times read on screen. */
import type { AlertStateName } from '../../contract/index.ts';

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

export const formatValue = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : number.format(value));

export const STATE_LABELS: Record<AlertStateName, string> = {
  normal: 'Normal',
  pending: 'Pending',
  firing: 'Firing',
  nodata: 'No data',
  error: 'Error',
};

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "3 minutes ago", from a time and now (ms). */
export function ago(ms: number, nowMs: number): string {
  const seconds = Math.round((ms - nowMs) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86400), 'day');
}
