import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../scripts/demo/demoData.ts';
import { seedDemo } from '../../scripts/demo/seed.ts';
import { ROOT } from '../../scripts/lib/emulatorEnv.ts';
import { createProducer } from '../../src/producer/createProducer.ts';
import { adminApp, closeAdmin } from '../support/admin.ts';
import { clientSession, type ClientSession } from '../support/client.ts';
import { clearFirestore } from '../support/emulators.ts';
import { launchChromium } from '../../scripts/lib/chromium.ts';

let browser: Browser;
let producer: ClientSession;

beforeAll(async () => {
  await clearFirestore();
  await seedDemo(adminApp());
  const account = DEMO_ACCOUNTS.find((a) => a.role === 'producer')!;
  producer = await clientSession(account.email, DEMO_PASSWORD);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await producer?.close();
  await closeAdmin();
});

test('the public demo dashboard shows records appended by a producer, signed out', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${inject('appUrl')}/d/demo`);
  const send = createProducer({ app: producer.app, firestore: producer.db, pipelineId: 'network' }).send;
  await send({ rxBytesPerSec: 123456, txBytesPerSec: 654321 });
  await expect.poll(() => page.textContent('body'), { timeout: 20_000 }).toContain('654.3 kB/s');
  await page.screenshot({ path: join(ROOT, 'test-results', 'demo-desktop.png') });
  await page.close();
});
