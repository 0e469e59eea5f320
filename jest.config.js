/** Jest transforms TypeScript with swc (no type-check here: `npm run build` type-checks once). */
module.exports = {
  testEnvironment: 'node',
  // Jest's default on 2 cores is one worker (it keeps a core for its main process, which mostly
  // waits): two let the two slowest files, the property tests, run side by side at the end.
  maxWorkers: 2,
  // A worker's heap grows with every app a file synthesizes, and every later file then pays for
  // its garbage collection: a worker past 700 MB after a file is replaced by a fresh one. Measured
  // over the whole suite (`/usr/bin/time npx jest --ci`, two runs each): 95-102 s and 153-165 s of
  // CPU with it, 107-115 s and 175-185 s without.
  workerIdleMemoryLimit: '700MB',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    }],
  },
  testSequencer: '<rootDir>/test/support/sequencer.js',
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  snapshotSerializers: ['<rootDir>/test/support/snapshot-serializer.js'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
