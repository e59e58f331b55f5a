import type { DocumentSnapshot, QuerySnapshot } from 'firebase/firestore';

/** What a snapshot is of: a pipeline's record log (instant tails, the no-rollup fallback), or anything else. */
export type SnapshotOf = 'records' | 'other';

/** One snapshot handed to one of the app's listeners or one-off queries. */
export interface ObservedSnapshot {
  /** The same object for every snapshot of one listener; a one-off query is a listener of one snapshot. */
  listener: object;
  of: SnapshotOf;
  snapshot: DocumentSnapshot | QuerySnapshot;
}

export type SnapshotObserver = (observed: ObservedSnapshot) => void;

let observer: SnapshotObserver | null = null;

/**
 * Installs the one observer of every snapshot the viewer's listeners receive
 * (the benchmarks' read meter, bench/_readMeter.ts); returns its removal. Without
 * one, reporting a snapshot costs nothing.
 */
export function observeSnapshots(next: SnapshotObserver): () => void {
  observer = next;
  return () => {
    if (observer === next) observer = null;
  };
}

/** Hands a snapshot to the observer, if one is installed. */
export function reportSnapshot(listener: object, snapshot: DocumentSnapshot | QuerySnapshot, of: SnapshotOf = 'other'): void {
  observer?.({ listener, of, snapshot });
}

/** Wraps one listener's snapshot callback so that each of its snapshots is reported first. */
export function observed<T extends DocumentSnapshot | QuerySnapshot>(next: (snap: T) => void, of: SnapshotOf = 'other'): (snap: T) => void {
  const listener = {};
  return (snap) => {
    reportSnapshot(listener, snap, of);
    next(snap);
  };
}
