/**
 * Rebuilds a pipeline's history from its log (for pipelines that existed
 * before history, or after any damage), with the functions' own recompute:
 *   npm run history:rebuild -- --pipeline <id> [--from <ISO>] [--to <ISO>] [--production]
 * Against the emulators of `npm start` by default (DASH_PORT_OFFSET / DASH_PORT_* as
 * everywhere); with --production, against the project of the application
 * default credentials (GOOGLE_APPLICATION_CREDENTIALS, or `gcloud auth application-default login`).
 * --from defaults to the pipeline's first record, --to to now.
 */
import { parseArgs } from 'node:util';
import { portsFromEnv } from './lib/ports.ts';
import { sdkEmulatorEnv } from './lib/emulatorEnv.ts';

const USAGE = 'usage: npm run history:rebuild -- --pipeline <id> [--from <ISO>] [--to <ISO>] [--production]';

function parseTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`--${name} ${value} is not an ISO date`);
  return ms;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { pipeline: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, production: { type: 'boolean' } },
  });
  if (!values.pipeline) {
    console.error(USAGE);
    return 2;
  }
  if (!values.production) Object.assign(process.env, sdkEmulatorEnv(portsFromEnv()));
  // Loaded after the environment is set: firebase-admin reads FIRESTORE_EMULATOR_HOST when it starts.
  const [{ firestore }, { rebuildHistory }, { logOrder }] = await Promise.all([
    import('../functions/src/admin.ts'),
    import('../functions/src/history/rebuild.ts'),
    import('../functions/src/rollup/log.ts'),
  ]);
  const db = firestore();
  const pipelineId = values.pipeline;
  if (!(await db.doc(`pipelines/${pipelineId}`).get()).exists) {
    console.error(`No pipeline ${pipelineId}.`);
    return 1;
  }
  const toMs = parseTime(values.to, 'to') ?? Date.now();
  let fromMs = parseTime(values.from, 'from');
  if (fromMs === undefined) {
    const first = await logOrder(db, pipelineId, 'asc').limit(1).get();
    if (first.empty) {
      console.log(`Pipeline ${pipelineId} has no records: nothing to rebuild.`);
      return 0;
    }
    fromMs = (first.docs[0]!.get('ts') as { toMillis(): number }).toMillis();
  }
  const started = Date.now();
  const result = await rebuildHistory(db, pipelineId, fromMs, toMs);
  const what = (['minute', 'hour', 'day'] as const).map((r) => `${result.written[r]} ${r} documents (${result.buckets[r]} buckets)`).join(', ');
  console.log(
    `Rebuilt the history of ${pipelineId} from ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()} ` +
      `(${values.production ? 'production' : `emulator ${process.env.FIRESTORE_EMULATOR_HOST}`}): ${what}, in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
