import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appUrl, signature } from '../../../functions/src/alerts/deliver.ts';

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of the exact body with the secret, as the README verifies it', () => {
    // RFC 4231 test case 2.
    expect(signature('what do ya want for nothing?', 'Jefe')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const body = '{"deliveryId":"r1-1-firing","to":"firing"}';
    expect(signature(body, 's'.repeat(16))).toBe(`sha256=${createHmac('sha256', 's'.repeat(16)).update(body).digest('hex')}`);
  });

  it('changes with any byte of the body or the secret', () => {
    const base = signature('{"value":1}', 'secret-of-sixteen!');
    expect(signature('{"value":2}', 'secret-of-sixteen!')).not.toBe(base);
    expect(signature('{"value":1} ', 'secret-of-sixteen!')).not.toBe(base);
    expect(signature('{"value":1}', 'secret-of-sixteen?')).not.toBe(base);
  });
});

describe('appUrl', () => {
  it('is DASH_APP_URL without its trailing slash, else the project default site', () => {
    expect(appUrl({ DASH_APP_URL: 'https://dash.example.com/' })).toBe('https://dash.example.com');
    expect(appUrl({ GCLOUD_PROJECT: 'acme' })).toBe('https://acme.web.app');
  });
});
