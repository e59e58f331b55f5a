import { setTimeout as sleep } from 'node:timers/promises';
import { createLineSplitter, csvParser, ndjsonParser, type ParsedLine } from '../../src/producer/parseRecords.ts';
import { validateRecord } from '../../src/producer/validateRecord.ts';
import { networkSource, systemSource } from '../sources/hostMetrics.ts';

const MAX_LINE_CHARS = 1024 * 1024;

/**
 * Records from a text stream, one ParsedLine per input record. Chunks are pulled
 * one at a time, so a consumer that stops pulling stops the reading too.
 */
export async function* textRecords(stream: AsyncIterable<string>, format: 'ndjson' | 'csv'): AsyncGenerator<ParsedLine> {
  const splitter = createLineSplitter(MAX_LINE_CHARS);
  const parser = format === 'csv' ? csvParser() : ndjsonParser();
  let lineNo = 0;
  function* parse(lines: ReturnType<typeof splitter.push>): Generator<ParsedLine> {
    for (const { text, tooLong } of lines) {
      lineNo++;
      if (tooLong) {
        yield { line: lineNo, error: `longer than ${MAX_LINE_CHARS} characters` };
        continue;
      }
      const parsed = parser.push(text, lineNo);
      if (parsed) yield parsed;
    }
  }
  for await (const chunk of stream) yield* parse(splitter.push(chunk));
  yield* parse(splitter.end());
  const last = parser.end();
  if (last) yield last;
}

/** This host's metrics, one record every `intervalMs`, until `signal` aborts; `line` counts samples. */
export async function* sourceRecords(
  kind: 'system' | 'network',
  intervalMs: number,
  signal: AbortSignal,
): AsyncGenerator<ParsedLine> {
  const source = kind === 'system' ? systemSource() : networkSource();
  try {
    for (let n = 1; ; n++) {
      await sleep(intervalMs, undefined, { signal });
      yield { line: n, data: validateRecord(source.sample()) };
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  } finally {
    source.stop();
  }
}
