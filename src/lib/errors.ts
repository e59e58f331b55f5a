const MESSAGES: Record<string, string> = {
  'permission-denied':
    'You do not have permission to do that (or it was refused as invalid): your role in the team may have changed, or you were signed out. Reload the page to see what you may do.',
  unavailable: 'The database cannot be reached right now; the change will be sent when the connection is back.',
  'auth/invalid-credential': 'Wrong email or password.',
  'auth/wrong-password': 'Wrong email or password.',
  'auth/user-not-found': 'Wrong email or password.',
  'auth/invalid-email': 'That is not a valid email address.',
  'auth/email-already-in-use': 'An account with this email already exists: sign in instead.',
  'auth/weak-password': 'Choose a password of at least 6 characters.',
  'auth/too-many-requests': 'Too many attempts: wait a minute and try again.',
  'auth/network-request-failed': 'The sign-in service cannot be reached: check the connection.',
};

/** A message for a person from whatever a Firebase call threw. */
export function errorMessage(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && MESSAGES[code]) return MESSAGES[code];
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A write the security rules refused, with the reason a user can act on. */
export class RefusedWriteError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RefusedWriteError';
  }
}

/**
 * Awaits `write`; when the rules refuse it (`permission-denied`), throws a
 * RefusedWriteError saying `reason`, the likely causes for that action.
 */
export async function refusedBecause<T>(write: Promise<T>, reason: string): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === 'permission-denied') throw new RefusedWriteError(reason, { cause: err });
    throw err;
  }
}
