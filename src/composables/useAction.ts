import { ref, type Ref } from 'vue';
import { errorMessage } from '../lib/errors.ts';

/** The busy flag and error message of one user action, for a form or a button. */
export interface Action<A extends unknown[], R> {
  /** Runs the action; resolves to its result, or undefined when it failed (the message is in `error`). */
  run: (...args: A) => Promise<R | undefined>;
  busy: Readonly<Ref<boolean>>;
  /** What went wrong, for a person; empty while nothing did. */
  error: Ref<string>;
}

/**
 * Wraps an async action: one run at a time (a second call while busy is
 * ignored), the error turned into a message people can act on.
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): Action<A, R> {
  const busy = ref(false);
  const error = ref('');
  async function run(...args: A): Promise<R | undefined> {
    if (busy.value) return undefined;
    busy.value = true;
    error.value = '';
    try {
      return await action(...args);
    } catch (err) {
      error.value = errorMessage(err);
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { run, busy, error };
}
