// Part of `npm run build`: writes openapi/openapi.yaml as dist/openapi.json, which the built
// service reads at start (JSON parses in milliseconds; the YAML took most of a second).
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const root = path.join(__dirname, '..');
const document = YAML.parse(fs.readFileSync(path.join(root, 'openapi', 'openapi.yaml'), 'utf8'));
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
fs.writeFileSync(path.join(root, 'dist', 'openapi.json'), JSON.stringify(document));
