import { onSnapshot, queryEqual, type DocumentReference, type DocumentSnapshot, type Query, type QueryDocumentSnapshot } from 'firebase/firestore';
import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';

export interface Live<T> {
  data: Ref<T>;
  pending: Ref<boolean>;
  error: Ref<Error | null>;
  stop: () => void;
}

/**
 * Listens to the query `source()` returns (none while it returns null), mapping
 * each document; re-subscribes when the query changes and stops with the scope.
 */
export function useLiveQuery<T>(source: () => Query | null, map: (d: QueryDocumentSnapshot) => T): Live<T[]> {
  const data = shallowRef<T[]>([]);
  const pending = ref(true);
  const error = ref<Error | null>(null);
  let unsubscribe: (() => void) | null = null;

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  watch(
    source,
    (query, previous) => {
      // The getter builds a new Query whenever any input changes; only a different query re-subscribes.
      if (query && previous && queryEqual(query, previous)) return;
      stop();
      data.value = [];
      error.value = null;
      pending.value = query !== null;
      if (!query) return;
      unsubscribe = onSnapshot(
        query,
        (snap) => {
          data.value = snap.docs.map(map);
          pending.value = false;
        },
        (err) => {
          error.value = err;
          pending.value = false;
        },
      );
    },
    { immediate: true },
  );
  onScopeDispose(stop);
  return { data, pending, error, stop };
}

/** Listens to one document (null while `source()` returns null or the document does not exist). */
export function useLiveDoc<T>(source: () => DocumentReference | null, map: (d: DocumentSnapshot) => T): Live<T | null> {
  const data = shallowRef<T | null>(null);
  const pending = ref(true);
  const error = ref<Error | null>(null);
  let unsubscribe: (() => void) | null = null;

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  watch(
    () => source()?.path ?? null,
    () => {
      stop();
      const ref = source();
      data.value = null;
      error.value = null;
      pending.value = ref !== null;
      if (!ref) return;
      unsubscribe = onSnapshot(
        ref,
        (snap) => {
          data.value = snap.exists() ? map(snap) : null;
          pending.value = false;
        },
        (err) => {
          error.value = err;
          pending.value = false;
        },
      );
    },
    { immediate: true },
  );
  onScopeDispose(stop);
  return { data, pending, error, stop };
}
