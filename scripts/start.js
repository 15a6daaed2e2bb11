// `npm start`: builds when the sources changed since the last build (a stamp in dist/), then runs
// the server in this same process — package.json starts it with `exec`, so npm's SIGTERM or SIGINT
// reaches the server itself, which finishes its requests and exits; nothing is left behind.
// Production starts `node dist/src/main.js` after `npm run build` (README "Running in production").
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { sourceStamp } = require('./source-stamp');

const root = path.resolve(__dirname, '..');
const stampFile = path.join(root, 'dist', '.source-stamp');
const stamp = sourceStamp(root);
const built = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
if (!built) {
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stampFile, stamp);
}
require(path.join(root, 'dist', 'src', 'main.js'));
