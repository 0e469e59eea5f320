// Runs once, before the worker processes start: the directory every test app of this run
// synthesizes into (test/support/app.ts), inherited by the workers through the environment.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = () => {
  process.env.CDK_EVENT_READINESS_TEST_OUTDIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-event-readiness-test-'));
};
