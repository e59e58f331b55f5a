/** A token bucket that tells each caller how long to wait for its turn. */
export interface RateLimiter {
  /**
   * Reserves one slot at time `nowMs` and returns how many milliseconds the
   * caller must wait before using it (0 when it may go at once). Reservations
   * queue up: callers that reserve at the same moment are spread out. A burst
   * above one lets callers catch up on timers that fire late.
   */
  reserve(nowMs: number): number;
}

/** At most `perSecond` slots a second on average, with bursts of at most `burst`. */
export function createRateLimiter(perSecond: number, burst = 1): RateLimiter {
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new RangeError(`rate must be a positive number, not ${perSecond}`);
  if (!(burst >= 1)) throw new RangeError(`burst must be at least 1, not ${burst}`);
  let tokens = burst;
  let last: number | undefined;
  return {
    reserve(nowMs) {
      if (last !== undefined) tokens = Math.min(burst, tokens + ((nowMs - last) * perSecond) / 1000);
      last = nowMs;
      tokens -= 1;
      return tokens >= 0 ? 0 : (-tokens * 1000) / perSecond;
    },
  };
}
