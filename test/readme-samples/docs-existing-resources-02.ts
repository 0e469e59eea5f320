// Extracted from docs/existing-resources.md by scripts/readme-samples.js: do not edit.
import { App, TimeZone } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EventReadinessStack, EventWindow, ExistingStatelessResources } from 'cdk-event-readiness';

const app = new App();
const readiness = new EventReadinessStack(app, 'FlashSale', {
  window: new EventWindow({ name: 'flash-sale', start: '2027-11-26T09:00', end: '2027-11-26T21:00', timeZone: TimeZone.AMERICA_NEW_YORK }),
});
// An alias whose provisioned concurrency your own stack already tracks between 5 and 100.
const catalog = new ExistingStatelessResources(readiness, 'Catalog', {
  function: lambda.Function.fromFunctionName(readiness, 'CatalogFn', 'catalog'),
  aliasName: 'live',
  provisionedConcurrencyTarget: { minCapacity: 5, maxCapacity: 100 },
});
// Prewarm 400-400, stepped down over the ramp-down (the maximum never below 100), baseline 5-100.
readiness.addTier(catalog.forEvent({ provisionedConcurrency: 400 }));
app.synth();
export {};
