import { describe, expect, test } from 'vitest';
import { DEFAULT_ROTATION_SECONDS, nextInRotation, parseKioskQuery } from './kiosk.ts';

describe('kiosk query', () => {
  test('?kiosk, kiosk=1 and kiosk=0', () => {
    expect(parseKioskQuery({ kiosk: null }).kiosk).toBe(true);
    expect(parseKioskQuery({ kiosk: '1' }).kiosk).toBe(true);
    expect(parseKioskQuery({ kiosk: '0' }).kiosk).toBe(false);
    expect(parseKioskQuery({})).toEqual({ kiosk: false, rotate: [], every: DEFAULT_ROTATION_SECONDS, theme: null });
  });

  test('rotation: valid slugs once each, every N seconds (at least 5), theme', () => {
    expect(parseKioskQuery({ rotate: 'demo, ops,Bad!,demo,x', every: '12', theme: 'light' })).toEqual({
      kiosk: false,
      rotate: ['demo', 'ops'],
      every: 12,
      theme: 'light',
    });
    expect(parseKioskQuery({ every: '1' }).every).toBe(5);
    expect(parseKioskQuery({ every: 'soon' }).every).toBe(DEFAULT_ROTATION_SECONDS);
  });

  test('the next dashboard of a rotation wraps around, and starts at the first from elsewhere', () => {
    expect(nextInRotation(['a1a', 'b2b'], 'a1a')).toBe('b2b');
    expect(nextInRotation(['a1a', 'b2b'], 'b2b')).toBe('a1a');
    expect(nextInRotation(['a1a', 'b2b'], 'zzz')).toBe('a1a');
    expect(nextInRotation([], 'a1a')).toBeNull();
  });
});
