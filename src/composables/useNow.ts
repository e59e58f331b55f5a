import { onScopeDispose, readonly, ref, type Ref } from 'vue';

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  now.value = Date.now();
}

/**
 * The current time in ms, ticking once a second while any scope uses it: one
 * timer for the whole app however many freshness badges show.
 */
export function useNow(): Readonly<Ref<number>> {
  if (users++ === 0) {
    tick();
    timer = setInterval(tick, 1000);
  }
  onScopeDispose(() => {
    if (--users === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return readonly(now);
}
