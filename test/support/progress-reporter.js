// Progress while the suite runs, next to jest's own reporter. Jest prints a file's result only when
// the whole file ends, and outside a terminal nothing in between: the two fuzzing files run for
// minutes with nothing on the screen. This reporter counts every finished test as it ends (jest
// sends each test case's result from its worker) and, at most every PROGRESS_SECONDS (20), prints
// one line: time since the start, tests passed and failed so far, and the files still running with
// the number of their tests done. PROGRESS_SECONDS=0 turns it off.

const path = require('node:path');
const { setInterval, clearInterval } = require('node:timers');

class ProgressReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.everyMs = Number(process.env.PROGRESS_SECONDS ?? 20) * 1000;
    this.started = Date.now();
    this.passed = 0;
    this.failed = 0;
    this.running = new Map(); // test file path → { project, done }
    this.timer = null;
  }

  onRunStart() {
    this.started = Date.now();
    if (this.everyMs > 0) {
      this.timer = setInterval(() => this.print(), this.everyMs);
      this.timer.unref();
    }
  }

  onTestFileStart(test) {
    this.running.set(test.path, { project: test.context.config.displayName?.name ?? '', done: 0 });
  }

  onTestCaseResult(test, result) {
    if (result.status === 'passed') this.passed += 1;
    else if (result.status === 'failed') this.failed += 1;
    const file = this.running.get(test.path);
    if (file) file.done += 1;
  }

  onTestFileResult(test) {
    this.running.delete(test.path);
  }

  onRunComplete() {
    if (this.timer) clearInterval(this.timer);
  }

  print() {
    if (this.running.size === 0) return;
    const seconds = Math.round((Date.now() - this.started) / 1000);
    const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    const files = [...this.running]
      .map(([file, { project, done }]) => `${path.relative(this.rootDir, file)} [${project}] ${done} done`)
      .join('; ');
    process.stderr.write(`… ${clock} ${this.passed} passed, ${this.failed} failed; running: ${files}\n`);
  }

  getLastError() {
    return undefined;
  }
}

module.exports = ProgressReporter;
