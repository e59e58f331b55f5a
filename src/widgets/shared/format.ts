import { mappedText, type ValueMappings } from './mappings.ts';

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

/** Units of time, in ms: a value in one of them reads as a duration. */
const DURATION_UNIT_MS = new Map([
  ['ms', 1],
  ['s', 1000],
  ['min', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);
/** The two units a duration of a minute or more is shown in, largest first: `ms` of the second, `per` of them in the first. */
const DURATION_PAIRS = [
  { big: 'd', small: 'h', ms: 3_600_000, per: 24 },
  { big: 'h', small: 'min', ms: 60_000, per: 60 },
  { big: 'min', small: 's', ms: 1000, per: 60 },
] as const;

const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places;

/**
 * A duration as people read it: "350 ms" and "2.5 s" below a minute (`decimals`
 * fixed, else up to 2 and 1), then its two largest whole units, "1 h 5 min", "3 d 4 h".
 */
function formatDuration(ms: number, decimals: number | undefined): string {
  const abs = Math.abs(ms);
  // Decided on the rounded value, so that 999.999 ms is "1 s", not "1,000 ms".
  if (round(abs, decimals ?? 2) < 1000) return `${numberFormat(decimals, 2).format(ms)} ms`;
  if (round(abs / 1000, decimals ?? 1) < 60) return `${numberFormat(decimals, 1).format(ms / 1000)} s`;
  const pair = DURATION_PAIRS.find((p) => Math.round(abs / p.ms) >= p.per) ?? DURATION_PAIRS[2];
  const count = Math.round(abs / pair.ms);
  const whole = numberFormat(0, 0);
  const big = `${whole.format(Math.sign(ms) * Math.floor(count / pair.per))} ${pair.big}`;
  return count % pair.per === 0 ? big : `${big} ${whole.format(count % pair.per)} ${pair.small}`;
}

/**
 * A number with the browser's separators and its unit, scaled where the unit
 * scales ("12.5%", "28.7 MB", "1 MB/s"): `decimals` fixed, else up to 2 (1 once scaled).
 * A time unit (ms, s, min, h, d) reads as a duration: "1 h 5 min".
 */
export function formatNumber(value: number | null, decimals?: number, unit = ''): string {
  if (value === null) return NO_VALUE;
  const unitMs = DURATION_UNIT_MS.get(unit);
  // Zero stays in its own unit: "0 s", not "0 ms".
  if (unitMs !== undefined && value !== 0) return formatDuration(value * unitMs, decimals);
  const shown = scaleToUnit(value, unit);
  const text = numberFormat(decimals, shown.scaled ? 1 : 2).format(shown.value);
  if (!shown.unit) return text;
  return shown.unit === '%' || shown.unit.startsWith('°') ? `${text}${shown.unit}` : `${text} ${shown.unit}`;
}

/** Any record value as text: a mapped value as its mapping's text, numbers formatted, booleans as yes/no, null as a dash. */
export function formatValue(value: unknown, decimals?: number, unit = '', mappings?: ValueMappings): string {
  const mapped = mappedText(value, mappings);
  if (mapped !== undefined) return mapped;
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
