// Preloaded (node --require) into firebase-tools by scripts/lib/emulatorEnv.ts.
//
// firebase-tools' Auth emulator hands its OpenAPI spec to exegesis, which
// compiles one Ajv validator per parameter and response up front, each in a new
// Ajv instance that first compiles the JSON Schema meta-schema to check the
// spec's own schemas: about 13 s of CPU before the emulator listens, 11 s of it
// in meta-schema compiles (measured with --cpu-prof, firebase-tools 15.34.2).
// Two changes, neither touching how requests are validated:
// - exegesis' own `lazyCompileValidationSchemas` option compiles a validator on
//   its first request instead of at start;
// - the spec's schemas (fixed, shipped with firebase-tools) are not checked
//   against the meta-schema (Ajv's `validateSchema: false`), so a first request
//   does not pay for that compile either.
// If firebase-tools stops using exegesis, this changes nothing.
'use strict';
const path = require('node:path');

function dirOf(pkg, from) {
  return path.dirname(require.resolve(`${pkg}/package.json`, { paths: [from] }));
}

try {
  const firebaseTools = dirOf('firebase-tools', __dirname);
  const exegesisExpress = require(require.resolve('exegesis-express', { paths: [firebaseTools] }));
  const middleware = exegesisExpress.middleware;
  if (typeof middleware === 'function') {
    exegesisExpress.middleware = (spec, options, ...rest) =>
      middleware(spec, { ...options, lazyCompileValidationSchemas: true }, ...rest);
  }
  const ajv = require(require.resolve('ajv', { paths: [dirOf('exegesis', firebaseTools)] }));
  const Ajv = ajv.default;
  if (typeof Ajv === 'function') {
    ajv.default = class extends Ajv {
      constructor(options) {
        super({ ...options, validateSchema: false });
      }
    };
  }
} catch {
  // Not resolvable: firebase-tools runs exactly as published.
}
