// Preloaded (node --require) into firebase-tools by scripts/lib/emulatorEnv.ts.
//
// When the Functions emulator cannot start a worker for a trigger in time
// (its cold start exceeds FUNCTIONS_DISCOVERY_TIMEOUT, as after a code reload
// on a loaded machine), firebase-tools 15 logs "Failed to start functions"
// and returns without answering the Firestore emulator's delivery. The
// Firestore emulator then waits on that delivery and sends no further events:
// every window stops, a new pipeline never gets one, while records keep
// arriving (tests/functions/reload.test.ts). Answering 500 makes it a lost
// trigger, as production can have, which the follower check and the
// reconcile repair. A delivery the emulator answered itself is left alone.
'use strict';
const path = require('node:path');

try {
  const firebaseTools = path.dirname(require.resolve('firebase-tools/package.json', { paths: [__dirname] }));
  const { FunctionsEmulator } = require(path.join(firebaseTools, 'lib', 'emulator', 'functionsEmulator.js'));
  const handle = FunctionsEmulator && FunctionsEmulator.prototype.handleHttpsTrigger;
  if (typeof handle === 'function') {
    FunctionsEmulator.prototype.handleHttpsTrigger = async function (req, res) {
      try {
        await handle.call(this, req, res);
      } finally {
        if (!res.headersSent) res.status(500).send('The function could not be started; see the emulator log.');
      }
    };
  }
} catch {
  // Not resolvable: firebase-tools runs exactly as published.
}
