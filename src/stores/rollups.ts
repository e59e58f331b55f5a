import {
  collection,
  doc,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
  type DocumentSnapshot,
  type FirestoreError,
  type QuerySnapshot,
  type Unsubscribe,
} from 'firebase/firestore';
import { defineStore } from 'pinia';
import { markRaw, onScopeDispose, reactive, watch } from 'vue';
import { db } from '../firebase.ts';
import type { WindowRecord } from '../widgets/types.ts';
import { liveFirestore } from '../liveFirestore.ts';
import { useAuthStore } from '../account/authStore.ts';
import { effectiveMode, mergeLiveWindow, recentRate, shouldReanchor, VIEW_SIZE, type DeliveryMode, type LiveSetting } from './liveWindow.ts';
import { countReads } from './readMeter.ts';
import { recordDocsToWindow, toWindowRecords } from './windowRecords.ts';

/**
 * - loading: nothing known yet
 * - ready: `records` holds the window (possibly from the offline cache)
 * - waiting: the pipeline has no rollup yet, and no records could be read instead
 * - deleted: the pipeline document is gone
 * - unavailable: the pipeline cannot be read (deleted, or not shared with this viewer)
 * - error: a listener failed; `error` says why, and it is retried
 */
export type RollupStatus = 'loading' | 'ready' | 'waiting' | 'deleted' | 'unavailable' | 'error';

export interface RollupState {
  status: RollupStatus;
  /** The window, oldest first. Not deeply reactive: replaced whole on each change. */
  records: readonly WindowRecord[];
  /** Where `records` came from: the rollup document, or the one-off fallback query of the log. */
  source: 'rollup' | 'records' | null;
  /** The data comes from the local cache, not (yet) confirmed by the server. */
  fromCache: boolean;
  error: string | null;
  /** Instant: the window plus a listener on the records past it; economy: the window only. */
  mode: DeliveryMode;
}

/** How often failed listeners are attached again while something still uses them. */
export const RETRY_MS = 30_000;

const FALLBACK_LIMIT = 100;

/** A listener on a pipeline's records from a window's last record on (instant mode). */
interface Tail {
  /** `ts|id` of the window record the query starts at. */
  anchor: string;
  stop: Unsubscribe;
  records: readonly WindowRecord[];
  /** The server answered once (so the first read was counted). */
  served: boolean;
}

interface Subscription {
  refs: number;
  stops: Unsubscribe[];
  /** Identifies the rollup's content, to tell data changes from metadata-only snapshots. */
  rollupKey: string | undefined;
  /** The content last delivered by the server (what a read was counted for). */
  countedKey: string | undefined;
  facts: RollupFacts;
  /** The pipeline's `live` setting. */
  live: LiveSetting | undefined;
  /** The rollup document's records; `RollupState.records` is them merged with the tail's. */
  window: readonly WindowRecord[];
  mode: DeliveryMode;
  /** The tail listener on screen, and the one re-anchored on a newer window until it delivers. */
  tail: Tail | null;
  nextTail: Tail | null;
  /** Records of the last tail, kept after it stopped until the window covers them (no visible jump). */
  tailRecords: readonly WindowRecord[];
  /** The records could not be listened to (not a member): economy. */
  tailDenied: boolean;
}

/** What the listeners of one pipeline have learnt so far. */
export interface RollupFacts {
  /** undefined until the server answered. */
  pipelineExists: boolean | undefined;
  denied: boolean;
  /** A listener failed for another reason than permissions. */
  failed: boolean;
  /** The server said there is no rollup document. */
  rollupMissing: boolean;
  fallback: 'idle' | 'running' | 'done';
}

/** The status shown for a window, from what its listeners learnt and whether it has records. */
export function deriveStatus(facts: RollupFacts, hasRecords: boolean): RollupStatus {
  if (facts.pipelineExists === false) return 'deleted';
  // Access lost (the pipeline deleted, or no longer shared): what was read before is not shown as live.
  if (facts.denied) return 'unavailable';
  if (hasRecords) return 'ready';
  if (facts.failed) return 'error';
  if (facts.rollupMissing && facts.fallback === 'done') return 'waiting';
  return 'loading';
}

const EMPTY: readonly WindowRecord[] = Object.freeze([]);

/**
 * The rolling windows of pipelines, one listener per `rollups/last100` document
 * (and one per pipeline document, to notice deletion) however many widgets read
 * them: `acquire` and `release` count the users.
 */
export const useRollupStore = defineStore('rollups', () => {
  const auth = useAuthStore();
  const states = reactive<Record<string, RollupState>>({});
  const subs = new Map<string, Subscription>();

  function state(pipelineId: string): RollupState {
    return (states[pipelineId] ??= { status: 'loading', records: EMPTY, source: null, fromCache: false, error: null, mode: 'economy' });
  }

  function update(pipelineId: string, sub: Subscription): void {
    if (subs.get(pipelineId) !== sub) return;
    const s = state(pipelineId);
    s.status = deriveStatus(sub.facts, s.source !== null);
  }

  function onFailure(pipelineId: string, sub: Subscription, err: FirestoreError): void {
    if (err.code === 'permission-denied') sub.facts.denied = true;
    else {
      sub.facts.failed = true;
      state(pipelineId).error = err.message;
    }
    update(pipelineId, sub);
  }

  function onPipeline(pipelineId: string, sub: Subscription, snap: DocumentSnapshot): void {
    if (snap.metadata.fromCache && !snap.exists()) return; // not cached: wait for the server's answer
    if (!snap.metadata.fromCache && sub.facts.pipelineExists === undefined) countReads(1);
    sub.facts.pipelineExists = snap.exists();
    const live: unknown = snap.get('live');
    sub.live = live === 'instant' || live === 'economy' || live === 'auto' ? live : undefined;
    update(pipelineId, sub);
    deliver(pipelineId, sub);
  }

  /** Whether this viewer may read the pipeline's records (a tail was never refused). */
  function isMember(sub: Subscription): boolean {
    return auth.uid !== null && !sub.tailDenied;
  }

  /** Picks the mode, moves the tail listener to the window's last record, and shows the merge. */
  function deliver(pipelineId: string, sub: Subscription): void {
    if (subs.get(pipelineId) !== sub) return;
    const s = state(pipelineId);
    const view = mergeLiveWindow(sub.window, sub.tailRecords);
    sub.mode = effectiveMode(sub.live, recentRate(view), isMember(sub), sub.mode);
    s.mode = sub.mode;
    const last = sub.window.at(-1);
    if (sub.mode === 'instant' && s.source === 'rollup' && last) listenTail(pipelineId, sub, last);
    else stopTails(sub);
    if (s.source === 'rollup') s.records = markRaw(view);
  }

  function stopTails(sub: Subscription): void {
    sub.tail?.stop();
    sub.nextTail?.stop();
    sub.tail = sub.nextTail = null;
  }

  /**
   * Listens to the records from `last` on (`>=`, so records sharing its ts are
   * not missed; the merge drops those the window holds), through the live
   * Firestore instance (memory cache, see liveFirestore.ts). A listening tail is
   * kept until `shouldReanchor` says the window has overtaken enough of it, and
   * a re-anchored one waits for its first answer: the previous tail stays on
   * screen until then, so there is no gap, and the merge keeps each record once.
   */
  function listenTail(pipelineId: string, sub: Subscription, last: WindowRecord): void {
    const anchor = `${last.ts.getTime()}|${last.id}`;
    if (sub.nextTail) return;
    if (sub.tail && (sub.tail.anchor === anchor || !shouldReanchor(sub.tail.records, last))) return;
    const tail: Tail = { anchor, stop: () => undefined, records: EMPTY, served: false };
    sub.nextTail = tail;
    const current = () => sub.tail === tail || sub.nextTail === tail;
    const failed = (err: { code?: string; message: string }) => {
      if (!current()) return;
      // Not a member, or the query failed: the window alone still shows everything, a flush later.
      sub.tailDenied = true;
      if (err.code !== 'permission-denied') state(pipelineId).error = err.message;
      deliver(pipelineId, sub);
    };
    liveFirestore().then((live) => {
      if (!current()) return; // stopped while the live instance signed in
      tail.stop = onSnapshot(
        query(collection(live, 'pipelines', pipelineId, 'records'), where('ts', '>=', last.ts), orderBy('ts'), limit(VIEW_SIZE)),
        (snap) => onTail(pipelineId, sub, tail, snap),
        failed,
      );
    }, failed);
  }

  function onTail(pipelineId: string, sub: Subscription, tail: Tail, snap: QuerySnapshot): void {
    if (!snap.metadata.fromCache) {
      // One read per document delivered, at least one for the query's first answer.
      countReads(tail.served ? snap.docChanges().length : Math.max(1, snap.docChanges().length), 'records');
      tail.served = true;
    }
    if (sub.nextTail === tail) {
      // A new query may first answer from an incomplete cache: switch once the server answered.
      if (!tail.served) return;
      sub.tail?.stop();
      sub.tail = tail;
      sub.nextTail = null;
    }
    if (sub.tail !== tail) return;
    tail.records = toWindowRecords(snap.docs.map((d) => ({ id: d.id, ts: d.get('ts'), data: d.get('data') })));
    sub.tailRecords = tail.records;
    const view = mergeLiveWindow(sub.window, sub.tailRecords);
    // The tail's records count in the rate too: auto turns economy as soon as they show a busy pipeline.
    if (effectiveMode(sub.live, recentRate(view), isMember(sub), sub.mode) !== sub.mode) {
      deliver(pipelineId, sub);
      return;
    }
    const s = state(pipelineId);
    if (s.source === 'rollup') s.records = markRaw(view);
  }

  function onRollup(pipelineId: string, sub: Subscription, snap: DocumentSnapshot): void {
    const s = state(pipelineId);
    if (!snap.exists()) {
      if (snap.metadata.fromCache) return;
      if (sub.countedKey !== 'missing') countReads(1);
      sub.rollupKey = sub.countedKey = 'missing';
      sub.facts.rollupMissing = true;
      update(pipelineId, sub);
      void fallback(pipelineId, sub);
      return;
    }
    sub.facts.rollupMissing = false;
    s.fromCache = snap.metadata.fromCache;
    // Metadata-only snapshots (cache -> server) keep the same records array, so widgets do not recompute.
    const key = `${snap.get('count')}|${snap.get('updatedAt')?.toMillis?.()}|${snap.get('lastTs')?.toMillis?.()}`;
    if (!snap.metadata.fromCache && key !== sub.countedKey) {
      countReads(1);
      sub.countedKey = key;
    }
    if (key !== sub.rollupKey) {
      sub.rollupKey = key;
      sub.window = toWindowRecords(snap.get('records'));
      s.source = 'rollup';
      deliver(pipelineId, sub);
    }
    s.error = null;
    update(pipelineId, sub);
  }

  /** A pipeline without a rollup yet: members read the newest records once, as the log holds them. */
  async function fallback(pipelineId: string, sub: Subscription): Promise<void> {
    if (sub.facts.fallback !== 'idle') return;
    const s = state(pipelineId);
    sub.facts.fallback = 'running';
    // Signed out means a public viewer: the records themselves are never public.
    if (auth.uid) {
      try {
        const snap = await getDocs(
          query(collection(db, 'pipelines', pipelineId, 'records'), orderBy('ts', 'desc'), limit(FALLBACK_LIMIT)),
        );
        countReads(Math.max(1, snap.size), 'records');
        if (subs.get(pipelineId) === sub && sub.facts.rollupMissing && snap.size > 0) {
          s.records = markRaw(recordDocsToWindow(snap.docs.map((d) => ({ id: d.id, data: d.data({ serverTimestamps: 'estimate' }) }))));
          s.source = 'records';
          s.fromCache = snap.metadata.fromCache;
        }
      } catch {
        // Not a member of the pipeline's team: the same as a public viewer.
      }
    }
    sub.facts.fallback = 'done';
    update(pipelineId, sub);
  }

  function attach(pipelineId: string, sub: Subscription): void {
    const pipelineRef = doc(db, 'pipelines', pipelineId);
    sub.stops.push(
      onSnapshot(
        pipelineRef,
        { includeMetadataChanges: true },
        (snap) => onPipeline(pipelineId, sub, snap),
        (err) => onFailure(pipelineId, sub, err),
      ),
      onSnapshot(
        doc(pipelineRef, 'rollups', 'last100'),
        { includeMetadataChanges: true },
        (snap) => onRollup(pipelineId, sub, snap),
        (err) => onFailure(pipelineId, sub, err),
      ),
    );
  }

  function detach(sub: Subscription): void {
    for (const stop of sub.stops.splice(0)) stop();
    stopTails(sub);
  }

  function subscription(refs: number): Subscription {
    return {
      refs,
      stops: [],
      rollupKey: undefined,
      countedKey: undefined,
      facts: { pipelineExists: undefined, denied: false, failed: false, rollupMissing: false, fallback: 'idle' },
      live: undefined,
      window: EMPTY,
      // Auto's first decision uses the threshold into economy.
      mode: 'instant',
      tail: null,
      nextTail: null,
      tailRecords: EMPTY,
      tailDenied: false,
    };
  }

  /** Starts (or shares) the listeners of a pipeline's window; pair with `release`. */
  function acquire(pipelineId: string): RollupState {
    const sub = subs.get(pipelineId);
    if (sub) {
      sub.refs++;
      return state(pipelineId);
    }
    const created = subscription(1);
    subs.set(pipelineId, created);
    attach(pipelineId, created);
    return state(pipelineId);
  }

  /** Drops one user of a pipeline's window; the last one stops its listeners and forgets it. */
  function release(pipelineId: string): void {
    const sub = subs.get(pipelineId);
    if (!sub) return;
    if (--sub.refs > 0) return;
    detach(sub);
    subs.delete(pipelineId);
    delete states[pipelineId];
  }

  /** Attaches again the listeners of every window (`all`), or of those that failed, keeping their users. */
  function reattach(which: 'all' | 'failed'): void {
    for (const [pipelineId, sub] of [...subs]) {
      if (which === 'failed' && !sub.facts.denied && !sub.facts.failed) continue;
      detach(sub);
      const fresh = subscription(sub.refs);
      subs.set(pipelineId, fresh);
      const s = state(pipelineId);
      if (which === 'all') {
        s.records = EMPTY;
        s.source = null;
      }
      s.error = null;
      update(pipelineId, fresh);
      attach(pipelineId, fresh);
    }
  }

  /** Number of live listeners (two per pipeline in use, plus one or two tails in instant mode). */
  function listenerCount(): number {
    let n = 0;
    for (const sub of subs.values()) n += sub.stops.length + (sub.tail ? 1 : 0) + (sub.nextTail ? 1 : 0);
    return n;
  }

  // Another user may read other pipelines (or fewer): nothing read as the previous one is kept.
  watch(
    () => auth.uid,
    () => reattach('all'),
  );
  const retry = setInterval(() => reattach('failed'), RETRY_MS);

  onScopeDispose(() => {
    clearInterval(retry);
    for (const sub of subs.values()) detach(sub);
    subs.clear();
  });

  return { states, acquire, release, reattach, listenerCount };
});
