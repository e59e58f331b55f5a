import { describe, expect, it } from 'vitest';
import { INGEST_LIMITS, parseIngestBody } from '../../../contract/index.ts';

describe('parseIngestBody', () => {
  it('takes one object, an array of them, or NDJSON', () => {
    expect(parseIngestBody('{"cpu":1}')).toEqual({ ok: true, records: [{ cpu: 1 }] });
    expect(parseIngestBody('[{"cpu":1},{"cpu":2,"up":true,"note":null}]')).toEqual({ ok: true, records: [{ cpu: 1 }, { cpu: 2, up: true, note: null }] });
    expect(parseIngestBody('{"cpu":1}\n\n{"cpu":2}\r\n', 'application/x-ndjson; charset=utf-8')).toEqual({ ok: true, records: [{ cpu: 1 }, { cpu: 2 }] });
  });

  it('refuses an empty body, an empty array and bad JSON, saying what to send', () => {
    expect(parseIngestBody('  ')).toMatchObject({ ok: false, error: expect.stringContaining('The body is empty') as unknown, items: [] });
    expect(parseIngestBody('[]')).toMatchObject({ ok: false, error: 'The array is empty: send 1 to 500 records.' });
    expect(parseIngestBody('{"cpu":')).toMatchObject({ ok: false, error: expect.stringMatching(/^The body is not JSON \(.+\)\. NDJSON is sent as application\/x-ndjson\.$/) as unknown });
    // NDJSON sent as JSON is not JSON.
    expect(parseIngestBody('{"cpu":1}\n{"cpu":2}').ok).toBe(false);
  });

  it('names every bad NDJSON line by its index', () => {
    const result = parseIngestBody('{"cpu":1}\nnot json\n{"cpu":', 'application/x-ndjson');
    expect(result).toMatchObject({ ok: false, error: '2 of 3 NDJSON lines are not JSON.' });
    expect(!result.ok && result.items.map((i) => i.index)).toEqual([1, 2]);
    expect(!result.ok && result.items[0]!.reason).toMatch(/^line 2 is not JSON/);
  });

  it('checks each record by the data contract and names each bad one by index, writing none', () => {
    const result = parseIngestBody(JSON.stringify([{ cpu: 1 }, { 'a.b': 1 }, {}, { s: 'x'.repeat(1025) }, 5, { n: [1] }]));
    expect(result).toEqual({
      ok: false,
      error: '5 of 6 records break the data contract; nothing was written.',
      items: [
        { index: 1, reason: expect.stringContaining('field name "a.b" contains "."') as unknown },
        { index: 2, reason: 'a record needs at least one field' },
        { index: 3, reason: 'field "s" is a string of 1025 characters; strings are at most 1024' },
        { index: 4, reason: 'a record must be an object of field names to values, not a number' },
        { index: 5, reason: 'field "n" is an array; values must be finite numbers, strings, booleans or null' },
      ],
    });
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    expect(parseIngestBody(JSON.stringify(many))).toMatchObject({ ok: false, items: [{ index: 0, reason: 'a record has at most 50 fields, this one has 51' }] });
  });

  it('takes at most 500 records in one request', () => {
    const records = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ i })));
    expect(parseIngestBody(records(INGEST_LIMITS.maxRecords)).ok).toBe(true);
    expect(parseIngestBody(records(INGEST_LIMITS.maxRecords + 1))).toMatchObject({ ok: false, error: expect.stringContaining('501 records in one request; at most 500') as unknown });
  });
});
