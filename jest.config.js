/**
 * Jest finds, orders and reports the tests; jest-light-runner runs each file in plain Node, in two
 * worker threads that keep their modules from one file to the next. Jest's own runner gives every
 * file a fresh module registry: each of the 35 files compiled and evaluated aws-cdk-lib again, and
 * every stack trace aws-cdk-lib captured went through Jest's source-map wrapper. Measured on this
 * 2-core machine (`/usr/bin/time npx jest --ci`): 100 s and 188 s of CPU with Jest's runner,
 * 52-58 s and 100-110 s with this one (CONTRIBUTING, "Tests").
 *
 * Worker threads, not the runner's child processes: in 0.8.2 its child-process runtime answers
 * each worker's request for its setup data on one channel shared by every task, and a worker that
 * is not listening yet loses its answer and waits for ever (a whole run hung, 4 of 16 starts
 * under load on this machine; 0 of 12 with threads).
 *
 * tsx compiles the TypeScript as Node loads it (no type-check here: `npm run build` type-checks
 * once) and maps `cdk-event-readiness` to lib/ as tsconfig.json does. The worker threads get it
 * through NODE_OPTIONS (required modules) and test/support/register-tsx.mjs (imported ones, the
 * test files); `--runInBand` runs the files in this thread, which imports it here.
 */
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, '--import=tsx'].filter(Boolean).join(' ');

module.exports = async () => (await import('tsx'), {
  runner: 'jest-light-runner',
  maxWorkers: 2,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {},
  testSequencer: '<rootDir>/test/support/sequencer.js',
  // Once per run: the directory every test app synthesizes into, removed at the end.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  setupFiles: ['<rootDir>/test/support/register-tsx.mjs'],
  // Once per worker thread (not per file): the runner keeps modules between files.
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  snapshotSerializers: ['<rootDir>/test/support/snapshot-serializer.js'],
  moduleFileExtensions: ['ts', 'js', 'json'],
});
