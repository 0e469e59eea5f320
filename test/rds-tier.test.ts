import { Annotations as CdkAnnotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  EventReadiness, EventReadinessStack, EventWindowProps, RdsTier, RdsTierEventOptions,
  RdsTierProps,
} from '../lib';
import { ValidationError } from '../lib/private/validation-error';
import { limitsOf } from './support/alarm-evaluator';
import { newApp } from './support/app';
import { BEFORE_EVENTS, saleWindow } from './support/fixtures';

const r7g = (size: ec2.InstanceSize) => ec2.InstanceType.of(ec2.InstanceClass.R7G, size);
const BASE: RdsTierProps = { instanceType: r7g(ec2.InstanceSize.XLARGE2), instanceIdentifier: 'orders', allocatedStorageGiB: 500 };
// Replicas need hours: a 5-hour prewarm, and a 2-day ramp-down in 2 steps (the seed's "2-3 days").
const LONG: Partial<EventWindowProps> = { prewarmLead: Duration.hours(5), rampDown: Duration.hours(48), rampDownSteps: 2 };

function tierStack(props: RdsTierProps = BASE) {
  const app = newApp();
  const stack = new Stack(app, 'Tiers');
  const tier = new RdsTier(stack, 'Orders', props);
  return { app, stack, tier };
}

function event(options: RdsTierEventOptions, props: RdsTierProps = BASE, window: Partial<EventWindowProps> = LONG) {
  const { app, stack, tier } = tierStack(props);
  const readiness = new EventReadinessStack(app, 'Sale', { window: saleWindow(window), tiers: [tier.forEvent(options)], now: BEFORE_EVENTS });
  const t = Template.fromStack(readiness);
  const schedules = Object.values(t.findResources('AWS::Scheduler::Schedule')).map((r) => r.Properties);
  return { app, stack, tier, readiness, t, schedules };
}

/** A schedule's input with the cross-stack values replaced by placeholders, parsed. */
function input(schedule: any): any {
  const join = schedule.Target.Input['Fn::Join'];
  const text = join ? (join[1] as any[]).map((x) => (typeof x === 'string' ? x : 'IMPORTED')).join('') : schedule.Target.Input;
  return JSON.parse(text);
}

describe('RdsTier defaults', () => {
  const { stack, tier } = tierStack({});
  const t = Template.fromStack(stack);

  test('Multi-AZ PostgreSQL 17 on gp3, encrypted, IAM auth, deletion protection, snapshot on delete, backups', () => {
    t.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({
        Engine: 'postgres',
        EngineVersion: '17.5',
        DBInstanceClass: 'db.r7g.large',
        MultiAZ: true,
        StorageType: 'gp3',
        AllocatedStorage: '100',
        StorageEncrypted: true,
        EnableIAMDatabaseAuthentication: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 7,
        PubliclyAccessible: false,
        EnablePerformanceInsights: true,
        MonitoringInterval: 60,
        EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      }),
      DeletionPolicy: 'Snapshot',
    });
  });

  test('one always-on replica of the same class, named <id>-replica-1, with the same parameter group', () => {
    t.hasResourceProperties('AWS::RDS::DBInstance', {
      SourceDBInstanceIdentifier: Match.anyValue(),
      DBInstanceIdentifier: 'tiers-orders-92442004-replica-1', // <stack>-<id>-<first 8 hex of md5('Tiers/Orders')>
      DBInstanceClass: 'db.r7g.large',
      DBParameterGroupName: { Ref: Match.stringLikeRegexp('OrdersParameters') },
      StorageEncrypted: Match.absent(),
    });
    expect(tier.replicaIdentifiers).toEqual(['tiers-orders-92442004-replica-1']);
    expect(tier.eventReplicaIdentifier('sale', 2)).toBe('tiers-orders-92442004-sale-r2');
  });

  test('a parameter group tuned for event load, TLS forced', () => {
    const parameters = {
      'shared_buffers': '{DBInstanceClassMemory/32768}', // 8 kB pages: a quarter of memory
      'work_mem': '16384', // kB: 16 MiB
      'maintenance_work_mem': 'GREATEST({DBInstanceClassMemory/16384},65536)',
      'autovacuum_vacuum_scale_factor': '0.05',
      'autovacuum_analyze_scale_factor': '0.02',
      'autovacuum_vacuum_cost_limit': '2000',
      'checkpoint_timeout': '900', // s: 15 min
      'checkpoint_completion_target': '0.9',
      'max_wal_size': '8192', // MB: 8 GiB
      'random_page_cost': '1.1',
      'rds.force_ssl': '1',
      'max_worker_processes': '32',
    };
    t.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: parameters });
    expect(RdsTier.DEFAULT_PARAMETERS).toEqual(parameters);
    expect(RdsTier.DEFAULT_PARAMETERS['rds.force_ssl']).toBe('1');
  });

  test('log groups exist before the instances, kept one year; no log-retention Lambda', () => {
    t.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365, LogGroupName: Match.stringLikeRegexp('^/aws/rds/instance/') }, 4);
    // RDS names the groups after the instances: deleted with the stack, so re-creating it does not
    // fail on "already exists" (the primary is snapshotted)
    for (const group of Object.values(t.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.stringLikeRegexp('^/aws/rds/') } }))) {
      expect([group.DeletionPolicy, group.UpdateReplacePolicy]).toEqual(['Delete', 'Delete']);
    }
    t.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('master user dbadmin (not the well-known postgres); every PostgreSQL log type exported, on replicas too', () => {
    t.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"dbadmin"}' }),
    });
    t.resourcePropertiesCountIs('AWS::RDS::DBInstance', { EnableCloudwatchLogsExports: ['postgresql', 'upgrade'] }, 2);
    t.resourcePropertiesCountIs('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('/upgrade$') }, 2);
  });

  test('max_connections from the class memory (db.r7g.large: 16 GiB → 1802)', () => {
    expect(tier.maxConnections).toBe(1802);
  });

  test('passes cdk-nag AwsSolutions', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});

describe('RdsTier options', () => {
  test('proxy with TLS and IAM auth, overrides of parameters, replicas of another class', () => {
    const { stack, tier } = tierStack({
      ...BASE, proxy: {}, replicas: 2, replicaInstanceType: r7g(ec2.InstanceSize.XLARGE),
      parameters: { work_mem: '32768', max_connections: '3000' }, iops: 12000, storageThroughput: 500,
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::RDS::DBProxy', { RequireTLS: true, EngineFamily: 'POSTGRESQL' });
    t.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r7g.xlarge' }, 2);
    t.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ work_mem: '32768', max_connections: '3000', 'rds.force_ssl': '1' }) });
    t.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceIdentifier: 'orders', Iops: 12000, StorageThroughput: 500 });
    expect(tier.maxConnections).toBe(3000);
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });

  test('DESTROY gets a warning', () => {
    const { stack } = tierStack({ ...BASE, removalPolicy: RemovalPolicy.DESTROY });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('without a final snapshot'))).toHaveLength(1);
  });
});

describe('RdsTier bad input', () => {
  test.each<[string, RdsTierProps, string]>([
    ['a class RDS PostgreSQL does not offer', { instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE24) }, 'instanceType db.r7g.24xlarge is not offered by RDS for PostgreSQL'],
    ['replicas beyond 15', { replicas: 16 }, 'replicas must be a whole number from 0 to 15, got 16'],
    ['backups in fractions of a day', { backupRetention: Duration.hours(36) }, 'backupRetention must be whole days from 1 to 35, got 1 day 12 hours'],
    ['NaN backups', { backupRetention: Duration.days(NaN) }, 'backupRetention must be whole days from 1 to 35, got NaN ms'],
    ['rotation more often than every 4 hours', { credentialRotation: Duration.hours(1) }, 'credentialRotation must be whole hours from 4 hours to 1000 days, got 1 hour'],
    ['rotation in minutes', { credentialRotation: Duration.minutes(270) }, 'credentialRotation must be whole hours from 4 hours to 1000 days, got 4 hours 30 minutes'],
    ['NaN proxy share', { proxy: { maxConnectionsPercent: NaN } }, 'proxy.maxConnectionsPercent must be a whole number from 1 to 100, got NaN'],
    ['IOPS on small storage', { iops: 12000 }, 'iops and storageThroughput need at least 400 GiB of gp3 storage'],
    ['IOPS beyond 500 per GiB', { allocatedStorageGiB: 400, iops: 250000 }, 'iops must be a whole number from 12,000 to 64,000 and at most 500 per GiB'],
    ['throughput beyond 0.25 per IOPS', { allocatedStorageGiB: 500, iops: 12000, storageThroughput: 4000 }, 'storageThroughput (4000 MiB/s) must be at most 0.25 MiB/s per IOPS (3000 for 12000 IOPS)'],
    ['bad identifier', { instanceIdentifier: 'Orders' }, "instanceIdentifier must be 1-50 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, got 'Orders'"],
    ['no backups', { backupRetention: Duration.days(0) }, 'backupRetention must be whole days from 1 to 35, got 0 days'],
    ['the well-known master user', { masterUsername: 'postgres' }, "masterUsername must be 1-63 letters, digits and underscores, starting with a letter, and not postgres, admin or rdsadmin, got 'postgres'"],
    ['a master user with a hyphen', { masterUsername: 'db-admin' }, "got 'db-admin'"],
  ])('%s', (_label, props, message) => {
    expect(() => tierStack(props)).toThrow(ValidationError);
    expect(() => tierStack(props)).toThrow(message);
  });
});

describe('RdsTier event plan: instance class ladder, event replicas, storage', () => {
  const { t, schedules, readiness, tier } = event({
    peakInstanceType: r7g(ec2.InstanceSize.XLARGE16), eventReplicas: 3, peakIops: 20000,
  });

  test('schedules at exact local times: class at prewarm, storage after it, replicas after both; the first failover 30 min after the end', () => {
    // class 45 min + storage 30 min, each followed by up to 15 min of retries (the maximum event age)
    expect(schedules.map((p) => [p.ScheduleExpression, p.Target.Arn['Fn::Join'][1][2].split(':').pop(), input(p).DbInstanceIdentifier, input(p).DbInstanceClass ?? input(p).Iops ?? '-'])).toEqual([
      ['at(2026-07-14T19:00:00)', 'modifyDBInstance', 'orders', 'db.r7g.16xlarge'],
      ['at(2026-07-16T00:30:00)', 'modifyDBInstance', 'orders', 'db.r7g.8xlarge'],
      ['at(2026-07-17T00:00:00)', 'modifyDBInstance', 'orders', 'db.r7g.4xlarge'],
      ['at(2026-07-18T00:00:00)', 'modifyDBInstance', 'orders', 'db.r7g.2xlarge'],
      ['at(2026-07-14T20:00:00)', 'modifyDBInstance', 'orders', 20000],
      ['at(2026-07-14T20:45:00)', 'createDBInstanceReadReplica', 'orders-sale-r1', 'db.r7g.2xlarge'],
      ['at(2026-07-14T20:45:00)', 'createDBInstanceReadReplica', 'orders-sale-r2', 'db.r7g.2xlarge'],
      ['at(2026-07-14T20:45:00)', 'createDBInstanceReadReplica', 'orders-sale-r3', 'db.r7g.2xlarge'],
      ['at(2026-07-16T00:00:00)', 'deleteDBInstance', 'orders-sale-r3', '-'],
      ['at(2026-07-17T00:00:00)', 'deleteDBInstance', 'orders-sale-r2', '-'],
      ['at(2026-07-18T00:00:00)', 'deleteDBInstance', 'orders-sale-r1', '-'],
    ]);
  });

  test('inputs: class and storage in separate calls, storage with its current size; replicas configured like the always-on ones', () => {
    expect(input(schedules[0])).toEqual({ DbInstanceIdentifier: 'orders', DbInstanceClass: 'db.r7g.16xlarge', ApplyImmediately: true });
    expect(input(schedules[1])).toEqual({ DbInstanceIdentifier: 'orders', DbInstanceClass: 'db.r7g.8xlarge', ApplyImmediately: true });
    expect(input(schedules[4])).toEqual({ DbInstanceIdentifier: 'orders', AllocatedStorage: 500, Iops: 20000, ApplyImmediately: true });
    expect(input(schedules[5])).toEqual({
      SourceDBInstanceIdentifier: 'orders', DbInstanceIdentifier: 'orders-sale-r1', DbInstanceClass: 'db.r7g.2xlarge',
      DbSubnetGroupName: 'IMPORTED', VpcSecurityGroupIds: ['IMPORTED'], StorageType: 'gp3',
      EnableIAMDatabaseAuthentication: true, MonitoringInterval: 60, MonitoringRoleArn: 'IMPORTED',
      EnablePerformanceInsights: true, EnableCloudwatchLogsExports: ['postgresql', 'upgrade'], AutoMinorVersionUpgrade: true,
      PubliclyAccessible: false, DeletionProtection: false, Tags: [{ Key: 'cdk-event-readiness:event', Value: 'sale' }],
    });
    expect(input(schedules[8])).toEqual({ DbInstanceIdentifier: 'orders-sale-r3', SkipFinalSnapshot: true, DeleteAutomatedBackups: true });
    // storage is raised once and never lowered unless asked
    expect(schedules.filter((p) => 'Iops' in input(p))).toHaveLength(1);
  });

  test('event replicas use the primary\'s subnet group, security group and monitoring role', () => {
    const create = schedules[5];
    const refs = JSON.stringify(create.Target.Input);
    const tierT = Template.fromStack(tier.primary.stack);
    const exportOf = (logicalIdPattern: RegExp) => Object.entries(tierT.toJSON().Outputs ?? {})
      .filter(([, o]: [string, any]) => logicalIdPattern.test(JSON.stringify(o.Value))).map(([, o]: [string, any]) => o.Export.Name);
    for (const pattern of [/OrdersPrimarySubnetGroup/, /OrdersPrimarySecurityGroup/, /OrdersPrimaryMonitoringRole/]) {
      const names = exportOf(pattern);
      expect(names.length).toBeGreaterThan(0);
      expect(names.some((n: string) => refs.includes(n))).toBe(true);
    }
    // the tier's replicas share the primary's security group and are gp3
    tierT.hasResourceProperties('AWS::RDS::DBInstance', {
      SourceDBInstanceIdentifier: Match.anyValue(),
      StorageType: 'gp3',
      DeletionProtection: false,
      VPCSecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('OrdersPrimarySecurityGroup'), 'GroupId'] }],
    });
    // the event replicas' logs: created ahead with a retention, in the event's stack
    t.resourcePropertiesCountIs('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^/aws/rds/instance/orders-sale-r[123]/(postgresql|upgrade)$'), RetentionInDays: 365 }, 6);
  });

  test('the role can create and delete only the event\'s replicas: by name pattern and by the event tag', () => {
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const resourcesOf = (action: string) => statements.filter((s) => [s.Action].flat().includes(action))
      .flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
    const deletable = resourcesOf('rds:DeleteDBInstance');
    expect(deletable).toHaveLength(1);
    expect(deletable[0]).toContain(':db:orders-sale-r*');
    const deleteStatement = statements.find((st) => [st.Action].flat().includes('rds:DeleteDBInstance'));
    expect(deleteStatement.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/cdk-event-readiness:event': 'sale' } });
    const createOnReplica = statements.find((st) => [st.Action].flat().includes('rds:CreateDBInstanceReadReplica')
      && JSON.stringify(st.Resource).includes('orders-sale-r*'));
    expect(createOnReplica.Condition).toEqual({ StringEquals: { 'aws:RequestTag/cdk-event-readiness:event': 'sale' } });
    const creatable = resourcesOf('rds:CreateDBInstanceReadReplica');
    expect(creatable.filter((r) => r.includes(':db:orders-sale-r*'))).toHaveLength(1);
    // the only other db: resource is the source primary (a replica is created "of" it); no replica ARN
    expect(creatable.filter((r) => r.includes(':db:') && !r.includes('orders-sale-r*'))).toEqual([expect.stringContaining('ImportValue')]);
    expect(creatable.filter((r) => r.includes(':og:default:postgres-17'))).toHaveLength(1);
    expect(creatable.filter((r) => r.includes(':pg:'))).toHaveLength(1);
    expect(creatable.filter((r) => r.includes(':subgrp:'))).toHaveLength(1);
    for (const r of [...deletable, ...creatable]) {
      expect(r).not.toContain('replica-1');
    }
    const modifiable = resourcesOf('rds:ModifyDBInstance');
    expect(modifiable).toHaveLength(1);
  });

  test('the plan: ready-by margins and the lead times the check used', () => {
    const plan = t.toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}sale`];
    const ups = plan.tiers[0].changes.filter((c: any) => c.direction === 'SCALE_UP');
    // margin = 5 h of prewarm − delay − lead − 15 min of retries
    expect(ups.map((c: any) => [c.setting, c.delaySeconds, c.leadTimeSeconds, c.marginSeconds])).toEqual([
      ['instance class', 0, 2700, 14400],
      ['storage', 3600, 1800, 11700],
      ['event replica 1', 6300, 10800, 0],
      ['event replica 2', 6300, 10800, 0],
      ['event replica 3', 6300, 10800, 0],
    ]);
  });

  test('alarms: CPU > 70 % for 2 min, replica lag > 5 s over every replica, connections, memory, storage, latency', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-orders-cpu', Threshold: 70, EvaluationPeriods: 2, Period: 60 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sale-orders-replica-lag', Threshold: 5,
      // PostgreSQL: lag counts only while the primary writes WAL (an idle primary's replicas lag by design).
      Metrics: Match.arrayWith([
        // r0 is always on; the event replicas count once their creation has settled (07:00Z, the start).
        Match.objectLike({ Expression: `IF(wal > 0, MAX([r0, ${[1, 2, 3].map((k) => `IF(t < ${Date.UTC(2026, 6, 15, 7) / 1000}, 0, r${k})`).join(', ')}]), 0)` }),
        Match.objectLike({ Id: 'wal', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'TransactionLogsGeneration' }) }) }),
      ]),
    });
    // PostgreSQL never reports -1: no alarm that could never fire.
    t.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmName: 'sale-orders-replica-stopped' }, 0);
    // PostgreSQL: LEAST(DBInstanceClassMemory / 9531392, 5000) is 5000 on every class of this ladder
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-orders-connections', Threshold: 80 });
    expect(limitsOf(t, 'sale-orders-connections', 'connections')).toEqual([5000]);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-orders-free-storage', Threshold: 53687091200 }); // bytes: 10 % of 500 GiB
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'sale-orders-read-latency', Threshold: 0.02 });
  });

  test('the replica-lag graph draws the alarm\'s threshold, not a fixed number', () => {
    const body = JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    expect(body).toContain('{\\"value\\":5,\\"label\\":\\"alarm threshold\\"');
    expect(body).not.toContain('seed: 2-5 s');
  });

  test('passes cdk-nag AwsSolutions (the prefix wildcard acknowledged with its reason)', () => {
    expect(new AwsSolutionsChecks().validateScope(readiness).violations).toEqual([]);
  });
});

describe('RdsTier event plan options', () => {
  test('an explicit ladder', () => {
    const { schedules } = event({ peakInstanceType: r7g(ec2.InstanceSize.XLARGE16), instanceClassLadder: [r7g(ec2.InstanceSize.XLARGE4)] });
    expect(schedules.map((p) => input(p).DbInstanceClass)).toEqual(['db.r7g.16xlarge', 'db.r7g.4xlarge', 'db.r7g.2xlarge']);
  });

  test('storage restored on its own, at baseline (48 h after the raise: past the 24-hour cooldown)', () => {
    const { schedules } = event({ peakIops: 20000, peakStorageThroughput: 1000, restoreStorageAfterEvent: true });
    expect(schedules.map((p) => [p.ScheduleExpression, input(p)])).toEqual([
      ['at(2026-07-14T19:00:00)', { DbInstanceIdentifier: 'orders', AllocatedStorage: 500, Iops: 20000, StorageThroughput: 1000, ApplyImmediately: true }],
      ['at(2026-07-18T00:00:00)', { DbInstanceIdentifier: 'orders', AllocatedStorage: 500, Iops: 12000, StorageThroughput: 500, ApplyImmediately: true }],
    ]);
  });

  test('a storage restore waits for the cooldown after the raise, and for the baseline class change', () => {
    const short = { prewarmLead: Duration.hours(2), rampDown: Duration.hours(4), rampDownSteps: 1 };
    const { schedules } = event({ peakIops: 20000, restoreStorageAfterEvent: true }, BASE, short);
    // raised 2026-07-14T22:00 local; baseline 2026-07-16T04:00 is 30 h later, past 24 h: at baseline
    expect(schedules.map((p) => p.ScheduleExpression)).toEqual(['at(2026-07-14T22:00:00)', 'at(2026-07-16T04:00:00)']);
    const longer = event({ peakIops: 20000, restoreStorageAfterEvent: true, storageCooldown: Duration.hours(36) }, BASE, short);
    expect(longer.schedules.map((p) => p.ScheduleExpression)).toEqual(['at(2026-07-14T22:00:00)', 'at(2026-07-16T10:00:00)']);
    const withClass = event({ peakIops: 20000, restoreStorageAfterEvent: true, peakInstanceType: r7g(ec2.InstanceSize.XLARGE8) },
      BASE, { prewarmLead: Duration.hours(3), rampDown: Duration.hours(30), rampDownSteps: 1 });
    // the last class change is at baseline (2026-07-17T06:00); the restore waits for it: 45 min + 15 min of retries
    expect(withClass.schedules.map((p) => [p.ScheduleExpression, input(p).DbInstanceClass ?? input(p).Iops])).toEqual([
      ['at(2026-07-14T21:00:00)', 'db.r7g.8xlarge'],
      ['at(2026-07-16T00:30:00)', 'db.r7g.4xlarge'],
      ['at(2026-07-17T06:00:00)', 'db.r7g.2xlarge'],
      ['at(2026-07-14T22:00:00)', 20000],
      ['at(2026-07-17T07:00:00)', 12000],
    ]);
  });

  test('the first class change down waits failoverGapAfterEnd after the end', () => {
    const { schedules } = event({ peakInstanceType: r7g(ec2.InstanceSize.XLARGE8), failoverGapAfterEnd: Duration.minutes(90) });
    expect(schedules.map((p) => p.ScheduleExpression)).toEqual(['at(2026-07-14T19:00:00)', 'at(2026-07-16T01:30:00)', 'at(2026-07-18T00:00:00)']);
    const none = event({ peakInstanceType: r7g(ec2.InstanceSize.XLARGE8), failoverGapAfterEnd: Duration.minutes(0) });
    expect(none.schedules.map((p) => p.ScheduleExpression)).toEqual(['at(2026-07-14T19:00:00)', 'at(2026-07-16T00:00:00)', 'at(2026-07-18T00:00:00)']);
  });

  test('a customer-managed key: the role may create grants on it, only through RDS', () => {
    const app = newApp();
    const stack = new Stack(app, 'Tiers');
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const tier = new RdsTier(stack, 'Orders', { ...BASE, storageEncryptionKey: key });
    const readiness = new EventReadinessStack(app, 'Sale', { window: saleWindow(LONG), tiers: [tier.forEvent({ eventReplicas: 1 })], now: BEFORE_EVENTS });
    Template.fromStack(readiness).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: ['kms:CreateGrant', 'kms:DescribeKey'],
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['rds.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
      })]) },
    });
  });

  test('a storage raise never lowered warns that it is billed every month after the event; restoring it does not', () => {
    const warnings = (options: RdsTierEventOptions) => Annotations.fromStack(event(options).readiness)
      .findWarning('*', Match.stringLikeRegexp('storage-not-restored'));
    const [warning] = warnings({ peakIops: 20000 });
    expect(warning.entry.data).toMatch(/^Tier 'orders' raises its storage from 12000 IOPS \/ 500 MiB\/s to 20000 IOPS \/ 500 MiB\/s at prewarm and never lowers it: the raise is billed every month after the event\. Set restoreStorageAfterEvent: true/);
    expect(warnings({ peakIops: 20000, restoreStorageAfterEvent: true })).toHaveLength(0);
  });

  test('a warning says how to accept it, and accepting it that way silences it', () => {
    const { readiness } = event({ peakIops: 20000 });
    const [warning] = Annotations.fromStack(readiness).findWarning('*', Match.stringLikeRegexp('storage-not-restored'));
    expect(warning.entry.data).toMatch(/To accept it: Annotations\.of\(scope\)\.acknowledgeWarning\('cdk-event-readiness:storage-not-restored', reason\)\. \[ack: cdk-event-readiness:storage-not-restored\]$/);
    const accepted = event({ peakIops: 20000 });
    CdkAnnotations.of(accepted.readiness).acknowledgeWarning('cdk-event-readiness:storage-not-restored', 'kept for the next event');
    expect(Annotations.fromStack(accepted.readiness).findWarning('*', Match.stringLikeRegexp('storage-not-restored'))).toHaveLength(0);
  });

  test('a single-AZ primary warns that class changes take it down', () => {
    const { readiness } = event({ peakInstanceType: r7g(ec2.InstanceSize.XLARGE4) }, { ...BASE, multiAz: false });
    expect(Annotations.fromStack(readiness).findWarning('*', Match.stringLikeRegexp('unavailable during each move'))).toHaveLength(1);
  });
});

describe('RdsTier event plan bad input', () => {
  test.each<[string, RdsTierEventOptions, Partial<EventWindowProps>, string, RdsTierProps?]>([
    ['peak from another family', { peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE16) }, LONG, 'peakInstanceType db.m7g.16xlarge is from another family than the everyday db.r7g.2xlarge'],
    ['peak smaller than baseline', { peakInstanceType: r7g(ec2.InstanceSize.XLARGE) }, LONG, 'peakInstanceType db.r7g.xlarge is smaller than the everyday db.r7g.2xlarge'],
    ['peak that does not exist', { peakInstanceType: r7g(ec2.InstanceSize.XLARGE24) }, LONG, 'peakInstanceType db.r7g.24xlarge is not offered by RDS for PostgreSQL'],
    ['ladder not descending', { peakInstanceType: r7g(ec2.InstanceSize.XLARGE16), instanceClassLadder: [r7g(ec2.InstanceSize.XLARGE4), r7g(ec2.InstanceSize.XLARGE8)] }, LONG, 'instanceClassLadder: db.r7g.8xlarge must be smaller than db.r7g.4xlarge and larger than the everyday db.r7g.2xlarge (largest first)'],
    ['ladder from another family', { peakInstanceType: r7g(ec2.InstanceSize.XLARGE16), instanceClassLadder: [ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.XLARGE8)] }, LONG, 'instanceClassLadder: db.r6g.8xlarge is from another family than db.r7g.16xlarge'],
    ['ladder without a peak', { instanceClassLadder: [r7g(ec2.InstanceSize.XLARGE4)] }, LONG, 'instanceClassLadder needs peakInstanceType'],
    ['replicas beyond 15', { eventReplicas: 15 }, LONG, '1 everyday replicas + 15 event replicas = 16, more than the 15 read replicas RDS for PostgreSQL allows'],
    ['peak IOPS not above everyday', { peakIops: 12000 }, LONG, 'peakIops (12000) must be above the everyday 12000: storage is raised before the event, never lowered during it'],
    ['restore without a raise', { restoreStorageAfterEvent: true }, LONG, 'restoreStorageAfterEvent needs peakIops or peakStorageThroughput'],
    ['CPU threshold of 150 %', { cpuAlarmThreshold: 150 }, LONG, 'cpuAlarmThreshold must be a number more than 0 and at most 100, got 150'],
    ['NaN CPU threshold', { cpuAlarmThreshold: NaN }, LONG, 'cpuAlarmThreshold must be a number more than 0 and at most 100, got NaN'],
    ['NaN connections ratio', { connectionsAlarmRatio: NaN }, LONG, 'connectionsAlarmRatio must be a number more than 0 and at most 1, got NaN'],
    ['zero latency threshold', { latencyAlarmThreshold: Duration.millis(0) }, LONG, 'latencyAlarmThreshold must be whole milliseconds, more than 0 and at most 1 hour, got 0 millis'],
    ['NaN replica-lag threshold', { replicaLagAlarmThreshold: Duration.seconds(NaN) }, LONG, 'replicaLagAlarmThreshold must be whole milliseconds, more than 0 and at most 24 hours, got NaN ms'],
    ['NaN storage cooldown', { peakIops: 20000, restoreStorageAfterEvent: true, storageCooldown: Duration.hours(NaN) }, LONG, 'storageCooldown must be from 6 hours to 90 days, in whole minutes, got NaN ms'],
    ['fractional replica lead time', { eventReplicas: 1, replicaCreationLeadTime: Duration.seconds(0.0001) }, LONG, 'replicaCreationLeadTime must be whole milliseconds from 0 to 90 days, got 0.1 ms'],
    ['NaN peak IOPS', { peakIops: NaN }, LONG, 'peakIops must be a whole number from 12,000 to 64,000'],
    ['a storage cooldown under RDS\'s 6 hours', { peakIops: 20000, restoreStorageAfterEvent: true, storageCooldown: Duration.hours(5) }, LONG, 'storageCooldown must be from 6 hours to 90 days, in whole minutes, got 5 hours'],
    ['a failover gap that is not whole minutes', { peakInstanceType: r7g(ec2.InstanceSize.XLARGE4), failoverGapAfterEnd: Duration.seconds(90) }, LONG, 'failoverGapAfterEnd must be from 0 to 90 days, in whole minutes, got 1 minute 30 seconds'],
    ['prewarm lead too short for replicas', { eventReplicas: 1 }, { prewarmLead: Duration.hours(2) }, "tier 'orders': change 'event replica 1 none -> orders-sale-r1 (db.r7g.2xlarge)' at prewarm needs 3 h 15 min to take effect (worst case, up to 15 min of retries included) but has 2 h before the event starts"],
    ['prewarm lead too short for class change then replicas', { peakInstanceType: r7g(ec2.InstanceSize.XLARGE16), eventReplicas: 1 }, { prewarmLead: Duration.hours(4) }, "change 'event replica 1 none -> orders-sale-r1 (db.r7g.2xlarge)' at prewarm+60m needs 3 h 15 min to take effect (worst case, up to 15 min of retries included) but has 3 h"],
    ['class changes closer than they take', { peakInstanceType: r7g(ec2.InstanceSize.XLARGE16), failoverGapAfterEnd: Duration.minutes(0) }, { prewarmLead: Duration.hours(1), rampDown: Duration.hours(1), rampDownSteps: 3 }, "changes of 'primary instance' at ramp-down-1 and ramp-down-2 are 20 min apart, but the first needs 1 h to complete (worst case, retries included)"],
    ['event replica identifiers beyond 63 characters', { eventReplicas: 1 }, { ...LONG, name: 'black-friday-2027' }, `event replica identifier 'orders-${'x'.repeat(43)}-black-friday-2027-r1' is 71 characters; RDS allows 63`, { ...BASE, instanceIdentifier: `orders-${'x'.repeat(43)}` }],
    ['replicas smaller than the peak primary (max_connections would stop replay)', { peakInstanceType: r7g(ec2.InstanceSize.XLARGE4) }, LONG, "max_connections would be as low as 1622 (the default formula on the class's memory less what the OS and RDS are taken to keep) on read replicas of class db.r7g.large but up to 5000 on the primary at db.r7g.4xlarge; a PostgreSQL hot standby pauses replay when its value is below the primary's. Pin it in the parameter group (e.g. max_connections: '5000'; a static parameter: instances take it at their next reboot: reboot them before the event) or use replicas of class db.r7g.4xlarge", { ...BASE, instanceType: r7g(ec2.InstanceSize.LARGE) }],
    ['event replicas smaller than the peak primary', { peakInstanceType: r7g(ec2.InstanceSize.XLARGE4), eventReplicas: 1, eventReplicaInstanceType: r7g(ec2.InstanceSize.XLARGE) }, LONG, 'max_connections would be as low as 3244 (the default formula on the class\'s memory less what the OS and RDS are taken to keep) on read replicas of class db.r7g.xlarge but up to 5000 on the primary at db.r7g.4xlarge', { ...BASE, replicas: 0 }],
    ['a hot-standby parameter given as a formula', { peakInstanceType: r7g(ec2.InstanceSize.XLARGE4) }, LONG, "parameter max_locks_per_transaction is '{DBInstanceVCPU*64}', which cannot be checked against the hot-standby rule", { ...BASE, parameters: { max_locks_per_transaction: '{DBInstanceVCPU*64}' } }],
  ])('%s', (_label, options, window, message, props = BASE) => {
    expect(() => event(options, props, window)).toThrow(ValidationError);
    expect(() => event(options, props, window)).toThrow(message);
  });

  test('peak IOPS on storage too small for them is one problem, not two that contradict each other', () => {
    const message = (() => {
      try {
        event({ peakIops: 12000 }, { ...BASE, allocatedStorageGiB: 200 });
        return 'no error';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/peakIops and peakStorageThroughput need at least 400 GiB of gp3 storage .*got 200 GiB$/);
    expect(message).not.toMatch(/everyday/);
  });

  test('pinning max_connections in the tier\'s parameters satisfies the hot-standby rule', () => {
    const small = { ...BASE, instanceType: r7g(ec2.InstanceSize.LARGE), parameters: { max_connections: '5000' } };
    expect(() => event({ peakInstanceType: r7g(ec2.InstanceSize.XLARGE4) }, small)).not.toThrow();
  });
});

test('an instance of the same name in another Region is another instance: its limit-in-force alarm does not take turns with this one', () => {
  // GIVEN 'orders' in us-east-1 (an event in July) and in eu-west-1 (an event in August)
  const connectionsExpression = (regions: string[], region: string) => {
    const app = newApp({ context: { 'availability-zones:account=111111111111:region=us-east-1': ['us-east-1a', 'us-east-1b'],
      'availability-zones:account=111111111111:region=eu-west-1': ['eu-west-1a', 'eu-west-1b'] } });
    const stacks = regions.map((r, i) => {
      const env = { account: '111111111111', region: r };
      const tier = new RdsTier(new Stack(app, `Tiers${i}`, { env }), 'Orders', BASE);
      return new EventReadinessStack(app, `Sale${i}`, {
        env, now: BEFORE_EVENTS, tiers: [tier.forEvent({ peakInstanceType: r7g(ec2.InstanceSize.XLARGE4) })],
        window: saleWindow({ ...LONG, name: `sale-${i}`, start: `2026-0${7 + i}-15T00:00`, end: `2026-0${7 + i}-16T00:00` }),
      });
    });
    const assembly = app.synth();
    const i = regions.indexOf(region);
    const alarm = Object.values<any>(assembly.getStackByName(stacks[i].stackName).template.Resources)
      .find((r) => r.Properties?.AlarmName === `sale-${i}-orders-connections`);
    return alarm.Properties.Metrics.find((q: any) => q.ReturnData !== false).Expression;
  };
  // THEN each watches all the time, as it would alone (never the quiet '0' of another event's stretch)
  const both = ['us-east-1', 'eu-west-1'];
  expect(connectionsExpression(both, 'eu-west-1')).not.toMatch(/, 0\)/);
  expect(connectionsExpression(both, 'us-east-1')).not.toMatch(/, 0\)/);
  // while in one Region they do take turns
  expect(connectionsExpression(['us-east-1', 'us-east-1'], 'us-east-1')).toMatch(/, 0\)/);
});
