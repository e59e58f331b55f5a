/**
 * The demo producer: signs in as the demo producer account and streams this
 * host's real metrics into the `system` and `network` pipelines once a second.
 */
import { initializeApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore } from 'firebase/firestore';
import { createProducer } from '../../src/producer/createProducer.ts';
import { type Producer } from '../../src/producer/producer.ts';
import { greenhouseSource } from '../sources/greenhouse.ts';
import { networkSource, systemSource, type MetricsSource } from '../sources/hostMetrics.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, GREENHOUSE_STREAM_MS } from './demoData.ts';

const [firestoreHost, firestorePort] = (process.env.FIRESTORE_EMULATOR_HOST ?? '127.0.0.1:8080').split(':');
const authUrl = `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST ?? '127.0.0.1:9099'}`;

const app = initializeApp({ projectId: 'demo-dash', apiKey: 'demo-api-key', authDomain: 'demo-dash.firebaseapp.com' });
const auth = getAuth(app);
connectAuthEmulator(auth, authUrl, { disableWarnings: true });
const db = getFirestore(app);
connectFirestoreEmulator(db, firestoreHost, Number(firestorePort));

const producerAccount = DEMO_ACCOUNTS.find((a) => a.role === 'producer')!;
if (process.send) {
  // Started by `npm start` before its account exists: sign in on its go-ahead, stop with it.
  process.once('disconnect', () => process.exit(0));
  await new Promise((resolve) => process.once('message', resolve));
}
await signInWithEmailAndPassword(auth, producerAccount.email, DEMO_PASSWORD);

const streams: { source: MetricsSource; producer: Producer }[] = [
  { source: systemSource(), producer: createProducer({ app, pipelineId: 'system', firestore: db }) },
  { source: networkSource(), producer: createProducer({ app, pipelineId: 'network', firestore: db }) },
];

// Samples are not awaited: while the emulator is unreachable they queue in the SDK and land when it is back.
const timer = setInterval(() => {
  for (const { source, producer } of streams) {
    producer.send(source.sample()).catch((err: unknown) => console.error(`[producer] ${(err as Error).message}`));
  }
}, 1000);

// The simulated greenhouse (its past week is imported by npm start), every few seconds.
const greenhouse = { source: greenhouseSource(), producer: createProducer({ app, pipelineId: 'greenhouse', firestore: db }) };
const greenhouseTimer = setInterval(() => {
  greenhouse.producer.send(greenhouse.source.sample()).catch((err: unknown) => console.error(`[producer] ${(err as Error).message}`));
}, GREENHOUSE_STREAM_MS);

function stop(): void {
  clearInterval(timer);
  clearInterval(greenhouseTimer);
  for (const { source } of streams) source.stop();
  process.exit(0);
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
console.log(`[producer] streaming host metrics and the simulated greenhouse as ${producerAccount.email}`);
