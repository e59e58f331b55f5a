import { describe, expect, test } from 'vitest';
import { computed, effectScope, nextTick, reactive } from 'vue';
import { createFrameScheduler, useFramed, type FrameClock } from '../../../src/viewer/frameScheduler.ts';

/** Frames run when the test says; each job "costs" what the test sets. */
function manualClock() {
  let time = 0;
  const frames: (() => void)[] = [];
  const clock: FrameClock & { jobCost: number; spend(): void; frame(): Promise<void>; pending(): number } = {
    jobCost: 4,
    requestFrame: (run) => void frames.push(run),
    now: () => time,
    settle: () => Promise.resolve(),
    spend() {
      time += clock.jobCost;
    },
    async frame() {
      frames.shift()?.();
      // runFrame awaits settle(): let it finish.
      await new Promise((r) => setTimeout(r, 0));
    },
    pending: () => frames.length,
  };
  return clock;
}

describe('createFrameScheduler', () => {
  test('runs queued jobs in frames, as many per frame as the budget holds once it knows their cost', async () => {
    const clock = manualClock();
    const scheduler = createFrameScheduler(clock, 12);
    const ran: number[] = [];
    const queue = (n: number) => {
      for (let i = 0; i < n; i++) scheduler.schedule({}, () => (clock.spend(), ran.push(i)));
    };
    queue(60);
    expect(ran).toHaveLength(0);
    // First frame: the assumed cost of 1 ms lets 12 run; they cost 4 ms each.
    await clock.frame();
    expect(ran).toHaveLength(12);
    let frames = 1;
    while (clock.pending() > 0) {
      const before = ran.length;
      await clock.frame();
      frames++;
      // Never past what the budget holds at the learnt cost (after the first, at most a dozen).
      expect(ran.length - before).toBeLessThanOrEqual(12);
    }
    expect(ran).toHaveLength(60);
    // The later frames took about 3 jobs each (12 ms / 4 ms): the whole queue needed many frames.
    expect(frames).toBeGreaterThan(8);
  });

  test('keeps only the newest job of a key, and none once cancelled', async () => {
    const clock = manualClock();
    const scheduler = createFrameScheduler(clock);
    const key = {};
    const other = {};
    const ran: string[] = [];
    scheduler.schedule(key, () => ran.push('first'));
    scheduler.schedule(key, () => ran.push('second'));
    scheduler.schedule(other, () => ran.push('other'));
    scheduler.cancel(other);
    await clock.frame();
    expect(ran).toEqual(['second']);
    expect(clock.pending()).toBe(0);
  });

  test('a failing job does not stop the others', async () => {
    const clock = manualClock();
    const scheduler = createFrameScheduler(clock);
    const ran: string[] = [];
    const error = console.error;
    console.error = () => undefined;
    try {
      scheduler.schedule({}, () => {
        throw new Error('broken widget');
      });
      scheduler.schedule({}, () => ran.push('next'));
      await clock.frame();
    } finally {
      console.error = error;
    }
    expect(ran).toEqual(['next']);
  });
});

describe('useFramed', () => {
  test('shows the fields at once and each change, assigned in place, only when its frame runs, until the scope ends', async () => {
    const clock = manualClock();
    const scheduler = createFrameScheduler(clock);
    const state = reactive({ status: 'loading', records: [1] });
    const source = computed(() => state);
    const scope = effectScope();
    const shown = scope.run(() => useFramed(source, scheduler))!;
    const seen = scope.run(() => computed(() => `${shown.value.status} ${shown.value.records.join(',')}`))!;
    expect(seen.value).toBe('loading 1');
    state.status = 'ok';
    state.records = [1, 2];
    await nextTick();
    // What reads the framed copy does not see the store's change before the frame.
    expect(seen.value).toBe('loading 1');
    await clock.frame();
    expect(seen.value).toBe('ok 1,2');
    state.records = [1, 2, 3];
    await nextTick();
    scope.stop();
    await clock.frame();
    expect(shown.value.records).toEqual([1, 2]);
  });
});
