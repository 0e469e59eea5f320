// Extracted from docs/calendar.md by scripts/readme-samples.js: do not edit.
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EventCalendarStack, EventWindow, StatelessTier } from 'cdk-event-readiness';

const app = new App();
const catalog = new StatelessTier(new Stack(app, 'Catalog'), 'Catalog', {
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } },
});
const window = (name: string, start: string, end: string, timeZone: TimeZone) => new EventWindow({
  name, start, end, timeZone, prewarmLead: Duration.hours(6), rampDown: Duration.hours(24), rampDownSteps: 3,
});

new EventCalendarStack(app, 'ShopEvents2027', {
  alarmEmails: ['oncall@example.com'],
  events: [
    {
      window: window('prime-day-2027', '2027-07-13T00:00', '2027-07-15T00:00', TimeZone.AMERICA_LOS_ANGELES),
      tiers: [catalog.forEvent({ provisionedConcurrency: 800, warmThroughput: { readUnitsPerSecond: 40000 } })],
    },
    {
      // Smaller: Prime Day's 40,000 reads per second are still warm, so this plan sends no raise.
      window: window('black-friday-2027', '2027-11-26T00:00', '2027-11-27T06:00', TimeZone.AMERICA_NEW_YORK),
      tiers: [catalog.forEvent({ provisionedConcurrency: 500, warmThroughput: { readUnitsPerSecond: 30000 } })],
    },
  ],
});
export {};
