/** Firestore's limit of writes in one batch. */
export const MAX_BATCH_WRITES = 500;

/** Splits `items` into consecutive chunks of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number = MAX_BATCH_WRITES): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, not ${size}`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export interface BatcherOptions<T> {
  /** A batch is flushed as soon as it holds this many items (1..500). */
  maxSize: number;
  /** ...or this long after its first item arrived, whichever comes first. */
  maxWaitMs: number;
  /** Receives each batch, in order. */
  onBatch(items: T[]): void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export interface Batcher<T> {
  add(item: T): void;
  /** Hands over whatever is waiting now. */
  flush(): void;
  /** Items waiting for their batch. */
  readonly size: number;
}

/**
 * Groups a stream of items into batches by size and age, so that a burst
 * becomes few large writes and a trickle is not held back for long.
 */
export function createBatcher<T>(options: BatcherOptions<T>): Batcher<T> {
  const { maxSize, maxWaitMs, onBatch } = options;
  if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > MAX_BATCH_WRITES) {
    throw new RangeError(`batch size must be an integer in 1..${MAX_BATCH_WRITES}, not ${maxSize}`);
  }
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let items: T[] = [];
  let timer: unknown;

  function flush(): void {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    if (items.length === 0) return;
    const batch = items;
    items = [];
    onBatch(batch);
  }

  return {
    add(item) {
      items.push(item);
      if (items.length >= maxSize) flush();
      else if (timer === undefined) timer = setTimer(flush, maxWaitMs);
    },
    flush,
    get size() {
      return items.length;
    },
  };
}
