/** The display locale: the browser's, or en-US where there is none (tests, server). */
const locale = typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-US';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(decimals: number | undefined): Intl.NumberFormat {
  const key = String(decimals);
  let format = numberFormats.get(key);
  if (!format) {
    format =
      decimals === undefined
        ? new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
        : new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(key, format);
  }
  return format;
}

/** Shown where there is no value. */
export const NO_VALUE = '—';

/** A number with the locale's separators, `decimals` fixed (or up to 2), and its unit ("12.5%", "1,024 B/s"). */
export function formatNumber(value: number | null, decimals?: number, unit = ''): string {
  if (value === null) return NO_VALUE;
  const text = numberFormat(decimals).format(value);
  if (!unit) return text;
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}

/** Any record value as text: numbers formatted, booleans as yes/no, null as a dash. */
export function formatValue(value: unknown, decimals?: number, unit = ''): string {
  if (typeof value === 'number') return formatNumber(value, decimals, unit);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null || value === undefined) return NO_VALUE;
  return String(value);
}

const timeFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** A record time as local HH:MM:SS. */
export function formatTime(date: Date): string {
  return timeFormat.format(date);
}
