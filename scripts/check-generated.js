#!/usr/bin/env node
// Fails when src/generated/openapi.ts is not what openapi-typescript makes of openapi/openapi.yaml
// today: the contract changed and `npm run generate` was not run.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const committed = path.join(root, 'src/generated/openapi.ts');
const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-')), 'openapi.ts');
execFileSync(
  path.join(root, 'node_modules/.bin/openapi-typescript'),
  ['openapi/openapi.yaml', '--default-non-nullable', 'false', '-o', fresh],
  { cwd: root, stdio: 'ignore' },
);
if (fs.readFileSync(fresh, 'utf8') !== fs.readFileSync(committed, 'utf8')) {
  console.error('src/generated/openapi.ts is stale: run `npm run generate` and commit the result.');
  process.exit(1);
}
console.log('src/generated/openapi.ts matches openapi/openapi.yaml');
