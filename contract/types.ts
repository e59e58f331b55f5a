/**
 * The documents of the data contract (docs/data-model.md, version 1.1) as
 * types. No SDK here: a timestamp is whatever has the shape both Firebase
 * SDKs' Timestamps share, so the app, the functions and the tests use the
 * same types with their own SDK.
 */

/** What firebase's and firebase-admin's Timestamp have in common. */
export interface TimestampLike {
  readonly seconds: number;
  readonly nanoseconds: number;
  toMillis(): number;
}

/** A point in the log's order: a Timestamp's (seconds, nanoseconds), or a Date where the app converted one. */
export type Instant = Pick<TimestampLike, 'seconds' | 'nanoseconds'> | Date;

export type Role = 'owner' | 'editor' | 'producer' | 'viewer';
/** Roles an invite may carry: owners are made by promotion, not by invite. */
export type InviteRole = Exclude<Role, 'owner'>;

/** `teams/{teamId}` */
export interface Team {
  id: string;
  name: string;
  createdAt: TimestampLike;
  createdBy: string;
}

/** `teams/{teamId}/members/{uid}`; `uid` is the document id. */
export interface Member {
  uid: string;
  role: Role;
  email?: string;
  addedAt: TimestampLike;
}

/** `teams/{teamId}/invites/{email}`; `email` is the document id, lower-cased. */
export interface Invite {
  email: string;
  role: InviteRole;
  invitedBy: string;
  createdAt: TimestampLike;
  /** The team's name when invited, for the invitee, who cannot read the team yet. */
  teamName?: string;
}

/** `dashboards/{dashboardId}` */
export interface Dashboard {
  id: string;
  teamId: string;
  slug: string;
  title: string;
  description?: string;
  isPublic: boolean;
  createdAt: TimestampLike;
  updatedAt: TimestampLike;
  createdBy: string;
}

/** `slugs/{slug}`: the unique index of dashboard slugs. */
export interface Slug {
  slug: string;
  dashboardId: string;
  teamId: string;
}

/** A widget's place on the dashboard grid, in grid cells. */
export interface WidgetPosition {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A widget's options: the keys every type means the same by are typed; the rest is the type's own. */
export interface WidgetConfig {
  title?: string;
  fields?: string[];
  label?: string;
  unit?: string;
  range?: string;
  [key: string]: unknown;
}

/** `dashboards/{dashboardId}/widgets/{widgetId}` */
export interface Widget {
  id: string;
  type: string;
  pipelineId: string;
  config: WidgetConfig;
  position: WidgetPosition;
  createdAt: TimestampLike;
  updatedAt: TimestampLike;
}

export type FieldType = 'number' | 'string' | 'bool';

/** One declared field of a pipeline's records. */
export interface PipelineField {
  name: string;
  type: FieldType;
  unit?: string;
  label?: string;
}

/** How a pipeline's widgets update: through the rollup, straight from records, or chosen by load (the default). */
export type LiveMode = 'instant' | 'economy' | 'auto';

/** `pipelines/{pipelineId}` */
export interface Pipeline {
  id: string;
  teamId: string;
  name: string;
  description?: string;
  fields?: PipelineField[];
  /** Seconds between rollup flushes (1..60; absent means 1). */
  flushSeconds?: number;
  /** Absent means `auto`. */
  live?: LiveMode;
  /** Absent: records are kept forever. */
  retentionDays?: number;
  /** Maintained by the backend alone. */
  public: boolean;
  createdAt: TimestampLike;
  createdBy: string;
}

export type RecordValue = number | string | boolean | null;
export type RecordData = Record<string, RecordValue>;

/** `pipelines/{pipelineId}/records/{recordId}`: `producer` is a uid or `token:{tokenId}`. */
export interface LogRecord<T = TimestampLike> {
  ts: T;
  data: RecordData;
  producer: string;
}

/** A record of the log with its id, as the window merges it. */
export interface LogEntry<T = Instant> {
  id: string;
  ts: T;
  data: RecordData;
}

/** A record's place in the log: its (ts, id). */
export interface RecordPosition<T = Instant> {
  ts: T;
  id: string;
}

/** One entry of `rollups/last100.records`; a record too large for the window has `data: {}` and `truncated`. */
export interface WindowRecord<T = TimestampLike> {
  id: string;
  ts: T;
  data: RecordData;
  truncated?: true;
}

/** One field's aggregate over a bucket (booleans count as 0 and 1); `first`/`last` by (ts, id). */
export interface FieldAggregate {
  n: number;
  sum: number;
  min: number;
  max: number;
  first: number;
  last: number;
}

/** The records of one period: their number, and an aggregate per field with at least one number or boolean. */
export interface HistoryBucket {
  n: number;
  fields: Record<string, FieldAggregate>;
}

/** The current, unfinished minute, kept in the rollup. */
export interface MinuteBucket<T = TimestampLike> extends HistoryBucket {
  start: T;
}

/** `pipelines/{pipelineId}/rollups/last100`, written by Cloud Functions alone. */
export interface Rollup<T = TimestampLike> {
  records: WindowRecord<T>[];
  /** Every record ever appended to the pipeline. */
  count: number;
  lastTs: T | null;
  updatedAt: T;
  minute?: MinuteBucket<T>;
}

export type HistoryResolution = 'minute' | 'hour' | 'day';

/** `pipelines/{pipelineId}/history/{docId}`: one span (an hour of minutes, a day of hours, a month of days), UTC. */
export interface HistoryDoc<T = TimestampLike> {
  resolution: HistoryResolution;
  start: T;
  /** Keyed "00".."59" (minutes), "00".."23" (hours) or "01".."31" (days); a bucket with no record is absent. */
  buckets: Record<string, HistoryBucket>;
  updatedAt: T;
}

export type AlertOp = 'above' | 'below' | 'outside' | 'inside';
export type AlertAggregation = 'last' | 'avg' | 'min' | 'max';
export type Severity = 'info' | 'warning' | 'critical';
export type AlertStateName = 'normal' | 'pending' | 'firing' | 'nodata' | 'error';

/** `pipelines/{pipelineId}/alertRules/{ruleId}`; `value2` exactly for `outside` and `inside` (value < value2). */
export interface AlertRule {
  id: string;
  name: string;
  field: string;
  op: AlertOp;
  value: number;
  value2?: number;
  aggregation: AlertAggregation;
  /** 0 evaluates each record as it comes. */
  windowSeconds: number;
  forSeconds: number;
  noDataSeconds?: number;
  severity: Severity;
  enabled: boolean;
  silencedUntil?: TimestampLike;
  createdAt: TimestampLike;
  updatedAt: TimestampLike;
  createdBy: string;
}

export interface AlertAck {
  by: string;
  at: TimestampLike;
  comment?: string;
}

/** `pipelines/{pipelineId}/alerts/{ruleId}`: the state of the rule with the same id. */
export interface AlertState {
  ruleId: string;
  state: AlertStateName;
  since: TimestampLike;
  value: number | null;
  updatedAt: TimestampLike;
  reason?: string;
  ack?: AlertAck;
}

/** `teams/{teamId}/alertEvents/{eventId}`: one state change. */
export interface AlertEvent {
  id: string;
  pipelineId: string;
  ruleId: string;
  from: string;
  to: string;
  value: number | null;
  at: TimestampLike;
}

/** `teams/{teamId}/alertChannels/{channelId}`; its secret lives in `secret/hmac`. */
export interface AlertChannel {
  id: string;
  type: 'webhook';
  name: string;
  url: string;
  minSeverity: Severity;
  enabled: boolean;
  createdAt: TimestampLike;
  createdBy: string;
}

/** `pipelines/{pipelineId}/tokens/{tokenId}`: an ingest token's metadata (only a hash of the token is kept, elsewhere). */
export interface IngestToken {
  id: string;
  name: string;
  /** The token's first 8 characters. */
  prefix: string;
  createdAt: TimestampLike;
  createdBy: string;
  revoked: boolean;
  lastUsedAt?: TimestampLike;
}

/** `deletedTeams/{teamId}` and `deletedPipelines/{pipelineId}`: the id is never used again. */
export interface Tombstone {
  id: string;
  deletedAt: TimestampLike;
  deletedBy: string;
}
