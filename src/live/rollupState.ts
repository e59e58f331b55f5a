import type { PipelineField } from '../../contract/index.ts';
import type { DeliveryMode } from './liveMode.ts';
import type { WindowRecord } from '../../contract/index.ts';
import type { LiveMinute } from './rollupMinute.ts';

/**
 * - loading: nothing known yet
 * - ready: `records` holds the window (possibly from the offline cache)
 * - waiting: the pipeline has no rollup yet, and no records could be read instead
 * - deleted: the pipeline document is gone
 * - unavailable: the pipeline cannot be read (deleted, or not shared with this viewer)
 * - error: a listener failed; `error` says why, and it is retried
 */
export type RollupStatus = 'loading' | 'ready' | 'waiting' | 'deleted' | 'unavailable' | 'error';

/** What widgets read of a pipeline. */
export interface RollupState {
  status: RollupStatus;
  /** The window, oldest first. Not deeply reactive: replaced whole on each change. */
  records: readonly WindowRecord<Date>[];
  /** Where `records` came from: the rollup document, or the one-off fallback query of the log. */
  source: 'rollup' | 'records' | null;
  /** The data comes from the local cache, not (yet) confirmed by the server. */
  fromCache: boolean;
  error: string | null;
  /** Instant: the window plus a listener on the records past it; economy: the window only. */
  mode: DeliveryMode;
  /** The pipeline's declared record fields (its document's `fields`); empty when it declares none. */
  fields: readonly PipelineField[];
  /** The team the pipeline belongs to; null until its document was read. */
  teamId: string | null;
  /** The rollup's current minute: the live edge of a range. Null without one. */
  minute: LiveMinute | null;
}

/** What the listeners of one pipeline have learnt so far. */
export interface RollupFacts {
  /** undefined until the server answered. */
  pipelineExists: boolean | undefined;
  denied: boolean;
  /** A listener failed for another reason than permissions. */
  failed: boolean;
  /** The server said there is no rollup document. */
  rollupMissing: boolean;
  fallback: 'idle' | 'running' | 'done';
}

/** The status shown for a window, from what its listeners learnt and whether it has records. */
export function deriveStatus(facts: RollupFacts, hasRecords: boolean): RollupStatus {
  if (facts.pipelineExists === false) return 'deleted';
  // Access lost (the pipeline deleted, or no longer shared): what was read before is not shown as live.
  if (facts.denied) return 'unavailable';
  if (hasRecords) return 'ready';
  if (facts.failed) return 'error';
  if (facts.rollupMissing && facts.fallback === 'done') return 'waiting';
  return 'loading';
}

export const NO_RECORDS: readonly WindowRecord<Date>[] = Object.freeze([]);

/** The state of a pipeline nobody has read yet. */
export function loadingState(): RollupState {
  return { status: 'loading', records: NO_RECORDS, source: null, fromCache: false, error: null, mode: 'economy', fields: [], teamId: null, minute: null };
}
