// Run by lazyAuthValidators.test.ts under `node --require scripts/lib/lazyAuthValidators.cjs`:
// serves a one-operation OpenAPI spec through firebase-tools' exegesis-express
// and prints how requests with a valid and an invalid body are answered.
'use strict';
const http = require('node:http');
const path = require('node:path');

const from = (pkg, dir) => path.dirname(require.resolve(`${pkg}/package.json`, { paths: [dir] }));
const firebaseTools = from('firebase-tools', __dirname);
const exegesisExpress = require(require.resolve('exegesis-express', { paths: [firebaseTools] }));
const ajv = require(require.resolve('ajv', { paths: [from('exegesis', firebaseTools)] }));

const spec = {
  openapi: '3.0.0',
  info: { title: 'probe', version: '1' },
  paths: {
    '/count': {
      post: {
        'x-exegesis-controller': 'probe',
        operationId: 'count',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } },
        },
        responses: { 200: { description: 'ok' } },
      },
    },
    // Never requested: its body schema is only compiled if validators are compiled up front.
    '/unused': {
      post: {
        'x-exegesis-controller': 'probe',
        operationId: 'unused',
        requestBody: { content: { 'application/json': { schema: { type: 'integer', minimum: 'not a number' } } } },
        responses: { 200: { description: 'ok' } },
      },
    },
  },
};

async function post(port, body) {
  const res = await fetch(`http://127.0.0.1:${port}/count`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return res.status;
}

(async () => {
  const controllers = { probe: { count: () => ({ ok: true }), unused: () => ({ ok: true }) } };
  const middleware = await exegesisExpress.middleware(spec, { controllers }).catch((err) => {
    console.log(JSON.stringify({ startError: err.message }));
    process.exit(0);
  });
  const server = http.createServer((req, res) => middleware(req, res, () => res.writeHead(404).end()));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const result = {
    validateSchema: new ajv.default({}).opts.validateSchema,
    valid: await post(port, '{"n": 3}'),
    invalid: await post(port, '{"n": "three"}'),
  };
  server.close();
  console.log(JSON.stringify(result));
})();
