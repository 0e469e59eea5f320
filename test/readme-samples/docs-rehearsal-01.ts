// Extracted from docs/rehearsal.md by scripts/readme-samples.js: do not edit.
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EventRehearsalStack, EventWindow, StatelessTier } from 'cdk-event-readiness';

const app = new App();
// The event, as planned for production.
const primeDay = new EventWindow({
  name: 'prime-day-2027', start: '2027-07-13T00:00', end: '2027-07-15T00:00', timeZone: TimeZone.AMERICA_LOS_ANGELES,
  prewarmLead: Duration.hours(6), rampDown: Duration.hours(60), rampDownSteps: 3,
});
// A staging copy of the tier, with the same peaks.
const staging = new StatelessTier(new Stack(app, 'StagingCatalog'), 'Catalog', {
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } },
});
new EventRehearsalStack(app, 'PrimeDayRehearsal', {
  rehearses: primeDay,
  name: 'prime-day-rehearsal',
  start: '2027-06-15T13:00', // its first change; the zone is the event's
  tiers: [staging.forEvent({ provisionedConcurrency: 800, warmThroughput: { readUnitsPerSecond: 40000 } })],
});
export {};
