import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addFlashSale, addGameDay, addGlobalShop, addPrimeDay } from '../examples';
import { EventReadiness } from '../lib';
import { TemplateSnapshot } from '../lib/testing';
import { newApp } from './support/app';

const NOW = new Date('2027-01-01T00:00:00Z');
/** The stacks of each example whose templates are snapshotted (the safety net under the assertions). */
const SNAPSHOT_STACKS: Record<string, () => Stack[]> = {};

describe('flash-sale example', () => {
  const app = newApp();
  const { tiers, sessions, readiness } = addFlashSale(app, { now: NOW });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  test('synthesizes with cdk-nag AwsSolutions (CloudFormation validation: environments.test.ts)', () => {
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
      ['catalog', 'provisioned concurrency'], ['catalog', 'table cost cap'], ['catalog', 'warm throughput'],
      ['sessions', 'ACU range'], ['sessions', 'readers'],
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

  SNAPSHOT_STACKS['flash-sale'] = () => [tiers, sessions, readiness];
});

describe('prime-day example', () => {
  const app = newApp();
  const { network, shop, readiness } = addPrimeDay(app, { now: NOW });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const t = Template.fromStack(readiness);
  const plan = t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}prime-day-2027`];

  test('synthesizes with cdk-nag AwsSolutions (CloudFormation validation: environments.test.ts)', () => {
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

  test('orders: 16xlarge at prewarm, storage after it, down the ladder to 2xlarge, storage back; 3 event replicas after both', () => {
    const orders = plan.tiers.find((x: any) => x.name === 'orders');
    expect(orders.changes.filter((c: any) => c.subject === 'primary instance').map((c: any) => [c.step, c.atLocal, c.after])).toEqual([
      ['prewarm', '2027-07-12T18:00:00', 'db.r7g.16xlarge'],
      ['ramp-down-1', '2027-07-15T00:30:00', 'db.r7g.8xlarge'],
      ['ramp-down-2', '2027-07-15T20:00:00', 'db.r7g.4xlarge'],
      ['baseline', '2027-07-17T12:00:00', 'db.r7g.2xlarge'],
      ['prewarm', '2027-07-12T19:00:00', '40000 IOPS / 1000 MiB/s'],
      // Restored once the baseline class change is done (its cooldown of 24 h is long past).
      ['baseline', '2027-07-17T13:00:00', '12000 IOPS / 500 MiB/s'],
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

  test('Black Friday is planned in the same calendar: each scalable target once, with both events\' actions', () => {
    const targets = Object.values(t.findResources('AWS::ApplicationAutoScaling::ScalableTarget'));
    expect(targets.map((r) => [r.Properties.ScalableDimension, r.Properties.ScheduledActions.map((a: any) => a.ScheduledActionName)])).toEqual([
      ['lambda:function:ProvisionedConcurrency', [
        'prime-day-2027-prewarm', 'prime-day-2027-ramp-down-1', 'prime-day-2027-ramp-down-2', 'prime-day-2027-ramp-down-3',
        'prime-day-2027-baseline', 'black-friday-2027-prewarm', 'black-friday-2027-ramp-down-1',
        'black-friday-2027-ramp-down-2', 'black-friday-2027-ramp-down-3', 'black-friday-2027-baseline']],
      ['rds:cluster:ReadReplicaCount', [
        'prime-day-2027-prewarm', 'prime-day-2027-ramp-down-1', 'prime-day-2027-ramp-down-2', 'prime-day-2027-ramp-down-3',
        'prime-day-2027-baseline', 'black-friday-2027-prewarm', 'black-friday-2027-ramp-down-1',
        'black-friday-2027-ramp-down-2', 'black-friday-2027-ramp-down-3', 'black-friday-2027-baseline']],
    ]);
    const friday = t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}black-friday-2027`];
    expect([friday.timeZone, friday.startUtc, friday.calendar]).toEqual(['America/New_York', '2027-11-26T05:00:00Z', 'PrimeShopCalendar/Calendar']);
    // Prime Day's warm throughput (40,000 / 12,000) covers Black Friday's 30,000 / 8,000: no call that AWS would reject.
    const catalog = friday.tiers.find((x: any) => x.name === 'catalog');
    expect(catalog.changes.map((c: any) => c.setting)).not.toContain('warm throughput');
    expect(catalog.notes).toEqual([
      "warm throughput read stays at 40000/s, raised by event 'prime-day-2027' (it can never be lowered), which covers this event's 30000/s",
      "warm throughput write stays at 12000/s, raised by event 'prime-day-2027' (it can never be lowered), which covers this event's 8000/s",
    ]);
    const orders = friday.tiers.find((x: any) => x.name === 'orders');
    expect(orders.changes.filter((c: any) => c.subject === 'primary instance').map((c: any) => c.after))
      .toEqual(['db.r7g.8xlarge', 'db.r7g.4xlarge', 'db.r7g.2xlarge']);
  });

  test('the databases run in the network stack\'s isolated subnets, and no event changes the tier stacks', () => {
    Template.fromStack(network).resourceCountIs('AWS::EC2::NatGateway', 0);
    const shopTemplate = Template.fromStack(shop);
    shopTemplate.resourceCountIs('AWS::Scheduler::Schedule', 0);
    shopTemplate.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    expect(readiness.dependencies).toEqual(expect.arrayContaining([shop]));
    expect(shop.dependencies).not.toContain(readiness);
  });

  SNAPSHOT_STACKS['prime-day'] = () => [network, shop, readiness];
});

describe('game-day example', () => {
  const app = newApp();
  const { network, platform, readiness } = addGameDay(app, { now: NOW });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const t = Template.fromStack(readiness);
  const plan = t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}worlds-final-2027`];

  test('synthesizes with cdk-nag AwsSolutions (CloudFormation validation: environments.test.ts)', () => {
    expect(() => app.synth()).not.toThrow();
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  test('a 6-hour spike in Seoul (+09:00, no DST), 2-hour prewarm, 4-hour ramp-down in 2 steps', () => {
    expect(plan.timeline.map((s: any) => [s.id, s.local, s.utc])).toEqual([
      ['prewarm', '2027-11-06T14:00:00', '2027-11-06T05:00:00Z'],
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
    // The cap first, then warm throughput in a call of its own: a rejected warm-throughput
    // request cannot take the cap down with it.
    expect(match.changes.filter((c: any) => c.action === 'dynamodb:updateTable').map((c: any) => [c.step, c.atLocal, c.setting, c.after])).toEqual([
      ['prewarm', '2027-11-06T14:00:00', 'table cost cap', 'write 20000/s'],
      ['prewarm', '2027-11-06T14:20:00', 'warm throughput', 'warm write 15000/s'],
      ['baseline', '2027-11-07T02:00:00', 'table cost cap', 'write 5000/s'],
    ]);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'rds:cluster:ReadReplicaCount', MinCapacity: 2, MaxCapacity: 2,
    });
  });

  SNAPSHOT_STACKS['game-day'] = () => [network, platform, readiness];
});

describe('global-shop example', () => {
  const app = newApp();
  const { shop, reads, readiness } = addGlobalShop(app, { now: NOW });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  test('synthesizes with cdk-nag AwsSolutions, companion stacks included (CloudFormation validation: environments.test.ts)', () => {
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(expect.arrayContaining(
      ['us-west-2', 'eu-west-1', 'ap-southeast-1'].map((r) => `GlobalSaleReadiness-${r}`)));
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  SNAPSHOT_STACKS['global-shop'] = () => [shop, reads[1], readiness, app.node.findChild('GlobalSaleReadiness-eu-west-1') as Stack];
});

// At the top level, titled as their snapshots are keyed: jest-light-runner recognises a skipped
// test's snapshots (`-t` filtering them out) by the test's title alone.
test.each(['flash-sale', 'prime-day', 'game-day', 'global-shop'])('%s example templates match their snapshots', (example) => {
  for (const stack of SNAPSHOT_STACKS[example]()) {
    expect(TemplateSnapshot.fromStack(stack)).toMatchSnapshot();
  }
});
