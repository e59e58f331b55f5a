/** A write the security rules refused, with a reason the user can act on. */
export class RefusedWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedWriteError';
  }
}

/** What keeps an editor's change from being saved once every check the app makes has passed: the role. */
export const EDITOR_ROLE_NEEDED =
  "The change was refused: only the team's owners and editors can change its dashboards. If an owner changed your role, reload the page to see what you may do.";

/** `err` as a RefusedWriteError saying `reason` when the rules refused the write; any other error as it is. */
export function explainRefusal(err: unknown, reason: string): unknown {
  return (err as { code?: unknown } | null)?.code === 'permission-denied' ? new RefusedWriteError(reason) : err;
}
