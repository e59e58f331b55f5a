import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAuth } from 'firebase-admin/auth';
import { FieldPath, Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../scripts/produce/args.ts';
import { firestore as functionsDb } from '../../functions/src/admin.ts';
import { issueToken } from '../../functions/src/ingest/tokens.ts';
import { portsFromEnv } from '../../scripts/lib/ports.ts';
import { adminApp, adminDb, closeAdmin } from '../support/admin.ts';
import { firestoreHost, PROJECT_ID } from '../support/emulators.ts';
import { createUser, FlakyProxy, PASSWORD, readLog, runCli, seedTeam, unique } from './support.ts';

let producerA: { uid: string; email: string };
let teamA: { teamId: string; pipelineId: string };
let teamB: { teamId: string; pipelineId: string };

beforeAll(async () => {
  const email = `${unique('producer-a')}@dash.test`;
  producerA = { uid: await createUser(email), email };
  const ownerB = await createUser(`${unique('owner-b')}@dash.test`);
  teamA = await seedTeam({ [producerA.uid]: 'producer' });
  teamB = await seedTeam({ [ownerB]: 'owner' });
});

afterAll(closeAdmin);

const asProducerA = (): string[] => ['--email', producerA.email, '--password', PASSWORD];

/** `n` NDJSON lines `{"seq": <line number>, ...}`, with the given lines replaced. */
function ndjson(n: number, replaced: Record<number, string> = {}): string {
  const lines = Array.from({ length: n }, (_, i) => replaced[i + 1] ?? JSON.stringify({ seq: i + 1, value: Math.sin(i), ok: i % 2 === 0 }));
  return `${lines.join('\n')}\n`;
}

/** How many times each seq appears in the log. */
async function seqCounts(pipelineId: string): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const record of await readLog(pipelineId)) counts.set(record.data.seq, (counts.get(record.data.seq) ?? 0) + 1);
  return counts;
}

describe('npm run produce', () => {
  it('streams 1,000 NDJSON lines: every good line lands exactly once, bad lines are reported by number', { timeout: 240_000 }, async () => {
    const bad: Record<number, string> = {
      17: '{"seq": 17, ',
      250: '[1, 2, 3]',
      401: '{"seq": 401, "nested": {"no": 1}}',
      666: '{}',
      900: JSON.stringify({ seq: 900, ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`blob${i}`, 'x'.repeat(1000)])) }),
      1000: 'not json at all',
    };
    const run = await runCli(['--pipeline', teamA.pipelineId, ...asProducerA(), '--summary-json'], { stdin: ndjson(1000, bad) });

    expect(run.code).toBe(EXIT.someFailed);
    expect(run.stderr).toMatch(/^line 17: not valid JSON/m);
    expect(run.stderr).toMatch(/^line 250: a record must be an object of field names to values, not an array$/m);
    expect(run.stderr).toMatch(/^line 401: field "nested" is an object/m);
    expect(run.stderr).toMatch(/^line 666: a record needs at least one field$/m);
    expect(run.stderr).toMatch(/^line 900: a record is at most 8192 bytes/m);
    expect(run.stderr).toMatch(/^line 1000: not valid JSON/m);
    expect(run.stderr).toContain(`produce: 994 sent, 6 bad lines (17, 250, 401, 666, 900, 1000) to pipeline "${teamA.pipelineId}"`);
    expect(JSON.parse(run.stdout)).toMatchObject({ read: 1000, sent: 994, badLines: [17, 250, 401, 666, 900, 1000], failed: 0, pending: 0 });

    const counts = await seqCounts(teamA.pipelineId);
    const good = Array.from({ length: 1000 }, (_, i) => i + 1).filter((n) => !(n in bad));
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(good);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);

    const [record] = await readLog(teamA.pipelineId);
    expect(Object.keys(record).sort()).toEqual(['data', 'producer', 'ts']);
    expect(record.producer).toBe(producerA.uid);
    expect(record.ts).toBeInstanceOf(Timestamp);
  });

  it("refuses a producer of team A on team B's pipeline: clear error, exit 4, nothing written", async () => {
    const run = await runCli(['--pipeline', teamB.pipelineId, ...asProducerA()], { stdin: ndjson(5) });
    expect(run.code).toBe(EXIT.accessDenied);
    expect(run.stderr).toContain(
      `produce: permission denied: this account is not a producer/editor/owner of the team of pipeline "${teamB.pipelineId}", or the pipeline does not exist`,
    );
    expect(await readLog(teamB.pipelineId)).toEqual([]);
  });

  it('loses nothing when the Firestore emulator goes away in the middle of a stream', { timeout: 240_000 }, async () => {
    const pipeline = (await seedTeam({ [producerA.uid]: 'producer' })).pipelineId;
    const proxy = new FlakyProxy(firestoreHost());
    await proxy.up();
    const pendingWhileDown: number[] = [];
    let down = false;
    let tookDown: Promise<void> | undefined;
    const run = runCli(['--pipeline', pipeline, ...asProducerA(), '--rate', '200', '--progress-interval', '0.2'], {
      stdin: ndjson(1000),
      env: { FIRESTORE_EMULATOR_HOST: proxy.host },
      onStderr(text) {
        for (const m of text.matchAll(/^sent (\d+) {2}pending (\d+)/gm)) {
          if (down) pendingWhileDown.push(Number(m[2]));
          // Cut the network once a fair part of the stream is through, for three seconds.
          if (!tookDown && Number(m[1]) >= 200) {
            down = true;
            tookDown = proxy.down().then(async () => {
              await new Promise((r) => setTimeout(r, 3000));
              down = false;
              await proxy.up();
            });
          }
        }
      },
    });
    const result = await run;
    await tookDown;
    await proxy.down();

    expect(result.code, result.stderr).toBe(EXIT.ok);
    // Records kept coming in while the network was down: they were queued, not lost.
    expect(Math.max(...pendingWhileDown)).toBeGreaterThan(200);
    expect(proxy.connections).toBeGreaterThan(1);
    const counts = await seqCounts(pipeline);
    expect(counts.size).toBe(1000);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });

  it('exits 5 naming the records left unacknowledged when --flush-timeout runs out while offline', { timeout: 120_000 }, async () => {
    const pipeline = (await seedTeam({ [producerA.uid]: 'producer' })).pipelineId;
    const proxy = new FlakyProxy(firestoreHost());
    await proxy.up();
    let cut: Promise<void> | undefined;
    const run = await runCli(
      ['--pipeline', pipeline, ...asProducerA(), '--rate', '20', '--flush-timeout', '2', '--progress-interval', '0.2', '--summary-json'],
      {
        stdin: ndjson(60),
        env: { FIRESTORE_EMULATOR_HOST: proxy.host },
        onStderr(text) {
          const sent = [...text.matchAll(/^sent (\d+)/gm)].map((m) => Number(m[1]));
          if (!cut && sent.some((n) => n >= 10)) cut = proxy.down();
        },
      },
    );
    await cut;
    const summary = JSON.parse(run.stdout) as { sent: number; pending: number };
    expect(run.code, run.stderr).toBe(EXIT.unacknowledged);
    expect(summary.pending).toBeGreaterThan(0);
    expect(summary.sent + summary.pending).toBe(60);
    expect(run.stderr).toContain(`${summary.pending} unacknowledged, may be lost`);
  });

  it('signs in with a custom token and reads CSV from a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'produce-')), 'in.csv');
    writeFileSync(file, 'host,cpu,up,note\nweb-1,12.5,true,\nweb-2,7,false,"007"\nweb-3,1,2,3,4\n');
    const token = await getAuth(adminApp()).createCustomToken(producerA.uid);
    const pipeline = (await seedTeam({ [producerA.uid]: 'producer' })).pipelineId;

    const run = await runCli(['--pipeline', pipeline, '--custom-token', token, '--format', 'csv', '--file', file]);
    expect(run.code).toBe(EXIT.someFailed);
    expect(run.stderr).toMatch(/^line 4: has 5 cells, the header names 4 columns$/m);
    const data = (await readLog(pipeline)).map((r) => r.data).sort((a, b) => String(a.host).localeCompare(String(b.host)));
    expect(data).toEqual([
      { host: 'web-1', cpu: 12.5, up: true, note: null },
      { host: 'web-2', cpu: 7, up: false, note: '007' },
    ]);
  });

  it('exits 3 on a wrong password and 2 on a usage error', async () => {
    const wrong = await runCli(['--pipeline', teamA.pipelineId, '--email', producerA.email, '--password', 'nope']);
    expect(wrong.code).toBe(EXIT.auth);
    expect(wrong.stderr).toContain(`sign-in failed for ${producerA.email}: wrong email or password`);
    const usage = await runCli(['--pipeline', teamA.pipelineId, ...asProducerA(), '--batch-size', '900']);
    expect(usage.code).toBe(EXIT.usage);
    expect(usage.stderr).toContain('--batch-size is at most 500');
  });

  it('sends over HTTP with an ingest token: every line once, in order, waiting out 429s', { timeout: 120_000 }, async () => {
    const pipeline = (await seedTeam({ [producerA.uid]: 'producer' })).pipelineId;
    const { token, tokenId } = await issueToken(functionsDb(), pipeline, producerA.uid, 'CLI test', 200);
    const url = `http://127.0.0.1:${portsFromEnv().functions}/${PROJECT_ID}/us-central1/ingest/${pipeline}`;
    // 200 records/s after a first full request of 500: the last 400 meet 429s, which the CLI waits out.
    const run = await runCli(['--token', token, '--url', url, '--batch-size', '100', '--summary-json'], { stdin: ndjson(900, { 5: '{"seq": 5, ' }) });
    expect(run.code, run.stderr).toBe(EXIT.someFailed);
    expect(run.stderr).toMatch(/^line 5: not valid JSON/m);
    expect(JSON.parse(run.stdout)).toMatchObject({ pipeline, read: 900, sent: 899, badLines: [5], failed: 0, pending: 0 });
    const log = (await adminDb().collection(`pipelines/${pipeline}/records`).orderBy('ts').orderBy(FieldPath.documentId()).get()).docs.map((d) => d.data());
    expect(log.map((r) => r.data.seq)).toEqual(Array.from({ length: 900 }, (_, i) => i + 1).filter((n) => n !== 5));
    expect(new Set(log.map((r) => r.producer))).toEqual(new Set([`token:${tokenId}`]));
  });

  it('exits 4 on a revoked ingest token, and 2 on a --url that names no pipeline', async () => {
    const pipeline = (await seedTeam({ [producerA.uid]: 'producer' })).pipelineId;
    const { token, tokenId } = await issueToken(functionsDb(), pipeline, producerA.uid, 'Revoked');
    await adminDb().doc(`pipelines/${pipeline}/tokens/${tokenId}`).update({ revoked: true });
    const url = `http://127.0.0.1:${portsFromEnv().functions}/${PROJECT_ID}/us-central1/ingest/${pipeline}`;
    const run = await runCli(['--token', token, '--url', url], { stdin: ndjson(3) });
    expect(run.code).toBe(EXIT.accessDenied);
    expect(run.stderr).toContain('HTTP 401: the endpoint refused the token');
    expect(await readLog(pipeline)).toEqual([]);
    const usage = await runCli(['--token', token, '--url', 'http://127.0.0.1:1/elsewhere']);
    expect(usage.code).toBe(EXIT.usage);
    expect(usage.stderr).toContain('ending in /ingest/<pipeline id>');
  });
});
