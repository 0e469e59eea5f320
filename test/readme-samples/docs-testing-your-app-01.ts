// Extracted from docs/testing-your-app.md by scripts/readme-samples.js: do not edit.
import { App, Stack } from 'aws-cdk-lib';
import { TemplateSnapshot } from 'cdk-event-readiness/testing';

declare function addMyEvent(app: App): { readiness: Stack };

test('event stack', () => {
  const app = new App({ context: { 'cdk-event-readiness:now': '2027-01-01T00:00:00Z' } });
  const { readiness } = addMyEvent(app);
  expect(TemplateSnapshot.fromStack(readiness)).toMatchSnapshot();
});
export {};
