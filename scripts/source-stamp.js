// A stamp of every source the build reads (path, size, modification time): `npm start` builds only
// when it changed since the last build (scripts/start.js), and the tests that run the compiled
// server keep one build per stamp (test/support/built-server.ts).
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** @param {string} root the project's folder @returns {string} */
function sourceStamp(root) {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|json|ya?ml|css|html)$/.test(entry.name)) {
        const st = fs.statSync(full);
        hash.update(`${path.relative(root, full)} ${st.size} ${st.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ['src', 'migrations', 'seeds', 'openapi', 'web']) walk(path.join(root, dir));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) {
    const st = fs.statSync(path.join(root, file));
    hash.update(`${file} ${st.size} ${st.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

module.exports = { sourceStamp };
