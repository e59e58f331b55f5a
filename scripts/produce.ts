/**
 * `npm run produce -- --pipeline <id> ...`: signs in as a producer and streams
 * records (NDJSON or CSV from stdin or a file, or this host's metrics) into a
 * pipeline through the producer library. Run with --help for the options; the
 * exit codes are EXIT in ./produce/args.ts.
 */
import { accessSync, constants, createReadStream } from 'node:fs';
import { addAbortSignal, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { setLogLevel } from 'firebase/firestore';
import { createBatcher } from '../src/producer/batching.ts';
import { createProducer } from '../src/producer/createProducer.ts';
import { createHttpProducer } from '../src/producer/httpProducer.ts';
import { ProducerError } from '../src/producer/errors.ts';
import { InputFormatError, type ParsedLine } from '../src/producer/parseRecords.ts';
import { SendManyError } from '../src/producer/producer.ts';
import { createRateLimiter } from '../src/producer/rateLimit.ts';
import { type RecordData } from '../src/producer/validateRecord.ts';
import { EXIT, parseCliArgs, USAGE, UsageError, type CliOptions } from './produce/args.ts';
import { connect, resolveTarget, SignInError, type FirebaseTarget } from './produce/connect.ts';
import { sourceRecords, textRecords } from './produce/input.ts';
import { formatLineRanges, startProgress } from './produce/progress.ts';

/** Bad lines printed one by one; past this many only the count grows. */
const MAX_BAD_LINES_SHOWN = 100;

const fail = (message: string): void => void process.stderr.write(`produce: ${message}\n`);

function setUp(): { options: CliOptions; target: FirebaseTarget; stream?: Readable } | number {
  try {
    const options = parseCliArgs(process.argv.slice(2), process.env);
    if (options === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const target = resolveTarget(process.env, options.config);
    let stream: Readable | undefined;
    if (options.input.kind === 'text') {
      const { file } = options.input;
      if (file) {
        try {
          accessSync(file, constants.R_OK);
        } catch {
          throw new UsageError(`cannot read --file ${file}`);
        }
      }
      stream = file ? createReadStream(file, { encoding: 'utf8' }) : process.stdin.setEncoding('utf8');
    }
    return { options, target, stream };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    fail(`${err.message}\n(npm run produce -- --help shows the options)`);
    return EXIT.usage;
  }
}

async function main(): Promise<number> {
  const setup = setUp();
  if (typeof setup === 'number') return setup;
  const { options, target, stream } = setup;
  // The SDK's own warnings (e.g. "could not reach the backend" while offline) would garble the progress line.
  setLogLevel('error');

  let producer;
  const { signIn } = options;
  if (signIn.kind === 'ingest-token') {
    producer = createHttpProducer({ url: signIn.url, token: signIn.token });
  } else {
    let session;
    try {
      session = await connect(target, signIn);
    } catch (err) {
      if (!(err instanceof SignInError)) throw err;
      fail(err.message);
      return EXIT.auth;
    }
    producer = createProducer({ app: session.app, firestore: session.db, pipelineId: options.pipelineId });
  }
  try {
    await producer.checkAccess();
  } catch (err) {
    if (err instanceof ProducerError && err.code === 'access-denied') {
      fail(err.message);
      return EXIT.accessDenied;
    }
    fail(`could not check access to pipeline "${options.pipelineId}" (${(err as Error).message}); sending anyway`);
  }

  const stop = new AbortController();
  const badLines: number[] = [];
  const failedLines = new Map<string, number[]>();
  let accessDenied = false;
  let read = 0;
  let settled: () => void = () => undefined;
  let nextSettle = new Promise<void>((r) => (settled = r));
  const wake = (): void => {
    settled();
    nextSettle = new Promise<void>((r) => (settled = r));
  };

  const batcher = createBatcher<{ line: number; data: RecordData }>({
    maxSize: options.batchSize,
    maxWaitMs: options.batchWaitMs,
    onBatch(items) {
      producer
        .sendMany(items.map((i) => i.data))
        .catch((err: unknown) => {
          const failures =
            err instanceof SendManyError ? err.failures : items.map((_, index) => ({ index, error: err as Error }));
          const byMessage = new Map<string, number[]>();
          for (const { index, error } of failures) {
            if (error instanceof ProducerError && error.code === 'access-denied') accessDenied = true;
            byMessage.set(error.message, [...(byMessage.get(error.message) ?? []), items[index].line]);
          }
          for (const [message, lines] of byMessage) {
            failedLines.set(message, [...(failedLines.get(message) ?? []), ...lines]);
            progress.log(`${lines.length === 1 ? 'line' : 'lines'} ${formatLineRanges(lines)}: ${message}`);
          }
          if (accessDenied) stop.abort();
        })
        .finally(wake);
    },
  });

  const progress = startProgress(
    process.stderr,
    () => ({
      sent: producer.stats.acknowledged,
      pending: producer.pending + batcher.size,
      errors: badLines.length + producer.stats.failed,
    }),
    { quiet: options.quiet, intervalMs: options.progressIntervalMs },
  );

  let interrupts = 0;
  process.on('SIGINT', () => {
    if (++interrupts === 1) {
      progress.log('stopping: sending what was read (Ctrl-C again to quit without waiting)');
      stop.abort();
    } else {
      fail(`quit with ${producer.pending + batcher.size} records unacknowledged; they may be lost`);
      process.exit(EXIT.unacknowledged);
    }
  });

  if (options.input.kind === 'text' && !options.input.file && process.stdin.isTTY) {
    progress.log(`reading ${options.input.format === 'csv' ? 'CSV' : 'NDJSON'} from the terminal; end with Ctrl-D`);
  }
  const started = performance.now();
  const limiter = options.rate ? createRateLimiter(options.rate, Math.max(1, options.rate / 20)) : undefined;
  const records: AsyncIterable<ParsedLine> =
    options.input.kind === 'source'
      ? sourceRecords(options.input.source, options.input.intervalMs, stop.signal)
      : textRecords(addAbortSignal(stop.signal, stream!), options.input.format);

  try {
    for await (const parsed of records) {
      read++;
      if ('error' in parsed) {
        badLines.push(parsed.line);
        if (badLines.length <= MAX_BAD_LINES_SHOWN) progress.log(`line ${parsed.line}: ${parsed.error}`);
        else if (badLines.length === MAX_BAD_LINES_SHOWN + 1) progress.log('(further bad lines are counted, not shown)');
      } else {
        const wait = limiter?.reserve(performance.now()) ?? 0;
        if (wait >= 1) await sleep(wait);
        while (producer.pending + batcher.size >= options.maxPending && !stop.signal.aborted) await nextSettle;
        if (stop.signal.aborted) break;
        batcher.add(parsed);
      }
      if (stop.signal.aborted || (options.limit !== undefined && read >= options.limit)) break;
    }
  } catch (err) {
    if (err instanceof InputFormatError) {
      progress.done();
      fail(err.message);
      return EXIT.usage;
    }
    if (!stop.signal.aborted) throw err;
  }
  batcher.flush();

  const flushed = producer.flush().then(() => true);
  const inTime =
    options.flushTimeoutMs === undefined ? await flushed : await Promise.race([flushed, sleep(options.flushTimeoutMs).then(() => false)]);
  const elapsedMs = performance.now() - started;
  progress.done();

  const { acknowledged, failed, pending } = producer.stats;
  const code = accessDenied
    ? EXIT.accessDenied
    : !inTime && pending > 0
      ? EXIT.unacknowledged
      : badLines.length + failed > 0
        ? EXIT.someFailed
        : EXIT.ok;
  const parts = [`${acknowledged} sent`];
  if (badLines.length > 0) parts.push(`${badLines.length} bad ${badLines.length === 1 ? 'line' : 'lines'} (${formatLineRanges(badLines)})`);
  if (failed > 0) parts.push(`${failed} rejected or failed`);
  if (pending > 0) parts.push(`${pending} unacknowledged, may be lost`);
  process.stderr.write(`produce: ${parts.join(', ')} to pipeline "${options.pipelineId}" in ${(elapsedMs / 1000).toFixed(1)} s\n`);
  if (options.summaryJson) {
    const summary = {
      pipeline: options.pipelineId,
      read,
      sent: acknowledged,
      badLines,
      failed,
      failures: Object.fromEntries(failedLines),
      pending,
      elapsedMs: Math.round(elapsedMs),
      recordsPerSec: Math.round(acknowledged / (elapsedMs / 1000)),
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      exitCode: code,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    fail(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(EXIT.someFailed);
  },
);
