/** A rule's firings over the last 24 h of history: the minute buckets read once, the count recomputed as the form changes. */
import { doc, getDoc } from 'firebase/firestore';
import { bucketStartInSpan, historyDocIdsBetween, parseHistoryDoc, type FieldAggregate } from '../../contract/index.ts';
import { db } from '../firebase.ts';
import { parseSnapshot } from '../data/parsed.ts';

export const PREVIEW_MS = 24 * 3600_000;

/** Minute buckets of every field over the last 24 h, oldest first (about 25 document reads). */
export async function loadPreviewBuckets(pipelineId: string, nowMs = Date.now()): Promise<{ startMs: number; fields: Record<string, FieldAggregate> }[]> {
  const ids = historyDocIdsBetween('minute', nowMs - PREVIEW_MS, nowMs);
  const snaps = await Promise.all(ids.map((id) => getDoc(doc(db, 'pipelines', pipelineId, 'history', id))));
  const buckets = snaps.flatMap((snap) => {
    if (!snap.exists()) return [];
    const h = parseSnapshot(snap, parseHistoryDoc);
    return Object.entries(h.buckets).map(([key, b]) => ({ startMs: bucketStartInSpan('minute', h.start.toMillis(), key), fields: b.fields }));
  });
  return buckets.filter((b) => b.startMs >= nowMs - PREVIEW_MS).sort((a, b) => a.startMs - b.startMs);
}

/** The buckets of one field, as `firingsOverBuckets` takes them. */
export const fieldBuckets = (buckets: readonly { startMs: number; fields: Record<string, FieldAggregate> }[], field: string) =>
  buckets.flatMap((b) => (b.fields[field] ? [{ startMs: b.startMs, agg: b.fields[field] }] : []));
