import { doc, getDoc, onSnapshot, type DocumentSnapshot, type FirestoreError, type Unsubscribe } from 'firebase/firestore';
import { defineStore } from 'pinia';
import { onScopeDispose, shallowReactive } from 'vue';
import { BUCKET_FINAL_AFTER_MS, parseHistoryDoc, parseHistoryDocId, type HistoryDoc } from '../../contract/index.ts';
import { db } from '../firebase.ts';
import { observed, reportSnapshot } from '../live/snapshotObserver.ts';
import { rememberMissing, wasMissing } from './missingDocs.ts';

/**
 * - loading: not read yet
 * - ready: `doc` is the document (null: it does not exist)
 * - offline: no network, and this device never read it
 * - error: it could not be read, or breaks the contract
 */
export type HistoryDocStatus = 'loading' | 'ready' | 'offline' | 'error';

export interface HistoryEntry {
  status: HistoryDocStatus;
  doc: HistoryDoc | null;
  fromCache: boolean;
  /** Read from the server after its span settled: it never changes again, so it is never read again. */
  final: boolean;
  error: string | null;
}

const LOADING: HistoryEntry = Object.freeze({ status: 'loading', doc: null, fromCache: false, final: false, error: null });

const keyOf = (pipelineId: string, docId: string) => `${pipelineId}/${docId}`;
const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
/** When every bucket of a document's span is final: from then on it is closed. */
const closesAt = (docId: string) => (parseHistoryDocId(docId)?.endMs ?? Infinity) + BUCKET_FINAL_AFTER_MS;
const isClosed = (docId: string, nowMs: number) => closesAt(docId) <= nowMs;
/** setTimeout's longest delay (about 24.8 days): a month document's close is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * History documents of pipelines, shared by every widget that draws a range.
 * A closed document (its span settled) is read once with a get and kept in
 * memory; an open one (the current hour, day or month) is listened to while
 * a widget needs it and until it closes, one listener however many widgets do (`acquire` and
 * `release` count them). Documents are got by id, never listed: a public
 * viewer may get history where the rollup is public, not list it.
 */
export const useHistoryStore = defineStore('history', () => {
  const entries = shallowReactive(new Map<string, HistoryEntry>());
  const listens = new Map<string, { refs: number; stop: Unsubscribe }>();
  const reading = new Set<string>();

  function store(key: string, docId: string, snap: DocumentSnapshot, final: boolean): void {
    if (!snap.exists() && !snap.metadata.fromCache) rememberMissing(key);
    try {
      const parsed = snap.exists() ? parseHistoryDoc(docId, snap.data()) : null;
      entries.set(key, { status: 'ready', doc: parsed, fromCache: snap.metadata.fromCache, final: final && !snap.metadata.fromCache, error: null });
    } catch (err) {
      entries.set(key, { ...LOADING, status: 'error', error: (err as Error).message });
    }
  }

  /** Offline and not in the cache: a document the server said is absent is absent still; else it was never read here. */
  function unavailable(key: string): void {
    if (wasMissing(key)) entries.set(key, { status: 'ready', doc: null, fromCache: true, final: false, error: null });
    else if (entries.get(key)?.status !== 'ready') entries.set(key, { ...LOADING, status: 'offline' });
  }

  function failed(key: string, err: FirestoreError): void {
    if (err.code === 'unavailable' || isOffline()) return unavailable(key);
    entries.set(key, { ...LOADING, status: 'error', error: err.message });
  }

  /** One get of a closed document: from the server, or offline from the persistent cache if this device read it before. */
  function read(pipelineId: string, docId: string): void {
    const key = keyOf(pipelineId, docId);
    reading.add(key);
    getDoc(doc(db, 'pipelines', pipelineId, 'history', docId)).then(
      (snap) => {
        reportSnapshot({}, snap);
        store(key, docId, snap, true);
      },
      (err: FirestoreError) => failed(key, err),
    ).finally(() => reading.delete(key));
  }

  /**
   * A listened document closes while a wall shows it (a 24 h range keeps its
   * last hour for a day): its listener stops and one get reads it final, so
   * only the current documents stay listened to however long the page is open.
   */
  function whenClosed(pipelineId: string, docId: string): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      const wait = closesAt(docId) - Date.now();
      if (!Number.isFinite(wait)) return;
      timer = setTimeout(() => {
        if (!isClosed(docId, Date.now())) return arm();
        const key = keyOf(pipelineId, docId);
        listens.get(key)?.stop();
        listens.delete(key);
        read(pipelineId, docId);
      }, Math.min(Math.max(0, wait), MAX_TIMER_MS));
    };
    arm();
    return () => clearTimeout(timer);
  }

  function listen(pipelineId: string, docId: string): Unsubscribe {
    const key = keyOf(pipelineId, docId);
    const stopTimer = whenClosed(pipelineId, docId);
    const stopListening = onSnapshot(
      doc(db, 'pipelines', pipelineId, 'history', docId),
      { includeMetadataChanges: true },
      observed((snap: DocumentSnapshot) => {
        // Absent from the cache says nothing of the server: wait for its answer, unless there is no network,
        // or the server said before that it is absent (the browser may report a network it cannot use).
        if (snap.metadata.fromCache && !snap.exists()) {
          if (isOffline() || wasMissing(key)) unavailable(key);
          return;
        }
        store(key, docId, snap, isClosed(docId, Date.now()));
      }),
      (err) => failed(key, err),
    );
    return () => {
      stopTimer();
      stopListening();
    };
  }

  /** Starts reading a document for one user (pair with `release`): a get once if it is closed at `nowMs`, else a listener. */
  function acquire(pipelineId: string, docId: string, nowMs: number): void {
    const key = keyOf(pipelineId, docId);
    const listened = listens.get(key);
    if (listened) {
      listened.refs++;
      return;
    }
    if (!entries.has(key)) entries.set(key, LOADING);
    if (!isClosed(docId, nowMs)) {
      listens.set(key, { refs: 1, stop: listen(pipelineId, docId) });
      return;
    }
    if (!entries.get(key)!.final && !reading.has(key)) read(pipelineId, docId);
  }

  /** Drops one user of a document: the last one stops its listener; what was read stays in memory. */
  function release(pipelineId: string, docId: string): void {
    const key = keyOf(pipelineId, docId);
    const listened = listens.get(key);
    if (!listened || --listened.refs > 0) return;
    listened.stop();
    listens.delete(key);
  }

  const entry = (pipelineId: string, docId: string): HistoryEntry => entries.get(keyOf(pipelineId, docId)) ?? LOADING;

  /** Reads again what failed or was not available offline (the network is back). */
  function retry(): void {
    for (const [key, e] of entries) {
      if (e.status !== 'offline' && e.status !== 'error') continue;
      const [pipelineId, docId] = key.split('/') as [string, string];
      if (!listens.has(key) && !reading.has(key)) read(pipelineId, docId);
    }
  }

  /** Listeners on open documents, for tests and benchmarks. */
  const listenerCount = () => listens.size;

  onScopeDispose(() => {
    for (const l of listens.values()) l.stop();
    listens.clear();
  });

  return { acquire, release, entry, retry, listenerCount };
});
