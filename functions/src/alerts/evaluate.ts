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
 * Cost: `backend/alerts` holds what an evaluation needs besides the window,
 * a copy of the enabled rules and of their states (the `alerts/{ruleId}`
 * documents stay what clients read), so an evaluation after a flush reads the
 * window and that one document, however many rules there are. A rule write
 * and the schedule copy the rules again from `alertRules`, the truth.
 *
 * Idempotent: the states are read and written in one transaction, steps of a
 * state that does not change write nothing, and event ids are derived from
 * the change. `backend/alerts.through` is the newest record whose step was
 * written: a rule without a window steps each record after it, in log order,
 * so a crossing record and the next fall back both count ("each record as it
 * comes"). An evaluation that changes nothing leaves it, and the next one
 * steps those records again from the same states, to the same result.
 */
import { FieldValue, Timestamp, type DocumentData, type DocumentReference, type Firestore } from 'firebase-admin/firestore';
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

/**
 * `backend/alerts`: `through` (the cursor), `rules` (ruleId → the enabled
 * rule's document), `ruleCount` (see hasEnabledAlertRules) and `states`
 * (ruleId → its state, as in `alerts/{ruleId}` less the clients' `ack`).
 */
const cursorRef = (db: Firestore, pipelineId: string): DocumentReference => backendStateRef(db, pipelineId, 'alerts');

const enabledRules = (db: Firestore, pipelineId: string) => db.collection(`pipelines/${pipelineId}/alertRules`).where('enabled', '==', true);

/** The rules of documents (a rule's id → its data), less what the rules admit no client to write. */
function parseRules(docs: Record<string, unknown>): AlertRule[] {
  return Object.entries(docs)
    .flatMap(([id, data]) => {
      try {
        return [parseAlertRule(id, data)];
      } catch {
        return []; // trusted code may write such a rule; it is not evaluated
      }
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

const mapOf = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The same data, whatever the order of its keys (a copy of a document against the document). */
function sameData(a: unknown, b: unknown): boolean {
  if (a instanceof Timestamp || b instanceof Timestamp) return a instanceof Timestamp && b instanceof Timestamp && a.isEqual(b);
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return a === b;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
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

function readStatus(entry: unknown): RuleStatus | null {
  const { state, since, value, reason } = mapOf(entry);
  if (typeof state !== 'string' || !(since instanceof Timestamp)) return null;
  return {
    state: state as AlertStateName,
    sinceMs: since.toMillis(),
    value: typeof value === 'number' ? value : null,
    ...(typeof reason === 'string' && { reason }),
  };
}

/** A state as `backend/alerts.states` keeps it; its document adds `updatedAt`. */
const statusEntry = (s: RuleStatus) => ({
  state: s.state,
  since: Timestamp.fromMillis(s.sinceMs),
  value: s.value,
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

/** Thrown in the transaction when its rules need more minutes of history than the plan read. */
class Replan extends Error {
  constructor(readonly longestMs: number) {
    super('the rules need more history');
  }
}

/**
 * Evaluates the pipeline's enabled rules now; see the module comment.
 * `syncRules` reads the rules from `alertRules` (after a rule is written, and
 * on the schedule, which heals a copy that a lost trigger left stale);
 * otherwise they are the copy in `backend/alerts`.
 */
export async function evaluatePipelineAlerts(
  db: Firestore,
  pipelineId: string,
  nowMs = Date.now(),
  { syncRules = false }: { syncRules?: boolean } = {},
): Promise<AlertRunResult> {
  const result: AlertRunResult = { rules: 0, changes: 0, deliveries: 0, reads: 0, writes: 0 };
  const [windowSnap, planned] = await db.getAll(windowRef(db, pipelineId), cursorRef(db, pipelineId));
  result.reads += 2;
  if (!syncRules && Object.keys(mapOf(planned!.get('rules'))).length === 0) return result;
  const teamId = await teamIdOf(db, pipelineId);
  if (!teamId) return result;
  const stored = readWindow(windowSnap!);
  const window: WindowEntry[] = stored.records.map((r) => ({ ms: r.ts.toMillis(), data: r.data, position: { ts: r.ts, id: r.id } }));
  const uncovered = (rules: readonly AlertRule[]) => {
    const longest = Math.max(0, ...rules.map((r) => r.windowSeconds)) * 1000;
    return window.length < WINDOW_SIZE || (window[0] !== undefined && window[0].ms <= nowMs - longest) ? 0 : longest;
  };
  let buckets: Awaited<ReturnType<typeof minuteBuckets>> | null = null;
  let bucketsFrom = 0;
  const readBuckets = async (longest: number) => {
    const open = readHistoryState(windowSnap!).minute;
    buckets = await minuteBuckets(db, pipelineId, open && { startMs: open.startMs, fields: open.bucket.fields }, nowMs - longest, nowMs);
    bucketsFrom = longest;
    result.reads += buckets.reads;
  };
  const plannedLongest = uncovered(parseRules(mapOf(planned!.get('rules'))));
  if (plannedLongest > 0) await readBuckets(plannedLongest);
  const windowed = (rule: AlertRule) => {
    const fromMs = nowMs - rule.windowSeconds * 1000;
    if (window.length < WINDOW_SIZE || (window[0] !== undefined && window[0].ms <= fromMs) || !buckets) {
      return evaluateRecords(rule, window.filter((r) => r.ms > fromMs));
    }
    return { value: evaluateBuckets(rule.aggregation, buckets.byField(rule.field, fromMs)) };
  };

  let deliveryPaths: string[] = [];
  const transaction = () =>
    db.runTransaction(async (tx) => {
      deliveryPaths = [];
      const cursorSnap = await tx.get(cursorRef(db, pipelineId));
      let reads = 1;
      let copied = mapOf(cursorSnap.get('rules'));
      if (syncRules) {
        // Nothing is written after the pipeline's delete (its cascade would miss it).
        const [pipeline, ruleDocs] = await Promise.all([tx.get(pipelineRef(db, pipelineId)), tx.get(enabledRules(db, pipelineId))]);
        reads += 1 + queryReads(ruleDocs.size);
        result.reads += reads;
        if (!pipeline.exists) return;
        copied = Object.fromEntries(ruleDocs.docs.map((d) => [d.id, d.data()]));
      } else {
        // The cascade deletes backend/alerts with the pipeline: no copy, nothing to evaluate.
        result.reads += reads;
        if (!cursorSnap.exists) return;
      }
      const rules = parseRules(copied);
      result.rules = rules.length;
      if (uncovered(rules) > bucketsFrom) throw new Replan(uncovered(rules));
      const previous = mapOf(cursorSnap.get('states'));
      const dropped = Object.keys(previous).filter((id) => !rules.some((r) => r.id === id));
      const rulesChanged = !sameData(copied, mapOf(cursorSnap.get('rules')));
      // No `through`: the pipeline's first evaluation, which starts from the newest data.
      // `through: null`: evaluated while the window was empty, so every record in it is new.
      const through: unknown = cursorSnap.get('through');
      const cursor: Cursor = through === undefined ? 'none' : isPosition(through) ? through : 'start';
      const changes: Change[] = [];
      const states: Record<string, RuleStatus> = {};
      const changed: string[] = [];
      for (const rule of rules) {
        const prev = readStatus(previous[rule.id]);
        const stepped = stepRule(rule, prev, window, cursor, windowed, nowMs);
        changes.push(...stepped.changes);
        states[rule.id] = stepped.status;
        if (!prev || prev.state !== stepped.status.state || prev.sinceMs !== stepped.status.sinceMs) changed.push(rule.id);
      }
      if (changed.length === 0 && dropped.length === 0 && !rulesChanged) return;

      // All reads before the first write, as transactions demand.
      const told = changes.filter((c) => notifies(c.from, c.to.state) && !isSilenced(c.rule.silencedUntil?.toMillis(), nowMs));
      const channels = told.length > 0 ? await tx.get(db.collection(`teams/${teamId}/alertChannels`).where('enabled', '==', true)) : null;
      if (channels) result.reads += queryReads(channels.size);

      let writes = 0;
      const write = (ref: DocumentReference, data: DocumentData) => {
        tx.set(ref, data);
        writes++;
      };
      for (const id of changed) write(alertStateRef(db, pipelineId, id), { ...statusEntry(states[id]!), updatedAt: FieldValue.serverTimestamp() });
      // A rule deleted or disabled has no state: the state of a rule that is not evaluated would lie.
      for (const id of dropped) {
        tx.delete(alertStateRef(db, pipelineId, id));
        writes++;
      }
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
      const backend = {
        // The cursor moves only with a step written (module comment), not with a copy of the rules alone.
        ...(changed.length > 0 && { through: window.at(-1)?.position ?? null }),
        rules: copied,
        ruleCount: rules.length,
        states: Object.fromEntries(Object.entries(states).map(([id, status]) => [id, statusEntry(status)])),
      };
      // Each field whole: a rule gone from `rules` and `states` must not stay merged in.
      tx.set(cursorRef(db, pipelineId), backend, { mergeFields: Object.keys(backend) });
      writes++;
      Object.assign(result, { changes: changes.length, deliveries, writes });
    });
  for (let attempt = 1; ; attempt++) {
    try {
      await transaction();
      break;
    } catch (err) {
      if (!(err instanceof Replan) || attempt === 3) throw err;
      await readBuckets(err.longestMs);
    }
  }
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

/**
 * Every pipeline with an enabled rule, or with a copy of one in
 * `backend/alerts` (a rule disabled by a write whose trigger was lost),
 * evaluated by the clock (the schedule, every minute) from its rules as they
 * are: the schedule also heals a stale copy.
 */
export async function evaluateAllAlerts(db: Firestore, nowMs = Date.now()): Promise<{ pipelines: number; changes: number; failed: number }> {
  const [rules, copies] = await Promise.all([
    db.collectionGroup('alertRules').where('enabled', '==', true).select().get(),
    db.collectionGroup('backend').where('ruleCount', '>', 0).select().get(),
  ]);
  const ids = [...new Set([...rules.docs, ...copies.docs].map((d) => d.ref.parent.parent!.id))];
  const summary = { pipelines: ids.length, changes: 0, failed: 0 };
  for (let i = 0; i < ids.length; i += 8) {
    const runs = await Promise.allSettled(ids.slice(i, i + 8).map((id) => evaluatePipelineAlerts(db, id, nowMs, { syncRules: true })));
    for (const run of runs) {
      if (run.status === 'fulfilled') summary.changes += run.value.changes;
      else summary.failed++;
    }
  }
  return summary;
}
