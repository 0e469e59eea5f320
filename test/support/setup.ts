// Runs once in each worker process, before its first test file (the runner keeps modules and the
// environment from one file to the next).

// The SDK clients the tests create (mocked) would print the SDK's notice that its releases after
// January 2027 need Node 22; the bundled CLI silences it the same way (bin/event-readiness.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// aws-cdk-lib's built-in CloudFormation validation would validate every app the tests synthesize:
// it is off here, and the tests whose assertion is a valid template ask for it (newApp(props,
// { validate: true }): one validator per worker process, its engine built once).
process.env.CDK_VALIDATION = 'false';

// Every app in the tests, `new App()` included, synthesizes without the stack traces aws-cdk-lib
// records in the assembly's metadata for each construct and annotation (templates are the same).
// Capturing them was about a tenth of the time of the tests that synthesize most. Context in the
// environment is how the CDK CLI passes context to an app (it wins over an App's `context` prop).
process.env.CDK_CONTEXT_JSON = JSON.stringify({
  'aws:cdk:disable-stack-trace': true,
  'aws:cdk:disable-creation-stack-traces': true,
});

// The runner ends a worker process by disconnecting from it, then waits for it to exit, which it
// does once nothing is left open. A test that leaves a server, socket or child process open would
// keep the whole run waiting: the worker exits 5 s after the disconnect, naming what was left.
process.once('disconnect', () => {
  setTimeout(() => {
    const open = (process as any)._getActiveHandles().map((h: any) => h.constructor?.name ?? typeof h);
    process.stderr.write(`test worker ${process.pid}: still open 5 s after the run ended (${open.join(', ')}); exiting\n`);
    process.exit(0);
  }, 5000).unref();
});
