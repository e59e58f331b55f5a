import { parseArgs } from 'node:util';
import { MAX_BATCH_WRITES } from '../../src/producer/batching.ts';

/** Exit codes of `npm run produce`, for scripts to rely on. */
export const EXIT = {
  /** Every record read was acknowledged by the server. */
  ok: 0,
  /** The run finished, but some lines were bad or some records were rejected or failed. */
  someFailed: 1,
  /** Bad flags, an unreadable input, a CSV header that is not one, or no Firebase project to use. */
  usage: 2,
  /** Sign-in failed. */
  auth: 3,
  /** This account may not append to the pipeline (or it does not exist). */
  accessDenied: 4,
  /** Stopped while records were still unacknowledged (--flush-timeout, or Ctrl-C twice): they may be lost. */
  unacknowledged: 5,
} as const;

export const USAGE = `Usage: npm run produce -- --pipeline <id> [sign-in] [input] [options]
       npm run produce -- --token <ingest token> --url <ingest url> [input] [options]

Appends records to a Dash pipeline as a producer account, or over HTTP with
an ingest token (made on the pipeline's page; see docs/producers.md).

Sign-in (one of):
  --email <email> --password <pw>  env DASH_PRODUCER_EMAIL, DASH_PRODUCER_PASSWORD
  --custom-token <token>           env DASH_PRODUCER_TOKEN
  --token <token> --url <url>      env DASH_INGEST_TOKEN; the url ends in
                                   /ingest/<pipeline id>, which names the pipeline

Input (default: NDJSON, one JSON object a line, on stdin):
  --format ndjson|csv              CSV has a header row; numbers, true/false and
                                   empty cells (null) are typed, quoted cells stay text
  --file <path>                    read this file instead of stdin
  --source system|network          this host's metrics instead, one record every --interval
  --interval <seconds>             sampling interval of --source (default 1)
  --limit <n>                      stop after n input records

Sending:
  --rate <n>                       at most n records a second
  --batch-size <n>                 records a write, 1..${MAX_BATCH_WRITES} (default ${MAX_BATCH_WRITES}; 1 = one write a record)
  --batch-wait <ms>                longest a record waits for its batch to fill (default 50)
  --max-pending <n>                pause reading while n records are unacknowledged (default 10000)
  --flush-timeout <seconds>        at the end, give up waiting for acknowledgements (default: wait)

Output:
  --progress-interval <seconds>    progress line period when stderr is not a terminal (default 5, 0 = none)
  --quiet                          no progress line
  --summary-json                   print a JSON summary on stdout at the end

Project: the emulators when FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST
are set (project demo-dash); otherwise the web app config of --config <file.json>
or env DASH_FIREBASE_CONFIG (JSON, or a path to it); otherwise the local emulators
of \`npm start\`, on its ports (DASH_PORT_OFFSET, DASH_PORT_FIRESTORE, DASH_PORT_AUTH).

Exit codes: 0 all acknowledged; 1 some lines bad or records rejected; 2 usage
error; 3 sign-in failed; 4 no access to the pipeline; 5 stopped with records
unacknowledged.`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type SignIn =
  | { kind: 'password'; email: string; password: string }
  | { kind: 'custom-token'; token: string }
  | { kind: 'ingest-token'; token: string; url: string };

export type Input =
  | { kind: 'text'; format: 'ndjson' | 'csv'; file?: string }
  | { kind: 'source'; source: 'system' | 'network'; intervalMs: number };

export interface CliOptions {
  pipelineId: string;
  signIn: SignIn;
  input: Input;
  limit?: number;
  rate?: number;
  batchSize: number;
  batchWaitMs: number;
  maxPending: number;
  flushTimeoutMs?: number;
  progressIntervalMs: number;
  quiet: boolean;
  summaryJson: boolean;
  config?: string;
}

/** `--url` and `--token` together, and the pipeline the url names; undefined when neither is given. */
function ingestTarget(url: string | undefined, token: string | undefined): { url: string; token: string; pipelineId: string } | undefined {
  if (url === undefined && token === undefined) return undefined;
  if (url === undefined) throw new UsageError('--token needs --url, the ingest endpoint of its pipeline');
  if (token === undefined) throw new UsageError('--url needs --token (or DASH_INGEST_TOKEN)');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url is not a URL: "${url}"`);
  }
  const match = /\/ingest\/([^/]+)\/?$/.exec(parsed.pathname);
  if (!/^https?:$/.test(parsed.protocol) || !match) throw new UsageError(`--url is the http(s) URL of an ingest endpoint, ending in /ingest/<pipeline id>, not "${url}"`);
  return { url, token, pipelineId: decodeURIComponent(match[1]!) };
}

function positive(name: string, value: string | undefined, { integer = false, allowZero = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(n) && (allowZero ? n >= 0 : n > 0) && (!integer || Number.isInteger(n));
  if (!ok) throw new UsageError(`--${name} must be a ${integer ? 'whole number' : 'number'} ${allowZero ? '>= 0' : '> 0'}, not "${value}"`);
  return n;
}

/** The CLI's options from its arguments and environment, or `'help'`; throws a UsageError for anything wrong. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        pipeline: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        'custom-token': { type: 'string' },
        token: { type: 'string' },
        url: { type: 'string' },
        format: { type: 'string' },
        file: { type: 'string' },
        source: { type: 'string' },
        interval: { type: 'string' },
        limit: { type: 'string' },
        rate: { type: 'string' },
        'batch-size': { type: 'string' },
        'batch-wait': { type: 'string' },
        'max-pending': { type: 'string' },
        'flush-timeout': { type: 'string' },
        'progress-interval': { type: 'string' },
        quiet: { type: 'boolean' },
        'summary-json': { type: 'boolean' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';

  const ingest = ingestTarget(values.url, values.token ?? (values.url === undefined ? undefined : env.DASH_INGEST_TOKEN));
  const pipelineId = values.pipeline ?? ingest?.pipelineId;
  if (!pipelineId) throw new UsageError('--pipeline <id> is required');
  if (pipelineId.includes('/')) throw new UsageError(`--pipeline is a pipeline id, not a path: "${pipelineId}"`);
  if (ingest && ingest.pipelineId !== pipelineId) throw new UsageError(`--url is the endpoint of pipeline "${ingest.pipelineId}", not "${pipelineId}"`);

  if ([values['custom-token'], values.email, ingest].filter((v) => v !== undefined).length > 1) {
    throw new UsageError('sign in with one of --email/--password, --custom-token or --token/--url');
  }
  const email = values.email ?? (values['custom-token'] === undefined && !ingest ? env.DASH_PRODUCER_EMAIL : undefined);
  const token = values['custom-token'] ?? env.DASH_PRODUCER_TOKEN;
  let signIn: SignIn;
  if (ingest) {
    signIn = { kind: 'ingest-token', token: ingest.token, url: ingest.url };
  } else if (email) {
    const password = values.password ?? env.DASH_PRODUCER_PASSWORD;
    if (!password) throw new UsageError('--email needs --password (or DASH_PRODUCER_PASSWORD)');
    signIn = { kind: 'password', email, password };
  } else if (token) {
    signIn = { kind: 'custom-token', token };
  } else {
    throw new UsageError('sign in with --email and --password, or --custom-token (or their DASH_PRODUCER_* variables)');
  }

  let input: Input;
  if (values.source !== undefined) {
    if (values.source !== 'system' && values.source !== 'network') {
      throw new UsageError(`--source is system or network, not "${values.source}"`);
    }
    if (values.file !== undefined || values.format !== undefined) throw new UsageError('--source reads no file: drop --file/--format');
    input = { kind: 'source', source: values.source, intervalMs: 1000 * (positive('interval', values.interval) ?? 1) };
  } else {
    if (values.interval !== undefined) throw new UsageError('--interval only applies to --source');
    const format = values.format ?? 'ndjson';
    if (format !== 'ndjson' && format !== 'csv') throw new UsageError(`--format is ndjson or csv, not "${format}"`);
    input = { kind: 'text', format, file: values.file };
  }

  const batchSize = positive('batch-size', values['batch-size'], { integer: true }) ?? MAX_BATCH_WRITES;
  if (batchSize > MAX_BATCH_WRITES) throw new UsageError(`--batch-size is at most ${MAX_BATCH_WRITES} (Firestore's batch limit)`);
  const flushTimeout = positive('flush-timeout', values['flush-timeout'], { allowZero: true });

  return {
    pipelineId,
    signIn,
    input,
    limit: positive('limit', values.limit, { integer: true }),
    rate: positive('rate', values.rate),
    batchSize,
    batchWaitMs: positive('batch-wait', values['batch-wait'], { allowZero: true }) ?? 50,
    maxPending: positive('max-pending', values['max-pending'], { integer: true }) ?? 10_000,
    flushTimeoutMs: flushTimeout === undefined ? undefined : flushTimeout * 1000,
    progressIntervalMs: 1000 * (positive('progress-interval', values['progress-interval'], { allowZero: true }) ?? 5),
    quiet: values.quiet ?? false,
    summaryJson: values['summary-json'] ?? false,
    config: values.config ?? env.DASH_FIREBASE_CONFIG,
  };
}
