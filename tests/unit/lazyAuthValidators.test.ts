import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';

const PRELOAD = join(ROOT, 'scripts', 'lib', 'lazyAuthValidators.cjs');
const PROBE = join(ROOT, 'tests', 'unit', 'lazyAuthValidatorsProbe.cjs');

function probe(preload: boolean): Record<string, unknown> {
  const args = [...(preload ? ['--require', PRELOAD] : []), PROBE];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as Record<string, unknown>;
}

describe('the Auth emulator preload (exegesis as firebase-tools uses it)', () => {
  it('as published, compiles every validator at start and checks the spec against the meta-schema', () => {
    expect(probe(false)).toEqual({ startError: expect.stringContaining('schema is invalid') });
  });

  it('with the preload, compiles nothing at start, and still rejects an invalid request', () => {
    expect(probe(true)).toEqual({ validateSchema: false, valid: 200, invalid: 400 });
  });
});
