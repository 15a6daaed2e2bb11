// `npm run walkthrough`: runs README's walk through the API — the bash blocks between
// <!-- walkthrough --> and <!-- /walkthrough --> — against BASE (default http://localhost:$PORT,
// PORT 3000), in bash with `set -euo pipefail`, so the first call that fails stops it with the
// problem the service answered. Files the walk downloads land in a fresh temporary folder, named at
// the end. README stays the one text of the walk; this only runs it.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const walk = readme.slice(readme.indexOf('<!-- walkthrough -->'), readme.indexOf('<!-- /walkthrough -->'));
const blocks = [...walk.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
if (blocks.length === 0) {
  console.error('README.md has no bash blocks between <!-- walkthrough --> and <!-- /walkthrough -->');
  process.exit(2);
}
const base = process.env.BASE || `http://localhost:${process.env.PORT || 3000}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'walkthrough-'));
const script = [
  'set -euo pipefail',
  // Before the first step: is anything answering at BASE?
  'curl -sS --fail-with-body -o /dev/null "$BASE/healthz" || { echo "没有服务在 $BASE 应答 (no service answers at $BASE: start it with npm start, or set BASE)" >&2; exit 1; }',
  ...blocks.map((block, i) => `echo "── 第 ${i + 1}/${blocks.length} 段 (block ${i + 1} of ${blocks.length}) ──" >&2\n${block}`),
].join('\n');
const run = spawnSync('bash', ['-c', script], { cwd: dir, env: { ...process.env, BASE: base }, stdio: 'inherit' });
if (run.status === 0) {
  console.error(`\n走查完成 (the walk-through ran to its end); downloaded files are in ${dir}`);
} else {
  console.error(
    `\n走查在上面的一步失败 (the walk-through stopped at the step above, exit ${run.status ?? run.signal}); files so far: ${dir}`,
  );
}
process.exit(run.status ?? 1);
