import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  AcuRange, AuroraServerlessTier, AuroraServerlessTierEventOptions, AuroraServerlessTierProps, EventReadiness, EventReadinessStack,
} from '../lib';
import { ValidationError } from '../lib/private/validation-error';
import { newApp } from './support/app';
import { BEFORE_EVENTS, saleWindow } from './support/fixtures';

function tierStack(props: AuroraServerlessTierProps = {}) {
  const app = newApp();
  const stack = new Stack(app, 'Tiers');
  const tier = new AuroraServerlessTier(stack, 'Profiles', props);
  return { app, stack, tier };
}

function event(options: AuroraServerlessTierEventOptions, props: AuroraServerlessTierProps = {}) {
  const { app, stack, tier } = tierStack(props);
  const readiness = new EventReadinessStack(app, 'Sale', { window: saleWindow(), tiers: [tier.forEvent(options)], now: BEFORE_EVENTS });
  return { app, stack, tier, readiness, t: Template.fromStack(readiness) };
}

describe('AuroraServerlessTier defaults', () => {
  const { stack, tier } = tierStack();
  const t = Template.fromStack(stack);

  test('Aurora PostgreSQL 17 serverless v2, 0.5-8 ACU, encrypted, IAM auth, deletion protection, snapshot on delete', () => {
    t.hasResource('AWS::RDS::DBCluster', {
      Properties: {
        Engine: 'aurora-postgresql',
        EngineVersion: '17.5',
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 },
        StorageEncrypted: true,
        EnableIAMDatabaseAuthentication: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 7,
        CopyTagsToSnapshot: true,
        EnableCloudwatchLogsExports: ['postgresql'],
        DBClusterIdentifier: Match.stringLikeRegexp('^[a-z][a-z0-9-]+$'),
      },
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('a serverless writer and one reader that scales with it (promotion tier 1), with Performance Insights and monitoring', () => {
    t.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' }, 2);
    t.hasResourceProperties('AWS::RDS::DBInstance', { PromotionTier: 1, EnablePerformanceInsights: true, MonitoringInterval: 60 });
    expect(tier.readers).toBe(1);
  });

  test('credentials in Secrets Manager; the log group is created with a one-year retention, without a Lambda', () => {
    t.resourceCountIs('AWS::SecretsManager::Secret', 1);
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: Match.stringLikeRegexp('^/aws/rds/cluster/[a-z0-9-]+/postgresql$'), RetentionInDays: 365 },
      // named by RDS after the cluster: deleted with the stack so that re-creating it cannot fail on "already exists"
      DeletionPolicy: 'Delete',
    });
    t.resourceCountIs('AWS::Lambda::Function', 0);
    t.resourceCountIs('Custom::LogRetention', 0);
  });

  test('in a created VPC: isolated subnets only, no NAT, flow logs on', () => {
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    t.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  test('max_connections estimate: as AWS lists it by maximum ACU, capped at 2,000 while the minimum is below 1 ACU', () => {
    // AWS's listed values (Aurora user guide, Aurora Serverless v2 maximum connections), and the
    // 2,000 cap for a minimum below 1 ACU.
    expect(tier.maxConnections).toBe(1669);
    expect(AuroraServerlessTier.estimateMaxConnections(AcuRange.between(1, 1))).toBe(189);
    expect(AuroraServerlessTier.estimateMaxConnections(AcuRange.between(1, 4))).toBe(823);
    expect(AuroraServerlessTier.estimateMaxConnections(AcuRange.between(1, 8))).toBe(1669);
    expect(AuroraServerlessTier.estimateMaxConnections(AcuRange.between(0.5, 16))).toBe(2000);
    expect(AuroraServerlessTier.estimateMaxConnections(AcuRange.between(2, 16))).toBe(3360);
    expect(AuroraServerlessTier.estimateMaxConnections(AcuRange.between(2, 64))).toBe(5000);
    // between listed maxima, linear in memory like the formula: 12 ACU halfway from 1,669 to 3,360
    expect(AuroraServerlessTier.estimateMaxConnections(AcuRange.between(2, 12))).toBe(2514);
  });

  test('passes cdk-nag AwsSolutions', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});

describe('AuroraServerlessTier options', () => {
  test('a given VPC, more readers on their own scaling, auto-pause, rotation', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tiers');
    const vpc = new ec2.Vpc(stack, 'Net', { maxAzs: 2 });
    const tier = new AuroraServerlessTier(stack, 'Profiles', {
      vpc, readers: 3, readersScaleWithWriter: false, capacity: AcuRange.autoPausing(16, Duration.hours(1)),
      credentialRotation: Duration.days(30), defaultDatabaseName: 'profiles', clusterIdentifier: 'profiles-db',
    });
    const t = Template.fromStack(stack);
    t.resourcePropertiesCountIs('AWS::RDS::DBInstance', { PromotionTier: 2 }, 3);
    t.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterIdentifier: 'profiles-db',
      DatabaseName: 'profiles',
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 16, SecondsUntilAutoPause: 3600 },
    });
    t.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/cluster/profiles-db/postgresql' });
    expect(tier.vpc).toBe(vpc);
  });

  test('RDS Proxy requires TLS and IAM auth', () => {
    const { stack, tier } = tierStack({ proxy: {} });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBProxy', {
      RequireTLS: true,
      Auth: [Match.objectLike({ IAMAuth: 'REQUIRED' })],
    });
    expect(tier.proxy).toBeDefined();
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });

  test('auto-pause support follows the engine version', () => {
    expect([AuroraServerlessTier.supportsAutoPause('17.1'), AuroraServerlessTier.supportsAutoPause('16.3'), AuroraServerlessTier.supportsAutoPause('16.2'), AuroraServerlessTier.supportsAutoPause('15.7'),
      AuroraServerlessTier.supportsAutoPause('14.11'), AuroraServerlessTier.supportsAutoPause('13.15'), AuroraServerlessTier.supportsAutoPause('12.20')]).toEqual([true, true, false, true, false, true, false]);
  });

  test('DESTROY gets a warning', () => {
    const { stack } = tierStack({ removalPolicy: RemovalPolicy.DESTROY });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('without a final snapshot'))).toHaveLength(1);
  });
});

describe('AuroraServerlessTier capacity limits by engine version', () => {
  test.each<[string, number]>([
    ['17.5', 256], ['16.1', 256], ['16.0', 128], ['15.5', 256], ['15.4', 128], ['14.10', 256], ['14.9', 128],
    ['13.13', 256], ['13.12', 128], ['12.22', 128],
  ])('Aurora PostgreSQL %s allows %d ACU', (version, max) => {
    expect(AuroraServerlessTier.maxCapacityFor(version)).toBe(max);
  });

  test('128 ACU is fine on an older version, 256 on a newer one', () => {
    expect(() => tierStack({ engineVersion: rds.AuroraPostgresEngineVersion.VER_15_4, capacity: AcuRange.between(1, 128) })).not.toThrow();
    expect(() => tierStack({ engineVersion: rds.AuroraPostgresEngineVersion.VER_16_4, capacity: AcuRange.between(1, 256) })).not.toThrow();
  });
});

describe('AuroraServerlessTier bad input', () => {
  const old = rds.AuroraPostgresEngineVersion.VER_16_2;
  test.each<[string, AuroraServerlessTierProps, string]>([
    ['min not in 0.5 steps', { capacity: AcuRange.between(0.7, 8) }, 'capacity minimum must be 0-256 ACU in steps of 0.5, got 0.7'],
    ['min above 256', { capacity: AcuRange.between(300, 300) }, 'capacity minimum must be 0-256 ACU in steps of 0.5, got 300'],
    ['max below 1', { capacity: AcuRange.between(0.5, 0.5) }, 'capacity maximum must be 1-256 ACU in steps of 0.5, got 0.5'],
    ['max above 256', { capacity: AcuRange.between(1, 512) }, 'capacity maximum must be 1-256 ACU in steps of 0.5, got 512'],
    ['min above max', { capacity: AcuRange.between(16, 8) }, 'capacity minimum (16) must not exceed its maximum (8)'],
    ['auto-pause on an old engine', { engineVersion: old, capacity: AcuRange.autoPausing(8) }, 'capacity minimum 0 (auto-pause) needs an engine that supports it'],
    ['pause delay too short', { capacity: AcuRange.autoPausing(8, Duration.seconds(60)) }, 'capacity auto-pause delay must be whole seconds from 300 s to 24 h, got 1 minute'],
    ['pause delay NaN', { capacity: AcuRange.autoPausing(8, Duration.minutes(NaN)) }, 'capacity auto-pause delay must be whole seconds from 300 s to 24 h, got NaN ms'],
    ['pause delay in fractions of a second', { capacity: AcuRange.autoPausing(8, Duration.millis(300_500)) }, 'capacity auto-pause delay must be whole seconds from 300 s to 24 h, got 5 minutes 500 millis'],
    ['pause delay too long', { capacity: AcuRange.autoPausing(8, Duration.hours(25)) }, 'got 1 day 1 hour'],
    ['proxy with auto-pause', { proxy: {}, capacity: AcuRange.autoPausing(8) }, 'capacity 0-8 ACU, pauses after 5 minutes auto-pauses (minimum 0), which RDS Proxy does not support'],
    ['readers beyond 15', { readers: 16 }, 'readers must be a whole number from 0 to 15, got 16'],
    ['negative readers', { readers: -1 }, 'got -1'],
    ['proxy connections percent', { proxy: { maxConnectionsPercent: 0 } }, 'proxy.maxConnectionsPercent must be a whole number from 1 to 100, got 0'],
    ['backup retention', { backupRetention: Duration.days(40) }, 'backupRetention must be whole days from 1 to 35, got 40 days'],
    ['256 ACU on a version that allows 128', { engineVersion: rds.AuroraPostgresEngineVersion.VER_15_4, capacity: AcuRange.between(1, 256) }, 'capacity maximum 256 ACU is above the 128 ACU that Aurora PostgreSQL 15.4 allows; 256 ACU needs Aurora PostgreSQL 16.1+, 15.5+, 14.10+ or 13.13+ (or 17), or Aurora MySQL 3.06+'],
    ['bad cluster name', { clusterIdentifier: 'Profiles_DB' }, "clusterIdentifier must be 1-63 lowercase letters, digits and single hyphens, starting with a letter, got 'Profiles_DB'"],
  ])('%s', (_label, props, message) => {
    expect(() => tierStack(props)).toThrow(ValidationError);
    expect(() => tierStack(props)).toThrow(message);
  });

  test('every problem in one error, naming the construct', () => {
    expect(() => tierStack({ capacity: AcuRange.between(16, 8), readers: 20 }))
      .toThrow(/^\[Tiers\/Profiles\] AuroraServerlessTier: \n {2}- capacity minimum \(16\).*\n {2}- readers must be/s);
  });
});

describe('AuroraServerlessTier event plan', () => {
  const { t, readiness } = event({ capacity: AcuRange.between(8, 64), extraReaders: 2 });
  const schedules = Object.values(t.findResources('AWS::Scheduler::Schedule')).map((r) => r.Properties);

  test('ACU ranges at exact local times: 8-64 at prewarm, interpolated back to 0.5-8', () => {
    expect(schedules.map((p) => [p.ScheduleExpression, p.ScheduleExpressionTimezone])).toEqual([
      ['at(2026-07-14T22:00:00)', 'America/Los_Angeles'],
      ['at(2026-07-16T00:00:00)', 'America/Los_Angeles'],
      ['at(2026-07-16T08:00:00)', 'America/Los_Angeles'],
      ['at(2026-07-16T16:00:00)', 'America/Los_Angeles'],
      ['at(2026-07-17T00:00:00)', 'America/Los_Angeles'],
    ]);
    const configs = schedules.map((p) => JSON.parse(
      (p.Target.Input['Fn::Join'][1] as any[]).map((x) => (typeof x === 'string' ? x : '"ID"')).join('').replace('""ID""', '"ID"')));
    expect(configs.map((c) => c.ServerlessV2ScalingConfiguration)).toEqual([
      { MinCapacity: 8, MaxCapacity: 64 },
      { MinCapacity: 6, MaxCapacity: 50 },
      { MinCapacity: 4.5, MaxCapacity: 36 }, // 4.25 rounds to the nearest half ACU
      { MinCapacity: 2.5, MaxCapacity: 22 },
      { MinCapacity: 0.5, MaxCapacity: 8 },
    ]);
  });

  test('input in the SDK member casing: DbClusterIdentifier, ServerlessV2ScalingConfiguration, ApplyImmediately', () => {
    expect(schedules[0].Target.Input).toEqual({ 'Fn::Join': ['', [
      '{"DbClusterIdentifier":"', { 'Fn::ImportValue': expect.any(String) },
      '","ServerlessV2ScalingConfiguration":{"MinCapacity":8,"MaxCapacity":64},"ApplyImmediately":true}',
    ]] });
    expect(JSON.stringify(schedules)).not.toContain('DBClusterIdentifier');
    expect(schedules[0].Target.Arn).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:rds:modifyDBCluster']] });
  });

  test('the role may modify only this cluster', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{
        Action: 'rds:ModifyDBCluster', Effect: 'Allow',
        Resource: { 'Fn::Join': ['', Match.arrayWith([':cluster:', { 'Fn::ImportValue': Match.anyValue() }])] },
      }]) },
    });
  });

  test('extra readers through Application Auto Scaling: 1 → 3 at prewarm, stepping back to 1', () => {
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'rds',
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
      ResourceId: { 'Fn::Join': ['', ['cluster:', { 'Fn::ImportValue': Match.anyValue() }]] },
      MinCapacity: 1,
      MaxCapacity: 1,
      ScheduledActions: [
        Match.objectLike({ ScheduledActionName: 'prewarm', ScalableTargetAction: { MinCapacity: 3, MaxCapacity: 3 } }),
        Match.objectLike({ ScheduledActionName: 'ramp-down-1', ScalableTargetAction: { MinCapacity: 3, MaxCapacity: 3 } }),
        Match.objectLike({ ScheduledActionName: 'ramp-down-2', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 2 } }),
        Match.objectLike({ ScheduledActionName: 'ramp-down-3', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 2 } }),
        Match.objectLike({ ScheduledActionName: 'baseline', ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 1 } }),
      ],
    });
  });

  test('alarms: ACU ceiling, CPU > 70 % for 2 minutes, connections, replica lag in ms, freeable memory', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-profiles-acu-utilization', MetricName: 'ACUUtilization', Threshold: 90, EvaluationPeriods: 5 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-profiles-cpu', MetricName: 'CPUUtilization', Threshold: 70, Period: 60, EvaluationPeriods: 2, ComparisonOperator: 'GreaterThanThreshold' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-profiles-connections', MetricName: 'DatabaseConnections', Threshold: 1335 });
    // No Unit: one that does not match the metric's leaves the alarm in INSUFFICIENT_DATA (PutMetricAlarm).
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sale-profiles-replica-lag', MetricName: 'AuroraReplicaLagMaximum', Threshold: 1000, Unit: Match.absent(),
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-profiles-freeable-memory', MetricName: 'FreeableMemory', ComparisonOperator: 'LessThanThreshold' });
  });

  test('the lead-time check knows a reader takes far longer than an ACU change', () => {
    const plan = t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}sale`];
    const ups = plan.tiers[0].changes.filter((c: any) => c.direction === 'SCALE_UP').map((c: any) => [c.setting, c.leadTimeSeconds]);
    expect(ups).toEqual([['ACU range', 120], ['readers', 1800]]);
    expect(() => event({ capacity: AcuRange.between(8, 64), extraReaders: 1, readerLeadTime: Duration.hours(3) }))
      .toThrow("change 'readers 1 -> 2' at prewarm needs 3 h to take effect (worst case) but has 2 h before the event starts");
  });

  test('the readiness stack passes cdk-nag AwsSolutions', () => {
    expect(new AwsSolutionsChecks().validateScope(readiness).violations).toEqual([]);
  });

  test('from an auto-pausing baseline: the event never pauses, baseline restores min 0 with its pause delay', () => {
    const { t: t2 } = event({ capacity: AcuRange.between(4, 32) }, { capacity: AcuRange.autoPausing(8, Duration.minutes(10)) });
    const inputs = Object.values(t2.findResources('AWS::Scheduler::Schedule')).map((r) => JSON.stringify(r.Properties.Target.Input));
    expect(inputs.map((i) => /"ServerlessV2ScalingConfiguration\\":(\{[^}]*\})/.exec(i)![1].replace(/\\/g, ''))).toEqual([
      '{"MinCapacity":4,"MaxCapacity":32}',
      '{"MinCapacity":3,"MaxCapacity":26}',
      '{"MinCapacity":2,"MaxCapacity":20}',
      '{"MinCapacity":1,"MaxCapacity":14}',
      '{"MinCapacity":0,"MaxCapacity":8,"SecondsUntilAutoPause":600}',
    ]);
  });

  test('expected connections without 20 % headroom under max_connections warn with the numbers', () => {
    const { stack } = event({ capacity: AcuRange.between(8, 64), expectedConnections: 1900 });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('max_connections is about'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toContain('expects 1900 connections per instance, but max_connections is about 1669 (fixed at boot from the everyday maximum of 8 ACU)');
  });
});

describe('AuroraServerlessTier event plan bad input', () => {
  test.each<[string, AuroraServerlessTierEventOptions, AuroraServerlessTierProps, string]>([
    ['peak below baseline', { capacity: AcuRange.between(1, 4) }, {}, 'peak capacity 1-4 ACU is below the everyday capacity 0.5-8 ACU'],
    ['peak that pauses', { capacity: AcuRange.autoPausing(64) }, {}, 'would pause during the event'],
    ['peak beyond 256', { capacity: AcuRange.between(8, 300) }, {}, 'peak capacity maximum must be 1-256 ACU in steps of 0.5, got 300'],
    ['CPU threshold of 150 %', { capacity: AcuRange.between(8, 64), cpuAlarmThreshold: 150 }, {}, 'cpuAlarmThreshold must be a number more than 0 and at most 100, got 150'],
    ['NaN CPU threshold', { capacity: AcuRange.between(8, 64), cpuAlarmThreshold: NaN }, {}, 'cpuAlarmThreshold must be a number more than 0 and at most 100, got NaN'],
    ['ACU utilization threshold of 0', { capacity: AcuRange.between(8, 64), acuUtilizationAlarmThreshold: 0 }, {}, 'acuUtilizationAlarmThreshold must be a number more than 0 and at most 100, got 0'],
    ['negative freeable-memory bytes', { capacity: AcuRange.between(8, 64), freeableMemoryAlarmBytes: -1 }, {}, 'freeableMemoryAlarmBytes must be a whole number from 1 to 2147483647, got -1'],
    ['NaN freeable-memory bytes', { capacity: AcuRange.between(8, 64), freeableMemoryAlarmBytes: NaN }, {}, 'freeableMemoryAlarmBytes must be a whole number from 1 to 2147483647, got NaN'],
    ['zero replica-lag threshold', { capacity: AcuRange.between(8, 64), replicaLagAlarmThreshold: Duration.seconds(0) }, {}, 'replicaLagAlarmThreshold must be whole milliseconds, more than 0 and at most 24 hours, got 0 seconds'],
    ['NaN capacity lead time', { capacity: AcuRange.between(8, 64), capacityLeadTime: Duration.minutes(NaN) }, {}, 'capacityLeadTime must be whole milliseconds from 0 to 90 days, got NaN ms'],
    ['NaN expected connections', { capacity: AcuRange.between(8, 64), expectedConnections: NaN }, {}, 'expectedConnections must be a whole number from 0 to 2147483647, got NaN'],
    ['a 256-ACU peak on a version that allows 128', { capacity: AcuRange.between(8, 256) }, { engineVersion: rds.AuroraPostgresEngineVersion.VER_14_9 }, 'peak capacity maximum 256 ACU is above the 128 ACU that Aurora PostgreSQL 14.9 allows'],
    ['readers beyond 15', { capacity: AcuRange.between(8, 64), extraReaders: 13 }, { readers: 3 }, '3 everyday readers + 13 extra readers = 16, more than the 15 an Aurora cluster allows'],
    ['negative extra readers', { capacity: AcuRange.between(8, 64), extraReaders: -1 }, {}, 'extraReaders must be a whole number of at least 0, got -1'],
    ['connections ratio', { capacity: AcuRange.between(8, 64), connectionsAlarmRatio: 1.5 }, {}, 'connectionsAlarmRatio must be a number more than 0 and at most 1, got 1.5'],
  ])('%s', (_label, options, props, message) => {
    expect(() => event(options, props)).toThrow(ValidationError);
    expect(() => event(options, props)).toThrow(message);
  });
});
