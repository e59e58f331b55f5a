import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INGEST_LIMITS, INGEST_TOKEN_PATTERN } from '../../../contract/index.ts';
import { pipelineIdOf } from '../../../functions/src/ingest/handler.ts';
import { RateLimiter } from '../../../functions/src/ingest/rateLimit.ts';
import { hashToken, newToken, tokenIdOf, tokenRequest } from '../../../functions/src/ingest/tokens.ts';

describe('ingest tokens', () => {
  it('are "dash_" and 32 random bytes, named by the start of their SHA-256', () => {
    const a = newToken();
    const b = newToken();
    expect(a.token).toMatch(INGEST_TOKEN_PATTERN);
    expect(a.token.length).toBeGreaterThanOrEqual(INGEST_LIMITS.minTokenLength);
    expect(Buffer.from(a.token.slice(5), 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(createHash('sha256').update(a.token).digest('hex'));
    expect(hashToken(a.token)).toBe(a.hash);
    expect(a.tokenId).toBe(tokenIdOf(a.hash));
    expect(a.tokenId).toMatch(/^[0-9a-f]{20}$/);
  });

  it("checks createIngestToken's arguments with messages that say what to give", () => {
    expect(tokenRequest({ pipelineId: 'p1', name: '  Boiler sensor ' })).toEqual({ pipelineId: 'p1', name: 'Boiler sensor' });
    expect(tokenRequest({ pipelineId: 'p1', name: 'x', recordsPerSecond: 10 })).toEqual({ pipelineId: 'p1', name: 'x', recordsPerSecond: 10 });
    expect(() => tokenRequest({ name: 'x' })).toThrow('Give pipelineId, the id of a pipeline.');
    expect(() => tokenRequest({ pipelineId: 'a/b', name: 'x' })).toThrow('Give pipelineId');
    expect(() => tokenRequest({ pipelineId: 'p1', name: ' ' })).toThrow('a name of 1 to 80 characters');
    expect(() => tokenRequest({ pipelineId: 'p1', name: 'x'.repeat(81) })).toThrow('a name of 1 to 80 characters');
    expect(() => tokenRequest({ pipelineId: 'p1', name: 'x', recordsPerSecond: 0.5 })).toThrow('recordsPerSecond is a whole number from 1 to 1000, not 0.5.');
    expect(() => tokenRequest(null)).toThrow('Give pipelineId');
  });
});

describe('pipelineIdOf', () => {
  it("is the path's one segment on the function's own URL, or the one after /api/ingest/ through Hosting", () => {
    expect(pipelineIdOf('/greenhouse')).toBe('greenhouse');
    expect(pipelineIdOf('/api/ingest/greenhouse/')).toBe('greenhouse');
    expect(pipelineIdOf('/p%201?x=1')).toBe('p 1');
    expect(pipelineIdOf('/')).toBeNull();
    expect(pipelineIdOf('/api/ingest/')).toBeNull();
    expect(pipelineIdOf('/a/b')).toBeNull();
    expect(pipelineIdOf('/%E0%A4%A')).toBeNull();
    expect(pipelineIdOf('/p%2Fq')).toBeNull();
  });
});

describe('RateLimiter', () => {
  it('lets a full request through at once, then the rate, and says when to retry', () => {
    const limiter = new RateLimiter();
    expect(limiter.take('t', 500, 100, 0)).toEqual({ ok: true });
    expect(limiter.take('t', 1, 100, 0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('t', 300, 100, 1000)).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(limiter.take('t', 300, 100, 3000)).toEqual({ ok: true });
    // Each token has its own bucket.
    expect(limiter.take('other', 500, 100, 3000)).toEqual({ ok: true });
  });

  it('refills no further than a full request, or a second of a higher rate', () => {
    const limiter = new RateLimiter();
    expect(limiter.take('t', 500, 100, 0)).toEqual({ ok: true });
    expect(limiter.take('t', 500, 100, 3_600_000)).toEqual({ ok: true });
    expect(limiter.take('t', 1, 100, 3_600_000)).toEqual({ ok: false, retryAfterSeconds: 1 });
    const fast = new RateLimiter();
    expect(fast.take('t', 500, 1000, 0)).toEqual({ ok: true });
    expect(fast.take('t', 500, 1000, 0)).toEqual({ ok: true });
    expect(fast.take('t', 1, 1000, 0).ok).toBe(false);
  });
});
