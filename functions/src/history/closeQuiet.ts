/**
 * Closes, by the clock, the open minutes no later record closed: a minute
 * whose records stopped has nobody to close it. Run every minute by a
 * schedule (index.ts; on the emulators by npm start's loop and by the tests).
 *
 * Deviation from the first design, with its reason: the leader that opened a
 * minute was to sleep in its trigger until the minute's end. On the emulator
 * a sleeping trigger holds one of the few delivery lanes the Firestore
 * emulator gives the functions: eight pipelines' sleeping openers kept every
 * other pipeline's record triggers from being delivered for minutes. In
 * production it kept an instance busy per pipeline all the time (the README's
 * "sleeping leader" cost). A query per minute costs one read per open minute
 * found (one when none): `minute.start` is indexed (its aggregates are not).
 * A minute is then closed at most ~61 s after its end.
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { BUCKET_MS } from '../../../contract/index.ts';
import { flushWindow } from '../rollup/flushWindow.js';
import { CLOSE_SKEW_MS } from './plan.js';

const PAGE = 500;
const PARALLEL = 8;

export async function closeQuietMinutes(db: Firestore, nowMs = Date.now()): Promise<{ closed: number; reads: number }> {
  const due = await db
    .collectionGroup('rollups')
    .where('minute.start', '<=', Timestamp.fromMillis(nowMs - BUCKET_MS.minute - CLOSE_SKEW_MS))
    .select()
    .limit(PAGE)
    .get();
  let closed = 0;
  let reads = Math.max(1, due.size);
  const ids = due.docs.map((d) => d.ref.parent.parent?.id).filter((id): id is string => !!id);
  for (let i = 0; i < ids.length; i += PARALLEL) {
    await Promise.all(
      ids.slice(i, i + PARALLEL).map(async (pipelineId) => {
        try {
          const flush = await flushWindow(db, pipelineId, { closeOnly: true, nowMs });
          closed += flush.history.closed;
          reads += flush.reads;
        } catch (err) {
          logger.error('history close failed', { pipelineId, error: String(err) });
        }
      }),
    );
  }
  return { closed, reads };
}
