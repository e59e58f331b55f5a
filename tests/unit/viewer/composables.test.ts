// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useNow } from '../../../src/composables/useNow.ts';
import { useWakeLock } from '../../../src/composables/useWakeLock.ts';
import { useConnectivityStore } from '../../../src/viewer/connectivityStore.ts';
import { SERVER_SILENCE_MS, useOffline } from '../../../src/viewer/useOffline.ts';
import { useRollupStore } from '../../../src/live/rollupStore.ts';
import * as fake from './fakeFirebase.ts';

vi.mock('firebase/firestore', async () => (await import('./fakeFirebase.ts')).firestoreModule);
vi.mock('firebase/auth', async () => (await import('./fakeFirebase.ts')).authModule);


beforeEach(() => {
  fake.reset();
  setActivePinia(createPinia());
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('useNow', () => {
  test('one timer for every user, ticking each second, stopped when the last scope is disposed', () => {
    vi.useFakeTimers({ now: 1_000 });
    const a = effectScope();
    const b = effectScope();
    const nowA = a.run(() => useNow())!;
    const nowB = b.run(() => useNow())!;
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(3_000);
    expect(nowA.value).toBe(4_000);
    expect(nowB.value).toBe(4_000);
    a.stop();
    expect(vi.getTimerCount()).toBe(1);
    b.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('useWakeLock', () => {
  function fakeWakeLock() {
    type Sentinel = { released: boolean; onRelease?: () => void; release(): Promise<void>; addEventListener(e: string, f: () => void): void };
    const sentinels: Sentinel[] = [];
    const request = vi.fn(() => {
      const s: Sentinel = {
        released: false,
        release: () => {
          s.released = true;
          s.onRelease?.();
          return Promise.resolve();
        },
        addEventListener: (_e, f) => (s.onRelease = f),
      };
      sentinels.push(s);
      return Promise.resolve(s);
    });
    Object.defineProperty(navigator, 'wakeLock', { value: { request }, configurable: true });
    return { request, sentinels };
  }

  test('holds the lock while active, asks again when the page is visible after the browser dropped it, releases on dispose', async () => {
    const { request, sentinels } = fakeWakeLock();
    const scope = effectScope();
    const { held } = scope.run(() => useWakeLock(true))!;
    await fake.flush();
    expect(request).toHaveBeenCalledWith('screen');
    expect(held.value).toBe(true);
    document.dispatchEvent(new Event('visibilitychange'));
    await fake.flush();
    expect(request).toHaveBeenCalledTimes(1); // still held: nothing to do
    // the browser drops the lock when the page is hidden
    sentinels[0]!.onRelease?.();
    expect(held.value).toBe(false);
    document.dispatchEvent(new Event('visibilitychange'));
    await fake.flush();
    expect(request).toHaveBeenCalledTimes(2);
    expect(held.value).toBe(true);
    scope.stop();
    expect(sentinels[1]?.released).toBe(true);
    document.dispatchEvent(new Event('visibilitychange'));
    await fake.flush();
    expect(request).toHaveBeenCalledTimes(2);
  });

  test('releases the lock when it turns inactive', async () => {
    const { sentinels } = fakeWakeLock();
    const active = ref(true);
    const scope = effectScope();
    const { held } = scope.run(() => useWakeLock(active))!;
    await fake.flush();
    active.value = false;
    await nextTick();
    expect(sentinels[0]?.released).toBe(true);
    expect(held.value).toBe(false);
    scope.stop();
  });

  test('does nothing while inactive', async () => {
    const { request } = fakeWakeLock();
    const scope = effectScope();
    scope.run(() => useWakeLock(false));
    await fake.flush();
    expect(request).not.toHaveBeenCalled();
    scope.stop();
  });
});

describe('connectivity store', () => {
  test('follows online/offline, re-attaches failed listeners when the network returns, and stops listening when disposed', () => {
    const connectivity = useConnectivityStore();
    const rollups = useRollupStore();
    rollups.acquire('p1');
    fake.fail('pipelines/p1/rollups/last100', 'unavailable');
    window.dispatchEvent(new Event('offline'));
    expect(connectivity.online).toBe(false);
    window.dispatchEvent(new Event('online'));
    expect(connectivity.online).toBe(true);
    expect(fake.listeners.filter((l) => l.path === 'pipelines/p1/rollups/last100')).toHaveLength(2);
    connectivity.$dispose();
    window.dispatchEvent(new Event('offline'));
    expect(connectivity.online).toBe(true);
  });
});

describe('useOffline', () => {
  test('cached data reads as offline only after the server stayed silent a while, or with no network', async () => {
    vi.useFakeTimers();
    const fromCache = ref(true);
    const scope = effectScope();
    const offline = scope.run(() => useOffline(fromCache))!;
    expect(offline.value).toBe(false);
    vi.advanceTimersByTime(SERVER_SILENCE_MS - 1);
    expect(offline.value).toBe(false);
    vi.advanceTimersByTime(1);
    expect(offline.value).toBe(true);
    fromCache.value = false;
    await nextTick();
    expect(offline.value).toBe(false);
    window.dispatchEvent(new Event('offline'));
    expect(offline.value).toBe(true);
    window.dispatchEvent(new Event('online'));
    fromCache.value = true;
    await nextTick();
    vi.advanceTimersByTime(SERVER_SILENCE_MS / 2);
    fromCache.value = false;
    await nextTick();
    vi.advanceTimersByTime(SERVER_SILENCE_MS);
    expect(offline.value).toBe(false);
    scope.stop();
  });
});
