/**
 * Why a record did not reach the log:
 * - `not-signed-in`: no user is signed in on the app;
 * - `access-denied`: this account may not append to this pipeline (or it does not exist);
 * - `rejected`: Firestore refused this record itself (rules or invalid data); retrying is pointless;
 * - `failed`: anything else, including transient failures that outlived every retry.
 */
export type ProducerErrorCode = 'not-signed-in' | 'access-denied' | 'rejected' | 'failed';

/** A write that failed for good; `firestoreCode` is the SDK's code when Firestore answered. */
export class ProducerError extends Error {
  constructor(
    readonly code: ProducerErrorCode,
    message: string,
    readonly firestoreCode?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProducerError';
  }
}

/** Codes worth retrying: the server or the network may well say yes a little later. */
const TRANSIENT_CODES = new Set(['unavailable', 'deadline-exceeded', 'resource-exhausted', 'aborted']);

/** Codes about the record itself: the same write will fail the same way every time. */
const REJECTION_CODES = new Set(['permission-denied', 'invalid-argument']);

/** The Firestore error code of `err` (`FirestoreError.code`), or undefined for anything else. */
export function firestoreCodeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' ? code.replace(/^firestore\//, '') : undefined;
}

export const isTransient = (code: string | undefined): boolean => code !== undefined && TRANSIENT_CODES.has(code);
export const isRejection = (code: string | undefined): boolean => code !== undefined && REJECTION_CODES.has(code);

export const ACCESS_DENIED_MESSAGE =
  "permission denied: this account is not a producer/editor/owner of the pipeline's team, or the pipeline does not exist";

export const RECORD_REJECTED_MESSAGE =
  'permission denied: the security rules rejected this record (a record is exactly ' +
  '{ ts: serverTimestamp(), producer: your uid, data: 1..50 fields of number, string, boolean or null })';

/**
 * The error a caller sees for a write Firestore refused. `accessConfirmed` says
 * whether this producer has written to (or checked) the pipeline before: if it
 * has, a denial is about the record; if not, most likely about the account.
 */
export function describeFailure(err: unknown, accessConfirmed: boolean): ProducerError {
  const code = firestoreCodeOf(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'permission-denied') {
    return accessConfirmed
      ? new ProducerError('rejected', RECORD_REJECTED_MESSAGE, code, { cause: err })
      : new ProducerError('access-denied', ACCESS_DENIED_MESSAGE, code, { cause: err });
  }
  if (code === 'invalid-argument') {
    return new ProducerError('rejected', `invalid argument: Firestore refused the record: ${detail}`, code, { cause: err });
  }
  if (err instanceof ProducerError) return err;
  return new ProducerError('failed', code ? `${code}: ${detail}` : detail, code, { cause: err });
}
