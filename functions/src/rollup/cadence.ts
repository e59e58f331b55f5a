/** The flush cadence of a pipeline's window: its setting and its time buckets. Pure. */

import { FLUSH_SECONDS } from '../../../contract/index.ts';

/**
 * How long after its bucket ends a leader flushes: records committed in the
 * bucket are visible to queries by then even with this much clock skew
 * between the function's clock and Firestore's commit timestamps.
 */
export const FLUSH_SKEW_MS = 150;

/** A pipeline's `flushSeconds` setting as used: whole seconds in 1..60, 1 when absent or not a number. */
export function flushSecondsOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return FLUSH_SECONDS.default;
  return Math.min(FLUSH_SECONDS.max, Math.max(FLUSH_SECONDS.min, Math.round(value)));
}

/** The flush bucket [startMs, endMs) holding a record committed at `tsMs`. */
export function bucketOf(tsMs: number, flushSeconds: number): { startMs: number; endMs: number } {
  const lengthMs = flushSeconds * 1000;
  const startMs = Math.floor(tsMs / lengthMs) * lengthMs;
  return { startMs, endMs: startMs + lengthMs };
}

/** Milliseconds a bucket's leader still waits at `nowMs` before flushing (0 when due). */
export function flushDelayMs(bucketEndMs: number, nowMs: number): number {
  return Math.max(0, bucketEndMs + FLUSH_SKEW_MS - nowMs);
}
