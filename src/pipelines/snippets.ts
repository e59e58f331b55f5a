/** What a snippet needs to know about the Firebase project it writes to. */
export interface SnippetTarget {
  pipelineId: string;
  /** The web app's Firebase config (public values: project id, API key, ...). */
  firebaseConfig: Record<string, unknown>;
  /** Set when the app runs on the local emulators: snippets then connect to them. */
  emulators?: { firestore: string; auth: string };
}

export interface Snippet {
  id: 'web' | 'node' | 'admin' | 'cli';
  title: string;
  language: 'js' | 'sh';
  code: string;
}

const q = (s: string) => JSON.stringify(s);

/**
 * Copy-paste code that appends one record to the pipeline: the Firebase JS SDK
 * in a web page and in Node (signed in as a producer account), firebase-admin on a
 * trusted server, and Dash's producer CLI.
 */
export function producerSnippets({ pipelineId, firebaseConfig, emulators }: SnippetTarget): Snippet[] {
  const config = JSON.stringify(firebaseConfig, null, 2);
  const emulatorImports = emulators ? ', connectFirestoreEmulator' : '';
  const authEmulatorImports = emulators ? ', connectAuthEmulator' : '';
  const connect = emulators
    ? (() => {
        const [host = '127.0.0.1', port = '8080'] = emulators.firestore.split(':');
        return `\n// Local emulators; remove these two lines in production.\nconnectAuthEmulator(auth, ${q(`http://${emulators.auth}`)});\nconnectFirestoreEmulator(db, ${q(host)}, ${port});`;
      })()
    : '';
  const clientBody = `
const app = initializeApp(${config});
const auth = getAuth(app);
const db = getFirestore(app);${connect}

await signInWithEmailAndPassword(auth, PRODUCER_EMAIL, PRODUCER_PASSWORD);
// The rules accept exactly these keys, with the server's time and your uid.
await addDoc(collection(db, 'pipelines', ${q(pipelineId)}, 'records'), {
  ts: serverTimestamp(),
  producer: auth.currentUser.uid,
  data: { temperature: 21.5, door: 'open' },
});`;
  const clientImports = `import { initializeApp } from 'firebase/app';
import { getAuth, signInWithEmailAndPassword${authEmulatorImports} } from 'firebase/auth';
import { getFirestore, addDoc, collection, serverTimestamp${emulatorImports} } from 'firebase/firestore';`;

  const adminEnv = emulators ? `// Local emulators: run with FIRESTORE_EMULATOR_HOST=${emulators.firestore}\n` : '';
  const projectId = String(firebaseConfig.projectId ?? 'your-project-id');
  // The CLI finds the emulators from the same variables as firebase-admin; otherwise it reads the web config file.
  const cliProject = emulators ? `FIRESTORE_EMULATOR_HOST=${emulators.firestore} FIREBASE_AUTH_EMULATOR_HOST=${emulators.auth} ` : '';
  return [
    {
      id: 'web',
      title: 'Web page (Firebase JS SDK, npm install firebase)',
      language: 'js',
      code: `${clientImports}\n\nconst PRODUCER_EMAIL = 'device@example.com';\nconst PRODUCER_PASSWORD = '…';${clientBody}`,
    },
    {
      id: 'node',
      title: 'Node.js (Firebase JS SDK, as a producer account)',
      language: 'js',
      code: `// producer.mjs: node producer.mjs (Node 20+; npm install firebase)\n${clientImports}\n\nconst { PRODUCER_EMAIL, PRODUCER_PASSWORD } = process.env;${clientBody}\nprocess.exit(0);`,
    },
    {
      id: 'admin',
      title: 'Trusted server (firebase-admin: bypasses the rules, so keep the same shape)',
      language: 'js',
      code: `${adminEnv}import { initializeApp } from 'firebase-admin/app';
import { getFirestore, FieldValue } from 'firebase-admin/firestore';

initializeApp({ projectId: ${q(projectId)} });
await getFirestore().collection('pipelines').doc(${q(pipelineId)}).collection('records').add({
  ts: FieldValue.serverTimestamp(),
  producer: 'server', // a uid or a name for this job
  data: { temperature: 21.5, door: 'open' },
});`,
    },
    {
      id: 'cli',
      title: "Dash's producer CLI (from a clone of the Dash repository; npm run produce -- --help)",
      language: 'sh',
      code: `echo '{"temperature": 21.5, "door": "open"}' | \\
  ${cliProject}DASH_PRODUCER_EMAIL=device@example.com DASH_PRODUCER_PASSWORD=… \\
  npm run produce -- --pipeline ${pipelineId}${emulators ? '' : ' --config firebase-config.json'}`,
    },
  ];
}
