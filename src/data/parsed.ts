import type { DocumentReference, DocumentSnapshot, Query } from 'firebase/firestore';
import { computed, type ComputedRef, type Ref } from 'vue';
import { useLiveDoc, useLiveQuery } from '../composables/useLiveQuery.ts';

/** A parser of the contract: the document's id and data in (its reference too), its type out, or a ContractError naming the bad field. */
export type Parser<T> = (id: string, data: unknown, ref: DocumentReference) => T;

/** A snapshot as the contract's type; a pending write's server timestamps are estimated, so they are timestamps. */
export function parseSnapshot<T>(snap: DocumentSnapshot, parse: Parser<T>): T {
  return parse(snap.id, snap.data({ serverTimestamps: 'estimate' }), snap.ref);
}

type Outcome<T> = { value: T } | { problem: Error };

function attempt<T>(snap: DocumentSnapshot, parse: Parser<T>): Outcome<T> {
  try {
    return { value: parseSnapshot(snap, parse) };
  } catch (err) {
    return { problem: err instanceof Error ? err : new Error(String(err)) };
  }
}

/** Live, parsed documents; `error` is the listener's failure or the first document that breaks the contract. */
export interface ParsedLive<T> {
  data: ComputedRef<T>;
  pending: Ref<boolean>;
  error: ComputedRef<Error | null>;
  stop: () => void;
}

/** The documents of a query, live and parsed; one that breaks the contract is left out and named in `error`, the rest still show. */
export function useParsedQuery<T>(source: () => Query | null, parse: Parser<T>): ParsedLive<T[]> {
  const live = useLiveQuery(source, (d) => attempt(d, parse));
  return {
    data: computed(() => live.data.value.flatMap((o) => ('value' in o ? [o.value] : []))),
    pending: live.pending,
    error: computed(() => live.error.value ?? live.data.value.flatMap((o) => ('problem' in o ? [o.problem] : []))[0] ?? null),
    stop: live.stop,
  };
}

/** One document, live and parsed (null while absent, or when it breaks the contract: then `error` says how). */
export function useParsedDoc<T>(source: () => DocumentReference | null, parse: Parser<T>): ParsedLive<T | null> {
  const live = useLiveDoc(source, (d) => attempt(d, parse));
  const outcome = live.data;
  return {
    data: computed(() => (outcome.value && 'value' in outcome.value ? outcome.value.value : null)),
    pending: live.pending,
    error: computed(() => live.error.value ?? (outcome.value && 'problem' in outcome.value ? outcome.value.problem : null)),
    stop: live.stop,
  };
}
