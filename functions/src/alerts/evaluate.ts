/**
 * Evaluates a pipeline's enabled alert rules against its window (and, for a
 * window of time the last 100 records do not cover, its minute buckets) and
 * writes what changed: `alerts/{ruleId}`, one `alertEvents` document per
 * change, and one webhook delivery per change and channel (deliver.ts sends
 * it from a task queue: a slow URL holds up no evaluation).
 *
 * Called after every flush that took in records (the new records are in the
 * window the flush wrote: no record document is read), after a rule is
 * written, and every minute by the schedule for what time alone changes
 * (`forSeconds`, `noDataSeconds`).
 *
 * Idempotent: the states are read and written in one transaction, steps of a
 * state that does not change write nothing, and event ids are derived from
 * the change. `backend/alerts.through` is the newest record whose step was
 * written: a rule without a window steps each record after it, in log order,
 * so a crossing record and the next fall back both count ("each record as it
 * comes"). An evaluation that changes nothing leaves it, and the next one
 * steps those records again from the same states, to the same result.
 */
import { FieldValue, Timestamp, type DocumentData, type DocumentReference, type DocumentSnapshot, type Firestore } from 'firebase-admin/firestore';
import {
  BUCKET_MS,
  bucketStartInSpan,
  compareRecords,
  evaluateBuckets,
  evaluateRecords,
  fieldValue,
  historyDocIdsBetween,
  isSilenced,
  notifies,
  parseAlertRule,
  SEVERITIES,
  severityAtLeast,
  stepAlert,
  WINDOW_SIZE,
  type AlertRule,
  type AlertStateName,
  type FieldAggregate,
  type RecordPosition,
  type RuleStatus,
  type Severity,
  type TimedData,
} from '../../../contract/index.ts';
import { logger } from 'firebase-functions';
import { readHistoryState } from '../history/state.js';
import { enqueueDeliveries, STALE_AFTER_MS } from './deliver.js';
import { backendStateRef, pipelineRef, queryReads, readWindow, windowRef } from '../rollup/log.js';

export interface AlertRunResult {
  rules: number;
  /** State changes written (several per rule when records crossed and fell back). */
  changes: number;
  deliveries: number;
  reads: number;
  writes: number;
}

/** A record of the window, with its position for the cursor. */
interface WindowEntry extends TimedData {
  position: RecordPosition<Timestamp>;
}

/** The newest record stepped (`backend/alerts.through`), 'start' before any record, 'none' before any evaluation. */
type Cursor = RecordPosition<Timestamp> | 'start' | 'none';

interface Change {
  rule: AlertRule;
  from: AlertStateName;
  to: RuleStatus;
}

export const alertStateRef = (db: Firestore, pipelineId: string, ruleId: string): DocumentReference =>
  db.doc(`pipelines/${pipelineId}/alerts/${ruleId}`);

/** `backend/alerts`: `through` (the cursor) and `rules`, the number of enabled rules (see hasEnabledAlertRules). */
const cursorRef = (db: Firestore, pipelineId: string): DocumentReference => backendStateRef(db, pipelineId, 'alerts');

/** Recounts the pipeline's enabled rules into `backend/alerts.rules` (after a rule is written). */
export async function syncRuleCount(db: Firestore, pipelineId: string): Promise<number> {
  const count = (await db.collection(`pipelines/${pipelineId}/alertRules`).where('enabled', '==', true).count().get()).data().count;
  // In a transaction with the pipeline: a rule deleted by the pipeline's cascade must not recreate its state.
  await db.runTransaction(async (tx) => {
    if ((await tx.get(pipelineRef(db, pipelineId))).exists) tx.set(cursorRef(db, pipelineId), { rules: count }, { merge: true });
  });
  return count;
}

/** A team never changes for a pipeline: read once per instance. */
const teamOfPipeline = new Map<string, string>();

async function teamIdOf(db: Firestore, pipelineId: string): Promise<string | null> {
  const cached = teamOfPipeline.get(pipelineId);
  if (cached) return cached;
  const teamId: unknown = (await pipelineRef(db, pipelineId).get()).get('teamId');
  if (typeof teamId !== 'string') return null;
  teamOfPipeline.set(pipelineId, teamId);
  return teamId;
}

function readStatus(snap: DocumentSnapshot): RuleStatus | null {
  const state: unknown = snap.get('state');
  const since: unknown = snap.get('since');
  if (typeof state !== 'string' || !(since instanceof Timestamp)) return null;
  const value: unknown = snap.get('value');
  const reason: unknown = snap.get('reason');
  return {
    state: state as AlertStateName,
    sinceMs: since.toMillis(),
    value: typeof value === 'number' ? value : null,
    ...(typeof reason === 'string' && { reason }),
  };
}

const statusDoc = (s: RuleStatus) => ({
  state: s.state,
  since: Timestamp.fromMillis(s.sinceMs),
  value: s.value,
  updatedAt: FieldValue.serverTimestamp(),
  ...(s.reason !== undefined && { reason: s.reason }),
});

/** The event id of a change: the same change evaluated twice is one event. */
export const eventId = (ruleId: string, to: RuleStatus): string => `${ruleId}-${to.sinceMs}-${to.state}`;

/** Minute buckets of `field` over [fromMs, now]: the history documents plus the rollup's open minute. */
async function minuteBuckets(
  db: Firestore,
  pipelineId: string,
  openMinute: { startMs: number; fields: Record<string, FieldAggregate> } | null,
  fromMs: number,
  nowMs: number,
): Promise<{ byField: (field: string, fromMs: number) => FieldAggregate[]; reads: number }> {
  const start = fromMs - (fromMs % BUCKET_MS.minute);
  const ids = historyDocIdsBetween('minute', start, nowMs);
  const snaps = await db.getAll(...ids.map((id) => db.doc(`pipelines/${pipelineId}/history/${id}`)));
  const buckets: { startMs: number; fields: Record<string, FieldAggregate> }[] = [];
  for (const snap of snaps) {
    const spanStart: unknown = snap.get('start');
    const stored: unknown = snap.get('buckets');
    if (!(spanStart instanceof Timestamp) || !stored || typeof stored !== 'object') continue;
    for (const [key, bucket] of Object.entries(stored as Record<string, { fields?: Record<string, FieldAggregate> }>)) {
      const startMs = bucketStartInSpan('minute', spanStart.toMillis(), key);
      if (startMs >= start && bucket.fields && startMs !== openMinute?.startMs) buckets.push({ startMs, fields: bucket.fields });
    }
  }
  if (openMinute) buckets.push(openMinute);
  buckets.sort((a, b) => a.startMs - b.startMs);
  return {
    // A bucket that ends after `fromMs` overlaps the window: windows are rounded out to whole minutes.
    byField: (field, fromMs) => buckets.flatMap((b) => (b.startMs + BUCKET_MS.minute > fromMs && b.fields[field] ? [b.fields[field]] : [])),
    reads: Math.max(1, snaps.length),
  };
}

/** Steps one rule over the window: each record after the cursor (no window), then the clock. */
function stepRule(
  rule: AlertRule,
  prev: RuleStatus | null,
  window: WindowEntry[],
  cursor: Cursor,
  windowed: (rule: AlertRule) => ReturnType<typeof evaluateRecords>,
  nowMs: number,
): { status: RuleStatus; changes: Change[] } {
  const changes: Change[] = [];
  let status = prev;
  const step = (atMs: number, evaluation: ReturnType<typeof evaluateRecords>, lastDataMs: number) => {
    const next = stepAlert(rule, status, { atMs, evaluation, lastDataMs });
    if (next !== status && status) changes.push({ rule, from: status.state, to: next });
    status = next;
  };
  const newest = window.at(-1);
  const lastDataMs = newest?.ms ?? rule.createdAt.toMillis();
  if (rule.windowSeconds === 0) {
    const fresh = cursor === 'none' ? [] : cursor === 'start' ? window : window.filter((r) => compareRecords(r.position, cursor) > 0);
    // A rule's first evaluation starts from the newest data, not from records it never saw.
    for (const record of prev ? fresh : []) {
      const v = fieldValue(rule.field, record.data);
      if (v !== undefined) step(record.ms, typeof v === 'object' ? v : { value: v }, record.ms);
    }
    const withField = window.filter((r) => r.data[rule.field] !== undefined).slice(-1);
    step(nowMs, evaluateRecords(rule, withField), lastDataMs);
  } else {
    step(nowMs, windowed(rule), lastDataMs);
  }
  return { status: status!, changes };
}

/** Evaluates the pipeline's enabled rules now; see the module comment. */
export async function evaluatePipelineAlerts(db: Firestore, pipelineId: string, nowMs = Date.now()): Promise<AlertRunResult> {
  const result: AlertRunResult = { rules: 0, changes: 0, deliveries: 0, reads: 0, writes: 0 };
  const rulesSnap = await db.collection(`pipelines/${pipelineId}/alertRules`).where('enabled', '==', true).get();
  result.reads += queryReads(rulesSnap.size);
  const rules = rulesSnap.docs.flatMap((d) => {
    try {
      return [parseAlertRule(d.id, d.data())];
    } catch {
      return []; // the rules admit no such document; trusted code may write one, and it is not evaluated
    }
  });
  result.rules = rules.length;
  if (rules.length === 0) return result;
  const teamId = await teamIdOf(db, pipelineId);
  if (!teamId) return result;

  const windowSnap = await windowRef(db, pipelineId).get();
  result.reads += 1;
  const stored = readWindow(windowSnap);
  const window: WindowEntry[] = stored.records.map((r) => ({ ms: r.ts.toMillis(), data: r.data, position: { ts: r.ts, id: r.id } }));
  const longest = Math.max(...rules.map((r) => r.windowSeconds)) * 1000;
  const covered = window.length < WINDOW_SIZE || (window[0] !== undefined && window[0].ms <= nowMs - longest);
  let buckets: Awaited<ReturnType<typeof minuteBuckets>> | null = null;
  if (!covered) {
    const open = readHistoryState(windowSnap).minute;
    buckets = await minuteBuckets(db, pipelineId, open && { startMs: open.startMs, fields: open.bucket.fields }, nowMs - longest, nowMs);
    result.reads += buckets.reads;
  }
  const windowed = (rule: AlertRule) => {
    const fromMs = nowMs - rule.windowSeconds * 1000;
    if (window.length < WINDOW_SIZE || (window[0] !== undefined && window[0].ms <= fromMs) || !buckets) {
      return evaluateRecords(rule, window.filter((r) => r.ms > fromMs));
    }
    return { value: evaluateBuckets(rule.aggregation, buckets.byField(rule.field, fromMs)) };
  };

  let deliveryPaths: string[] = [];
  await db.runTransaction(async (tx) => {
    deliveryPaths = [];
    const refs = rules.map((r) => alertStateRef(db, pipelineId, r.id));
    const [pipeline, cursorSnap, ...stateSnaps] = await tx.getAll(pipelineRef(db, pipelineId), cursorRef(db, pipelineId), ...refs);
    let reads = 2 + refs.length;
    // Nothing is written after the pipeline's delete (its cascade would miss it).
    if (!pipeline!.exists) {
      result.reads += reads;
      return;
    }
    // No cursor document: the pipeline's first evaluation, which starts from the newest data.
    // `through: null`: evaluated while the window was empty, so every record in it is new.
    const through: unknown = cursorSnap!.get('through');
    const cursor: Cursor = through === undefined ? 'none' : isPosition(through) ? through : 'start';
    const counted = cursorSnap!.get('rules') === rules.length;
    const changes: Change[] = [];
    const states: { ref: DocumentReference; status: RuleStatus }[] = [];
    rules.forEach((rule, i) => {
      const prev = readStatus(stateSnaps[i]!);
      const stepped = stepRule(rule, prev, window, cursor, windowed, nowMs);
      changes.push(...stepped.changes);
      if (!prev || prev.state !== stepped.status.state || prev.sinceMs !== stepped.status.sinceMs) {
        states.push({ ref: refs[i]!, status: stepped.status });
      }
    });
    if (states.length === 0) {
      // The schedule heals a count that a lost rule trigger left wrong.
      if (!counted) tx.set(cursorRef(db, pipelineId), { rules: rules.length }, { merge: true });
      result.reads += reads;
      return;
    }
    // All reads before the first write, as transactions demand.
    const told = changes.filter((c) => notifies(c.from, c.to.state) && !isSilenced(c.rule.silencedUntil?.toMillis(), nowMs));
    const channels = told.length > 0 ? await tx.get(db.collection(`teams/${teamId}/alertChannels`).where('enabled', '==', true)) : null;
    if (channels) reads += queryReads(channels.size);

    let writes = 0;
    const write = (ref: DocumentReference, data: DocumentData) => {
      tx.set(ref, data);
      writes++;
    };
    for (const { ref, status } of states) write(ref, statusDoc(status));
    for (const change of changes) {
      write(db.doc(`teams/${teamId}/alertEvents/${eventId(change.rule.id, change.to)}`), {
        pipelineId,
        ruleId: change.rule.id,
        from: change.from,
        to: change.to.state,
        value: change.to.value,
        at: Timestamp.fromMillis(change.to.sinceMs),
      });
    }
    let deliveries = 0;
    for (const change of told) {
      for (const channel of channels?.docs ?? []) {
        const minSeverity: unknown = channel.get('minSeverity');
        if (!SEVERITIES.includes(minSeverity as Severity) || !severityAtLeast(change.rule.severity, minSeverity as Severity)) continue;
        const delivery = channel.ref.collection('deliveries').doc(eventId(change.rule.id, change.to));
        write(delivery, deliveryDoc(teamId, pipelineId, change, nowMs));
        deliveryPaths.push(delivery.path);
        deliveries++;
      }
    }
    tx.set(cursorRef(db, pipelineId), { through: window.at(-1)?.position ?? null, rules: rules.length }, { merge: true });
    writes++;
    Object.assign(result, { changes: changes.length, deliveries, writes, reads: result.reads + reads });
  });
  // Not awaited by the transaction: a failed enqueue is retried by the schedule (deliver.ts).
  await enqueueDeliveries(deliveryPaths).catch((err: unknown) => logger.warn('webhook enqueue failed', { pipelineId, err: String(err) }));
  return result;
}

const isPosition = (v: unknown): v is RecordPosition<Timestamp> =>
  !!v && typeof v === 'object' && (v as { ts?: unknown }).ts instanceof Timestamp && typeof (v as { id?: unknown }).id === 'string';

/** The outbox entry of one webhook delivery (deliver.ts turns it into a signed POST). */
function deliveryDoc(teamId: string, pipelineId: string, change: Change, nowMs: number) {
  return {
    status: 'pending',
    event: {
      teamId,
      pipelineId,
      ruleId: change.rule.id,
      ruleName: change.rule.name,
      severity: change.rule.severity,
      from: change.from,
      to: change.to.state,
      value: change.to.value,
      at: Timestamp.fromMillis(change.to.sinceMs),
    },
    attempts: [],
    createdAt: FieldValue.serverTimestamp(),
    nextAttemptAt: Timestamp.fromMillis(nowMs + STALE_AFTER_MS),
  };
}

/** Every pipeline with an enabled rule, evaluated by the clock (the schedule, every minute). */
export async function evaluateAllAlerts(db: Firestore, nowMs = Date.now()): Promise<{ pipelines: number; changes: number; failed: number }> {
  const rules = await db.collectionGroup('alertRules').where('enabled', '==', true).select().get();
  const ids = [...new Set(rules.docs.map((d) => d.ref.parent.parent!.id))];
  const summary = { pipelines: ids.length, changes: 0, failed: 0 };
  for (let i = 0; i < ids.length; i += 8) {
    const runs = await Promise.allSettled(ids.slice(i, i + 8).map((id) => evaluatePipelineAlerts(db, id, nowMs)));
    for (const run of runs) {
      if (run.status === 'fulfilled') summary.changes += run.value.changes;
      else summary.failed++;
    }
  }
  return summary;
}

/** A rule deleted or disabled has no state: the state of a rule that is not evaluated would lie. */
export async function dropAlertState(db: Firestore, pipelineId: string, ruleId: string): Promise<void> {
  await alertStateRef(db, pipelineId, ruleId).delete();
}

