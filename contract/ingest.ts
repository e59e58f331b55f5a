/**
 * The body of an ingest request (contract 1.1, `tokens`): one record's `data`
 * as a JSON object, a JSON array of them, or NDJSON (one object per line,
 * `application/x-ndjson`). Checked item by item with the same code as every
 * other producer (recordData.ts), so that a device over HTTP and an SDK
 * client are held to the same contract. Shared by the `ingest` function, the
 * CLI's HTTP path and the tests.
 */
import { INGEST_LIMITS } from './limits.ts';
import { validateRecordData } from './recordData.ts';
import type { RecordData } from './types.ts';

/** A bad item of a request, by its 0-based index. */
export interface IngestItemProblem {
  index: number;
  reason: string;
}

/** A 400's body. */
export interface IngestError {
  error: string;
  items: IngestItemProblem[];
}

export type IngestBody = { ok: true; records: RecordData[] } | ({ ok: false } & IngestError);

/** A 200's body: the ids of the records written, in the request's order. */
export interface IngestAccepted {
  accepted: number;
  ids: string[];
}

/** The prefix of every ingest token: what a secret scanner, or a person, recognises. */
export const INGEST_TOKEN_PREFIX = 'dash_';
/** `dash_` then 43 characters of base64url: 32 random bytes. */
export const INGEST_TOKEN_PATTERN = /^dash_[A-Za-z0-9_-]{43}$/;

const isNdjson = (contentType: string | undefined): boolean => /^application\/(x-)?ndjson\b/i.test(contentType?.trim() ?? '');

function failure(error: string, items: IngestItemProblem[] = []): IngestBody {
  return { ok: false, error, items };
}

/** Parses and checks a request body: every record, or every reason the request is refused. */
export function parseIngestBody(text: string, contentType?: string): IngestBody {
  if (text.trim() === '') return failure('The body is empty: send one record as a JSON object, a JSON array of records, or NDJSON.');
  let items: unknown[];
  if (isNdjson(contentType)) {
    items = [];
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
    const problems: IngestItemProblem[] = [];
    lines.forEach((line, index) => {
      try {
        items.push(JSON.parse(line));
      } catch (err) {
        items.push(undefined);
        problems.push({ index, reason: `line ${index + 1} is not JSON (${(err as Error).message})` });
      }
    });
    if (problems.length > 0) return failure(`${problems.length} of ${lines.length} NDJSON lines are not JSON.`, problems);
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return failure(`The body is not JSON (${(err as Error).message}). NDJSON is sent as application/x-ndjson.`);
    }
    items = Array.isArray(parsed) ? parsed : [parsed];
    if (Array.isArray(parsed) && parsed.length === 0) return failure('The array is empty: send 1 to 500 records.');
  }
  if (items.length > INGEST_LIMITS.maxRecords) {
    return failure(`${items.length} records in one request; at most ${INGEST_LIMITS.maxRecords}. Split them into several requests.`);
  }
  const records: RecordData[] = [];
  const problems: IngestItemProblem[] = [];
  items.forEach((item, index) => {
    const checked = validateRecordData(item);
    if (checked.ok) records.push(checked.data);
    else problems.push({ index, reason: checked.reason });
  });
  if (problems.length > 0) {
    return failure(`${problems.length} of ${items.length} records break the data contract; nothing was written.`, problems);
  }
  return { ok: true, records };
}
