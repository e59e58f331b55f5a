/**
 * Documents the server delivered to this app's listeners and queries: what
 * Firestore bills as reads (one per document added or changed in a result, at
 * least one per query). `records` are those of pipelines' record logs
 * (instant tails, the no-rollup fallback), the reads that grow with a
 * pipeline's rate. The read benchmarks read it; nothing else depends on it.
 */
export const readMeter = { documents: 0, records: 0 };

/** Counts the documents of one server result; `of: 'records'` for a query of a record log. */
export function countReads(documents: number, of: 'records' | 'other' = 'other'): void {
  readMeter.documents += documents;
  if (of === 'records') readMeter.records += documents;
}
