import { observeSnapshots, type ObservedSnapshot } from '../src/live/snapshotObserver.ts';

/**
 * Documents the server delivered to the app's listeners and queries: what
 * Firestore bills as reads (one per document added or changed in a result, at
 * least one per query). `records` are those of pipelines' record logs
 * (instant tails, the no-rollup fallback), the reads that grow with a
 * pipeline's rate. Only the benchmarks (and the meter's tests) attach it.
 */
export const readMeter = { documents: 0, records: 0 };

/** Per listener: it had a server answer, and (documents) the content last delivered by the server. */
const served = new WeakMap<object, string>();

/** The reads one snapshot costs: none from the cache; a document once, then on each change of content. */
export function readsOf({ listener, snapshot }: ObservedSnapshot): number {
  if (snapshot.metadata.fromCache) return 0;
  const before = served.get(listener);
  if ('docChanges' in snapshot) {
    served.set(listener, '');
    const changed = snapshot.docChanges().filter((c) => c.type !== 'removed').length;
    return before === undefined ? Math.max(1, changed) : changed;
  }
  // Serialised only here, while the meter is attached: metadata-only snapshots cost nothing.
  const content = JSON.stringify(snapshot.data() ?? null);
  served.set(listener, content);
  return content === before ? 0 : 1;
}

function count(observed: ObservedSnapshot): void {
  const reads = readsOf(observed);
  readMeter.documents += reads;
  if (observed.of === 'records') readMeter.records += reads;
}

/** Starts metering every snapshot the app's listeners receive (from zero); returns the detach. */
export function attachReadMeter(): () => void {
  readMeter.documents = readMeter.records = 0;
  return observeSnapshots(count);
}
