import { removeTestOutdirs } from './app';

// The SDK clients the tests create (mocked) would print the SDK's notice that its releases after
// January 2027 need Node 22; the bundled CLI silences it the same way (bin/event-readiness.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// aws-cdk-lib's built-in CloudFormation validation loads its engine again in every test file
// (about 5 s each): it is off here, and the tests whose assertion is a valid template ask for
// it (newApp(props, { validate: true })).
process.env.CDK_VALIDATION = 'false';

afterAll(() => removeTestOutdirs());
