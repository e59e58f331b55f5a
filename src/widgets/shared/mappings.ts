/**
 * Value mappings: a record value's text to what a widget shows instead. Keys
 * are the value as text; a number key in its canonical form ("1.50" is "1.5"),
 * so that it matches the number whatever way it was typed.
 */
export type ValueMappings = ReadonlyMap<string, string>;

/** The longest mappings text an option holds. */
export const MAPPINGS_MAX_LENGTH = 500;

const NUMBER_KEY = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

const keyOf = (text: string): string => (NUMBER_KEY.test(text) ? String(Number(text)) : text);

/**
 * Mappings as typed in the editor, "1=on, 0=off, true=open": entries split by
 * commas, each a value, "=" and its text. Empty entries (a trailing comma) are skipped.
 */
export function parseMappings(text: string): { ok: true; mappings: ValueMappings } | { ok: false; error: string } {
  if (text.length > MAPPINGS_MAX_LENGTH) return { ok: false, error: `the text has more than ${MAPPINGS_MAX_LENGTH} characters.` };
  const mappings = new Map<string, string>();
  for (const entry of text.split(',').map((e) => e.trim())) {
    if (entry === '') continue;
    const at = entry.indexOf('=');
    if (at < 0) return { ok: false, error: `"${entry}" needs "=" between a value and its text, as in 1=on.` };
    const value = entry.slice(0, at).trim();
    const shown = entry.slice(at + 1).trim();
    if (value === '') return { ok: false, error: `"${entry}" needs a value before "=".` };
    if (shown === '') return { ok: false, error: `"${entry}" needs a text after "=".` };
    const key = keyOf(value);
    if (mappings.has(key)) return { ok: false, error: `${value} is mapped twice.` };
    mappings.set(key, shown);
  }
  return { ok: true, mappings };
}

/** The text `value` is mapped to, if any: numbers, booleans and strings match their key as text. */
export function mappedText(value: unknown, mappings: ValueMappings | undefined): string | undefined {
  if (!mappings || mappings.size === 0) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return mappings.get(String(value));
  return undefined;
}
