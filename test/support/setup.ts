import { removeTestOutdirs } from './app';

// The SDK clients the tests create (mocked) would print the SDK's notice that its releases after
// January 2027 need Node 22; the bundled CLI silences it the same way (bin/event-readiness.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

afterAll(() => removeTestOutdirs());
