import { onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';

/**
 * Keeps the screen awake while `active` (kiosk mode), where the browser has the
 * Screen Wake Lock API. The browser drops the lock when the page is hidden, so
 * it is requested again each time the page becomes visible.
 */
export function useWakeLock(active: MaybeRefOrGetter<boolean>): { supported: boolean; held: Ref<boolean> } {
  const supported = typeof navigator !== 'undefined' && 'wakeLock' in navigator;
  const held = ref(false);
  let sentinel: WakeLockSentinel | null = null;

  async function acquire(): Promise<void> {
    if (!supported || sentinel || !toValue(active) || document.visibilityState !== 'visible') return;
    try {
      const lock = await navigator.wakeLock.request('screen');
      if (!toValue(active)) {
        await lock.release();
        return;
      }
      sentinel = lock;
      held.value = true;
      lock.addEventListener('release', () => {
        if (sentinel === lock) sentinel = null;
        held.value = false;
      });
    } catch {
      // Refused (battery saver, no user activation yet): try again on the next visibility change.
    }
  }

  function release(): void {
    void sentinel?.release();
    sentinel = null;
    held.value = false;
  }

  function onVisibility(): void {
    if (document.visibilityState === 'visible') void acquire();
  }

  if (supported) {
    document.addEventListener('visibilitychange', onVisibility);
    watch(() => toValue(active), (on) => (on ? void acquire() : release()), { immediate: true });
  }
  onScopeDispose(() => {
    if (supported) document.removeEventListener('visibilitychange', onVisibility);
    release();
  });
  return { supported, held };
}
