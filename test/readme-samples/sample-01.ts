// Extracted from README.md by scripts/readme-samples.js: do not edit.
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EventReadinessStack, EventWindow, StatelessTier } from 'cdk-event-readiness';

const app = new App();
// Pinned to an account and Region, as company repos write it (environment-agnostic works too).
const env = { account: '111111111111', region: 'us-west-2' };
const tiers = new Stack(app, 'Catalog', { env });
const catalog = new StatelessTier(tiers, 'Catalog', {
  code: lambda.Code.fromAsset('dist/catalog'),
  tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } },
  maxReadRequestUnits: 8000, // the table's everyday cost cap
  httpApi: {},
});

new EventReadinessStack(app, 'BlackFriday2027', {
  env,
  window: new EventWindow({
    name: 'black-friday-2027',
    start: '2027-11-26T09:00',
    end: '2027-11-26T21:00',
    timeZone: TimeZone.AMERICA_NEW_YORK,
    prewarmLead: Duration.hours(2),
    rampDown: Duration.hours(6),
    rampDownSteps: 3,
  }),
  alarmEmails: ['oncall@example.com'],
  tiers: [
    catalog.forEvent({
      provisionedConcurrency: 400,
      warmThroughput: { readUnitsPerSecond: 30000, writeUnitsPerSecond: 6000 },
      maxReadRequestUnits: 36000,
    }),
  ],
});
export {};
