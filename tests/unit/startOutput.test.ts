import { describe, expect, it } from 'vitest';
import { reconcileEveryMs } from '../../scripts/lib/reconcileLoop.ts';
import { classifyEmulatorLine, IngestStatus, isRepair } from '../../scripts/lib/startOutput.ts';
import { StatusConsole } from '../../scripts/lib/statusConsole.ts';

const flush = (pipelineId: string, counted: number) =>
  `>  {"pipelineId":"${pipelineId}","role":"leader","outcome":"written","counted":${counted},"late":0,"reads":6,"severity":"INFO","message":"rollup flush"}`;

describe('classifyEmulatorLine', () => {
  it('turns the functions\' "rollup flush" logs into counts, not lines', () => {
    expect(classifyEmulatorLine(flush('system', 3))).toEqual({ kind: 'flush', pipelineId: 'system', counted: 3 });
  });

  it.each([
    'i  functions: Beginning execution of "us-central1-rollupOnRecordCreated"',
    'i  functions: Finished "us-central1-rollupOnRecordCreated" in 1204.5ms',
    '>  {"severity":"INFO","message":"rollup reconcile","pipelines":2}',
    '>  some console.log of a function',
    '✔  functions[us-central1-rollupOnRecordCreated]: firestore function initialized.',
    '│ ✔  All emulators ready! It is now safe to connect your app. │',
    '',
    '⚠  Unable to fetch the CLI MOTD and remote config. This is not a fatal error, but may indicate an issue with your network connection.',
    '⚠  functions: Your requested "node" version "22" doesn\'t match your global version "20". Using node@20 from host.',
    '⚠  firestore: Env variable override detected. Using firestore emulator at /x/launcher.jar',
  ])('keeps %j in the log file only', (line) => {
    expect(classifyEmulatorLine(line)).toEqual({ kind: 'log' });
  });

  it.each([
    '⚠  functions: Failed to load function definition from source: FirebaseError: Functions codebase could not be analyzed successfully.',
    '✘  functions: Error: a trigger threw',
    '!!  functions: Unhandled error',
    '>  {"severity":"ERROR","message":"reconcile failed","pipelineId":"p"}',
    '>  {"severity":"WARNING","message":"something odd"}',
    'Error: Could not start Firestore Emulator, port taken.',
  ])('shows %j', (line) => {
    expect(classifyEmulatorLine(line)).toEqual({ kind: 'show' });
  });
});

describe('IngestStatus', () => {
  it('gives records/s per pipeline over its span, from the flushes\' counts, and the last reconcile', () => {
    const status = new IngestStatus(10_000);
    const t0 = new Date(2026, 0, 1, 12, 0, 0).getTime();
    expect(status.line(t0)).toBe('12:00:00 records/s (10 s): none yet');
    for (let s = 0; s < 10; s++) status.noteFlush('system', 1, t0 + s * 1000);
    status.noteFlush('network', 5, t0 + 9000);
    expect(status.line(t0 + 9500)).toBe('12:00:09 records/s (10 s): network 0.5 · system 1.0');
    // Older flushes leave the span; a pipeline that went quiet stays listed at 0.
    status.noteReconcile({ atMs: t0 + 20_000, outcomes: { current: 1, verified: 0, rebuilt: 1 } });
    expect(status.line(t0 + 30_000)).toBe('12:00:30 records/s (10 s): network 0.0 · system 0.0 · reconcile 12:00:20: 1 current, 1 rebuilt');
  });
});

describe('StatusConsole', () => {
  function sink(isTTY: boolean) {
    const written: string[] = [];
    const stream = { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    return { written, stream };
  }

  it('rewrites the status line in place on a terminal, and keeps it under printed messages', () => {
    const { written, stream } = sink(true);
    const console = new StatusConsole(stream);
    console.status('status 1');
    console.print('banner');
    console.status('status 2');
    expect(written.join('')).toBe('\r\x1b[2Kstatus 1\r\x1b[2Kbanner\nstatus 1\r\x1b[2Kstatus 2');
  });

  it('prints the status as lines of their own on a pipe, at most once per period', () => {
    const { written, stream } = sink(false);
    const console = new StatusConsole(stream, 10_000);
    console.status('a', 100_000);
    console.status('b', 105_000);
    console.status('c', 110_000);
    expect(written).toEqual(['a\n', 'c\n']);
  });
});

describe('reconcileEveryMs', () => {
  it('is the production schedule\'s 5 minutes unless DASH_RECONCILE_SECONDS says otherwise', () => {
    expect(reconcileEveryMs({})).toBe(300_000);
    expect(reconcileEveryMs({ DASH_RECONCILE_SECONDS: '2.5' })).toBe(2500);
    expect(() => reconcileEveryMs({ DASH_RECONCILE_SECONDS: '0' })).toThrow('DASH_RECONCILE_SECONDS=0');
  });
});

describe('isRepair', () => {
  it('is a run that rebuilt, flushed or failed on some pipeline', () => {
    expect(isRepair({ atMs: 0, outcomes: { current: 2, verified: 1, rebuilt: 0 } })).toBe(false);
    expect(isRepair({ atMs: 0, outcomes: { current: 2, rebuilt: 1 } })).toBe(true);
    expect(isRepair({ atMs: 0, outcomes: { flushed: 1 } })).toBe(true);
    expect(isRepair({ atMs: 0, outcomes: { failed: 1 } })).toBe(true);
  });
});
