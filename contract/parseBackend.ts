/**
 * Parsers for the log and the documents the backend writes: records, the
 * rollup, history, alert rules, states, events and channels, tokens and
 * tombstones. Each returns its type or throws a ContractError naming the bad field.
 */
import { describe, Fields } from './fields.ts';
import {
  ALERT_AGGREGATIONS,
  ALERT_LIMITS,
  ALERT_OPS,
  ALERT_STATES,
  HISTORY_RESOLUTIONS,
  SEVERITIES,
  TEXT_LIMITS,
  WINDOW_SIZE,
} from './limits.ts';
import type {
  AlertChannel,
  AlertEvent,
  AlertRule,
  AlertState,
  FieldAggregate,
  HistoryBucket,
  HistoryDoc,
  HistoryResolution,
  IngestToken,
  LogRecord,
  MinuteBucket,
  RecordData,
  Rollup,
  Tombstone,
  WindowRecord,
} from './types.ts';

const ANY_COUNT = { min: 0, max: Number.MAX_SAFE_INTEGER };

/**
 * A stored record's `data`: a map of numbers, strings, booleans and null. The
 * write-time limits (validateRecordData) are not re-checked: the log keeps
 * what it was given, and a truncated window entry has no keys at all.
 */
function recordDataOf(f: Fields, key: string): RecordData {
  const data = f.map(key);
  for (const name of data.keys()) {
    const v = data.value(name);
    if (v !== null && typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) {
      data.fail(name, `must be a finite number, a string, a boolean or null, not ${describe(v)}`);
    }
  }
  return f.value(key) as RecordData;
}

export function parseLogRecord(id: string, data: unknown): LogRecord {
  const f = new Fields(`record "${id}"`, data);
  return { ts: f.timestamp('ts'), data: recordDataOf(f, 'data'), producer: f.string('producer', 1, 256) };
}

function parseAggregate(f: Fields): FieldAggregate {
  return { n: f.int('n', ANY_COUNT), sum: f.number('sum'), min: f.number('min'), max: f.number('max'), first: f.number('first'), last: f.number('last') };
}

function parseBucket(f: Fields): HistoryBucket {
  const fields = f.map('fields');
  return { n: f.int('n', ANY_COUNT), fields: Object.fromEntries(fields.keys().map((name) => [name, parseAggregate(fields.map(name))])) };
}

function parseWindowRecord(document: string, value: unknown, path: string): WindowRecord {
  const f = new Fields(document, value, `${path}.`);
  const record: WindowRecord = { id: f.string('id', 1, 1500), ts: f.timestamp('ts'), data: recordDataOf(f, 'data') };
  if (f.has('truncated')) {
    if (f.value('truncated') !== true) f.fail('truncated', `must be true when present, not ${describe(f.value('truncated'))}`);
    record.truncated = true;
  }
  return record;
}

/** `rollups/last100`. */
export function parseRollup(data: unknown): Rollup {
  const f = new Fields('rollup "last100"', data);
  const rollup: Rollup = {
    records: f.list('records', WINDOW_SIZE, (v, path) => parseWindowRecord(f.document, v, path)),
    count: f.int('count', ANY_COUNT),
    lastTs: f.timestampOrNull('lastTs'),
    updatedAt: f.timestamp('updatedAt'),
  };
  if (f.has('minute')) {
    const m = f.map('minute');
    const minute: MinuteBucket = { start: m.timestamp('start'), ...parseBucket(m) };
    rollup.minute = minute;
  }
  return rollup;
}

/** The bucket keys of each resolution: minutes "00".."59", hours "00".."23", days "01".."31". */
const BUCKET_KEYS: Record<HistoryResolution, RegExp> = {
  minute: /^[0-5]\d$/,
  hour: /^([01]\d|2[0-3])$/,
  day: /^(0[1-9]|[12]\d|3[01])$/,
};

export function parseHistoryDoc(id: string, data: unknown): HistoryDoc {
  const f = new Fields(`history "${id}"`, data);
  const resolution = f.oneOf('resolution', HISTORY_RESOLUTIONS);
  const stored = f.map('buckets');
  const buckets: Record<string, HistoryBucket> = {};
  for (const key of stored.keys()) {
    if (!BUCKET_KEYS[resolution].test(key)) stored.fail(key, `is not a bucket key of ${resolution} documents`);
    buckets[key] = parseBucket(stored.map(key));
  }
  return { resolution, start: f.timestamp('start'), buckets, updatedAt: f.timestamp('updatedAt') };
}

export function parseAlertRule(id: string, data: unknown): AlertRule {
  const f = new Fields(`alert rule "${id}"`, data);
  const op = f.oneOf('op', ALERT_OPS);
  const value = f.number('value');
  const between = op === 'outside' || op === 'inside';
  let value2: number | undefined;
  if (between) {
    value2 = f.number('value2');
    if (!(value < value2)) f.fail('value2', `must be greater than value (${value}) for ${op}, not ${value2}`);
  } else if (f.has('value2')) {
    f.fail('value2', `must be absent for ${op}`);
  }
  const noDataSeconds = f.optionalInt('noDataSeconds', ALERT_LIMITS.noDataSeconds);
  const silencedUntil = f.optionalTimestamp('silencedUntil');
  return {
    id,
    name: f.string('name', 1, TEXT_LIMITS.alertRuleName),
    field: f.string('field', 1, TEXT_LIMITS.fieldName),
    op,
    value,
    ...(value2 !== undefined && { value2 }),
    aggregation: f.oneOf('aggregation', ALERT_AGGREGATIONS),
    windowSeconds: f.int('windowSeconds', ALERT_LIMITS.windowSeconds),
    forSeconds: f.int('forSeconds', ALERT_LIMITS.forSeconds),
    ...(noDataSeconds !== undefined && { noDataSeconds }),
    severity: f.oneOf('severity', SEVERITIES),
    enabled: f.bool('enabled'),
    ...(silencedUntil !== undefined && { silencedUntil }),
    createdAt: f.timestamp('createdAt'),
    updatedAt: f.timestamp('updatedAt'),
    createdBy: f.string('createdBy', 1, 128),
  };
}

/** `alerts/{ruleId}`. */
export function parseAlertState(ruleId: string, data: unknown): AlertState {
  const f = new Fields(`alert state "${ruleId}"`, data);
  const reason = f.optionalString('reason', 2000);
  const state: AlertState = {
    ruleId,
    state: f.oneOf('state', ALERT_STATES),
    since: f.timestamp('since'),
    value: f.numberOrNull('value'),
    updatedAt: f.timestamp('updatedAt'),
    ...(reason !== undefined && { reason }),
  };
  if (f.has('ack')) {
    const a = f.map('ack');
    const comment = a.optionalString('comment', TEXT_LIMITS.ackComment);
    state.ack = { by: a.string('by', 1, 128), at: a.timestamp('at'), ...(comment !== undefined && { comment }) };
  }
  return state;
}

export function parseAlertEvent(id: string, data: unknown): AlertEvent {
  const f = new Fields(`alert event "${id}"`, data);
  return {
    id,
    pipelineId: f.string('pipelineId', 1, 128),
    ruleId: f.string('ruleId', 1, 128),
    from: f.string('from', 1, 32),
    to: f.string('to', 1, 32),
    value: f.numberOrNull('value'),
    at: f.timestamp('at'),
  };
}

export function parseAlertChannel(id: string, data: unknown): AlertChannel {
  const f = new Fields(`alert channel "${id}"`, data);
  const url = f.matching('url', /^https?:\/\/\S+$/, 'an http(s) URL');
  if (url.length > TEXT_LIMITS.channelUrl) f.fail('url', `must be at most ${TEXT_LIMITS.channelUrl} characters, not ${url.length}`);
  return {
    id,
    type: f.oneOf('type', ['webhook'] as const),
    name: f.string('name', 1, TEXT_LIMITS.channelName),
    url,
    minSeverity: f.oneOf('minSeverity', SEVERITIES),
    enabled: f.bool('enabled'),
    createdAt: f.timestamp('createdAt'),
    createdBy: f.string('createdBy', 1, 128),
  };
}

export function parseIngestToken(id: string, data: unknown): IngestToken {
  const f = new Fields(`token "${id}"`, data);
  const lastUsedAt = f.optionalTimestamp('lastUsedAt');
  return {
    id,
    name: f.string('name', 1, TEXT_LIMITS.tokenName),
    prefix: f.string('prefix', 8, 8),
    createdAt: f.timestamp('createdAt'),
    createdBy: f.string('createdBy', 1, 128),
    revoked: f.bool('revoked'),
    ...(lastUsedAt !== undefined && { lastUsedAt }),
  };
}

/** `deletedTeams/{id}` or `deletedPipelines/{id}`. */
export function parseTombstone(id: string, data: unknown): Tombstone {
  const f = new Fields(`tombstone "${id}"`, data);
  return { id, deletedAt: f.timestamp('deletedAt'), deletedBy: f.string('deletedBy', 1, 128) };
}
