import { effectScope, nextTick, ref } from 'vue';
import { beforeEach, expect, test, vi } from 'vitest';

/** useLiveQuery: one listener per distinct query, re-subscribed on change, stopped with its scope. */
const fs = vi.hoisted(() => ({
  subscriptions: [] as { query: { key: string }; next: (snap: unknown) => void; error: (e: Error) => void; stop: ReturnType<typeof vi.fn> }[],
}));

vi.mock('firebase/firestore', () => ({
  onSnapshot: (query: { key: string }, next: (snap: unknown) => void, error: (e: Error) => void) => {
    const stop = vi.fn();
    fs.subscriptions.push({ query, next, error, stop });
    return stop;
  },
  queryEqual: (a: { key: string }, b: { key: string }) => a.key === b.key,
}));

const { useLiveQuery } = await import('../../../src/composables/useLiveQuery.ts');

beforeEach(() => {
  fs.subscriptions.length = 0;
});

const snap = (...ids: string[]) => ({ docs: ids.map((id) => ({ id })) });

test('listens, maps documents, and stops when its scope ends', () => {
  const scope = effectScope();
  const live = scope.run(() => useLiveQuery(() => ({ key: 'q1' }) as never, (d) => d.id))!;
  expect(fs.subscriptions).toHaveLength(1);
  expect(live.pending.value).toBe(true);
  fs.subscriptions[0]!.next(snap('a', 'b'));
  expect(live.data.value).toEqual(['a', 'b']);
  expect(live.pending.value).toBe(false);
  scope.stop();
  expect(fs.subscriptions[0]!.stop).toHaveBeenCalledTimes(1);
});

test('a different query re-subscribes (after stopping the old one); an equal one does not; null stops', async () => {
  const team = ref<string | null>('t1');
  const other = ref(0);
  const scope = effectScope();
  const live = scope.run(() =>
    useLiveQuery(() => {
      void other.value;
      return team.value ? ({ key: team.value } as never) : null;
    }, (d) => d.id),
  )!;
  other.value++;
  await nextTick();
  expect(fs.subscriptions).toHaveLength(1);

  team.value = 't2';
  await nextTick();
  expect(fs.subscriptions).toHaveLength(2);
  expect(fs.subscriptions[0]!.stop).toHaveBeenCalledTimes(1);
  expect(fs.subscriptions[1]!.query.key).toBe('t2');

  team.value = null;
  await nextTick();
  expect(fs.subscriptions[1]!.stop).toHaveBeenCalledTimes(1);
  expect(live.data.value).toEqual([]);
  expect(live.pending.value).toBe(false);
  scope.stop();
});

test('an error is kept and ends pending', () => {
  const scope = effectScope();
  const live = scope.run(() => useLiveQuery(() => ({ key: 'q' }) as never, (d) => d.id))!;
  fs.subscriptions[0]!.error(new Error('permission-denied'));
  expect(live.error.value?.message).toBe('permission-denied');
  expect(live.pending.value).toBe(false);
  scope.stop();
});
