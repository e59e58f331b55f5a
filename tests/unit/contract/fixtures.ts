import { ContractError, type TimestampLike } from '../../../contract/index.ts';

/** A Timestamp-shaped value at `ms`. */
export const ts = (ms: number): TimestampLike => ({ seconds: Math.floor(ms / 1000), nanoseconds: (ms % 1000) * 1e6, toMillis: () => ms });

/** The ContractError `parse` throws (fails the test when it throws none). */
export function errorOf(parse: () => unknown): ContractError {
  try {
    parse();
  } catch (err) {
    if (err instanceof ContractError) return err;
    throw err;
  }
  throw new Error('expected a ContractError');
}
