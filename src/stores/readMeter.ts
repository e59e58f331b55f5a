/**
 * Documents the server delivered to this app's listeners and queries: what
 * Firestore bills as reads (one per document added or changed in a result, at
 * least one per query). The read benchmark reads it; nothing else depends on it.
 */
export const readMeter = { documents: 0 };

/** Counts the documents of one server result. */
export function countReads(documents: number): void {
  readMeter.documents += documents;
}
