import { RefusedWriteError } from '../lib/errors.ts';

/** What keeps an editor's change from being saved once every check the app makes has passed: the role. */
export const EDITOR_ROLE_NEEDED =
  "The change was refused: only the team's owners and editors can change its dashboards. If an owner changed your role, reload the page to see what you may do.";

/**
 * `err` as a RefusedWriteError saying `reason` when the rules refused the write; any other error as it is
 * (for catch blocks; a write awaited in one place uses `refusedBecause` of lib/errors).
 */
export function explainRefusal(err: unknown, reason: string): unknown {
  return (err as { code?: unknown } | null)?.code === 'permission-denied' ? new RefusedWriteError(reason, { cause: err }) : err;
}
