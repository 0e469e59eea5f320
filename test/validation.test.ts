import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EventReadinessStack } from '../lib';
import { newApp } from './support/app';
import { BEFORE_EVENTS, saleWindow } from './support/fixtures';
import { TestTier } from './support/test-tier';

/**
 * The tests whose assertion is "valid CloudFormation" validate through newApp(props, { validate:
 * true }); built-in validation is off elsewhere. This keeps that oracle honest: it rejects.
 */
test('an app that asks for validation fails synth on a template CloudFormation would reject; one that does not, does not', () => {
  const synth = (validate: boolean) => {
    const app = newApp({}, { validate });
    new CfnResource(new Stack(app, 'S'), 'Queue', { type: 'AWS::SQS::Queue', properties: { DelaySeconds: 5000 } });
    return () => app.synth();
  };
  expect(synth(true)).toThrow(/DelaySeconds|900/);
  expect(synth(false)).not.toThrow();
});

test('an app with a readiness stack passes synth with cdk-nag and CloudFormation validation registered', () => {
  const app = newApp({}, { validate: true });
  const tierStack = new Stack(app, 'Tiers');
  const tier = new TestTier(tierStack, 'Tier');
  new EventReadinessStack(app, 'Event', { window: saleWindow(), tiers: [tier.forEvent({ peak: 100 })], now: BEFORE_EVENTS });
  Validations.of(tierStack).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'test tier only' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  expect(() => app.synth()).not.toThrow();
});
