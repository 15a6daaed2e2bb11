// The browser tests' globalSetup: the web console built once per state of its sources into
// node_modules/.cache/console-<stamp> (not dist/web, which a running `npm start` serves), so the
// test files share one build and a rerun without changes builds nothing.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { sourceStamp } = require('../../scripts/source-stamp');

const ROOT = path.resolve(__dirname, '..', '..');

function consoleBuildDir() {
  return path.join(ROOT, 'node_modules', '.cache', `console-${sourceStamp(ROOT)}`);
}

module.exports = async function buildConsole() {
  const dir = consoleBuildDir();
  process.env.CONSOLE_TEST_DIR = dir;
  if (fs.existsSync(path.join(dir, 'index.html'))) return;
  const started = Date.now();
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.mts',
      '--outDir',
      dir,
      '--logLevel',
      'error',
    ],
    // A production build, as `npm start` serves (jest sets NODE_ENV=test, which puts antd in its test mode).
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  process.stdout.write(`\nconsole built for the browser tests in ${Date.now() - started} ms (${path.relative(ROOT, dir)})\n`);
};
module.exports.consoleBuildDir = consoleBuildDir;
