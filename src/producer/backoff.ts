/** How transient failures are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 never retries. */
  maxRetries: number;
  /** Ceiling of the first retry's delay, doubled each further retry. */
  baseDelayMs: number;
  /** No retry waits longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 8, baseDelayMs: 250, maxDelayMs: 30_000 };

/**
 * Delay before retry number `retry` (0 for the first): exponential with "full
 * jitter", a uniform draw in [0, min(max, base * 2^retry)), so that producers
 * failing together do not come back together.
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/)
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
