import type { RecordData, RecordValue } from '../../contract/index.ts';
import { validateRecord } from './validateRecord.ts';

/** One input line turned into a record, or the reason it was not (`line` counts from 1). */
export type ParsedLine = { line: number; data: RecordData } | { line: number; error: string };

/** Turns input lines into records; `push` returns undefined for lines that make no record (blank, header, continued). */
export interface LineParser {
  push(text: string, line: number): ParsedLine | undefined;
  /** Called at the end of the input: reports a record left unfinished. */
  end(): ParsedLine | undefined;
}

/** A line of input whose records could never be read (a CSV header that is not one). */
export class InputFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputFormatError';
  }
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** One JSON object a line; blank lines are skipped. */
export function ndjsonParser(): LineParser {
  return {
    push(text, line) {
      if (text.trim() === '') return undefined;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        return { line, error: `not valid JSON: ${messageOf(err)}` };
      }
      try {
        return { line, data: validateRecord(value) };
      } catch (err) {
        return { line, error: messageOf(err) };
      }
    },
    end: () => undefined,
  };
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** An unquoted CSV cell as a value: numbers, true/false, empty as null, anything else as text. */
export function csvValue(cell: string): RecordValue {
  const text = cell.trim();
  if (text === '') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (NUMBER.test(text)) return Number(text);
  return cell;
}

type Cell = { text: string; quoted: boolean };

/**
 * Splits one CSV row (RFC 4180: quotes around cells, "" for a quote inside
 * them). Returns undefined while a quoted cell is still open at the end.
 */
export function splitCsvRow(row: string): Cell[] | undefined {
  const cells: Cell[] = [];
  let i = 0;
  for (;;) {
    if (row[i] === '"') {
      let text = '';
      i++;
      for (;;) {
        const close = row.indexOf('"', i);
        if (close === -1) return undefined;
        text += row.slice(i, close);
        if (row[close + 1] === '"') {
          text += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      const comma = row.indexOf(',', i);
      // Text between the closing quote and the comma is kept, as most readers do.
      const rest = comma === -1 ? row.slice(i) : row.slice(i, comma);
      cells.push({ text: text + rest, quoted: true });
      if (comma === -1) return cells;
      i = comma + 1;
    } else {
      const comma = row.indexOf(',', i);
      cells.push({ text: comma === -1 ? row.slice(i) : row.slice(i, comma), quoted: false });
      if (comma === -1) return cells;
      i = comma + 1;
    }
  }
}

/**
 * CSV with a header row naming the fields. Unquoted cells are typed by
 * `csvValue`; quoted cells stay text. A quoted cell may span lines: the record
 * then carries the number of its first line.
 */
export function csvParser(): LineParser {
  let header: string[] | undefined;
  let open: { text: string; line: number } | undefined;

  function row(text: string, line: number): ParsedLine | undefined {
    const cells = splitCsvRow(text);
    if (!cells) {
      open = { text, line };
      return undefined;
    }
    if (!header) {
      header = cells.map((c) => c.text.trim());
      const seen = new Set<string>();
      for (const [index, name] of header.entries()) {
        if (name === '') throw new InputFormatError(`CSV header (line ${line}): column ${index + 1} has no name`);
        if (seen.has(name)) throw new InputFormatError(`CSV header (line ${line}): column "${name}" appears twice`);
        seen.add(name);
      }
      return undefined;
    }
    if (cells.length !== header.length) {
      return { line, error: `has ${cells.length} cells, the header names ${header.length} columns` };
    }
    const data: Record<string, RecordValue> = {};
    cells.forEach((cell, i) => {
      data[header![i]!] = cell.quoted ? cell.text : csvValue(cell.text);
    });
    try {
      return { line, data: validateRecord(data) };
    } catch (err) {
      return { line, error: messageOf(err) };
    }
  }

  return {
    push(text, line) {
      if (open) {
        const started = open;
        open = undefined;
        return row(`${started.text}\n${text}`, started.line);
      }
      if (text.trim() === '') return undefined;
      return row(text, line);
    },
    end() {
      if (!open) return undefined;
      const { line } = open;
      open = undefined;
      return { line, error: 'a quoted cell is never closed' };
    },
  };
}

/** A line read from a byte stream; `tooLong` lines were cut at the limit and must not be used. */
export interface InputLine {
  text: string;
  tooLong: boolean;
}

/**
 * Cuts decoded text chunks into lines (`\n` or `\r\n`). A line longer than
 * `maxChars` is reported once as too long instead of being kept in memory.
 */
export function createLineSplitter(maxChars = 1024 * 1024): { push(chunk: string): InputLine[]; end(): InputLine[] } {
  let buffer = '';
  let overflowing = false;
  const finish = (text: string): InputLine => {
    const line = { text: text.endsWith('\r') ? text.slice(0, -1) : text, tooLong: overflowing || text.length > maxChars };
    overflowing = false;
    return line;
  };
  return {
    push(chunk) {
      const lines: InputLine[] = [];
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
        lines.push(finish(overflowing ? '' : buffer + chunk.slice(start, nl)));
        buffer = '';
        start = nl + 1;
      }
      if (!overflowing) buffer += chunk.slice(start);
      if (buffer.length > maxChars) {
        overflowing = true;
        buffer = '';
      }
      return lines;
    },
    end() {
      const last = buffer !== '' || overflowing ? [finish(buffer)] : [];
      buffer = '';
      return last;
    },
  };
}
