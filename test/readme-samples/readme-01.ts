// Extracted from README.md by scripts/readme-samples.js: do not edit.
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EventReadinessStack, EventWindow, StatelessTier } from 'cdk-event-readiness';

const app = new App();

// A long-lived tier: a Lambda function behind an alias, an on-demand DynamoDB table, an HTTP API.
const catalog = new StatelessTier(new Stack(app, 'Catalog'), 'Catalog', {
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "[]" });'),
  tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } },
  maxReadRequestUnits: 8000, // the table's everyday cost cap
  httpApi: {},
});

// One stack per event: the tier goes up before it, steps down after it, and is watched meanwhile.
new EventReadinessStack(app, 'BlackFriday2030', {
  window: new EventWindow({
    name: 'black-friday-2030',
    start: '2030-11-29T09:00', // local wall-clock time in timeZone
    end: '2030-11-29T21:00',
    timeZone: TimeZone.AMERICA_NEW_YORK,
    prewarmLead: Duration.hours(2),
    rampDown: Duration.hours(6),
  }),
  alarmEmails: ['oncall@example.com'],
  tiers: [catalog.forEvent({ provisionedConcurrency: 400, maxReadRequestUnits: 36000 })],
});
export {};
