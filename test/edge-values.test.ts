/**
 * Every number and duration prop of the tiers, their plans and the readiness construct, at every
 * edge value (0, -1, a fraction, 150, NaN, Infinity, 1e21), one at a time: each either throws the
 * library's ValidationError naming the construct path and the prop, or synthesizes a sound app
 * (see support/properties.ts).
 */
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AcuRange, AuroraServerlessTier, EventReadinessStackProps, EventWindowProps, ITierEventPlan, RdsTier, StatelessTier,
} from '../lib';
import { begin, checkEvent, counts, expectSynthesizedAtLeast, reportCases } from './support/properties';

afterAll(reportCases);

describe('every number and duration prop, at every edge value, one at a time', () => {
  const EDGE_NUMBERS = [0, -1, 0.5, 150, NaN, Infinity, 1e21];
  const EDGE_DURATIONS = [Duration.minutes(0), Duration.minutes(NaN), Duration.hours(Infinity), Duration.seconds(0.0005), Duration.days(1e21)];
  const window: EventWindowProps = {
    name: 'sale', start: '2027-07-15T12:00', end: '2027-07-15T18:00', timeZone: TimeZone.ASIA_KATHMANDU, prewarmLead: Duration.hours(8),
  };
  const code = lambda.Code.fromInline('exports.handler = async () => ({})');
  const keys = { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } };
  const r7g = (size: ec2.InstanceSize) => ec2.InstanceType.of(ec2.InstanceClass.R7G, size);

  /** A field to sweep: how to build the tier's plan (and the readiness props) with that value in it. */
  type Sweep = [string, 'number' | 'duration', (app: App, value: any) => ITierEventPlan, ((value: any) => Partial<EventReadinessStackProps>)?];
  const stateless = (props: object, options: object) => (app: App) =>
    new StatelessTier(new Stack(app, 'Tiers'), 'Catalog', { code, tableProps: keys, maxReadRequestUnits: 5000, ...props })
      .forEvent({ provisionedConcurrency: 10, ...options });
  const aurora = (props: object, options: object) => (app: App) =>
    new AuroraServerlessTier(new Stack(app, 'Tiers'), 'Profiles', { readers: 1, ...props })
      .forEvent({ capacity: AcuRange.between(4, 32), ...options });
  const rds = (props: object, options: object) => (app: App) =>
    new RdsTier(new Stack(app, 'Tiers'), 'Orders', { instanceType: r7g(ec2.InstanceSize.XLARGE2), instanceIdentifier: 'orders', allocatedStorageGiB: 500, ...props })
      .forEvent({ eventReplicas: 1, ...options });
  const sweeps: Sweep[] = [
    ['StatelessTier maxReadRequestUnits', 'number', (app, v) => stateless({ maxReadRequestUnits: v }, {})(app)],
    ['StatelessTier reservedConcurrentExecutions', 'number', (app, v) => stateless({ functionOptions: { reservedConcurrentExecutions: v } }, {})(app)],
    ['StatelessTier tableProps.warmThroughput', 'number', (app, v) => stateless({ tableProps: { ...keys, warmThroughput: { readUnitsPerSecond: v } } }, {})(app)],
    ['StatelessTier httpApi.throttlingRateLimit', 'number', (app, v) => stateless({ httpApi: { throttlingRateLimit: v } }, {})(app)],
    ['StatelessTier httpApi.throttlingBurstLimit', 'number', (app, v) => stateless({ httpApi: { throttlingBurstLimit: v } }, {})(app)],
    ['forEvent provisionedConcurrency', 'number', (app, v) => stateless({}, { provisionedConcurrency: v })(app)],
    ['forEvent baselineProvisionedConcurrency', 'number', (app, v) => stateless({}, { provisionedConcurrency: 100, baselineProvisionedConcurrency: v })(app)],
    ['forEvent warmThroughput', 'number', (app, v) => stateless({}, { warmThroughput: { writeUnitsPerSecond: v } })(app)],
    ['forEvent maxReadRequestUnits', 'number', (app, v) => stateless({}, { maxReadRequestUnits: v })(app)],
    ['forEvent peakReadRequestUnits', 'number', (app, v) => stateless({}, { peakReadRequestUnits: v })(app)],
    ['forEvent tableThroughputQuota', 'number', (app, v) => stateless({}, { tableThroughputQuota: v })(app)],
    ['forEvent throttlesAlarmThreshold', 'number', (app, v) => stateless({}, { throttlesAlarmThreshold: v })(app)],
    ['forEvent spilloverAlarmThreshold', 'number', (app, v) => stateless({}, { spilloverAlarmThreshold: v })(app)],
    ['forEvent provisionedConcurrencyLeadTime', 'duration', (app, v) => stateless({}, { provisionedConcurrencyLeadTime: v })(app)],
    ['AuroraServerlessTier readers', 'number', (app, v) => aurora({ readers: v }, {})(app)],
    ['AuroraServerlessTier capacity min', 'number', (app, v) => aurora({ capacity: AcuRange.between(v, 8) }, {})(app)],
    ['AuroraServerlessTier capacity auto-pause delay', 'duration', (app, v) => aurora({ capacity: AcuRange.autoPausing(8, v) }, {})(app)],
    ['EventReadiness retryAttempts', 'number', (app) => stateless({}, {})(app), (v) => ({ retryAttempts: v })],
    ['EventReadiness maximumEventAge', 'duration', (app) => stateless({}, {})(app), (v) => ({ maximumEventAge: v })],
    ['EventReadiness leadTimeMargin', 'duration', (app) => stateless({}, {})(app), (v) => ({ leadTimeMargin: v })],
    ['AuroraServerlessTier backupRetention', 'duration', (app, v) => aurora({ backupRetention: v }, {})(app)],
    ['AuroraServerlessTier proxy.idleClientTimeout', 'duration', (app, v) => aurora({ proxy: { idleClientTimeout: v } }, {})(app)],
    ['forEvent capacity max', 'number', (app, v) => aurora({}, { capacity: AcuRange.between(4, v) })(app)],
    ['forEvent extraReaders', 'number', (app, v) => aurora({}, { extraReaders: v })(app)],
    ['forEvent cpuAlarmThreshold (Aurora)', 'number', (app, v) => aurora({}, { cpuAlarmThreshold: v })(app)],
    ['forEvent acuUtilizationAlarmThreshold', 'number', (app, v) => aurora({}, { acuUtilizationAlarmThreshold: v })(app)],
    ['forEvent connectionsAlarmRatio', 'number', (app, v) => aurora({}, { connectionsAlarmRatio: v })(app)],
    ['forEvent freeableMemoryAlarmBytes', 'number', (app, v) => aurora({}, { freeableMemoryAlarmBytes: v })(app)],
    ['forEvent replicaLagAlarmThreshold (Aurora)', 'duration', (app, v) => aurora({}, { replicaLagAlarmThreshold: v })(app)],
    ['forEvent capacityLeadTime', 'duration', (app, v) => aurora({}, { capacityLeadTime: v })(app)],
    ['RdsTier replicas', 'number', (app, v) => rds({ replicas: v }, {})(app)],
    ['RdsTier allocatedStorageGiB', 'number', (app, v) => rds({ allocatedStorageGiB: v }, {})(app)],
    ['RdsTier iops', 'number', (app, v) => rds({ iops: v }, {})(app)],
    ['RdsTier credentialRotation', 'duration', (app, v) => rds({ credentialRotation: v }, {})(app)],
    ['forEvent eventReplicas', 'number', (app, v) => rds({}, { eventReplicas: v })(app)],
    ['forEvent peakIops', 'number', (app, v) => rds({}, { peakIops: v })(app)],
    ['forEvent peakStorageThroughput', 'number', (app, v) => rds({}, { peakStorageThroughput: v })(app)],
    ['forEvent cpuAlarmThreshold (RDS)', 'number', (app, v) => rds({}, { cpuAlarmThreshold: v })(app)],
    ['forEvent latencyAlarmThreshold', 'duration', (app, v) => rds({}, { latencyAlarmThreshold: v })(app)],
    ['forEvent storageCooldown', 'duration', (app, v) => rds({}, { peakIops: 20000, restoreStorageAfterEvent: true, storageCooldown: v })(app)],
    ['forEvent failoverGapAfterEnd', 'duration', (app, v) => rds({}, { peakInstanceType: r7g(ec2.InstanceSize.XLARGE4), failoverGapAfterEnd: v })(app)],
    ['forEvent replicaCreationLeadTime', 'duration', (app, v) => rds({}, { replicaCreationLeadTime: v })(app)],
  ];

  test('each either fails validation naming the construct and the prop, or synthesizes a sound app', () => {
    begin('sweep');
    const failures: string[] = [];
    for (const [field, kind, build, readiness] of sweeps) {
      for (const value of kind === 'number' ? EDGE_NUMBERS : EDGE_DURATIONS) {
        counts.sweep++;
        const label = kind === 'number' ? String(value) : `${(value as Duration).toMilliseconds({ integral: false })} ms`;
        try {
          checkEvent(window, -60, (app) => build(app, value), readiness?.(value));
        } catch (e) {
          failures.push(`${field} = ${label}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expectSynthesizedAtLeast('sweep', 30);
  });
});

