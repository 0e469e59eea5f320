/**
 * Event read replicas in other Regions: created by schedules in their own Region (a companion
 * stack of the readiness stack), from the source's ARN, and removed over the ramp-down. What AWS
 * accepts of the calls and roles is judged in oracles.test.ts (the global-shop example is in the
 * oracle app); here: where everything goes, when it fires, and what is refused at synth.
 */
import { DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DBInstance, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { GetScheduleCommand, ListSchedulesCommand } from '@aws-sdk/client-scheduler';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { App, Duration, ReferenceStrength, Stack, TimeZone } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ServiceNamespace } from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { Construct } from 'constructs';
import { addGlobalShop, ReadRegionStack } from '../examples';
import {
  AutoScalingTarget, ChangeDirection, EventCalendarStack, EventPlanChange, EventPlanDocument, EventReadiness, EventReadinessStack,
  EventRehearsal, EventReplicasInRegion, EventWindow, ExistingRdsInstance, ITierEventPlan, RampDownGate, RdsTier, ScheduledChange,
} from '../lib';
import { checkClients, checkCommand, CheckReport } from '../lib/cli/check';
import { CliIo } from '../lib/cli/io';
import { lanesOf } from '../lib/cli/lanes';
import { evaluateAlarm, MetricRef } from './support/alarm-evaluator';
import { newApp, runSample } from './support/app';
import { synthesizedStacks, TemplateResolver } from './support/oracle-app';

const NOW = new Date('2027-01-01T00:00:00Z');
/** How many resources were imported by regionResources: each import gets an id of its own. */
let imported = 0;
/** A 12-hour event on 2027-03-10 (UTC), raised 9 hours ahead: room for a replica in another Region to be created. */
const marchWindow = (name = 'e') => new EventWindow({
  name, start: '2027-03-10T09:00', end: '2027-03-10T21:00', timeZone: TimeZone.ETC_UTC, prewarmLead: Duration.hours(9),
});

/** An RdsTier `db` (4xlarge, no everyday replica) in stack `Tiers` of us-east-1, and what its replicas need in `region`. */
function regionalTier(a: App, region = 'eu-west-1', id = 'Eu') {
  const tiers = new Stack(a, 'Tiers', { env: { region: 'us-east-1' } });
  const db = new RdsTier(tiers, 'Db', { instanceIdentifier: 'db', instanceType: R7G(ec2.InstanceSize.XLARGE4), replicas: 0 });
  return { tiers, db, there: new ReadRegionStack(a, id, { parameters: db.parameters, env: { region } }) };
}
const R7G = (size: ec2.InstanceSize) => ec2.InstanceType.of(ec2.InstanceClass.R7G, size);

const app = newApp();
addGlobalShop(app, { now: NOW });
const assembly = app.synth();
const template = (name: string) => assembly.getStackByName(name).template;
const plan: EventPlanDocument = template('GlobalSaleReadiness').Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}global-sale-2027`];
const changes = plan.tiers[0].changes;
const schedules = (stack: string) => Object.values<any>(template(stack).Resources)
  .filter((r) => r.Type === 'AWS::Scheduler::Schedule')
  .map((r) => ({ at: r.Properties.ScheduleExpression, target: r.Properties.Target }));
const callsOf = (stack: string, action: string) => schedules(stack)
  .filter((s) => JSON.stringify(s.target.Arn).includes(`:rds:${action}`))
  .map((s) => ({ at: s.at, input: JSON.stringify(s.target.Input) }));

describe('global-shop: one companion stack per other Region', () => {
  test('each in its Region and the example\'s account, after the readiness stack and the tier stack', () => {
    for (const region of ['us-west-2', 'eu-west-1', 'ap-southeast-1']) {
      const stack = assembly.getStackByName(`GlobalSaleReadiness-${region}`);
      expect(stack.environment.region).toBe(region);
      expect(stack.dependencies.map((d) => d.id).filter((id) => !id.endsWith('.assets')).sort()).toEqual(['GlobalReads-' + region, 'GlobalSaleReadiness', 'GlobalShop'].sort());
    }
  });

  test('the readiness stack creates only the replica in its own Region; each companion exactly those of its Region', () => {
    expect(callsOf('GlobalSaleReadiness', 'createDBInstanceReadReplica').map((c) => c.input))
      .toEqual([expect.stringContaining('\\"SourceDBInstanceIdentifier\\":\\"global-orders\\"')]);
    for (const [region, count] of [['us-west-2', 1], ['eu-west-1', 2], ['ap-southeast-1', 1]] as const) {
      const creates = callsOf(`GlobalSaleReadiness-${region}`, 'createDBInstanceReadReplica');
      expect(creates).toHaveLength(count);
      for (const [k, c] of creates.entries()) {
        // The source by its ARN, in its own Region; a key, subnet group and security group of this Region.
        expect(c.input).toContain('SourceDBInstanceIdentifier\\":\\"arn:aws:rds:us-east-1:');
        expect(c.input).toContain(`global-orders-global-sale-2027-${region}-r${k + 1}`);
        expect(c.input).toContain(`"Fn::ImportValue":"GlobalReads-${region}:`);
        expect(c.input).toContain('KmsKeyId');
        // PostgreSQL: the API takes no parameter group for a replica in another Region.
        expect(c.input).not.toContain('DbParameterGroupName');
      }
    }
  });

  test('nothing in a companion refers to a stack of another Region', () => {
    for (const region of ['us-west-2', 'eu-west-1', 'ap-southeast-1']) {
      const imports = [...JSON.stringify(template(`GlobalSaleReadiness-${region}`)).matchAll(/"Fn::ImportValue":"([^:"]+):/g)].map((m) => m[1]);
      expect(imports.length).toBeGreaterThan(0);
      expect([...new Set(imports)]).toEqual([`GlobalReads-${region}`]);
    }
  });
});

describe('global-shop: when the replicas in other Regions come and go', () => {
  const inEu = changes.filter((c) => c.region === 'eu-west-1');
  const at = (c: EventPlanChange) => Date.parse(c.atUtc);
  const start = Date.parse(plan.startUtc);

  test('each is created once the primary\'s class change has settled, moved to its parameter group once created, then rebooted', () => {
    const classUp = changes.find((c) => c.setting === 'instance class' && c.direction === 'SCALE_UP')!;
    for (const k of [1, 2]) {
      const [create, move, reboot] = ['', ': parameter group', ': reboot'].map((s) => inEu.find((c) => c.setting === `event replica ${k} in eu-west-1${s}`)!);
      expect(create.action).toBe('rds:createDBInstanceReadReplica');
      expect(at(create)).toBeGreaterThanOrEqual(at(classUp) + (classUp.leadTimeSeconds + classUp.retryWindowSeconds) * 1000);
      expect(create.leadTimeSeconds).toBe(6 * 3600);
      expect(move.action).toBe('rds:modifyDBInstance');
      expect(at(move)).toBeGreaterThanOrEqual(at(create) + (create.leadTimeSeconds + create.retryWindowSeconds) * 1000);
      expect([move.before, move.after]).toEqual(['default.postgres17', 'global-orders-replicas (pending reboot)']);
      expect(reboot.action).toBe('rds:rebootDBInstance');
      expect(at(reboot)).toBeGreaterThanOrEqual(at(move) + (move.leadTimeSeconds + move.retryWindowSeconds) * 1000);
      expect(at(reboot) + (reboot.leadTimeSeconds + reboot.retryWindowSeconds) * 1000).toBeLessThanOrEqual(start);
      expect(reboot.marginSeconds).toBeGreaterThanOrEqual(0);
    }
  });

  test('removed over the ramp-down, the highest first: r2 at the first step, r1 at baseline', () => {
    const deletes = inEu.filter((c) => c.action === 'rds:deleteDBInstance').map((c) => [c.step, c.before]);
    expect(deletes).toEqual([['ramp-down-1', 'global-orders-global-sale-2027-eu-west-1-r2'], ['baseline', 'global-orders-global-sale-2027-eu-west-1-r1']]);
    expect(callsOf('GlobalSaleReadiness-eu-west-1', 'deleteDBInstance').map((c) => c.at)).toEqual(['at(2027-09-10T00:00:00)', 'at(2027-09-11T00:00:00)']);
  });

  test('the plan records each Region\'s stack, schedule group, alarms and composite', () => {
    expect(plan.regions).toEqual(['us-west-2', 'eu-west-1', 'ap-southeast-1'].map((region) => ({
      region,
      stackName: `GlobalSaleReadiness-${region}`,
      scheduleGroup: 'global-sale-2027',
      alarmNames: [`global-sale-2027-${region}-scheduled-change-failed`, ...['target-errors', 'dead-letter-failed', 'throttled']
        .map((id) => `global-sale-2027-${region}-scheduler-${id}`), `global-sale-2027-orders-replica-lag-${region}`],
      healthAlarmName: `global-sale-2027-${region}-health`,
    })));
    // The event's own alarms are in its own Region only.
    expect(plan.alarmNames.filter((n) => /(us-west-2|eu-west-1|ap-southeast-1)/.test(n))).toEqual([]);
  });
});

describe('global-shop: alarms where their metrics are', () => {
  test('replica lag in each Region, counted during the event (PostgreSQL lag grows while the primary is idle)', () => {
    Template.fromJSON(template('GlobalSaleReadiness-eu-west-1')).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'global-sale-2027-orders-replica-lag-eu-west-1',
      Metrics: Match.arrayWith([Match.objectLike({
        Expression: Match.stringLikeRegexp(`^IF\\(t >= ${Date.parse(plan.startUtc) / 1000} AND t < ${Date.parse(plan.endUtc) / 1000}, MAX`),
      })]),
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
    const main = JSON.stringify(template('GlobalSaleReadiness'));
    expect(main).not.toContain('eu-west-1-r1"]');
  });

  test('the event\'s dashboard in its own Region graphs the other Regions\' replicas with their Region', () => {
    const body = JSON.stringify(template('GlobalSaleReadiness'));
    expect(body).toContain('RDS replica lag in other Regions');
    expect(body).toMatch(/global-orders-global-sale-2027-ap-southeast-1-r1\\",\{\\"label\\":\\"[^"]*\\",\\"region\\":\\"ap-southeast-1/);
  });
});

test('re-dating the event changes the readiness stacks only: the tiers and the other Regions\' own stacks stay byte-identical', () => {
  const build = (start: string) => {
    const a = new App({ context: { [EventReadiness.NOW_CONTEXT_KEY]: NOW.toISOString() } });
    const { db, there: eu } = regionalTier(a);
    new EventReadinessStack(a, 'Event', {
      env: { region: 'us-east-1' },
      window: new EventWindow({ name: 'sale', start, end: `${start.slice(0, 10)}T23:00`, timeZone: TimeZone.ETC_UTC, prewarmLead: Duration.hours(10) }),
      tiers: [db.forEvent({ eventReplicasIn: [eu.replicas(1)] })],
    });
    return a.synth();
  };
  const [one, two] = [build('2027-05-01T12:00'), build('2027-06-01T12:00')];
  for (const name of ['Tiers', 'Eu']) {
    expect(JSON.stringify(two.getStackByName(name).template)).toBe(JSON.stringify(one.getStackByName(name).template));
  }
  expect(JSON.stringify(two.getStackByName('Event-eu-west-1').template)).not.toBe(JSON.stringify(one.getStackByName('Event-eu-west-1').template));
});

describe('RDS for MySQL in another Region: the parameter and option groups go in the create call', () => {
  const a = newApp();
  const event = new EventReadinessStack(a, 'MysqlEvent', {
    env: { region: 'us-east-1' }, now: NOW,
    window: new EventWindow({
      name: 'mysql-sale', start: '2027-03-10T09:00', end: '2027-03-10T21:00', timeZone: TimeZone.EUROPE_BERLIN, prewarmLead: Duration.hours(9),
    }),
  });
  const legacy = mysqlInstance(event, false);
  const eu = new Stack(a, 'Eu', { env: { region: 'eu-west-1' } });
  event.addTier(legacy.forEvent({
    eventReplicasIn: [{
      ...regionResources(eu, 'eu-west-1', false),
      count: 1, parameterGroupName: 'legacy-replicas', optionGroupName: 'legacy-options',
    }],
  }));
  const companion = a.synth().getStackByName('MysqlEvent-eu-west-1').template;

  test('one call creates the replica in its groups, unencrypted like its source; nothing moves or reboots it', () => {
    const inputs = Object.values<any>(companion.Resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule')
      .map((r) => JSON.stringify(r.Properties.Target.Input));
    expect(inputs.filter((i) => i.includes('SourceDBInstanceIdentifier'))).toEqual([expect.stringMatching(
      /DbParameterGroupName\\":\\"legacy-replicas\\".*OptionGroupName\\":\\"legacy-options\\"/)]);
    expect(inputs.join()).not.toContain('KmsKeyId');
    expect(inputs.filter((i) => /modifyDBInstance|rebootDBInstance/.test(i))).toEqual([]);
    expect(inputs).toHaveLength(2);
  });

  test('MySQL reports -1 for a replica that stopped replicating: an alarm in that Region watches for it', () => {
    Template.fromJSON(companion).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'mysql-sale-legacy-replica-stopped-eu-west-1', ComparisonOperator: 'LessThanThreshold', Threshold: 0,
    });
  });
});

/** An RDS for MySQL 8.0 instance known by name, encrypted or not. */
function mysqlInstance(scope: Stack, encrypted: boolean | undefined) {
  return new ExistingRdsInstance(scope, 'Legacy', {
    instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(scope, 'LegacyInstance', {
      instanceIdentifier: 'legacy', instanceEndpointAddress: 'legacy.internal', port: 3306,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(scope, 'LegacySg', 'sg-0123456789abcdef0')],
      engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0_40 }),
    }),
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE),
    multiAz: true, allocatedStorageGiB: 400, storageType: rds.StorageType.GP3,
    subnetGroupName: 'legacy-subnets', parameterGroupName: 'default.mysql8.0', optionGroupName: 'default:mysql-8-0',
    storageEncrypted: encrypted,
  });
}

/** A subnet group, security group and (for an encrypted source) key, imported by literal names in `region`. */
function regionResources(scope: Construct, region: string, key: boolean): Omit<EventReplicasInRegion, 'count'> {
  imported++;
  return {
    region,
    subnetGroup: rds.SubnetGroup.fromSubnetGroupName(scope, `Subnets${imported}`, 'replicas'),
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(scope, `Sg${imported}`, 'sg-0fedcba9876543210')],
    storageEncryptionKey: key ? kms.Key.fromKeyArn(scope, `Key${imported}`,
      `arn:aws:kms:${region}:111111111111:key/00000000-0000-0000-0000-000000000000`) : undefined,
  };
}

describe('what cannot be planned is refused at synth, naming the construct, the value and what is allowed', () => {
  /** The error of planning `replicas` for an RdsTier in us-east-1 (or another stack's env). */
  const errorOf = (replicas: (scope: Stack) => EventReplicasInRegion[], tierEnv: { region?: string } = { region: 'us-east-1' },
    options: { instanceType?: ec2.InstanceType } = {}) => {
    const a = new App();
    const tiers = new Stack(a, 'Tiers', { env: tierEnv });
    const db = new RdsTier(tiers, 'Db', { instanceIdentifier: 'db', instanceType: options.instanceType ?? R7G(ec2.InstanceSize.XLARGE4), replicas: 0 });
    try {
      db.forEvent({ eventReplicasIn: replicas(new Stack(a, 'Elsewhere', { env: { region: 'eu-west-1' } })) });
    } catch (e) {
      return String(e);
    }
    return 'no error';
  };
  const eu = (scope: Stack, extra: Partial<EventReplicasInRegion> = {}): EventReplicasInRegion =>
    ({ ...regionResources(scope, 'eu-west-1', true), count: 1, ...extra });

  test.each([
    ['an unknown Region', (s: Stack) => [eu(s, { region: 'eu-west-9' })], /\[Tiers\/Db\].*eventReplicasIn\[0\]\.region must be an AWS Region's name such as 'eu-west-1', got 'eu-west-9'/],
    ['the source\'s own Region', (s: Stack) => [eu(s, { region: 'us-east-1' })], /region is us-east-1, the source's own Region: use eventReplicas/],
    ['a Region twice', (s: Stack) => [eu(s), eu(s)], /region eu-west-1 is listed twice/],
    ['GovCloud', (s: Stack) => [eu(s, { region: 'us-gov-west-1' })], /commercial partition only .*presigned URL/],
    ['no key for an encrypted source', (s: Stack) => [eu(s, { storageEncryptionKey: undefined })],
      /storageEncryptionKey is required: the source is encrypted, and a replica in eu-west-1 needs a KMS key of that Region/],
    ['a key of another Region', (s: Stack) => [eu(s, {
      storageEncryptionKey: kms.Key.fromKeyArn(s, 'UsKey', 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000001'),
    })], /storageEncryptionKey is in us-east-1, not eu-west-1/],
    ['a subnet group of the source\'s stack', (s: Stack) => [eu(s, {
      subnetGroup: new rds.SubnetGroup(Stack.of(s).node.scope!.node.findChild('Tiers') as Stack, 'Subnets', {
        vpc: new ec2.Vpc(Stack.of(s).node.scope!.node.findChild('Tiers') as Stack, 'Vpc'), description: 'x',
      }),
    })], /subnetGroup is in us-east-1, not eu-west-1/],
    ['no replicas', (s: Stack) => [eu(s, { count: 0 })], /eventReplicasIn\[0\]\.count must be a whole number of at least 1, got 0/],
    ['more than five across Regions', (s: Stack) => [eu(s, { count: 4 }), eu(s, { region: 'eu-central-1', count: 2 })],
      /6 replicas in other Regions; RDS can't guarantee more than 5 cross-Region read replicas/],
    ['parameters without their group', (s: Stack) => [eu(s, { parameters: { max_connections: '5000' } })], /parameters needs parameterGroupName/],
    ['no security groups', (s: Stack) => [eu(s, { securityGroups: [] })], /securityGroups are required/],
  ] as Array<[string, (s: Stack) => EventReplicasInRegion[], RegExp]>)('%s', (_name, replicas, expected) => {
    expect(errorOf(replicas)).toMatch(expected);
  });

  test('a source whose Region is known only at deploy time (an environment-agnostic stack)', () => {
    expect(errorOf((s) => [eu(s)], {})).toMatch(/the source's Region must be known at synth .*give stack Tiers env: \{ region \}/);
  });

  test('PostgreSQL hot standby: a replica created in the Region\'s default parameter group is not held to it (RDS overrides what would keep it from starting)', () => {
    // RdsTier pins max_worker_processes at 32; the default group gives GREATEST(vCPUs x 2, 8): 16 on a 2xlarge.
    expect(errorOf((s) => [eu(s, { instanceType: R7G(ec2.InstanceSize.XLARGE2) })])).toBe('no error');
    // The group it is moved to is: here one that keeps the default.
    expect(errorOf((s) => [eu(s, { instanceType: R7G(ec2.InstanceSize.XLARGE2), parameterGroupName: 'replicas', parameters: {} })])).toMatch(
      /max_worker_processes would be 16 on read replicas in eu-west-1 \(in replicas\) of class db\.r7g\.2xlarge but 32/);
  });

  test('PostgreSQL hot standby: the group a replica is moved to must keep up too', () => {
    expect(errorOf((s) => [eu(s, { parameterGroupName: 'small', parameters: { max_connections: '100' } })])).toMatch(
      /max_connections would be 100 on read replicas in eu-west-1 \(in small\) of class db\.r7g\.4xlarge/);
  });

  test('whether an existing source is encrypted must be known, and an unencrypted one gets no key', () => {
    const planOf = (encrypted: boolean | undefined, key: boolean) => {
      const a = new App();
      const event = new EventReadinessStack(a, 'E', { env: { region: 'us-east-1' }, window: marchWindow() });
      try {
        mysqlInstance(event, encrypted).forEvent({ eventReplicasIn: [{ ...regionResources(event, 'eu-west-1', key), count: 1 }] });
      } catch (e) {
        return String(e);
      }
      return 'no error';
    };
    expect(planOf(undefined, false)).toMatch(/\[E\/Legacy\].*whether the source is encrypted is not known; give the instance's storageEncrypted/);
    expect(planOf(false, true)).toMatch(/the source is not encrypted, and RDS cannot make an encrypted replica of it/);
    expect(planOf(false, false)).toBe('no error');
  });

  test('the readiness stack\'s Region must be known, to tell the other Regions', () => {
    const a = new App();
    const tiers = new Stack(a, 'Tiers', { env: { region: 'us-east-1' } });
    const db = new RdsTier(tiers, 'Db', { instanceIdentifier: 'db', instanceType: R7G(ec2.InstanceSize.XLARGE4), replicas: 0 });
    const replicas = db.forEvent({ eventReplicasIn: [eu(new Stack(a, 'Eu', { env: { region: 'eu-west-1' } }))] });
    const window = marchWindow();
    expect(() => new EventReadinessStack(a, 'Agnostic', { window, tiers: [replicas], now: NOW }))
      .toThrow(/\[Agnostic\/Readiness\] EventReadiness 'e': its tiers plan changes in eu-west-1, so the readiness stack Agnostic needs its Region/);
  });
});

test('a rehearsal of an event with replicas in other Regions waits for them, and has its own companion stacks', () => {
  const a = new App();
  const tiers = new Stack(a, 'Staging', { env: { region: 'us-east-1' } });
  const db = new RdsTier(tiers, 'Db', { instanceIdentifier: 'staging-db', instanceType: R7G(ec2.InstanceSize.XLARGE4), replicas: 0 });
  const eu = new ReadRegionStack(a, 'StagingEu', { parameters: db.parameters, env: { region: 'eu-west-1' } });
  const rehearsalStack = new Stack(a, 'Rehearsal', { env: { region: 'us-east-1' } });
  const rehearsal = new EventRehearsal(rehearsalStack, 'Rehearsal', {
    name: 'sale-rehearsal', start: '2027-06-15T13:00', now: NOW,
    rehearses: new EventWindow({ name: 'sale', start: '2027-07-01T00:00', end: '2027-07-02T00:00', timeZone: TimeZone.ETC_UTC }),
    tiers: [db.forEvent({ eventReplicasIn: [eu.replicas(1)] })],
  });
  // Created at prewarm, 6 hours to be ready, then moved to its parameter group and rebooted: over 7 hours ahead.
  expect(rehearsal.window.prewarmLead.toMinutes()).toBeGreaterThan(7 * 60);
  expect(a.synth().getStackByName('Rehearsal-eu-west-1').template.Resources).toBeDefined();
});

describe('check reads each Region of the event: its alarms, dead-letter queue, schedules and replicas there', () => {
  const stacks = synthesizedStacks(assembly);
  const resolver = new TemplateResolver(stacks);
  const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1'];
  const stackIn = (region: string) => stacks.find((s) => s.name
    === (region === 'us-east-1' ? 'GlobalSaleReadiness' : `GlobalSaleReadiness-${region}`))!;
  /** Each Region's schedules as Scheduler returns them once deployed. */
  const schedulesIn = (region: string) => Object.entries<any>(stackIn(region).template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule')
    .map(([id, r]) => ({
      Name: id, Description: r.Properties.Description, State: 'ENABLED',
      Target: {
        Arn: resolver.resolve(stackIn(region), r.Properties.Target.Arn),
        Input: resolver.resolve(stackIn(region), r.Properties.Target.Input),
      },
    }));
  /** An hour before the start: every replica created, moved to its group and rebooted; every alarm OK. */
  type World = { [region: string]: { instances: { [id: string]: DBInstance }; missingAlarms: string[] } };
  const world = (): World => Object.fromEntries(REGIONS.map((region) => {
    const creates = schedulesIn(region).map((s) => JSON.parse(s.Target.Input)).filter((i) => i.SourceDBInstanceIdentifier);
    const instances: { [id: string]: DBInstance } = Object.fromEntries(creates.map((i) => [i.DbInstanceIdentifier, {
      DBInstanceIdentifier: i.DbInstanceIdentifier, DBInstanceClass: i.DbInstanceClass, DBInstanceStatus: 'available',
      StatusInfos: [{ StatusType: 'read replication', Status: 'replicating', Normal: true }],
      DBParameterGroups: [{ DBParameterGroupName: region === 'us-east-1' ? 'orders-params' : 'global-orders-replicas', ParameterApplyStatus: 'in-sync' }],
    }]));
    if (region === 'us-east-1') {
      instances['global-orders'] = { DBInstanceIdentifier: 'global-orders', DBInstanceClass: 'db.r7g.8xlarge', DBInstanceStatus: 'available' };
    }
    return [region, { instances, missingAlarms: [] as string[] }];
  }));

  /** `check` against the world at `now`; the clients of `unreachable` Regions fail every call. */
  const run = async (w: ReturnType<typeof world>, now = '2027-09-08T23:00:00Z', unreachable: string[] = []) => {
    const clients = Object.fromEntries(REGIONS.map((region) => {
      const c = checkClients({ region });
      if (unreachable.includes(region)) {
        const denied = Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException' });
        for (const client of [c.cloudWatch, c.scheduler, c.rds, c.sqs]) {
          mockClient(client as any).onAnyCommand().rejects(denied);
        }
        return [region, c];
      }
      const alarmsHere = region === 'us-east-1' ? [...plan.alarmNames, plan.healthAlarmName]
        : [...plan.regions!.find((r) => r.region === region)!.alarmNames, `global-sale-2027-${region}-health`];
      mockClient(c.cloudWatch).on(DescribeAlarmsCommand).callsFake((input) => {
        const asked = (input.AlarmNames ?? []).filter((n: string) => alarmsHere.includes(n) && !w[region].missingAlarms.includes(n));
        return {
          MetricAlarms: asked.filter((n: string) => !n.endsWith('-health')).map((n: string) => ({
            AlarmName: n, StateValue: 'OK', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Namespace: 'AWS/SQS',
            MetricName: 'ApproximateNumberOfMessagesVisible', Period: 60, Statistic: 'Maximum',
            Dimensions: n.endsWith('scheduled-change-failed') ? [{ Name: 'QueueName', Value: `dlq-${region}` }] : [],
          })),
          CompositeAlarms: asked.filter((n: string) => n.endsWith('-health')).map((n: string) => ({ AlarmName: n, StateValue: 'OK', AlarmRule: 'FALSE' })),
        };
      }).on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
      const seen = schedulesIn(region);
      mockClient(c.scheduler).on(ListSchedulesCommand).resolves({ Schedules: seen.map((s) => ({ Name: s.Name })) })
        .on(GetScheduleCommand).callsFake((input) => seen.find((s) => s.Name === input.Name));
      mockClient(c.rds).on(DescribeDBInstancesCommand).callsFake((input) => {
        const db = w[region].instances[input.DBInstanceIdentifier!];
        if (!db) {
          throw Object.assign(new Error(`DBInstance ${input.DBInstanceIdentifier} not found.`), { name: 'DBInstanceNotFoundFault' });
        }
        return { DBInstances: [db] };
      });
      mockClient(c.sqs).on(GetQueueUrlCommand).resolves({ QueueUrl: `https://sqs.example/dlq-${region}` })
        .on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' } });
      return [region, c];
    }));
    const out: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: () => undefined, isTty: false, env: {}, now: () => new Date(now), writeFile: () => undefined };
    const code = await checkCommand({
      event: 'global-sale-2027', plan, planSource: 'test', json: true, expectedAlarms: [...plan.alarmNames, plan.healthAlarmName],
    }, io, clients['us-east-1'], (region) => clients[region]);
    return { code, report: JSON.parse(out.join('')) as CheckReport };
  };
  const rowOf = (report: CheckReport, setting: string) => report.changes!.find((c) => c.setting === setting && c.verdict !== 'NOT CHECKED')!;

  test('an hour before the start, all in place in every Region: READY', async () => {
    const { code, report } = await run(world());
    expect([code, report.verdict]).toEqual([0, 'READY']);
    expect(report.alarms.filter((a) => a.region === 'eu-west-1').map((a) => a.name)).toEqual(expect.arrayContaining([
      'global-sale-2027-eu-west-1-health', 'global-sale-2027-orders-replica-lag-eu-west-1', 'global-sale-2027-eu-west-1-scheduled-change-failed']));
    expect(report.deadLetterQueuesElsewhere!.map((q) => [q.region, q.queueName, q.verdict])).toEqual(
      ['us-west-2', 'eu-west-1', 'ap-southeast-1'].map((r) => [r, `dlq-${r}`, 'READY']));
    expect(rowOf(report, 'event replica 2 in eu-west-1: parameter group')).toEqual(expect.objectContaining({
      actual: 'in global-orders-replicas (in-sync)', verdict: 'READY' }));
    expect(rowOf(report, 'event replica 1 in ap-southeast-1')).toEqual(expect.objectContaining({
      actual: 'global-orders-global-sale-2027-ap-southeast-1-r1 available, db.r7g.2xlarge', verdict: 'READY' }));
  });

  test('after the ramp-down, each replica deleted: its move and reboot are superseded by the deletion, and all is READY', async () => {
    const w = world();
    for (const region of REGIONS) {
      w[region].instances = region === 'us-east-1'
        ? { 'global-orders': { DBInstanceIdentifier: 'global-orders', DBInstanceClass: 'db.r7g.2xlarge', DBInstanceStatus: 'available' } } : {};
    }
    const { code, report } = await run(w, '2027-09-11T02:00:00Z');
    expect([code, report.verdict]).toEqual([0, 'READY']);
    const eu = report.changes!.filter((c) => c.region === 'eu-west-1');
    expect(eu.filter((c) => / in eu-west-1: /.test(c.setting)).map((c) => c.verdict)).toEqual(Array(4).fill('NOT CHECKED'));
    expect(eu.filter((c) => c.verdict === 'READY').map((c) => c.actual).sort()).toEqual(
      ['global-orders-global-sale-2027-eu-west-1-r1 deleted', 'global-orders-global-sale-2027-eu-west-1-r2 deleted']);
  });

  test('a Region that cannot be read (not enabled, denied) is said as such, and the others are still read', async () => {
    const { code, report } = await run(world(), '2027-09-08T23:00:00Z', ['ap-southeast-1']);
    expect([code, report.verdict]).toEqual([1, 'AT RISK']);
    expect(report.alarms.filter((a) => a.region === 'ap-southeast-1')).toEqual([expect.objectContaining({
      name: 'global-sale-2027-ap-southeast-1-health', kind: 'unread', verdict: 'AT RISK', error: expect.stringContaining('ap-southeast-1') })]);
    expect(report.changes!.filter((c) => c.region === 'ap-southeast-1' && c.verdict !== 'NOT CHECKED').map((c) => [c.verdict, c.actual]))
      .toEqual(expect.arrayContaining([['AT RISK', expect.stringMatching(/^not read in ap-southeast-1: /)]]));
    expect(rowOf(report, 'event replica 2 in eu-west-1: reboot').verdict).toBe('READY');
  });

  test('a replica never rebooted into its group, or missing, in another Region: NOT READY, said where', async () => {
    const w = world();
    const eu2 = w['eu-west-1'].instances['global-orders-global-sale-2027-eu-west-1-r2'];
    w['eu-west-1'].instances['global-orders-global-sale-2027-eu-west-1-r2'] = {
      ...eu2, DBParameterGroups: [{ DBParameterGroupName: 'global-orders-replicas', ParameterApplyStatus: 'pending-reboot' }] };
    delete w['us-west-2'].instances['global-orders-global-sale-2027-us-west-2-r1'];
    w['ap-southeast-1'].missingAlarms.push('global-sale-2027-orders-replica-lag-ap-southeast-1');
    const { code, report } = await run(w);
    expect([code, report.verdict]).toEqual([2, 'NOT READY']);
    expect(rowOf(report, 'event replica 2 in eu-west-1: reboot')).toEqual(expect.objectContaining({
      actual: 'global-orders-global-sale-2027-eu-west-1-r2: global-orders-replicas waits for a reboot (available)', verdict: 'NOT READY' }));
    expect(rowOf(report, 'event replica 1 in us-west-2')).toEqual(expect.objectContaining({ verdict: 'NOT READY' }));
    expect(report.alarms.find((a) => a.name === 'global-sale-2027-orders-replica-lag-ap-southeast-1'))
      .toEqual(expect.objectContaining({ kind: 'missing', region: 'ap-southeast-1', verdict: 'NOT READY' }));
  });
});

describe('replica lag in another Region, on synthetic series (CloudWatch alarm semantics)', () => {
  const alarmIn = (region: string, name: string) => Object.values<any>(template(`GlobalSaleReadiness-${region}`).Resources)
    .find((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === name).Properties;
  const lagAlarm = alarmIn('eu-west-1', 'global-sale-2027-orders-replica-lag-eu-west-1');
  /** Six minutes from `at`, the replicas' lag per metric (`ReplicaLag@1` is r2), CPU reporting every minute. */
  const states = (at: string, lag: { [metric: string]: number[] }) => evaluateAlarm(lagAlarm, (m: MetricRef) => {
    const k = m.metricName === 'ReplicaLag' ? lagSeen++ : 0;
    return lag[`${m.metricName}@${k}`] ?? lag[m.metricName] ?? Array(6).fill(m.metricName === 'CPUUtilization' ? 20 : undefined);
  }, 6, { start: new Date(at) });
  let lagSeen = 0;
  const run = (at: string, lag: { [metric: string]: number[] }) => {
    lagSeen = 0;
    return states(at, lag)[5];
  };
  const behind = [1, 30, 30, 30, 30, 30];

  test.each([
    ['during the event, a replica 30 s behind', '2027-09-09T12:00:00Z', { 'ReplicaLag@1': behind, 'ReplicaLag@0': Array(6).fill(1) }, 'ALARM'],
    ['during the event, both replicas keeping up', '2027-09-09T12:00:00Z', { ReplicaLag: Array(6).fill(1) }, 'OK'],
    // Before the start the primary may commit nothing for minutes: PostgreSQL's lag then grows, and is no fault.
    ['before the start, lag growing on an idle primary', '2027-09-08T23:00:00Z', { ReplicaLag: [60, 120, 180, 240, 300, 360] }, 'OK'],
    // Still catching up from the snapshot copied across Regions: its creation has not settled.
    ['an hour after creation, an hour behind', '2027-09-08T16:00:00Z', { ReplicaLag: Array(6).fill(3600) }, 'OK'],
    ['after the end, lag on an idle primary', '2027-09-10T01:00:00Z', { ReplicaLag: [60, 120, 180, 240, 300, 360] }, 'OK'],
  ])('%s: %s', (_what, at, lag, expected) => {
    expect(run(at, lag)).toBe(expected);
  });

  test('no data (the replicas do not exist yet, or any more): never ALARM', () => {
    lagSeen = 0;
    expect(evaluateAlarm(lagAlarm, () => Array(6).fill(undefined), 6, { start: new Date('2027-09-09T12:00:00Z') })).not.toContain('ALARM');
  });
});

test('the docs page\'s sample (docs/tiers.md) runs as pasted: two replicas made in eu-west-1 by its companion stack', () => {
  const sample = runSample('docs-tiers-04');
  const creates = Object.values<any>(sample.getStackByName('SaleReadiness-eu-west-1').template.Resources)
    .filter((r) => r.Type === 'AWS::Scheduler::Schedule' && JSON.stringify(r.Properties.Target.Arn).includes('createDBInstanceReadReplica'));
  expect(creates).toHaveLength(2);
});

test('the plan chart draws one lane per Region, its replica count, ready when the last reboot into its group has taken effect', () => {
  const lanes = lanesOf(plan.tiers[0]);
  expect(lanes.map((l) => l.setting)).toEqual(['instance class', 'event replicas', 'event replicas in us-west-2',
    'event replicas in eu-west-1', 'event replicas in ap-southeast-1']);
  const eu = lanes.find((l) => l.setting === 'event replicas in eu-west-1')!;
  expect(Math.max(...eu.series[0].points.map(([, v]) => v))).toBe(2);
  const reboot = changes.find((c) => c.setting === 'event replica 2 in eu-west-1: reboot')!;
  expect(Math.max(...eu.ready.map((r) => r.readyAt))).toBe(Date.parse(reboot.atUtc) + reboot.leadTimeSeconds * 1000);
});

describe('a calendar of two events with replicas in another Region: one companion stack, each event its own part', () => {
  const a = newApp();
  const { db, there: eu } = regionalTier(a);
  const window = (name: string, day: string) => new EventWindow({
    name, start: `${day}T09:00`, end: `${day}T21:00`, timeZone: TimeZone.EUROPE_BERLIN, prewarmLead: Duration.hours(10),
  });
  new EventCalendarStack(a, 'Calendar', {
    env: { region: 'us-east-1' }, now: NOW,
    events: [
      { window: window('spring-sale', '2027-03-10'), tiers: [db.forEvent({ eventReplicasIn: [eu.replicas(2)] })] },
      { window: window('autumn-sale', '2027-10-10'), tiers: [db.forEvent({ eventReplicasIn: [eu.replicas(1)] })] },
    ],
  });
  const calendarAssembly = a.synth();
  const companion = calendarAssembly.getStackByName('Calendar-eu-west-1').template;
  const resources = Object.values<any>(companion.Resources);

  test('each event has its schedule group, role and alarms there; each role acts on its own event\'s replicas only', () => {
    expect(resources.filter((r) => r.Type === 'AWS::Scheduler::ScheduleGroup').map((r) => r.Properties.Name).sort())
      .toEqual(['autumn-sale', 'spring-sale']);
    const creates = resources.filter((r) => r.Type === 'AWS::Scheduler::Schedule'
      && JSON.stringify(r.Properties.Target.Arn).includes('createDBInstanceReadReplica')).map((r) => JSON.stringify(r.Properties.Target.Input));
    expect(creates.map((i) => /db-(\w+-sale)-eu-west-1-r(\d)/.exec(i)!.slice(1).join(' ')).sort())
      .toEqual(['autumn-sale 1', 'spring-sale 1', 'spring-sale 2']);
    const deletes = resources.filter((r) => r.Type === 'AWS::IAM::Policy').map((r) => r.Properties.PolicyDocument.Statement
      .find((st: any) => st.Action === 'rds:DeleteDBInstance')).filter(Boolean);
    expect(deletes.map((st: any) => [JSON.stringify(st.Resource).match(/db:db-(\w+-sale)-eu-west-1-r\*/)![1],
      st.Condition.StringEquals['aws:ResourceTag/cdk-event-readiness:event']]).sort()).toEqual([
      ['autumn-sale', 'autumn-sale'], ['spring-sale', 'spring-sale']]);
    expect(resources.filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm').map((r) => r.Properties.AlarmName).sort())
      .toEqual(['autumn-sale-eu-west-1-health', 'spring-sale-eu-west-1-health']);
  });

  test('each event\'s plan lists the Region', () => {
    const plans = Object.entries<any>(calendarAssembly.getStackByName('Calendar').template.Metadata)
      .filter(([key]) => key.startsWith(EventReadiness.PLAN_METADATA_PREFIX)).map(([, p]) => p as EventPlanDocument);
    expect(plans.map((p) => [p.eventName, p.regions?.map((r) => r.stackName)])).toEqual(expect.arrayContaining([
      ['spring-sale', ['Calendar-eu-west-1']], ['autumn-sale', ['Calendar-eu-west-1']]]));
  });
});

test('an opt-in Region is planned, with a warning that the account must have it enabled', () => {
  const a = new App();
  const { db, there: milan } = regionalTier(a, 'eu-south-1', 'Milan');
  new EventReadinessStack(a, 'Event', {
    env: { region: 'us-east-1' }, now: NOW,
    window: marchWindow(),
    tiers: [db.forEvent({ eventReplicasIn: [milan.replicas(1)] })],
  });
  const warnings = a.synth().getStackByName('Event-eu-south-1').messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
  expect(warnings).toEqual([expect.stringContaining('eu-south-1, a Region an account must opt in to: enable it in the account')]);
});

test('a companion stack reads the resources of its Region as the readiness stack reads the tiers\' (here weakly), and says nothing more', () => {
  const a = new App();
  const { db, there: eu } = regionalTier(a);
  new EventReadinessStack(a, 'Event', {
    env: { region: 'us-east-1' }, now: NOW, crossStackReferences: ReferenceStrength.WEAK,
    window: marchWindow(),
    tiers: [db.forEvent({ eventReplicasIn: [eu.replicas(1)] })],
  });
  const companion = a.synth().getStackByName('Event-eu-west-1');
  expect(JSON.stringify(companion.template)).not.toContain('Fn::ImportValue');
  expect(companion.messages.filter((m) => m.level !== 'info')).toEqual([]);
});

describe('what the review found', () => {
  const regional = (configure: (a: App, tiers: Stack, db: RdsTier, eu: ReadRegionStack) => void) => {
    const a = new App();
    const { tiers, db, there: eu } = regionalTier(a);
    configure(a, tiers, db, eu);
    return a;
  };

  test('a calendar\'s e-mail subscribers get its events\' alarms in other Regions too', () => {
    const a = regional((scope, _t, db, eu) => new EventCalendarStack(scope, 'Cal', {
      env: { region: 'us-east-1' }, now: NOW, alarmEmails: ['oncall@example.com'],
      events: [{ window: marchWindow('e'), tiers: [db.forEvent({ eventReplicasIn: [eu.replicas(1)] })] }],
    }));
    Template.fromJSON(a.synth().getStackByName('Cal-eu-west-1').template)
      .hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  test('an event given its own topic and no e-mails is warned that its alarms elsewhere notify another topic', () => {
    const a = regional((scope, _t, db, eu) => {
      const event = new EventReadinessStack(scope, 'Event', {
        env: { region: 'us-east-1' }, now: NOW, window: marchWindow('e'), tiers: [db.forEvent({ eventReplicasIn: [eu.replicas(1)] })],
        alarmTopic: sns.Topic.fromTopicArn(eu, 'Ops', 'arn:aws:sns:us-east-1:111111111111:ops'),
      });
      return event;
    });
    const warnings = a.synth().getStackByName('Event-eu-west-1').messages.map((m) => String(m.entry.data));
    expect(warnings).toEqual([expect.stringContaining('its alarms in eu-west-1 notify a topic there')]);
  });

  test('a construct already named like the companion stack is an error, not a stack to put the event\'s schedules in', () => {
    expect(() => regional((scope, _t, db, eu) => {
      new Stack(scope, 'Event-eu-west-1', { env: { region: 'ap-southeast-1' } });
      new EventReadinessStack(scope, 'Event', {
        env: { region: 'us-east-1' }, now: NOW, window: marchWindow('e'), tiers: [db.forEvent({ eventReplicasIn: [eu.replicas(1)] })],
      });
    })).toThrow(/companion stack of Event in eu-west-1 is 'Event-eu-west-1', but Event-eu-west-1 already has that id/);
  });

  test('two readiness stacks of one name in two Regions would make companions of one name: an error at synth', () => {
    const a = regional((scope, _t, db, eu) => {
      new EventReadinessStack(scope, 'Event', {
        env: { region: 'us-east-1' }, now: NOW, window: marchWindow('e'), tiers: [db.forEvent({ eventReplicasIn: [eu.replicas(1)] })],
      });
      const west = new Stack(scope, 'West', { env: { region: 'us-west-2' } });
      const db2 = new RdsTier(west, 'Db', { instanceIdentifier: 'db2', instanceType: R7G(ec2.InstanceSize.XLARGE4), replicas: 0 });
      new EventReadinessStack(scope, 'EventWest', {
        stackName: 'Event', env: { region: 'us-west-2' }, now: NOW, window: marchWindow('f'),
        tiers: [db2.forEvent({ eventReplicasIn: [eu.replicas(1)] })],
      });
    });
    expect(() => a.synth()).toThrow(/companion stack EventWest-eu-west-1 in eu-west-1 is named Event-eu-west-1, as is stack Event-eu-west-1 there/);
  });

  test('a readiness construct in another Region than its tier is an error (its schedules and alarms would act there)', () => {
    expect(() => regional((scope, _t, db) => new EventReadinessStack(scope, 'Event', {
      env: { region: 'eu-west-1' }, now: NOW, window: marchWindow('e'), tiers: [db.forEvent({})],
    }))).toThrow(/tier 'db' \(Tiers\/Db\) is in us-east-1, this readiness construct in eu-west-1: .*put it in a stack of us-east-1/);
  });

  test.each([
    ['not a list', (_eu: ReadRegionStack) => ({} as any), /eventReplicasIn must be a list, got \[object Object\]/],
    ['an entry that is not an object', (_eu: ReadRegionStack) => [undefined as any], /eventReplicasIn\[0\] must be an object with region, count/],
    ['a security group that is not one', (eu: ReadRegionStack) => [{ ...eu.replicas(1), securityGroups: [undefined as any] }],
      /eventReplicasIn\[0\]\.securityGroups must all be security groups/],
    ['the primary\'s own monitoring role, a value of its Region', (eu: ReadRegionStack, db?: RdsTier) => [{ ...eu.replicas(1), monitoringRole: db!.monitoringRole }],
      /eventReplicasIn\[0\]\.monitoringRole is in us-east-1, not eu-west-1: .*iam\.Role\.fromRoleArn/],
  ] as Array<[string, (eu: ReadRegionStack, db?: RdsTier) => EventReplicasInRegion[], RegExp]>)('bad input, a clear error: %s', (_n, given, expected) => {
    expect(() => regional((_a, _t, db, eu) => db.forEvent({ eventReplicasIn: given(eu, db) }))).toThrow(expected);
  });

  test('a source in a custom option group: another Region\'s replica is created in the engine\'s default groups there', () => {
    const a = newApp();
    const event = new EventReadinessStack(a, 'E', { env: { region: 'us-east-1' }, now: NOW, window: marchWindow('e') });
    const legacy = new ExistingRdsInstance(event, 'Legacy', {
      instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(event, 'LegacyInstance', {
        instanceIdentifier: 'legacy', instanceEndpointAddress: 'legacy.internal', port: 3306,
        securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(event, 'LegacySg', 'sg-0123456789abcdef0')],
        engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0_40 }),
      }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE), multiAz: true, allocatedStorageGiB: 400,
      storageType: rds.StorageType.GP3, subnetGroupName: 'legacy-subnets', parameterGroupName: 'legacy-params',
      optionGroupName: 'legacy-audit', storageEncrypted: false,
    });
    event.addTier(legacy.forEvent({ eventReplicasIn: [{ ...regionResources(event, 'eu-west-1', false), count: 1 }] }));
    const policy = JSON.stringify(Object.values<any>(a.synth().getStackByName('E-eu-west-1').template.Resources)
      .find((r) => r.Type === 'AWS::IAM::Policy').Properties.PolicyDocument);
    expect(policy).toContain(':og:default:mysql-8-0');
    expect(policy).toContain(':pg:default.mysql8.0');
    expect(policy).not.toMatch(/legacy-audit|legacy-params|unknown/);
  });
});

test('databases of one name in two Regions are two databases: their events may overlap; in one Region they may not', () => {
  const build = (secondRegion: string) => {
    const a = new App();
    for (const [id, region] of [['East', 'us-east-1'], ['Second', secondRegion]]) {
      const tiers = new Stack(a, `${id}Tiers`, { env: { region } });
      const db = new RdsTier(tiers, 'Orders', { instanceIdentifier: 'orders', instanceType: R7G(ec2.InstanceSize.XLARGE4), replicas: 0 });
      new EventReadinessStack(a, `${id}Event`, {
        env: { region }, now: NOW,
        window: new EventWindow({ name: `${id.toLowerCase()}-sale`, start: '2027-03-10T09:00', end: '2027-03-10T21:00', timeZone: TimeZone.ETC_UTC }),
        tiers: [db.forEvent({ peakInstanceType: R7G(ec2.InstanceSize.XLARGE8) })],
      });
    }
  };
  expect(() => build('eu-west-1')).not.toThrow();
  expect(() => build('us-east-1')).toThrow(/events 'east-sale' and 'second-sale' both change rds db orders in windows that overlap/);
});

test('a change of a plan of your own may name another Region only as a Scheduler universal target, by a literal Region name', () => {
  const step = marchWindow().prewarm;
  const common = { step, setting: 's', before: '1', after: '2', direction: ChangeDirection.SCALE_UP, leadTime: Duration.minutes(5) };
  const target = new AutoScalingTarget({
    id: 't', serviceNamespace: ServiceNamespace.LAMBDA, resourceId: 'function:f:live', scalableDimension: 'lambda:function:ProvisionedConcurrency',
    baselineMinCapacity: 1, baselineMaxCapacity: 1, serviceLinkedRole: 'r',
  });
  expect(() => ScheduledChange.autoScaling({ ...common, region: 'eu-west-1', target, minCapacity: 2, maxCapacity: 2 }))
    .toThrow(/region is for Scheduler universal-target changes only/);
  const universal = { ...common, service: 'rds', action: 'rebootDBInstance', input: {}, policyStatements: [] };
  expect(() => ScheduledChange.universal({ ...universal, region: 'Europe' })).toThrow(/region must be an AWS Region's name .*got 'Europe'/);
  expect(ScheduledChange.universal({ ...universal, region: 'eu-west-1' }).options.region).toBe('eu-west-1');
});

test('a gated tier whose only alarms are in another Region has no composite to hold on: an error, not a gate on a missing alarm', () => {
  const a = new App();
  const tiers = new Stack(a, 'Tiers', { env: { region: 'us-east-1' } });
  const tier = new Construct(tiers, 'Custom');
  const custom: ITierEventPlan = {
    tierName: 'custom',
    tier,
    bind: () => ({
      changes: [],
      alarms: [{
        id: 'lag', description: 'lag elsewhere', region: 'eu-west-1', threshold: 5, evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        metric: new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName: 'ReplicaLag', dimensionsMap: { DBInstanceIdentifier: 'x' } }),
      }],
    }),
  };
  expect(() => new EventReadinessStack(a, 'Event', {
    env: { region: 'us-east-1' }, now: NOW, rampDownGate: RampDownGate.whileInAlarm(),
    window: marchWindow(),
    tiers: [custom],
  })).toThrow(/rampDownGate: the tier has no alarms, so no composite alarm to hold its ramp-down steps on/);
});

test('an instance of the app that declares no encryption is unencrypted (CloudFormation\'s default): its replicas elsewhere take no key', () => {
  const a = new App();
  const event = new EventReadinessStack(a, 'E', {
    env: { region: 'us-east-1' }, now: NOW,
    window: marchWindow(),
  });
  const vpc = new ec2.Vpc(event, 'Vpc');
  const plain = (id: string, encrypted?: boolean) => new ExistingRdsInstance(event, `${id}Plan`, {
    instance: new rds.DatabaseInstance(event, id, {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_5 }), vpc, instanceIdentifier: id.toLowerCase(),
      instanceType: R7G(ec2.InstanceSize.XLARGE4), storageEncrypted: encrypted,
    }),
  });
  const replicas = (key: boolean) => ({ eventReplicasIn: [{ ...regionResources(event, 'eu-west-1', key), count: 1 }] });
  expect(() => plain('Plain').forEvent(replicas(false))).not.toThrow();
  expect(() => plain('Plain2').forEvent(replicas(true))).toThrow(/the source is not encrypted/);
  expect(() => plain('Sealed', true).forEvent(replicas(false))).toThrow(/storageEncryptionKey is required: the source is encrypted/);
});

test('check at 80 columns: a Region column, never cut, tells the Regions\' alarms and changes apart', async () => {
  // The same world as above, rendered as text on an 80-column terminal.
  const out: string[] = [];
  const clients = checkClients({ region: 'us-east-1' });
  mockClient(clients.cloudWatch).on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] })
    .on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
  mockClient(clients.scheduler).on(ListSchedulesCommand).resolves({ Schedules: [] });
  mockClient(clients.sqs).onAnyCommand().resolves({});
  mockClient(clients.rds).on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
  const io: CliIo = {
    out: (t) => out.push(t), err: () => undefined, isTty: true, columns: 80, env: {}, now: () => new Date('2027-09-08T23:00:00Z'),
    writeFile: () => undefined,
  };
  await checkCommand({ event: 'global-sale-2027', plan, planSource: 'test', region: 'us-east-1', expectedAlarms: [plan.healthAlarmName] },
    io, clients, () => clients);
  // eslint-disable-next-line no-control-regex
  const text = out.join('').replace(/\u001b\[[0-9;]*m/g, '');
  expect(text).toMatch(/alarms in us-east-1 and ap-southeast-1, eu-west-1,\n {2}us-west-2 at /);
  const lines = text.split('\n');
  expect(lines.filter((l) => l.length > 80)).toEqual([]);
  // Changes: a row each (Region, tier, step, verdict), and under it the setting and the values, whole.
  expect(lines.filter((l) => /^ {2}ap-southeast-1 +orders +prewarm\+\d+m +NOT READY$/.test(l))).toHaveLength(3);
  expect(lines).toEqual(expect.arrayContaining([' '.repeat(4) + 'event replica 1 in ap-southeast-1: reboot: global-orders-replicas (pending',
    ' '.repeat(6) + 'reboot) -> global-orders-replicas', ' '.repeat(6) + 'now: its schedule is not in the group']));
  // Alarms: each Region's, shown without the event's name and their Region (the header and the column give them).
  expect(lines.filter((l) => /^ {2}eu-west-1 +\S+ +MISSING/.test(l)).map((l) => l.split(/ {2,}/)[2]).sort()).toEqual(['health',
    'orders-re…', 'scheduled…', 'scheduler…', 'scheduler…', 'scheduler…']);
  expect(text).toMatch(/^ {2}region +alarm \(gl… +state/m);
});

test('a companion stack has the readiness stack\'s stack tags and termination protection', () => {
  const a = new App();
  const { db, there: eu } = regionalTier(a);
  new EventReadinessStack(a, 'Event', {
    env: { region: 'us-east-1' }, now: NOW, tags: { team: 'orders', 'cost-center': '42' }, terminationProtection: true,
    window: marchWindow(),
    tiers: [db.forEvent({ eventReplicasIn: [eu.replicas(1)] })],
  });
  const companion = a.synth().getStackByName('Event-eu-west-1');
  expect(companion.tags).toEqual({ 'team': 'orders', 'cost-center': '42' });
  expect(companion.terminationProtection).toBe(true);
});
