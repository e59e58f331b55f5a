/** The contract's limits and enumerations (docs/data-model.md, version 1.1). */
import type {
  AlertAggregation,
  AlertOp,
  AlertStateName,
  FieldType,
  HistoryResolution,
  InviteRole,
  LiveMode,
  Role,
  Severity,
} from './types.ts';

/** An inclusive range of whole numbers. */
export interface IntRange {
  readonly min: number;
  readonly max: number;
}

/** How many records `rollups/last100` keeps. */
export const WINDOW_SIZE = 100;

/**
 * Largest `data` (Firestore storage size, bytes) kept whole in the window:
 * 100 x 8 KiB plus per-record overhead stays under the 1 MiB document limit.
 */
export const MAX_WINDOW_DATA_BYTES = 8 * 1024;

/** A pipeline's `flushSeconds`: the rollup's cadence. */
export const FLUSH_SECONDS = { min: 1, max: 60, default: 1 } as const;

/** A pipeline's `retentionDays`. */
export const RETENTION_DAYS: IntRange = { min: 1, max: 3650 };

/** A record's `data`: 1..50 keys of 1..64 characters, none of these characters, no leading `__`; strings up to 1,024. */
export const RECORD_LIMITS = {
  minKeys: 1,
  maxKeys: 50,
  maxKeyLength: 64,
  maxStringLength: 1024,
  forbiddenKeyCharacters: ['.', '/', '`', '[', ']', '*', '~'],
  reservedKeyPrefix: '__',
} as const;

/** Columns of the dashboard grid. */
export const GRID_COLUMNS = 12;

/** What a stored widget position may hold, per coordinate (the editor keeps widgets within GRID_COLUMNS). */
export const POSITION_BOUNDS: Readonly<Record<'x' | 'y' | 'w' | 'h', IntRange>> = {
  x: { min: 0, max: 99 },
  y: { min: 0, max: 9999 },
  w: { min: 1, max: 24 },
  h: { min: 1, max: 24 },
};

/** Longest texts, in characters; names and titles are at least 1. */
export const TEXT_LIMITS = {
  teamName: 80,
  dashboardTitle: 120,
  description: 500,
  pipelineName: 80,
  fieldName: 64,
  fieldLabel: 120,
  unit: 32,
  widgetTitle: 120,
  widgetLabel: 120,
  alertRuleName: 80,
  channelName: 80,
  channelUrl: 2048,
  tokenName: 80,
  ackComment: 500,
} as const;

/** A widget's `config`: at most this many keys, and at most 50 names in `fields`. */
export const WIDGET_CONFIG_MAX_KEYS = 40;
export const WIDGET_CONFIG_MAX_FIELDS = 50;

/** A pipeline declares at most this many `fields`. */
export const PIPELINE_MAX_FIELDS = 50;

/** A dashboard slug: 3..64 of lower-case letters, digits and "-". */
export const SLUG_PATTERN = /^[a-z0-9-]{3,64}$/;

/** A widget `type` as stored (which types exist is the widget registry's business). */
export const WIDGET_TYPE_PATTERN = /^[a-z_]{1,40}$/;

/** Alert rules' time settings, in seconds. */
export const ALERT_LIMITS = {
  windowSeconds: { min: 0, max: 3600 },
  forSeconds: { min: 0, max: 86400 },
  noDataSeconds: { min: 10, max: 86400 },
} as const satisfies Record<string, IntRange>;

/**
 * An ingest request: 1..500 records, a body of at most 1 MiB; tokens are at
 * least 32 characters. A token's rate limit (records/s, settable per token)
 * and how long an `Idempotency-Key` is remembered.
 */
export const INGEST_LIMITS = {
  maxRecords: 500,
  maxBodyBytes: 1024 * 1024,
  minTokenLength: 32,
  prefixLength: 8,
  recordsPerSecond: { min: 1, max: 1000, default: 100 },
  idempotencyMs: 24 * 3600_000,
  idempotencyKeyLength: 255,
} as const;

/** An alert channel's HMAC secret length. */
export const CHANNEL_SECRET_LENGTH: IntRange = { min: 16, max: 128 };

export const ROLES: readonly Role[] = ['owner', 'editor', 'producer', 'viewer'];
export const INVITE_ROLES: readonly InviteRole[] = ['editor', 'producer', 'viewer'];
export const LIVE_MODES: readonly LiveMode[] = ['instant', 'economy', 'auto'];
export const FIELD_TYPES: readonly FieldType[] = ['number', 'string', 'bool'];
export const HISTORY_RESOLUTIONS: readonly HistoryResolution[] = ['minute', 'hour', 'day'];
export const ALERT_OPS: readonly AlertOp[] = ['above', 'below', 'outside', 'inside'];
export const ALERT_AGGREGATIONS: readonly AlertAggregation[] = ['last', 'avg', 'min', 'max'];
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];
export const ALERT_STATES: readonly AlertStateName[] = ['normal', 'pending', 'firing', 'nodata', 'error'];
