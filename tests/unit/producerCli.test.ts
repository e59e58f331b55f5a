import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError, type CliOptions } from '../../scripts/produce/args.ts';
import { resolveTarget } from '../../scripts/produce/connect.ts';
import { textRecords } from '../../scripts/produce/input.ts';
import { formatLineRanges, formatProgress } from '../../scripts/produce/progress.ts';

const signIn = ['--email', 'p@x.io', '--password', 'pw'];
const parse = (args: string[], env: NodeJS.ProcessEnv = {}): CliOptions => {
  const options = parseCliArgs(args, env);
  if (options === 'help') throw new Error('unexpected help');
  return options;
};

describe('parseCliArgs', () => {
  it('defaults: NDJSON on stdin, batches of 500', () => {
    expect(parse(['--pipeline', 'p', ...signIn])).toEqual({
      pipelineId: 'p',
      signIn: { kind: 'password', email: 'p@x.io', password: 'pw' },
      input: { kind: 'text', format: 'ndjson', file: undefined },
      limit: undefined,
      rate: undefined,
      batchSize: 500,
      batchWaitMs: 50,
      maxPending: 10_000,
      flushTimeoutMs: undefined,
      progressIntervalMs: 5000,
      quiet: false,
      summaryJson: false,
      config: undefined,
    });
  });

  it('reads every option', () => {
    const o = parse([
      '--pipeline', 'p', '--custom-token', 'tok', '--format', 'csv', '--file', 'in.csv', '--limit', '10', '--rate', '2.5',
      '--batch-size', '1', '--batch-wait', '0', '--max-pending', '100', '--flush-timeout', '3', '--progress-interval', '0.5',
      '--quiet', '--summary-json', '--config', 'web.json',
    ]);
    expect(o).toMatchObject({
      signIn: { kind: 'custom-token', token: 'tok' },
      input: { kind: 'text', format: 'csv', file: 'in.csv' },
      limit: 10,
      rate: 2.5,
      batchSize: 1,
      batchWaitMs: 0,
      maxPending: 100,
      flushTimeoutMs: 3000,
      progressIntervalMs: 500,
      quiet: true,
      summaryJson: true,
      config: 'web.json',
    });
  });

  it('takes the sign-in and config from the environment', () => {
    const env = { DASH_PRODUCER_EMAIL: 'e@x.io', DASH_PRODUCER_PASSWORD: 'secret', DASH_FIREBASE_CONFIG: '{"apiKey":"k"}' };
    expect(parse(['--pipeline', 'p'], env)).toMatchObject({
      signIn: { kind: 'password', email: 'e@x.io', password: 'secret' },
      config: '{"apiKey":"k"}',
    });
    expect(parse(['--pipeline', 'p'], { DASH_PRODUCER_TOKEN: 't' }).signIn).toEqual({ kind: 'custom-token', token: 't' });
    // A flag beats the environment.
    expect(parse(['--pipeline', 'p', '--custom-token', 'flag'], env).signIn).toEqual({ kind: 'custom-token', token: 'flag' });
  });

  it('reads a host metrics source with its interval', () => {
    expect(parse(['--pipeline', 'p', ...signIn, '--source', 'network', '--interval', '0.25']).input).toEqual({
      kind: 'source',
      source: 'network',
      intervalMs: 250,
    });
  });

  it('sends over HTTP with --token and --url, which names the pipeline', () => {
    const url = 'https://dash.example/api/ingest/green%20house';
    expect(parse(['--token', 'tok', '--url', url])).toMatchObject({ pipelineId: 'green house', signIn: { kind: 'ingest-token', token: 'tok', url } });
    expect(parse(['--url', url], { DASH_INGEST_TOKEN: 'env-tok', DASH_PRODUCER_EMAIL: 'p@x.io' }).signIn).toEqual({ kind: 'ingest-token', token: 'env-tok', url });
  });

  it('answers --help', () => {
    expect(parseCliArgs(['--help'], {})).toBe('help');
    expect(parseCliArgs(['-h'], {})).toBe('help');
  });

  it.each([
    [[...signIn], '--pipeline <id> is required'],
    [['--pipeline', 'a/b', ...signIn], 'not a path'],
    [['--pipeline', 'p'], 'sign in with --email and --password'],
    [['--pipeline', 'p', '--email', 'e@x.io'], '--email needs --password'],
    [['--pipeline', 'p', ...signIn, '--custom-token', 't'], 'sign in with one of'],
    [['--token', 't'], '--token needs --url'],
    [['--url', 'https://d.example/api/ingest/p'], '--url needs --token (or DASH_INGEST_TOKEN)'],
    [['--token', 't', '--url', 'not a url'], '--url is not a URL'],
    [['--token', 't', '--url', 'ftp://d.example/api/ingest/p'], 'ending in /ingest/<pipeline id>'],
    [['--token', 't', '--url', 'https://d.example/api/ingest/p', '--pipeline', 'q'], 'the endpoint of pipeline "p", not "q"'],
    [['--token', 't', '--url', 'https://d.example/api/ingest/p', ...signIn], 'sign in with one of'],
    [['--pipeline', 'p', ...signIn, '--format', 'xml'], '--format is ndjson or csv, not "xml"'],
    [['--pipeline', 'p', ...signIn, '--source', 'disk'], '--source is system or network'],
    [['--pipeline', 'p', ...signIn, '--source', 'system', '--file', 'x'], 'drop --file'],
    [['--pipeline', 'p', ...signIn, '--interval', '2'], '--interval only applies to --source'],
    [['--pipeline', 'p', ...signIn, '--rate', '0'], '--rate must be a number > 0, not "0"'],
    [['--pipeline', 'p', ...signIn, '--rate', 'fast'], '--rate must be a number > 0'],
    [['--pipeline', 'p', ...signIn, '--batch-size', '501'], '--batch-size is at most 500'],
    [['--pipeline', 'p', ...signIn, '--batch-size', '2.5'], '--batch-size must be a whole number > 0'],
    [['--pipeline', 'p', ...signIn, '--limit', ''], '--limit must be a whole number > 0'],
    [['--pipeline', 'p', ...signIn, '--bogus'], "Unknown option '--bogus'"],
    [['--pipeline', 'p', ...signIn, 'stray'], 'stray'],
  ])('refuses %j', (args, message) => {
    expect(() => parseCliArgs(args, {})).toThrow(UsageError);
    expect(() => parseCliArgs(args, {})).toThrow(message);
  });
});

describe('resolveTarget', () => {
  it('uses the emulators of demo-dash when both variables are set', () => {
    const target = resolveTarget({ FIRESTORE_EMULATOR_HOST: '127.0.0.1:8380', FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9399' }, 'ignored');
    expect(target.options.projectId).toBe('demo-dash');
    expect(target.emulators).toEqual({ firestoreHost: '127.0.0.1', firestorePort: 8380, authUrl: 'http://127.0.0.1:9399' });
  });

  it('refuses half an emulator setup', () => {
    expect(() => resolveTarget({ FIRESTORE_EMULATOR_HOST: '127.0.0.1:8380' }, undefined)).toThrow('set both');
  });

  it('reads a web config from JSON text or from a file', () => {
    const json = '{"apiKey":"k","projectId":"prod","appId":"a"}';
    expect(resolveTarget({}, json)).toEqual({ options: { apiKey: 'k', projectId: 'prod', appId: 'a' } });
    expect(resolveTarget({}, 'package.json', () => json).options.projectId).toBe('prod');
  });

  it('uses the local emulators of `npm start` without a config, on the ports DASH_PORT_* give', () => {
    const local = (env: NodeJS.ProcessEnv) => resolveTarget(env, undefined).emulators;
    expect(local({})).toEqual({ firestoreHost: '127.0.0.1', firestorePort: 8080, authUrl: 'http://127.0.0.1:9099' });
    expect(local({ DASH_PORT_OFFSET: '300' })).toEqual({ firestoreHost: '127.0.0.1', firestorePort: 8380, authUrl: 'http://127.0.0.1:9399' });
    expect(local({ DASH_PORT_OFFSET: '300', DASH_PORT_AUTH: '9000' })?.authUrl).toBe('http://127.0.0.1:9000');
    expect(resolveTarget({ DASH_PORT_OFFSET: '300' }, undefined).options.projectId).toBe('demo-dash');
    expect(() => resolveTarget({ DASH_PORT_OFFSET: 'lots' }, undefined)).toThrow('DASH_PORT_OFFSET=lots is not a valid port number');
  });

  it.each([
    ['/nonexistent/web.json', 'not found'],
    ['{"apiKey":', 'not valid JSON'],
    ['{"apiKey":"k"}', 'has no "projectId"'],
  ])('refuses config %j', (config, message) => {
    expect(() => resolveTarget({}, config)).toThrow(message);
  });
});

describe('textRecords', () => {
  async function collect(chunks: string[], format: 'ndjson' | 'csv') {
    async function* stream() {
      yield* chunks;
    }
    const out = [];
    for await (const r of textRecords(stream(), format)) out.push(r);
    return out;
  }

  it('numbers lines across chunk boundaries, blank lines included', async () => {
    expect(await collect(['{"a":1}\n\n{"a"', ':2}\nnope\n{"a":3}'], 'ndjson')).toEqual([
      { line: 1, data: { a: 1 } },
      { line: 3, data: { a: 2 } },
      { line: 4, error: expect.stringContaining('not valid JSON') },
      { line: 5, data: { a: 3 } },
    ]);
  });

  it('reads CSV with a header and a multi-line quoted cell', async () => {
    expect(await collect(['n,t\r\n1,"a\nb"\r\n2,x\r\n'], 'csv')).toEqual([
      { line: 2, data: { n: 1, t: 'a\nb' } },
      { line: 4, data: { n: 2, t: 'x' } },
    ]);
  });
});

describe('progress', () => {
  it('formats the progress line', () => {
    expect(formatProgress({ sent: 1200, pending: 34, errors: 2 }, 2500)).toBe('sent 1200  pending 34  errors 2  480 rec/s  2.5 s');
    expect(formatProgress({ sent: 0, pending: 0, errors: 0 }, 0)).toBe('sent 0  pending 0  errors 0  0 rec/s  0.0 s');
  });

  it.each([
    [[], ''],
    [[5], '5'],
    [[3, 1, 2, 7, 9, 10], '1-3, 7, 9-10'],
  ])('line ranges of %j: %s', (lines, text) => {
    expect(formatLineRanges(lines)).toBe(text);
  });

  it('caps long range lists', () => {
    expect(formatLineRanges([1, 3, 5, 7], 2)).toBe('1, 3 and 2 more');
  });
});
