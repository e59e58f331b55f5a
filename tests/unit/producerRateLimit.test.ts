import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/producer/rateLimit.ts';

/** Simulates callers that each reserve, then sleep exactly as told; returns when each one went. */
function schedule(perSecond: number, count: number, burst = 1, oversleepMs = 0): number[] {
  const limiter = createRateLimiter(perSecond, burst);
  let now = 0;
  const went: number[] = [];
  for (let i = 0; i < count; i++) {
    const wait = limiter.reserve(now);
    if (wait > 0) now += wait + oversleepMs;
    went.push(now);
  }
  return went;
}

describe('createRateLimiter', () => {
  it('spaces slots 1/rate apart', () => {
    expect(schedule(10, 4)).toEqual([0, 100, 200, 300]);
  });

  it('lets a burst through at once, then keeps the rate', () => {
    expect(schedule(10, 5, 3)).toEqual([0, 0, 0, 100, 200]);
  });

  it('with a burst, keeps the rate even when every sleep overshoots', () => {
    // 2000 slots at 1000/s, each sleep 3 ms late: the burst absorbs the lateness.
    const went = schedule(1000, 2000, 50, 3);
    expect(went[1999]).toBeGreaterThan(1900);
    expect(went[1999]).toBeLessThan(2050);
  });

  it('without a burst, late sleeps lower the rate', () => {
    const went = schedule(1000, 100, 1, 3);
    expect(went[99]).toBeGreaterThan(150);
  });

  it('idle time refills the bucket up to the burst, no more', () => {
    const limiter = createRateLimiter(2, 2);
    expect(limiter.reserve(0)).toBe(0);
    expect(limiter.reserve(0)).toBe(0);
    expect(limiter.reserve(0)).toBe(500);
    // Ten seconds later, only `burst` slots are free.
    expect(limiter.reserve(10_500)).toBe(0);
    expect(limiter.reserve(10_500)).toBe(0);
    expect(limiter.reserve(10_500)).toBe(500);
  });

  it('supports rates below one a second', () => {
    expect(schedule(0.5, 3)).toEqual([0, 2000, 4000]);
  });

  it.each([0, -1, Number.NaN, Infinity])('refuses a rate of %s', (rate) => {
    expect(() => createRateLimiter(rate)).toThrow(RangeError);
  });
});
