// Runs once, after every test file: removes the directory the test apps synthesized into.
const fs = require('fs');

module.exports = () => {
  fs.rmSync(process.env.CDK_EVENT_READINESS_TEST_OUTDIR, { recursive: true, force: true });
};
