import { Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addFlashSale } from '../examples';
import { PLAN_METADATA_PREFIX } from '../lib';
import { templateForSnapshot } from '../lib/testing';
import { newApp } from './support/app';

const NOW = new Date('2027-01-01T00:00:00Z');

describe('flash-sale example', () => {
  const app = newApp();
  const { tiers, sessions, readiness } = addFlashSale(app, { now: NOW });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  test('synthesizes with cdk-nag AwsSolutions and strict CloudFormation validation', () => {
    expect(() => app.synth()).not.toThrow();
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
    expect(Annotations.fromStack(readiness).findError('*', Match.anyValue())).toEqual([]);
  });

  test('provisioned concurrency rises at 07:00 New York time and steps down over 6 hours after 21:00', () => {
    const target = Object.values(Template.fromStack(readiness).findResources('AWS::ApplicationAutoScaling::ScalableTarget'))
      .find((r) => r.Properties.ScalableDimension === 'lambda:function:ProvisionedConcurrency')!;
    expect(target.Properties.ScheduledActions.map((a: any) => [a.Schedule, a.Timezone, a.ScalableTargetAction.MinCapacity])).toEqual([
      ['at(2027-11-26T07:00:00)', 'America/New_York', 400],
      ['at(2027-11-26T21:00:00)', 'America/New_York', 300],
      ['at(2027-11-26T23:00:00)', 'America/New_York', 200],
      ['at(2027-11-27T01:00:00)', 'America/New_York', 100],
      ['at(2027-11-27T03:00:00)', 'America/New_York', 0],
    ]);
  });

  test('the plan is in the readiness stack metadata, with every scale-up ready before the start', () => {
    const plan = Template.fromStack(readiness).toJSON().Metadata[`${PLAN_METADATA_PREFIX}flash-sale-2027`];
    expect(plan.startUtc).toBe('2027-11-26T14:00:00Z');
    const ups = plan.tiers.flatMap((t: any) => t.changes).filter((c: any) => c.direction === 'SCALE_UP');
    expect(ups.map((c: any) => [plan.tiers.find((t: any) => t.changes.includes(c))?.name, c.setting])).toEqual([
      ['catalog', 'provisioned concurrency'], ['catalog', 'table throughput'], ['sessions', 'ACU range'], ['sessions', 'readers'],
    ]);
    for (const c of ups) {
      expect(c.marginSeconds).toBeGreaterThanOrEqual(0);
    }
  });

  test('the tier stacks hold the data and keep it', () => {
    Template.fromStack(tiers).hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
    Template.fromStack(sessions).hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Snapshot', Properties: Match.objectLike({ DeletionProtection: true }) });
  });

  test('the sessions cluster steps from 4-32 ACU back to 0.5-8 after the sale', () => {
    const inputs = Object.values(Template.fromStack(readiness).findResources('AWS::Scheduler::Schedule'))
      .map((r) => JSON.stringify(r.Properties.Target.Input))
      .filter((i) => i.includes('ServerlessV2ScalingConfiguration'));
    expect(inputs).toHaveLength(5);
    expect(inputs[0]).toContain('{\\"MinCapacity\\":4,\\"MaxCapacity\\":32}');
    expect(inputs[4]).toContain('{\\"MinCapacity\\":0.5,\\"MaxCapacity\\":8}');
  });

  test('templates match their snapshots', () => {
    expect(templateForSnapshot(tiers)).toMatchSnapshot();
    expect(templateForSnapshot(sessions)).toMatchSnapshot();
    expect(templateForSnapshot(readiness)).toMatchSnapshot();
  });
});
