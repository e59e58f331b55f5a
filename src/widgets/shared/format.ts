export { formatTime } from '../../lib/time.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** The browser's number format with `decimals` fixed, or at most `maxDecimals`. */
function numberFormat(decimals: number | undefined, maxDecimals: number): Intl.NumberFormat {
  const key = `${decimals}/${maxDecimals}`;
  let format = numberFormats.get(key);
  if (!format) {
    format =
      decimals === undefined
        ? new Intl.NumberFormat(undefined, { maximumFractionDigits: maxDecimals })
        : new Intl.NumberFormat(undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(key, format);
  }
  return format;
}

/** Shown where there is no value. */
export const NO_VALUE = '—';

const SI_PREFIXES = ['', 'k', 'M', 'G', 'T', 'P'];
const BINARY_PREFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
/** Units that scale with a prefix: bytes and bits (per second too), hertz, watts. "KB" is read as "kB". */
const SCALING_UNIT = /^(|k|K|M|G|T|P|Ki|Mi|Gi|Ti|Pi)(B|bit|b|Hz|W|Wh)(\/s)?$/;

/** `value` in `unit`, moved to the prefix that keeps it below 1000 (or 1024): 28,749,000 B is 28.7 MB. */
export function scaleToUnit(value: number, unit: string): { value: number; unit: string; scaled: boolean } {
  const match = SCALING_UNIT.exec(unit);
  if (!match) return { value, unit, scaled: false };
  const [, given = '', base = '', perSecond = ''] = match;
  const binary = given.endsWith('i');
  const prefixes = binary ? BINARY_PREFIXES : SI_PREFIXES;
  const step = binary ? 1024 : 1000;
  let index = prefixes.indexOf(given === 'K' ? 'k' : given);
  let scaled = value;
  while (Math.abs(scaled) >= step && index < prefixes.length - 1) {
    scaled /= step;
    index++;
  }
  while (scaled !== 0 && Math.abs(scaled) < 1 && index > 0) {
    scaled *= step;
    index--;
  }
  return { value: scaled, unit: `${prefixes[index]}${base}${perSecond}`, scaled: scaled !== value };
}

/**
 * A number with the browser's separators and its unit, scaled where the unit
 * scales ("12.5%", "28.7 MB", "1 MB/s"): `decimals` fixed, else up to 2 (1 once scaled).
 */
export function formatNumber(value: number | null, decimals?: number, unit = ''): string {
  if (value === null) return NO_VALUE;
  const shown = scaleToUnit(value, unit);
  const text = numberFormat(decimals, shown.scaled ? 1 : 2).format(shown.value);
  if (!shown.unit) return text;
  return shown.unit === '%' || shown.unit.startsWith('°') ? `${text}${shown.unit}` : `${text} ${shown.unit}`;
}

/** Any record value as text: numbers formatted, booleans as yes/no, null as a dash. */
export function formatValue(value: unknown, decimals?: number, unit = ''): string {
  if (typeof value === 'number') return formatNumber(value, decimals, unit);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null || value === undefined) return NO_VALUE;
  return String(value);
}

/** A record field name as words for a legend or header: `rxBytesPerSec` is "Rx bytes per sec". */
export function readableName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    // Acronyms ("CPU", "HTTP") stay as they are; other words are lower case after the first.
    .map((w) => (w.length > 1 && w === w.toUpperCase() ? w : w.toLowerCase()));
  const text = words.join(' ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : name;
}
