import { describe, expect, it } from 'vitest';
import { useAction } from '../../../src/composables/useAction.ts';

describe('useAction', () => {
  it('is busy while running and returns the result', async () => {
    let release!: (v: number) => void;
    const action = useAction(() => new Promise<number>((r) => (release = r)));
    const pending = action.run();
    expect(action.busy.value).toBe(true);
    release(7);
    expect(await pending).toBe(7);
    expect(action.busy.value).toBe(false);
    expect(action.error.value).toBe('');
  });

  it('turns a Firebase error into a message and clears it on the next run', async () => {
    let fail = true;
    const action = useAction(async () => {
      if (fail) throw Object.assign(new Error('raw'), { code: 'auth/wrong-password' });
      return 'ok';
    });
    expect(await action.run()).toBeUndefined();
    expect(action.error.value).toBe('Wrong email or password.');
    fail = false;
    expect(await action.run()).toBe('ok');
    expect(action.error.value).toBe('');
  });

  it('ignores a second run while the first is busy', async () => {
    let calls = 0;
    let release!: () => void;
    const action = useAction(() => {
      calls += 1;
      return new Promise<void>((r) => (release = r));
    });
    const first = action.run();
    expect(await action.run()).toBeUndefined();
    release();
    await first;
    expect(calls).toBe(1);
  });
});
