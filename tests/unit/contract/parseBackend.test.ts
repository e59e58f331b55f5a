import { describe, expect, it } from 'vitest';
import {
  parseAlertChannel,
  parseAlertEvent,
  parseAlertRule,
  parseAlertState,
  parseHistoryDoc,
  parseIngestToken,
  parseLogRecord,
  parseRollup,
  parseTombstone,
} from '../../../contract/index.ts';
import { errorOf, ts } from './fixtures.ts';

const t0 = ts(1_700_000_000_000);
const t1 = ts(1_700_000_001_000);

const aggregate = { n: 2, sum: 3, min: 1, max: 2, first: 1, last: 2 };
const rule = {
  name: 'Hot',
  field: 'temp',
  op: 'above',
  value: 80,
  aggregation: 'avg',
  windowSeconds: 60,
  forSeconds: 0,
  severity: 'critical',
  enabled: true,
  createdAt: t0,
  updatedAt: t0,
  createdBy: 'u1',
};

describe('backend parsers', () => {
  it('read a record of the log', () => {
    expect(parseLogRecord('r1', { ts: t0, data: { a: 1, s: 'x', b: true, n: null }, producer: 'token:k1' })).toEqual({
      ts: t0,
      data: { a: 1, s: 'x', b: true, n: null },
      producer: 'token:k1',
    });
    expect(errorOf(() => parseLogRecord('r1', { ts: t0, data: { a: { deep: 1 } }, producer: 'u1' })).message).toBe(
      'record "r1": data.a must be a finite number, a string, a boolean or null, not a map',
    );
  });

  it('read a rollup with its truncated entries, an empty one, and one with the current minute', () => {
    const rollup = {
      records: [
        { id: 'a', ts: t0, data: { v: 1 } },
        { id: 'b', ts: t1, data: {}, truncated: true },
      ],
      count: 7,
      lastTs: t1,
      updatedAt: t1,
    };
    expect(parseRollup(rollup)).toEqual(rollup);
    const empty = { records: [], count: 0, lastTs: null, updatedAt: t0 };
    expect(parseRollup(empty)).toEqual(empty);
    const minute = { start: t0, n: 2, fields: { v: aggregate } };
    expect(parseRollup({ ...empty, minute }).minute).toEqual(minute);
  });

  it.each([
    [{ records: [{ id: 'a', ts: 5, data: {} }], count: 1, lastTs: null, updatedAt: t0 }, 'records[0].ts must be a timestamp, not 5'],
    [{ records: [{ id: 'a', ts: t0, data: {}, truncated: false }], count: 1, lastTs: t0, updatedAt: t0 }, 'records[0].truncated must be true when present'],
    [{ records: [], count: -1, lastTs: null, updatedAt: t0 }, 'count must be a whole number'],
    [{ records: [], count: 0, updatedAt: t0 }, 'lastTs must be a timestamp, not missing'],
    [{ records: Array.from({ length: 101 }, (_, i) => ({ id: `r${i}`, ts: t0, data: {} })), count: 101, lastTs: t0, updatedAt: t0 }, 'records must hold at most 100 items'],
    [{ records: [], count: 0, lastTs: null, updatedAt: t0, minute: { start: t0, n: 1, fields: { v: { ...aggregate, sum: Number.NaN } } } }, 'minute.fields.v.sum must be a finite number, not NaN'],
  ])('reject a rollup %#, naming the field', (data, message) => {
    expect(errorOf(() => parseRollup(data)).message).toContain(message);
  });

  it('read history documents and check their bucket keys per resolution', () => {
    const doc = { resolution: 'minute', start: t0, buckets: { '00': { n: 2, fields: { v: aggregate } }, '59': { n: 1, fields: {} } }, updatedAt: t1 };
    expect(parseHistoryDoc('m2026120118', doc)).toEqual(doc);
    expect(parseHistoryDoc('d202612', { ...doc, resolution: 'day', buckets: { '31': { n: 1, fields: {} } } }).buckets['31']).toEqual({ n: 1, fields: {} });
    expect(errorOf(() => parseHistoryDoc('h20261201', { ...doc, resolution: 'hour', buckets: { '24': { n: 1, fields: {} } } })).message).toBe(
      'history "h20261201": buckets.24 is not a bucket key of hour documents',
    );
    expect(errorOf(() => parseHistoryDoc('d202612', { ...doc, resolution: 'day', buckets: { '00': { n: 1, fields: {} } } })).field).toBe('buckets.00');
  });

  it('read alert rules, requiring value2 exactly for outside and inside', () => {
    expect(parseAlertRule('r1', rule)).toEqual({ id: 'r1', ...rule });
    const inside = { ...rule, op: 'inside', value: 1, value2: 2, noDataSeconds: 60, silencedUntil: t1 };
    expect(parseAlertRule('r1', inside)).toEqual({ id: 'r1', ...inside });
    expect(errorOf(() => parseAlertRule('r1', { ...rule, op: 'outside' })).message).toContain('value2 must be a finite number, not missing');
    expect(errorOf(() => parseAlertRule('r1', { ...rule, op: 'outside', value2: 80 })).message).toContain('value2 must be greater than value (80)');
    expect(errorOf(() => parseAlertRule('r1', { ...rule, value2: 90 })).message).toContain('value2 must be absent for above');
    expect(errorOf(() => parseAlertRule('r1', { ...rule, windowSeconds: 3601 })).field).toBe('windowSeconds');
    expect(errorOf(() => parseAlertRule('r1', { ...rule, noDataSeconds: 5 })).message).toContain('noDataSeconds must be a whole number in 10..86400, not 5');
  });

  it('read alert states with and without ack, and events', () => {
    const state = { state: 'firing', since: t0, value: 91.5, updatedAt: t1, ack: { by: 'u2', at: t1, comment: 'on it' } };
    expect(parseAlertState('r1', state)).toEqual({ ruleId: 'r1', ...state });
    expect(parseAlertState('r1', { state: 'nodata', since: t0, value: null, updatedAt: t0 })).toEqual({ ruleId: 'r1', state: 'nodata', since: t0, value: null, updatedAt: t0 });
    expect(errorOf(() => parseAlertState('r1', { ...state, state: 'on' })).field).toBe('state');
    expect(errorOf(() => parseAlertState('r1', { ...state, ack: { by: 'u2' } })).field).toBe('ack.at');
    const event = { pipelineId: 'p1', ruleId: 'r1', from: 'normal', to: 'firing', value: 91.5, at: t1 };
    expect(parseAlertEvent('e1', event)).toEqual({ id: 'e1', ...event });
  });

  it('read channels, tokens and tombstones', () => {
    const channel = { type: 'webhook', name: 'Ops', url: 'https://hooks.example/x', minSeverity: 'warning', enabled: true, createdAt: t0, createdBy: 'u1' };
    expect(parseAlertChannel('c1', channel)).toEqual({ id: 'c1', ...channel });
    expect(errorOf(() => parseAlertChannel('c1', { ...channel, url: 'ftp://x' })).message).toContain('url must be an http(s) URL');
    expect(errorOf(() => parseAlertChannel('c1', { ...channel, url: `https://${'x'.repeat(2041)}` })).message).toContain('url must be at most 2048 characters');
    const token = { name: 'Sensor', prefix: 'abcd1234', createdAt: t0, createdBy: 'u1', revoked: false, lastUsedAt: t1 };
    expect(parseIngestToken('k1', token)).toEqual({ id: 'k1', ...token });
    expect(errorOf(() => parseIngestToken('k1', { ...token, prefix: 'abc' })).field).toBe('prefix');
    expect(parseTombstone('t1', { deletedAt: t0, deletedBy: 'u1' })).toEqual({ id: 't1', deletedAt: t0, deletedBy: 'u1' });
    expect(errorOf(() => parseTombstone('t1', { deletedAt: t0 })).message).toBe('tombstone "t1": deletedBy must be a string of 1..128 characters, not missing');
  });
});
