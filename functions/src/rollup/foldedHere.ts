/**
 * The records this instance's flushes took in, per pipeline (the newest
 * KEPT_PER_PIPELINE). A delivery of one of them that arrives after its flush
 * (a backlog of triggers, a duplicate) needs no check: the window and its
 * minute already have it. By record id, not by range: a record that became
 * visible behind the cursor lies inside a flush's range without being in it.
 */
const KEPT_PER_PIPELINE = 5000;
const MAX_PIPELINES = 200;

const folded = new Map<string, Set<string>>();

export function noteFolded(pipelineId: string, recordIds: readonly string[]): void {
  if (recordIds.length === 0) return;
  let ids = folded.get(pipelineId);
  if (!ids) {
    if (folded.size >= MAX_PIPELINES) folded.delete(folded.keys().next().value!);
    ids = new Set();
    folded.set(pipelineId, ids);
  }
  for (const id of recordIds) ids.add(id);
  // A Set iterates in insertion order: the first ids are the oldest.
  for (const id of ids) {
    if (ids.size <= KEPT_PER_PIPELINE) break;
    ids.delete(id);
  }
}

export const foldedHere = (pipelineId: string, recordId: string): boolean => folded.get(pipelineId)?.has(recordId) ?? false;
