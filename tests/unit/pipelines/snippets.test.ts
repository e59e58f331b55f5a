import { expect, test } from 'vitest';
import { producerSnippets } from '../../../src/pipelines/snippets.ts';

const config = { projectId: 'acme', apiKey: 'k' };

test('every snippet names the pipeline; the config is filled in', () => {
  const snippets = producerSnippets({ pipelineId: 'boiler-7', firebaseConfig: config });
  expect(snippets.map((s) => s.id)).toEqual(['web', 'node', 'admin', 'cli']);
  for (const s of snippets) expect(s.code).toContain('boiler-7');
  expect(snippets[0]?.code).toContain('"projectId": "acme"');
  expect(snippets[2]?.code).toContain('initializeApp({ projectId: "acme" })');
  expect(snippets[3]?.code).toContain('npm run produce -- --pipeline boiler-7 --config firebase-config.json');
  expect(snippets[0]?.code).not.toContain('Emulator');
});

test('on the emulators the client snippets connect to them', () => {
  const [web, , admin, cli] = producerSnippets({ pipelineId: 'p', firebaseConfig: config, emulators: { firestore: '127.0.0.1:8580', auth: '127.0.0.1:9599' } });
  expect(web?.code).toContain('connectFirestoreEmulator(db, "127.0.0.1", 8580)');
  expect(web?.code).toContain('connectAuthEmulator(auth, "http://127.0.0.1:9599")');
  expect(admin?.code).toContain('FIRESTORE_EMULATOR_HOST=127.0.0.1:8580');
  expect(cli?.code).toContain('FIRESTORE_EMULATOR_HOST=127.0.0.1:8580 FIREBASE_AUTH_EMULATOR_HOST=127.0.0.1:9599');
  expect(cli?.code).not.toContain('--config');
});
