import { collection, limit, onSnapshot, orderBy, query, where, type QuerySnapshot, type Unsubscribe } from 'firebase/firestore';
import { WINDOW_SIZE, type WindowRecord } from '../../contract/index.ts';
import { liveFirestore } from './liveFirestore.ts';
import { shouldReanchor } from './liveMode.ts';
import { NO_RECORDS } from './rollupState.ts';
import { observed } from './snapshotObserver.ts';
import { toWindowRecords } from './windowRecords.ts';

/** One listener on a pipeline's records from a window record on. */
interface Tail {
  /** `ts|id` of the window record the query starts at. */
  anchor: string;
  stop: Unsubscribe;
  records: readonly WindowRecord<Date>[];
  /** The server answered once. */
  served: boolean;
}

/** `records` when the tail's records changed; `refused` when the records cannot be listened to. */
export type TailChange = 'records' | 'refused';

export interface InstantTail {
  /** The records of the tail on screen; kept after it stopped, until the window covers them (no visible jump). */
  readonly records: readonly WindowRecord<Date>[];
  /** The records could not be listened to (not a member, or the query failed): economy from then on. */
  readonly refused: boolean;
  readonly error: string | null;
  readonly listeners: number;
  /** Listens from the window's last record on, moving the listener when due; `null` stops listening. */
  follow(last: WindowRecord<Date> | null): void;
  stop(): void;
}

/**
 * Instant mode's listener on the records past a pipeline's window, through the
 * live Firestore instance (memory cache, see liveFirestore.ts). It listens from
 * the window's last record on (`>=`, so records sharing its ts are not missed;
 * the merge drops those the window holds) and is kept until `shouldReanchor`
 * says the window has overtaken enough of it. A re-anchored listener waits for
 * the server's first answer: the previous one stays on screen until then, so
 * there is no gap, and the merge keeps each record once.
 */
export function createInstantTail(pipelineId: string, changed: (what: TailChange) => void): InstantTail {
  let tail: Tail | null = null;
  let next: Tail | null = null;
  let records = NO_RECORDS;
  let refused = false;
  let error: string | null = null;

  function stop(): void {
    tail?.stop();
    next?.stop();
    tail = next = null;
  }

  function onTail(t: Tail, snap: QuerySnapshot): void {
    if (!snap.metadata.fromCache) t.served = true;
    if (next === t) {
      // A new query may first answer from an incomplete cache: switch once the server answered.
      if (!t.served) return;
      tail?.stop();
      tail = t;
      next = null;
    }
    if (tail !== t) return;
    t.records = toWindowRecords(snap.docs.map((d) => ({ id: d.id, ts: d.get('ts'), data: d.get('data') })));
    records = t.records;
    changed('records');
  }

  function follow(last: WindowRecord<Date> | null): void {
    if (!last) return stop();
    const anchor = `${last.ts.getTime()}|${last.id}`;
    if (next) return;
    if (tail && (tail.anchor === anchor || !shouldReanchor(tail.records, last))) return;
    const t: Tail = { anchor, stop: () => undefined, records: NO_RECORDS, served: false };
    next = t;
    const current = () => tail === t || next === t;
    const failed = (err: { code?: string; message: string }) => {
      if (!current()) return;
      // Not a member, or the query failed: the window alone still shows everything, a flush later.
      refused = true;
      if (err.code !== 'permission-denied') error = err.message;
      changed('refused');
    };
    liveFirestore().then((live) => {
      if (!current()) return; // stopped while the live instance signed in
      t.stop = onSnapshot(
        query(collection(live, 'pipelines', pipelineId, 'records'), where('ts', '>=', last.ts), orderBy('ts'), limit(WINDOW_SIZE)),
        observed((snap: QuerySnapshot) => onTail(t, snap), 'records'),
        failed,
      );
    }, failed);
  }

  return {
    get records() {
      return records;
    },
    get refused() {
      return refused;
    },
    get error() {
      return error;
    },
    get listeners() {
      return (tail ? 1 : 0) + (next ? 1 : 0);
    },
    follow,
    stop,
  };
}
