import { effectScope } from 'vue';
import { beforeEach, expect, test, vi } from 'vitest';
import { parsePipeline } from '../../../contract/index.ts';

/** useParsedQuery: documents become contract types; one that breaks the contract is named, the rest still show. */
const fs = vi.hoisted(() => ({ subscriptions: [] as { next: (snap: unknown) => void; stop: ReturnType<typeof vi.fn> }[] }));

vi.mock('firebase/firestore', () => ({
  onSnapshot: (_query: unknown, next: (snap: unknown) => void) => {
    const stop = vi.fn();
    fs.subscriptions.push({ next, stop });
    return stop;
  },
  queryEqual: () => true,
}));

const { useParsedQuery } = await import('../../../src/data/parsed.ts');

beforeEach(() => {
  fs.subscriptions.length = 0;
});

const createdAt = { seconds: 1, nanoseconds: 0, toMillis: () => 1000 };
const doc = (id: string, data: Record<string, unknown>) => ({
  id,
  ref: { id },
  data: (options: unknown) => {
    expect(options).toEqual({ serverTimestamps: 'estimate' });
    return data;
  },
});

test('parses each document; a bad one is left out and named in error; the listener stops with the scope', () => {
  const scope = effectScope();
  const live = scope.run(() => useParsedQuery(() => ({}) as never, parsePipeline))!;
  fs.subscriptions[0]!.next({
    docs: [
      doc('good', { teamId: 't', name: 'Boiler', public: false, createdAt, createdBy: 'u' }),
      doc('bad', { teamId: 't', name: '', public: false, createdAt, createdBy: 'u' }),
    ],
  });
  expect(live.data.value.map((p) => p.id)).toEqual(['good']);
  expect(live.data.value[0]).toMatchObject({ name: 'Boiler', public: false });
  expect(live.error.value?.message).toMatch(/pipeline "bad".*name/);
  scope.stop();
  expect(fs.subscriptions[0]!.stop).toHaveBeenCalledTimes(1);
});
