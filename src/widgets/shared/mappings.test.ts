import { describe, expect, test } from 'vitest';
import { MAPPINGS_MAX_LENGTH, mappedText, parseMappings } from './mappings.ts';

const parsed = (text: string) => {
  const result = parseMappings(text);
  if (!result.ok) throw new Error(result.error);
  return result.mappings;
};

describe('parseMappings', () => {
  test('entries split by commas, spaces trimmed, number keys in canonical form', () => {
    expect(parsed('1=on, 0=off, true=open, idle = Waiting')).toEqual(
      new Map([
        ['1', 'on'],
        ['0', 'off'],
        ['true', 'open'],
        ['idle', 'Waiting'],
      ]),
    );
    expect([...parsed('1.50=half, -2=low, 1e3=kilo').keys()]).toEqual(['1.5', '-2', '1000']);
  });

  test('empty text and empty entries (a trailing comma) map nothing; text after the first "=" is kept', () => {
    expect(parsed('').size).toBe(0);
    expect(parsed('1=on,').size).toBe(1);
    expect(parsed('1=a=b').get('1')).toBe('a=b');
  });

  test.each([
    ['on', '"on" needs "=" between a value and its text, as in 1=on.'],
    ['1=on, off', '"off" needs "=" between a value and its text, as in 1=on.'],
    ['=on', '"=on" needs a value before "=".'],
    ['1= ', '"1=" needs a text after "=".'],
    ['1=on, 1.0=yes', '1.0 is mapped twice.'],
    ['x'.repeat(MAPPINGS_MAX_LENGTH + 1), `the text has more than ${MAPPINGS_MAX_LENGTH} characters.`],
  ])('%j is refused: %s', (text, error) => {
    expect(parseMappings(text)).toEqual({ ok: false, error });
  });
});

describe('mappedText', () => {
  const mappings = parsed('1=on, 0=off, true=open, idle=Waiting');

  test('numbers, booleans and strings find their text', () => {
    expect(mappedText(1, mappings)).toBe('on');
    expect(mappedText(-0, mappings)).toBe('off');
    expect(mappedText(true, mappings)).toBe('open');
    expect(mappedText('idle', mappings)).toBe('Waiting');
  });

  test('anything else is not mapped', () => {
    expect(mappedText(2, mappings)).toBeUndefined();
    expect(mappedText(false, mappings)).toBeUndefined();
    expect(mappedText(null, mappings)).toBeUndefined();
    expect(mappedText({ a: 1 }, mappings)).toBeUndefined();
    expect(mappedText(1, undefined)).toBeUndefined();
  });
});
