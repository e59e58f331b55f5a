/**
 * A producer over Dash's HTTP ingest endpoint with an ingest token (contract
 * 1.1, `tokens`): the same validation, batching, retries and counts as the
 * SDK producer (createProducerCore), for devices and jobs without a Firebase
 * account. Each batch is one POST of a JSON array with an `Idempotency-Key`,
 * so a retry after a lost answer writes nothing twice; a 429 is waited out
 * for its `Retry-After`. One request at a time, so records land in the
 * order sent (but for a batch retried after a failure). The ids it returns
 * are its own: the endpoint gives records their log ids.
 */
import { ProducerError } from './errors.ts';
import { createProducerCore, type PreparedRecord, type Producer, type ProducerCoreOptions, type RecordWriter } from './producer.ts';

export interface HttpProducerOptions extends ProducerCoreOptions {
  /** The endpoint of one pipeline: `https://<site>/api/ingest/{pipelineId}` (or the function's own URL). */
  url: string;
  token: string;
  fetch?: typeof fetch;
  /** 429s waited out in a row before the batch counts as failed (default 30). */
  maxRateLimitWaits?: number;
}

/** An HTTP answer as the core's retry logic reads Firestore's: `code` decides retry, split or failure. */
class HttpFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ACCESS_DENIED = (url: string) => `HTTP 401: the endpoint refused the token (unknown, revoked, or of another pipeline than ${url})`;

export function createHttpProducer({ url, token, fetch: fetchImpl = fetch, maxRateLimitWaits = 30, ...core }: HttpProducerOptions): Producer {
  const sleep = core.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let counter = 0;
  const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

  async function post(body: string, key?: string): Promise<Response> {
    try {
      return await fetchImpl(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key && { 'idempotency-key': key }) },
        body,
      });
    } catch (err) {
      throw new HttpFailure('unavailable', `could not reach ${url} (${(err as Error).message})`);
    }
  }

  const reasonOf = async (res: Response): Promise<string> => {
    const text = await res.text().catch(() => '');
    try {
      const { error, items } = JSON.parse(text) as { error?: string; items?: { index: number; reason: string }[] };
      return [error, ...(items ?? []).map((i) => `record ${i.index}: ${i.reason}`)].filter(Boolean).join('; ');
    } catch {
      return text.slice(0, 200);
    }
  };

  let queue: Promise<unknown> = Promise.resolve();
  const writer: RecordWriter = {
    newId: () => `${run}-${++counter}`,
    commit(records) {
      const sent = queue.then(() => send(records));
      queue = sent.catch(() => undefined);
      return sent;
    },
    // Idempotency keys already make a resend land once: nothing to look up.
    landed: () => Promise.resolve(false),
    async checkAccess() {
      // The token is checked before the body: an empty array is 400 to a good token, 401 to any other, and writes nothing.
      const res = await post('[]');
      await res.body?.cancel();
      if (res.status === 401) throw new ProducerError('access-denied', ACCESS_DENIED(url), 'permission-denied');
      if (res.status !== 400) throw new ProducerError('failed', `HTTP ${res.status} from ${url} to an access check`);
    },
  };

  async function send(records: readonly PreparedRecord[]): Promise<void> {
    const body = JSON.stringify(records.map((r) => r.data));
    // The first record's id names the batch: a retry of it is answered as the first attempt.
    const key = `dash-produce-${records[0]!.id}-${records.length}`;
    for (let waits = 0; ; waits++) {
      const res = await post(body, key);
      if (res.ok) {
        await res.body?.cancel();
        return;
      }
      if (res.status === 429 && waits < maxRateLimitWaits) {
        await res.body?.cancel();
        await sleep(1000 * Math.max(1, Number(res.headers.get('retry-after')) || 1));
        continue;
      }
      const reason = await reasonOf(res);
      if (res.status === 401) throw new HttpFailure('permission-denied', ACCESS_DENIED(url));
      // 413: too big a batch; the core splits it, as it does a batch with a refused record.
      if (res.status === 400 || res.status === 413) throw new HttpFailure('invalid-argument', `HTTP ${res.status}: ${reason}`);
      throw new HttpFailure(res.status === 429 ? 'resource-exhausted' : 'unavailable', `HTTP ${res.status}: ${reason}`);
    }
  }
  return createProducerCore(writer, core);
}
