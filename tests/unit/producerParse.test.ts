import { describe, expect, it } from 'vitest';
import {
  createLineSplitter,
  csvParser,
  csvValue,
  InputFormatError,
  ndjsonParser,
  splitCsvRow,
  type LineParser,
  type ParsedLine,
} from '../../src/producer/parseRecords.ts';

/** Feeds `lines` to a parser (numbered from 1) and collects what it emits. */
function parseAll(parser: LineParser, lines: string[]): ParsedLine[] {
  const out: ParsedLine[] = [];
  lines.forEach((text, i) => {
    const parsed = parser.push(text, i + 1);
    if (parsed) out.push(parsed);
  });
  const last = parser.end();
  if (last) out.push(last);
  return out;
}

describe('ndjsonParser', () => {
  it('turns each JSON object line into a record and skips blank lines', () => {
    expect(parseAll(ndjsonParser(), ['{"a":1}', '', '   ', '{"b":"x","c":null}'])).toEqual([
      { line: 1, data: { a: 1 } },
      { line: 4, data: { b: 'x', c: null } },
    ]);
  });

  it.each([
    ['{"a":1', /^not valid JSON/],
    ['[1,2]', /not an array/],
    ['42', /not a number/],
    ['{}', /at least one field/],
    ['{"a":{"b":1}}', /field "a" is an object/],
  ])('reports %s with its line number', (text, message) => {
    const [parsed] = parseAll(ndjsonParser(), ['{"ok":1}', text]).slice(1);
    expect(parsed).toEqual({ line: 2, error: expect.stringMatching(message) });
  });
});

describe('csvValue', () => {
  it.each([
    ['42', 42],
    ['-3.5', -3.5],
    ['+1e3', 1000],
    ['.5', 0.5],
    [' 7 ', 7],
    ['true', true],
    ['false', false],
    ['', null],
    ['  ', null],
    ['TRUE', 'TRUE'],
    ['12abc', '12abc'],
    ['0x10', '0x10'],
    ['hello world', 'hello world'],
  ])('%j -> %j', (cell, value) => {
    expect(csvValue(cell)).toBe(value);
  });
});

describe('splitCsvRow', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,c', ['a', '', 'c']],
    [',', ['', '']],
    ['"x,y",z', ['x,y', 'z']],
    ['"say ""hi""",2', ['say "hi"', '2']],
    ['"",1', ['', '1']],
  ])('%s -> %j', (row, cells) => {
    expect(splitCsvRow(row)?.map((c) => c.text)).toEqual(cells);
  });

  it('marks quoted cells', () => {
    expect(splitCsvRow('"1",1')).toEqual([
      { text: '1', quoted: true },
      { text: '1', quoted: false },
    ]);
  });

  it('returns undefined while a quoted cell is open', () => {
    expect(splitCsvRow('a,"open')).toBeUndefined();
  });
});

describe('csvParser', () => {
  it('reads the header, then typed records; quoted cells stay text', () => {
    expect(parseAll(csvParser(), ['host,cpu,up,note', 'a,12.5,true,', 'b,7,false,"007"'])).toEqual([
      { line: 2, data: { host: 'a', cpu: 12.5, up: true, note: null } },
      { line: 3, data: { host: 'b', cpu: 7, up: false, note: '007' } },
    ]);
  });

  it('reports a row with the wrong number of cells and goes on', () => {
    expect(parseAll(csvParser(), ['a,b', '1,2,3', '4,5'])).toEqual([
      { line: 2, error: 'has 3 cells, the header names 2 columns' },
      { line: 3, data: { a: 4, b: 5 } },
    ]);
  });

  it('a quoted cell may span lines; the record has its first line number', () => {
    expect(parseAll(csvParser(), ['a,b', '1,"two', 'lines"', '3,4'])).toEqual([
      { line: 2, data: { a: 1, b: 'two\nlines' } },
      { line: 4, data: { a: 3, b: 4 } },
    ]);
  });

  it('reports a quoted cell never closed at the end', () => {
    expect(parseAll(csvParser(), ['a', '"open'])).toEqual([{ line: 2, error: 'a quoted cell is never closed' }]);
  });

  it('validates each record', () => {
    const header = Array.from({ length: 51 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: 51 }, () => '1').join(',');
    expect(parseAll(csvParser(), [header, row])).toEqual([{ line: 2, error: expect.stringContaining('at most 50 fields') }]);
  });

  it.each([
    ['a,,b', 'column 2 has no name'],
    ['a,b,a', 'column "a" appears twice'],
  ])('refuses the header %s', (header, message) => {
    expect(() => parseAll(csvParser(), [header])).toThrow(InputFormatError);
    expect(() => parseAll(csvParser(), [header])).toThrow(message);
  });
});

describe('createLineSplitter', () => {
  it('joins chunks into lines, handles CRLF and a last line without newline', () => {
    const s = createLineSplitter();
    expect(s.push('a\r\nb')).toEqual([{ text: 'a', tooLong: false }]);
    expect(s.push('c\n\nd')).toEqual([
      { text: 'bc', tooLong: false },
      { text: '', tooLong: false },
    ]);
    expect(s.end()).toEqual([{ text: 'd', tooLong: false }]);
    expect(s.end()).toEqual([]);
  });

  it('reports an overlong line once, without keeping it, and goes on', () => {
    const s = createLineSplitter(10);
    expect(s.push('0123456789')).toEqual([]);
    expect(s.push('abcdef')).toEqual([]);
    expect(s.push('ghi\nok\n')).toEqual([
      { text: '', tooLong: true },
      { text: 'ok', tooLong: false },
    ]);
  });

  it('flags an overlong line that arrives in one chunk', () => {
    expect(createLineSplitter(3).push('abcdef\nab\n')).toEqual([
      { text: 'abcdef', tooLong: true },
      { text: 'ab', tooLong: false },
    ]);
  });

  it('reports an overlong last line at the end', () => {
    const s = createLineSplitter(3);
    s.push('abcdef');
    expect(s.end()).toEqual([{ text: '', tooLong: true }]);
  });
});
