import { initializeApp } from 'firebase-admin/app';
import { FieldValue, getFirestore, Timestamp } from 'firebase-admin/firestore';
import { onDocumentCreated } from 'firebase-functions/v2/firestore';

initializeApp();

/** Placeholder rollup (one transaction per record); the functions issue replaces it. */
export const rollupOnRecordCreated = onDocumentCreated('pipelines/{pipelineId}/records/{recordId}', async (event) => {
  const db = getFirestore();
  const snap = event.data;
  if (!snap) return;
  const ref = db.doc(`pipelines/${event.params.pipelineId}/rollups/last100`);
  await db.runTransaction(async (tx) => {
    const current = await tx.get(ref);
    const records = ((current.get('records') as { id: string; ts: Timestamp; data: object }[] | undefined) ?? []).filter(
      (r) => r.id !== snap.id,
    );
    records.push({ id: snap.id, ts: snap.get('ts') as Timestamp, data: snap.get('data') as object });
    records.sort((a, b) => a.ts.toMillis() - b.ts.toMillis() || (a.id < b.id ? -1 : 1));
    const window = records.slice(-100);
    tx.set(ref, {
      records: window,
      count: ((current.get('count') as number | undefined) ?? 0) + 1,
      lastTs: window[window.length - 1]?.ts ?? null,
      updatedAt: FieldValue.serverTimestamp(),
    });
  });
});
