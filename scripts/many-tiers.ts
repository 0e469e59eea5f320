/**
 * A benchmark app: one event over 30 stateless tiers (provisioned concurrency, warm
 * throughput and alarms each), tiers spread over 3 stacks. `npm run bench` synthesizes it
 * to show the readiness stack stays under CloudFormation's limits (500 resources, a template of
 * 1,000,000 bytes; the readiness construct's synth check says when an event does not).
 */
import { App, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EventReadinessStack, EventWindow, ITierEventPlan, StatelessTier } from '../lib';

const app = new App();
const plans: ITierEventPlan[] = [];
for (let s = 0; s < 3; s++) {
  const stack = new Stack(app, `Tiers${s}`);
  for (let i = 0; i < 10; i++) {
    const tier = new StatelessTier(stack, `Tier${s * 10 + i}`, {
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
      tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } },
    });
    plans.push(tier.forEvent({ provisionedConcurrency: 50, warmThroughput: { readUnitsPerSecond: 20000 } }));
  }
}
new EventReadinessStack(app, 'ManyTiers', {
  window: new EventWindow({
    name: 'many-tiers',
    start: '2027-06-01T12:00',
    end: '2027-06-02T12:00',
    timeZone: TimeZone.EUROPE_BERLIN,
    prewarmLead: Duration.hours(2),
    rampDownSteps: 3,
  }),
  tiers: plans,
  now: new Date('2027-01-01T00:00:00Z'),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
