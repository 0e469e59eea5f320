// Runs once in each worker thread, before its first test file (the runner keeps modules and the
// environment from one file to the next).

// What the tests spawn (the CLI bundle, jsii) runs as users run it, without the tsx loader the
// worker was given (jest.config.js).
process.env.NODE_OPTIONS = (process.env.NODE_OPTIONS ?? '').split(' ').filter((o) => o !== '--import=tsx').join(' ');

// The SDK clients the tests create (mocked) would print the SDK's notice that its releases after
// January 2027 need Node 22; the bundled CLI silences it the same way (bin/event-readiness.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// aws-cdk-lib's built-in CloudFormation validation would validate every app the tests synthesize:
// it is off here, and the tests whose assertion is a valid template ask for it (newApp(props,
// { validate: true }): one validator per worker thread, its engine built once).
process.env.CDK_VALIDATION = 'false';

// Every app in the tests, `new App()` included, synthesizes without the stack traces aws-cdk-lib
// records in the assembly's metadata for each construct and annotation (templates are the same).
// Capturing them was about a tenth of the time of the tests that synthesize most. Context in the
// environment is how the CDK CLI passes context to an app (it wins over an App's `context` prop).
process.env.CDK_CONTEXT_JSON = JSON.stringify({
  'aws:cdk:disable-stack-trace': true,
  'aws:cdk:disable-creation-stack-traces': true,
});

// Whatever the tests write to the OS's temporary directory (aws-cdk-lib's own `new App()` outdirs,
// the CLI tests' files, what spawned processes write) goes under the run's directory, which Jest's
// global teardown removes (test/support/global-setup.js). tsx has already chosen its cache.
if (process.env.CDK_EVENT_READINESS_TEST_OUTDIR) {
  process.env.TMPDIR = process.env.CDK_EVENT_READINESS_TEST_OUTDIR;
}
