// One suite, run once per database. `npm test` runs SQLite always, and PostgreSQL too when
// PG_TEST_URL names a server (CI sets it). Unit tests of the pure domain rules run once.
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['<rootDir>/test/support/env.ts'],
};

const projects = [
  { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
  // *.postgres.test.ts: what exists on PostgreSQL alone (the change feed); not skipped on SQLite, not run there.
  {
    ...base,
    displayName: 'sqlite',
    testMatch: ['<rootDir>/test/api/**/*.test.ts', '<rootDir>/test/db/**/*.test.ts'],
    testPathIgnorePatterns: ['\\.postgres\\.test\\.ts$'],
    globals: { TEST_DB: 'sqlite' },
  },
];
// Kill-and-restart crash safety (test/crash): runs the service as a child process on a SQLite file,
// once, on SQLite only. CRASH_CYCLES sets the number of kills (10 here; `npm run crash:soak` runs 200).
projects.push({ ...base, displayName: 'crash', testMatch: ['<rootDir>/test/crash/**/*.test.ts'], globals: { TEST_DB: 'sqlite' } });
// The web console in Debian's Chromium (test/browser, ADR 0044): each user group's journey, on
// SQLite; the console is built once per state of its sources by the globalSetup.
projects.push({
  ...base,
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
  globals: { TEST_DB: 'sqlite' },
  globalSetup: '<rootDir>/test/support/console-build.js',
});
if (process.env.PG_TEST_URL) {
  projects.push({
    ...base,
    displayName: 'postgres',
    testMatch: ['<rootDir>/test/api/**/*.test.ts', '<rootDir>/test/db/**/*.test.ts'],
    globals: { TEST_DB: 'postgres' },
    globalSetup: '<rootDir>/test/support/pg-global-setup.js',
  });
  // Two processes of the built service on one PostgreSQL (test/scale-out): a request filed on one is
  // answered on the other; deadlines, rate limits and idempotency keys hold across them.
  projects.push({
    ...base,
    displayName: 'scale-out',
    testMatch: ['<rootDir>/test/scale-out/**/*.test.ts'],
    globals: { TEST_DB: 'postgres' },
    globalSetup: '<rootDir>/test/support/pg-global-setup.js',
  });
}

// Two workers on the 2-core CI machine (jest's default would be one): the two fuzzing files and the
// rest of the suite then run side by side.
// Progress every 20 s beside jest's own reporter (test/support/progress-reporter.js).
module.exports = {
  projects,
  testTimeout: 30000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/progress-reporter.js'],
  // The fuzzing and crash files first, also on a clean clone (test/support/sequencer.js).
  testSequencer: '<rootDir>/test/support/sequencer.js',
};
