import { Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addFlashSale, addGameDay, addPrimeDay } from '../examples';
import { EventReadiness } from '../lib';
import { TemplateSnapshot } from '../lib/testing';
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
    const plan = Template.fromStack(readiness).toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}flash-sale-2027`];
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
    expect(TemplateSnapshot.fromStack(tiers)).toMatchSnapshot();
    expect(TemplateSnapshot.fromStack(sessions)).toMatchSnapshot();
    expect(TemplateSnapshot.fromStack(readiness)).toMatchSnapshot();
  });
});

describe('prime-day example', () => {
  const app = newApp();
  const { network, shop, readiness } = addPrimeDay(app, { now: NOW });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const t = Template.fromStack(readiness);
  const plan = t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}prime-day-2027`];

  test('synthesizes with cdk-nag AwsSolutions and strict CloudFormation validation', () => {
    expect(() => app.synth()).not.toThrow();
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  test('a 48-hour event in Pacific time, prewarm 6 h ahead, 2.5-day ramp-down in 3 steps', () => {
    expect(plan.timeline.map((s: any) => [s.id, s.local, s.utc])).toEqual([
      ['prewarm', '2027-07-12T18:00:00', '2027-07-13T01:00:00Z'],
      ['peak', '2027-07-13T00:00:00', '2027-07-13T07:00:00Z'],
      ['ramp-down-1', '2027-07-15T00:00:00', '2027-07-15T07:00:00Z'],
      ['ramp-down-2', '2027-07-15T20:00:00', '2027-07-16T03:00:00Z'],
      ['ramp-down-3', '2027-07-16T16:00:00', '2027-07-16T23:00:00Z'],
      ['baseline', '2027-07-17T12:00:00', '2027-07-17T19:00:00Z'],
    ]);
  });

  test('orders: 16xlarge at prewarm, storage after it, down the ladder to 2xlarge; 3 event replicas after both', () => {
    const orders = plan.tiers.find((x: any) => x.name === 'orders');
    expect(orders.changes.filter((c: any) => c.subject === 'primary instance').map((c: any) => [c.step, c.atLocal, c.after])).toEqual([
      ['prewarm', '2027-07-12T18:00:00', 'db.r7g.16xlarge'],
      ['ramp-down-1', '2027-07-15T00:30:00', 'db.r7g.8xlarge'],
      ['ramp-down-2', '2027-07-15T20:00:00', 'db.r7g.4xlarge'],
      ['baseline', '2027-07-17T12:00:00', 'db.r7g.2xlarge'],
      ['prewarm', '2027-07-12T19:00:00', '40000 IOPS / 1000 MiB/s'],
    ]);
    const creates = orders.changes.filter((c: any) => c.action === 'rds:createDBInstanceReadReplica');
    expect(creates.map((c: any) => [c.atLocal, c.after])).toEqual([
      ['2027-07-12T19:45:00', 'prime-orders-prime-day-2027-r1 (db.r7g.2xlarge)'],
      ['2027-07-12T19:45:00', 'prime-orders-prime-day-2027-r2 (db.r7g.2xlarge)'],
      ['2027-07-12T19:45:00', 'prime-orders-prime-day-2027-r3 (db.r7g.2xlarge)'],
    ]);
    for (const c of plan.tiers.flatMap((x: any) => x.changes).filter((ch: any) => ch.direction === 'SCALE_UP')) {
      expect(c.marginSeconds).toBeGreaterThanOrEqual(0);
    }
  });

  test('the databases run in the network stack\'s isolated subnets, and no event changes the tier stacks', () => {
    Template.fromStack(network).resourceCountIs('AWS::EC2::NatGateway', 0);
    const shopTemplate = Template.fromStack(shop);
    shopTemplate.resourceCountIs('AWS::Scheduler::Schedule', 0);
    shopTemplate.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    expect(readiness.dependencies).toEqual(expect.arrayContaining([shop]));
    expect(shop.dependencies).not.toContain(readiness);
  });

  test('templates match their snapshots', () => {
    expect(TemplateSnapshot.fromStack(network)).toMatchSnapshot();
    expect(TemplateSnapshot.fromStack(shop)).toMatchSnapshot();
    expect(TemplateSnapshot.fromStack(readiness)).toMatchSnapshot();
  });
});

describe('game-day example', () => {
  const app = newApp();
  const { network, platform, readiness } = addGameDay(app, { now: NOW });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const t = Template.fromStack(readiness);
  const plan = t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}worlds-final-2027`];

  test('synthesizes with cdk-nag AwsSolutions and strict CloudFormation validation', () => {
    expect(() => app.synth()).not.toThrow();
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  test('a 6-hour spike in Seoul (+09:00, no DST), 90-minute prewarm, 4-hour ramp-down in 2 steps', () => {
    expect(plan.timeline.map((s: any) => [s.id, s.local, s.utc])).toEqual([
      ['prewarm', '2027-11-06T14:30:00', '2027-11-06T05:30:00Z'],
      ['peak', '2027-11-06T16:00:00', '2027-11-06T07:00:00Z'],
      ['ramp-down-1', '2027-11-06T22:00:00', '2027-11-06T13:00:00Z'],
      ['ramp-down-2', '2027-11-07T00:00:00', '2027-11-06T15:00:00Z'],
      ['baseline', '2027-11-07T02:00:00', '2027-11-06T17:00:00Z'],
    ]);
  });

  test('high provisioned concurrency, a raised write cap restored after, two extra leaderboard readers', () => {
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'lambda:function:ProvisionedConcurrency',
      ScheduledActions: Match.arrayWith([Match.objectLike({ ScheduledActionName: 'prewarm', Timezone: 'Asia/Seoul', ScalableTargetAction: { MinCapacity: 850, MaxCapacity: 850 } })]),
    });
    const match = plan.tiers.find((x: any) => x.name === 'match-api');
    expect(match.changes.filter((c: any) => c.action === 'dynamodb:updateTable').map((c: any) => [c.step, c.after])).toEqual([
      ['prewarm', 'warm write 15000/s, cap write 20000/s'],
      ['baseline', 'write 5000/s'],
    ]);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'rds:cluster:ReadReplicaCount', MinCapacity: 2, MaxCapacity: 2,
    });
  });

  test('templates match their snapshots', () => {
    expect(TemplateSnapshot.fromStack(network)).toMatchSnapshot();
    expect(TemplateSnapshot.fromStack(platform)).toMatchSnapshot();
    expect(TemplateSnapshot.fromStack(readiness)).toMatchSnapshot();
  });
});
