import { INGEST_LIMITS } from '../../../contract/index.ts';

/**
 * A token bucket per ingest token, in the function instance's memory: it
 * refills at the token's records/s and holds at least one full request
 * (500 records), so a device may send a batch at once and then its rate.
 * Each instance counts alone: with several instances a token gets at most
 * that many times its rate (the endpoint's instances are capped in index.ts).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { level: number; atMs: number; perSecond: number }>();

  /** Takes `n` records from `key`'s bucket, or says in how many seconds they would fit. */
  take(key: string, n: number, perSecond: number, nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const capacity = Math.max(perSecond, INGEST_LIMITS.maxRecords);
    const bucket = this.buckets.get(key) ?? { level: capacity, atMs: nowMs, perSecond };
    const level = Math.min(capacity, bucket.level + ((nowMs - bucket.atMs) / 1000) * perSecond);
    if (level < n) {
      this.buckets.set(key, { level, atMs: nowMs, perSecond });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((n - level) / perSecond)) };
    }
    this.buckets.set(key, { level: level - n, atMs: nowMs, perSecond });
    if (this.buckets.size > 10_000) this.forgetFull(nowMs);
    return { ok: true };
  }

  /** Buckets idle long enough to be full again are the same as no bucket. */
  private forgetFull(nowMs: number): void {
    for (const [key, b] of this.buckets) if (b.level + ((nowMs - b.atMs) / 1000) * b.perSecond >= Math.max(b.perSecond, INGEST_LIMITS.maxRecords)) this.buckets.delete(key);
  }
}
