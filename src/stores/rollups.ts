import {
  collection,
  doc,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  type DocumentSnapshot,
  type FirestoreError,
  type Unsubscribe,
} from 'firebase/firestore';
import { defineStore } from 'pinia';
import { markRaw, onScopeDispose, reactive, watch } from 'vue';
import { db } from '../firebase.ts';
import type { WindowRecord } from '../widgets/types.ts';
import { useAuthStore } from './auth.ts';
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
}

/** How often failed listeners are attached again while something still uses them. */
export const RETRY_MS = 30_000;

const FALLBACK_LIMIT = 100;

interface Subscription {
  refs: number;
  stops: Unsubscribe[];
  /** Identifies the rollup's content, to tell data changes from metadata-only snapshots. */
  rollupKey: string | undefined;
  /** The content last delivered by the server (what a read was counted for). */
  countedKey: string | undefined;
  facts: RollupFacts;
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
  if (hasRecords) return 'ready';
  if (facts.failed) return 'error';
  if (facts.denied) return 'unavailable';
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
    return (states[pipelineId] ??= { status: 'loading', records: EMPTY, source: null, fromCache: false, error: null });
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
    update(pipelineId, sub);
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
      s.records = markRaw(toWindowRecords(snap.get('records')));
      s.source = 'rollup';
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
        countReads(Math.max(1, snap.size));
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
  }

  function subscription(refs: number): Subscription {
    return {
      refs,
      stops: [],
      rollupKey: undefined,
      countedKey: undefined,
      facts: { pipelineExists: undefined, denied: false, failed: false, rollupMissing: false, fallback: 'idle' },
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

  /** Number of live listeners (two per pipeline in use). */
  function listenerCount(): number {
    let n = 0;
    for (const sub of subs.values()) n += sub.stops.length;
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
