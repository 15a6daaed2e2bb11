// The order jest starts test files in. Its own sequencer runs the files it timed before longest
// first, and files it never timed (a clean clone, as CI has) largest first — which puts the two
// fuzzing files, three lines each but minutes long, last, so the run waits for them at its end.
// These files start first whatever jest remembers; the rest keep jest's order.
const Sequencer = require('@jest/test-sequencer').default;

const LONGEST_FIRST = [/fuzz-reads\.test\.ts$/, /fuzz-writes\.test\.ts$/, /crash-safety\.test\.ts$/, /exchange-crash\.test\.ts$/];

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const rank = (test) => {
      const i = LONGEST_FIRST.findIndex((pattern) => pattern.test(test.path));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    // Array.prototype.sort is stable: files of equal rank keep jest's order.
    return [...ordered].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirstSequencer;
