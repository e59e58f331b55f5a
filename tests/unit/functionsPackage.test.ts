import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { buildFunctionsIfStale, FUNCTIONS_BUNDLE, functionsBuildIsStale } from '../../scripts/lib/functionsBuild.ts';

const FUNCTIONS = join(ROOT, 'functions');
const alone = mkdtempSync(join(tmpdir(), 'dash-functions-'));
afterAll(() => rmSync(alone, { recursive: true, force: true }));

/**
 * Copies what `firebase deploy` ships (package.json, lib/) and links in the
 * production dependencies the cloud installs, one package at a time: with
 * --preserve-symlinks Node resolves every require from the linked path, so
 * nothing outside this folder (no contract/, no root or dev package) is reachable.
 */
function copyDeployable(to: string): void {
  for (const name of ['package.json', 'package-lock.json', 'lib']) cpSync(join(FUNCTIONS, name), join(to, name), { recursive: true });
  const lock = JSON.parse(readFileSync(join(FUNCTIONS, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!/^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) || entry.dev) continue;
    mkdirSync(dirname(join(to, path)), { recursive: true });
    symlinkSync(join(FUNCTIONS, path), join(to, path), 'dir');
  }
}

/** The exports of `dir`/lib/index.js as plain Node loads them there: name to the kind of trigger. */
function loadExports(dir: string): Record<string, string> {
  const script = `
    const m = require('./lib/index.js');
    const kinds = {};
    for (const [name, fn] of Object.entries(m)) {
      const e = fn.__endpoint ?? {};
      kinds[name] = typeof fn === 'function' ? (e.eventTrigger?.eventType ?? (e.scheduleTrigger ? 'schedule' : e.taskQueueTrigger ? 'task' : e.callableTrigger ? 'callable' : e.httpsTrigger ? 'https' : 'unknown')) : typeof fn;
    }
    console.log(JSON.stringify(kinds));`;
  const out = execFileSync(process.execPath, ['--preserve-symlinks', '-e', script], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
  return JSON.parse(out) as Record<string, string>;
}

describe('the functions package', () => {
  it('builds into lib/ that runs with nothing outside functions/: no contract/, no root node_modules', () => {
    execFileSync('npm', ['--prefix', FUNCTIONS, 'run', 'build'], { stdio: 'pipe' });
    copyDeployable(alone);
    const bundle = readFileSync(join(alone, 'lib', 'index.js'), 'utf8');
    expect(bundle).not.toMatch(/require\(["'][./]*contract/);
    const created = 'google.cloud.firestore.document.v1.created';
    expect(loadExports(alone)).toEqual({
      rollupOnRecordCreated: created,
      createWindowOnPipelineCreated: created,
      deletePipelineDataOnPipelineDeleted: 'google.cloud.firestore.document.v1.deleted',
      reconcileWindowsEvery5Minutes: 'schedule',
      closeQuietMinutesEveryMinute: 'schedule',
      processHistoryDirtyMark: 'google.cloud.firestore.document.v1.written',
      recomputePublicOnWidgetWritten: 'google.cloud.firestore.document.v1.written',
      recomputePublicOnDashboardUpdated: 'google.cloud.firestore.document.v1.updated',
      deleteDashboardChildrenOnDashboardDeleted: 'google.cloud.firestore.document.v1.deleted',
      deleteTeamDataOnTeamDeleted: 'google.cloud.firestore.document.v1.deleted',
      evaluateAlertsOnRuleWritten: 'google.cloud.firestore.document.v1.written',
      sendWebhook: 'task',
      sendTestDelivery: 'callable',
      deleteChannelDeliveriesOnChannelDeleted: 'google.cloud.firestore.document.v1.deleted',
      evaluateAlertsEveryMinute: 'schedule',
      createIngestToken: 'callable',
      ingest: 'https',
    });
  }, 120_000);

  it('is rebuilt by the start and emulator scripts when a contract source is newer than the bundle', () => {
    buildFunctionsIfStale();
    expect(functionsBuildIsStale()).toBe(false);
    // Every source is older than the bundle now: make one contract file just newer, as an edit would.
    const source = join(ROOT, 'contract', 'limits.ts');
    utimesSync(source, statSync(source).atime, new Date(statSync(FUNCTIONS_BUNDLE).mtimeMs + 1));
    expect(functionsBuildIsStale()).toBe(true);
    buildFunctionsIfStale();
    expect(functionsBuildIsStale()).toBe(false);
  }, 120_000);
});
