// Runs once, before the worker threads start: the directory of this run, inherited by the workers
// through the environment, where everything the tests write to the OS's temporary directory goes
// (test/support/setup.ts points TMPDIR at it).
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = () => {
  process.env.CDK_EVENT_READINESS_TEST_OUTDIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-event-readiness-test-'));
};
