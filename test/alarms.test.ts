/**
 * Every alarm of the prime-day example, run by a small evaluator of CloudWatch alarm semantics
 * (test/support/alarm-evaluator.ts) over synthetic one-minute series: the situation it must
 * catch, the situation it must stay quiet in, and what it says when its metric is missing.
 */
import { App, Duration, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { addFlashSale, addPrimeDay } from '../examples';
import { EventReadinessStack, EventWindow, ExistingRdsInstance } from '../lib';
import { alarmSeries, AlarmState, evaluateAlarm, MetricRef, Series } from './support/alarm-evaluator';

const app = new App();
const { readiness } = addPrimeDay(app, { now: new Date('2027-01-01T00:00:00Z') });
// And an RDS for MySQL instance known by name, for MySQL's replica alarms.
const mysqlEvent = new EventReadinessStack(app, 'MysqlEvent', {
  window: new EventWindow({
    name: 'mysql-sale', start: '2027-03-10T09:00', end: '2027-03-10T21:00', timeZone: TimeZone.EUROPE_BERLIN,
    prewarmLead: Duration.hours(6), rampDown: Duration.hours(12), rampDownSteps: 2,
  }),
  now: new Date('2027-01-01T00:00:00Z'),
});
const legacy = new ExistingRdsInstance(mysqlEvent, 'Legacy', {
  instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(mysqlEvent, 'LegacyInstance', {
    instanceIdentifier: 'legacy', instanceEndpointAddress: 'legacy.internal', port: 3306,
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(mysqlEvent, 'LegacySg', 'sg-0123456789abcdef0')],
    engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0_40 }),
  }),
  instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE),
  multiAz: true, allocatedStorageGiB: 400, storageType: rds.StorageType.GP3,
  subnetGroupName: 'legacy-subnets', parameterGroupName: 'default.mysql8.0', optionGroupName: 'default:mysql-8-0',
});
// Up to 4xlarge for the sale: MySQL's max_connections grows with the class (no 5,000 cap).
mysqlEvent.addTier(legacy.forEvent({
  eventReplicas: 1, peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE4),
}));
// And the flash sale, whose table has an everyday cost cap the event raises.
const flashSale = addFlashSale(app, { now: new Date('2027-01-01T00:00:00Z') });
const resources = {
  ...Template.fromStack(readiness).toJSON().Resources,
  ...Template.fromStack(flashSale.readiness).toJSON().Resources,
  ...Template.fromStack(mysqlEvent).toJSON().Resources,
} as Record<string, any>;
const alarms = new Map<string, any>(Object.values(resources)
  .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
  .map((r) => [r.Properties.AlarmName, r.Properties]));

/** Series by metric name (`ReplicaLag@3` picks the fourth metric of that name in a math alarm). */
type Given = Record<string, Series>;

const MINUTES = 6;
const flat = (v: number | undefined): Series => Array(MINUTES).fill(v);
/** Healthy for 3 minutes, then `v`. */
const after3 = (healthy: number, v: number): Series => [healthy, healthy, healthy, v, v, v];

function run(name: string, given: Given, start?: Date, epochUnit?: 'seconds' | 'milliseconds'): AlarmState[] {
  const props = alarms.get(name);
  if (!props) {
    throw new Error(`no alarm ${name}; alarms: ${[...alarms.keys()].join(', ')}`);
  }
  const seen = new Map<string, number>();
  return evaluateAlarm(props, (m: MetricRef) => {
    const k = seen.get(m.metricName) ?? 0;
    seen.set(m.metricName, k + 1);
    return given[`${m.metricName}@${k}`] ?? given[m.metricName] ?? flat(undefined);
  }, MINUTES, { start, epochUnit });
}

const last = (states: AlarmState[]) => states[states.length - 1];

describe.each([
  // [alarm, what it must catch, what it must stay quiet in]
  ['prime-day-2027-catalog-lambda-throttles',
    { Throttles: after3(0, 5) }, { Throttles: flat(0) }],
  ['prime-day-2027-catalog-lambda-errors',
    // 5 % of 1,000 invocations a minute fail …
    { Errors: after3(0, 50), Invocations: flat(1000) },
    // … while 10 errors a minute at 2.4 million invocations (40k/s) is noise, not an outage.
    { Errors: flat(10), Invocations: flat(2_400_000) }],
  ['prime-day-2027-catalog-pc-spillover',
    { ProvisionedConcurrencySpilloverInvocations: after3(0, 30) }, { ProvisionedConcurrencySpilloverInvocations: flat(0) }],
  // Read throttles alone, no write-throttle datapoints at all (each is emitted only when it happens).
  ['prime-day-2027-catalog-table-throttles', { ReadThrottleEvents: after3(0, 12) }, { ReadThrottleEvents: flat(0), WriteThrottleEvents: flat(0) }],
  // PutItem fails; the other operations report nothing.
  ['prime-day-2027-catalog-table-system-errors', { 'SystemErrors@1': after3(0, 3) }, { SystemErrors: flat(0) }],
  ['prime-day-2027-catalog-api-5xx',
    { '5xx': after3(0, 600), Count: flat(12_000) }, { '5xx': flat(10), Count: flat(2_400_000) }],
  // The account's claimed concurrency (the quota defaults to 1,000; 800 of it provisioned).
  ['prime-day-2027-account-concurrency', { ClaimedAccountConcurrency: after3(850, 960) }, { ClaimedAccountConcurrency: flat(850) }],
  // A stage's throttling answers 429: 4xx, not 5xx.
  ['prime-day-2027-catalog-api-4xx', { '4xx': after3(100, 3000), Count: flat(12_000) }, { '4xx': flat(300), Count: flat(12_000) }],
  ['prime-day-2027-catalog-api-latency', { Latency: after3(200, 2500) }, { Latency: flat(350) }],
  ['prime-day-2027-orders-cpu', { CPUUtilization: after3(40, 85) }, { CPUUtilization: flat(60) }],
  ['prime-day-2027-orders-connections', { DatabaseConnections: after3(1000, 4500) }, { DatabaseConnections: flat(3000) }],
  ['prime-day-2027-orders-freeable-memory', { FreeableMemory: [8e9, 5e8, 5e8, 5e8, 5e8, 5e8] }, { FreeableMemory: flat(8e9) }],
  ['prime-day-2027-orders-free-storage', { FreeStorageSpace: [5e11, 5e10, 5e10, 5e10, 5e10, 5e10] }, { FreeStorageSpace: flat(5e11) }],
  ['prime-day-2027-orders-read-latency', { ReadLatency: after3(0.002, 0.05) }, { ReadLatency: flat(0.004) }],
  ['prime-day-2027-orders-write-latency', { WriteLatency: after3(0.002, 0.05) }, { WriteLatency: flat(0.004) }],
  // On a smaller ramp-down class the I/O burst runs out; the throughput balance alone is fine.
  ['prime-day-2027-orders-ebs-burst-balance', { 'EBSIOBalance%': [60, 15, 10, 8, 5, 3], 'EBSByteBalance%': flat(90) },
    { 'EBSIOBalance%': flat(80), 'EBSByteBalance%': flat(90) }],
  // While the primary writes, one replica of five falls 30 s behind; the others are fine.
  // (At the peak: event replicas count once their creation has settled.)
  ['prime-day-2027-orders-replica-lag',
    { 'ReplicaLag@2': after3(1, 30), ReplicaLag: flat(1), TransactionLogsGeneration: flat(2e6) },
    { ReplicaLag: flat(1), TransactionLogsGeneration: flat(2e6) }, '2027-07-13T12:00:00Z'],
  ['prime-day-2027-profiles-acu-utilization', { ACUUtilization: [50, 95, 95, 95, 95, 95] }, { ACUUtilization: flat(70) }],
  ['prime-day-2027-profiles-cpu', { CPUUtilization: after3(40, 85) }, { CPUUtilization: flat(60) }],
  ['prime-day-2027-profiles-connections', { DatabaseConnections: after3(100, 2700) }, { DatabaseConnections: flat(1200) }],
  ['prime-day-2027-profiles-freeable-memory', { FreeableMemory: [4e9, 1e8, 1e8, 1e8, 1e8, 1e8] }, { FreeableMemory: flat(4e9) }],
  // 0.5 deadlocks a second under load; a stray one a minute is normal.
  ['prime-day-2027-profiles-deadlocks', { Deadlocks: after3(0, 0.5) }, { Deadlocks: flat(1 / 60) }],
  // The proxy takes 2 s to lend a connection (microseconds): its pool is exhausted.
  ['prime-day-2027-profiles-proxy-borrow-latency', { DatabaseConnectionsBorrowLatency: after3(800, 2_000_000) },
    { DatabaseConnectionsBorrowLatency: flat(5000) }],
  ['prime-day-2027-profiles-replica-lag', { AuroraReplicaLagMaximum: after3(20, 2500) }, { AuroraReplicaLagMaximum: flat(20) }],
  ['prime-day-2027-scheduled-change-failed',
    { ApproximateNumberOfMessagesVisible: [0, 0, 0, 1, 1, 1] }, { ApproximateNumberOfMessagesVisible: flat(0) }],
  // EventBridge Scheduler's own signals on the event's schedule group.
  ['prime-day-2027-scheduler-target-errors', { TargetErrorCount: [0, 0, 0, 0, 0, 1] }, { TargetErrorCount: flat(0) }],
  ['prime-day-2027-scheduler-dead-letter-failed',
    { InvocationsFailedToBeSentToDeadLetterCount: [0, 0, 0, 0, 0, 1] }, { InvocationsFailedToBeSentToDeadLetterCount: flat(0) }],
  // Throttled by the target API alone (Scheduler's own throttle count has no datapoints).
  ['prime-day-2027-scheduler-throttled', { TargetErrorThrottledCount: [0, 0, 0, 0, 0, 2] }, {}],
  // MySQL: ReplicaLag is -1 for a replica that stopped replicating.
  ['mysql-sale-legacy-replica-stopped', { 'ReplicaLag@0': after3(0, -1) }, { ReplicaLag: flat(0) }],
  ['mysql-sale-legacy-replica-lag', { 'ReplicaLag@0': after3(0, 30) }, { ReplicaLag: flat(0) }, '2027-03-10T12:00:00Z'],
] as Array<[string, Given, Given, string?]>)('%s', (name, breach, healthy, at) => {
  const start = at === undefined ? undefined : new Date(at);
  test('catches what it is for', () => {
    expect(last(run(name, breach, start))).toBe('ALARM');
  });
  test('stays quiet when the tier is healthy', () => {
    expect(run(name, healthy, start)).toEqual(Array(MINUTES).fill('OK'));
  });
});

describe('an event replica catching up after its creation does not page; once settled, it counts', () => {
  // Prime Day creates three event replicas (r2..r4 of the alarm) at prewarm; their creation has
  // settled (lead time and retries) at 2027-07-13 06:00Z. r0 and r1 are always-on replicas.
  const name = 'prime-day-2027-orders-replica-lag';
  const writing = { TransactionLogsGeneration: flat(2e6), ReplicaLag: flat(1) };
  test.each([
    ['an event replica an hour behind while it catches up', '2027-07-13T04:30:00Z', { 'ReplicaLag@4': flat(3600) }, 'OK'],
    ['the same replica still behind once its creation has settled', '2027-07-13T06:05:00Z', { 'ReplicaLag@4': flat(3600) }, 'ALARM'],
    ['an always-on replica behind at the same moment of catching up', '2027-07-13T04:30:00Z', { 'ReplicaLag@0': flat(30) }, 'ALARM'],
  ])('%s: %s', (_what, at, lag, expected) => {
    expect(last(run(name, { ...writing, ...lag }, new Date(at)))).toBe(expected);
  });
  test('the moment is the creation\'s settling (fire + lead time + maximum event age), read from the alarm', () => {
    const expression = alarms.get(name).Metrics.find((q: any) => q.ReturnData !== false).Expression;
    expect(expression).toBe(`IF(wal > 0, MAX([r0, r1, ${[2, 3, 4].map((k) => `IF(t < ${Date.UTC(2027, 6, 13, 6) / 1000}, 0, r${k})`).join(', ')}]), 0)`);
  });
});

describe('PostgreSQL replica lag: an idle primary is quiet, a stopped replica is caught', () => {
  const name = 'prime-day-2027-orders-replica-lag';
  test('the primary commits nothing: replay timestamps age, lag grows to minutes, and nothing is wrong', () => {
    expect(run(name, { ReplicaLag: [60, 120, 180, 240, 300, 360], TransactionLogsGeneration: flat(0) })).toEqual(Array(MINUTES).fill('OK'));
  });
  test('a replica that stopped replaying while the primary writes: its lag grows, and the alarm fires', () => {
    expect(last(run(name, {
      'ReplicaLag@4': [1, 60, 120, 180, 240, 300], ReplicaLag: flat(1), TransactionLogsGeneration: flat(5e6),
    }, new Date('2027-07-13T12:00:00Z')))).toBe('ALARM');
  });
  test('PostgreSQL never reports -1, so there is no "replica-stopped" alarm that could never fire', () => {
    expect([...alarms.keys()].filter((n) => n.startsWith('prime-day-2027-orders-replica-stopped'))).toEqual([]);
  });
});

describe('connections against the max_connections of the class in force, minute by minute', () => {
  // RDS for MySQL: max_connections = DBInstanceClassMemory / 12,582,880, about 1,300 on the
  // everyday m7g.xlarge (16 GiB) and 5,400 on the sale's m7g.4xlarge (64 GiB). The sale starts
  // 2027-03-10 09:00 in Berlin (08:00Z), prewarm 6 h before; it ends 21:00 (20:00Z) and steps
  // down over 12 h.
  const name = 'mysql-sale-legacy-connections';
  const at = (iso: string, connections: number) => run(name, { DatabaseConnections: flat(connections) }, new Date(iso));
  test.each([
    ['a week before: 1,200 connections are 90 % of the everyday class\'s', '2027-03-03T12:00:00Z', 1200, 'ALARM'],
    ['a week before: 600 connections are fine', '2027-03-03T12:00:00Z', 600, 'OK'],
    ['minutes after prewarm, the class change may not be done: the everyday limit still counts', '2027-03-10T02:05:00Z', 1200, 'ALARM'],
    ['at the peak, 1,200 connections are a fifth of the 4xlarge\'s', '2027-03-10T12:00:00Z', 1200, 'OK'],
    ['at the peak, 5,000 connections are over 90 % of the 4xlarge\'s', '2027-03-10T12:00:00Z', 5000, 'ALARM'],
    ['the day after, back on the everyday class: 1,200 alarm again', '2027-03-12T12:00:00Z', 1200, 'ALARM'],
    ['months after: the alarm keeps watching the everyday class', '2027-09-01T00:00:00Z', 1200, 'ALARM'],
  ])('%s', (_, iso, connections, expected) => {
    expect(last(at(iso, connections))).toBe(expected);
  });

  test('no datapoints: INSUFFICIENT_DATA at any time (EPOCH gives every minute a time, not a value)', () => {
    expect(run(name, {}, new Date('2027-03-10T12:00:00Z'))).toEqual(Array(MINUTES).fill('INSUFFICIENT_DATA'));
  });

  test('two events of one tier: exactly one of their alarms watches each minute', () => {
    // Prime Day (July, Los Angeles) and Black Friday (November, New York) both change the orders
    // database. Each event's alarm watches from the end of the previous event's span to the end of
    // its own; the last one also after it. The other is quiet (0).
    const value = (alarm: string, iso: string) => alarmSeries(alarms.get(alarm), (m) => (m.metricName === 'DatabaseConnections'
      ? flat(4500) : flat(undefined)), 1, new Date(iso))[0];
    const watching = (iso: string) => ['prime-day-2027', 'black-friday-2027']
      .filter((e) => value(`${e}-orders-connections`, iso) !== 0);
    expect(watching('2027-01-01T00:00:00Z')).toEqual(['prime-day-2027']);
    expect(watching('2027-07-13T12:00:00Z')).toEqual(['prime-day-2027']);
    expect(watching('2027-09-01T00:00:00Z')).toEqual(['black-friday-2027']);
    expect(watching('2027-11-26T12:00:00Z')).toEqual(['black-friday-2027']);
    expect(watching('2028-03-01T00:00:00Z')).toEqual(['black-friday-2027']);
    // And the watching one reports 4,500 of 5,000 (PostgreSQL caps max_connections at 5,000).
    expect(value('black-friday-2027-orders-connections', '2027-11-26T12:00:00Z')).toBe(90);
  });
});

describe('storage IOPS against the provisioned IOPS in force', () => {
  // Prime Day raises the orders database's gp3 IOPS from the 12,000 included to 40,000 after the
  // prewarm class change, and restores them after the event; Black Friday starts from 12,000.
  const at = (name: string, iso: string, iops: number) =>
    last(run(name, { ReadIOPS: flat(iops / 2), WriteIOPS: flat(iops / 2) }, new Date(iso)));
  test.each([
    ['prime-day-2027-orders-storage-iops', 'in June, 11,000 IOPS are 92 % of the 12,000 included', '2027-06-01T00:00:00Z', 11000, 'ALARM'],
    ['prime-day-2027-orders-storage-iops', 'at the peak, 11,000 IOPS are fine', '2027-07-13T12:00:00Z', 11000, 'OK'],
    ['prime-day-2027-orders-storage-iops', 'at the peak, 37,000 IOPS are 92 % of 40,000', '2027-07-13T12:00:00Z', 37000, 'ALARM'],
    ['prime-day-2027-orders-storage-iops', 'after its event, 20,000 IOPS are half the 40,000 before the restore', '2027-07-16T12:00:00Z', 20000, 'OK'],
    ['black-friday-2027-orders-storage-iops', 'in September, 6,000 IOPS are half the 12,000 Prime Day restored', '2027-09-01T00:00:00Z', 6000, 'OK'],
    ['black-friday-2027-orders-storage-iops', 'in September, 20,000 IOPS are beyond them', '2027-09-01T00:00:00Z', 20000, 'ALARM'],
    ['prime-day-2027-orders-storage-iops', 'in September, Prime Day\'s alarm is quiet', '2027-09-01T00:00:00Z', 37000, 'OK'],
  ])('%s: %s', (name, _, iso, iops, expected) => {
    expect(at(name, iso, iops)).toBe(expected);
  });
});

describe('provisioned concurrency configured against the plan in force', () => {
  // Prime Day: 800 from prewarm (2027-07-13 01:00Z) + 15 min, stepped down after the end.
  const name = 'prime-day-2027-catalog-pc-configured';
  const at = (iso: string, given: { inv?: number; pci?: number; pce?: number; pcu?: number }, alarm = name) => last(run(alarm, {
    Invocations: flat(given.inv), ProvisionedConcurrencyInvocations: flat(given.pci),
    ProvisionedConcurrentExecutions: flat(given.pce), ProvisionedConcurrencyUtilization: flat(given.pcu),
  }, new Date(iso)));
  test.each([
    // 300 executions at 75 % utilization (of the configured amount, as Lambda defines it): 400 configured, half the plan.
    ['at the peak, 400 of 800 configured', '2027-07-13T12:00:00Z', { inv: 50000, pci: 50000, pce: 300, pcu: 0.75 }, 'ALARM'],
    ['at the peak, 800 configured', '2027-07-13T12:00:00Z', { inv: 50000, pci: 50000, pce: 400, pcu: 0.5 }, 'OK'],
    // The scheduled action failed: nothing configured, so nothing runs on it (and its metrics are absent).
    ['at the peak, traffic but none of it on provisioned concurrency', '2027-07-13T12:00:00Z', { inv: 50000 }, 'ALARM'],
    ['at the peak, 5 executions on it are too few to judge how much', '2027-07-13T12:00:00Z', { inv: 400, pci: 400, pce: 5, pcu: 0.5 }, 'OK'],
    ['at the peak, 5 invocations are too few to judge at all', '2027-07-13T12:00:00Z', { inv: 5 }, 'OK'],
    ['at the peak, no traffic at all', '2027-07-13T12:00:00Z', {}, 'OK'],
    ['ten minutes after prewarm, still allocating: not judged yet', '2027-07-13T01:10:00Z', { inv: 50000 }, 'OK'],
    ['in June, nothing is planned', '2027-06-01T00:00:00Z', { inv: 50000 }, 'OK'],
  ])('%s', (_, iso, given, expected) => {
    expect(at(iso, given)).toBe(expected);
  });
  test('Black Friday (500 planned) is watched by its own alarm; Prime Day\'s is quiet then', () => {
    const given = { inv: 50000, pci: 50000, pce: 300, pcu: 0.75 };
    expect(at('2027-11-26T12:00:00Z', given)).toBe('OK');
    expect(at('2027-11-26T12:00:00Z', given, 'black-friday-2027-catalog-pc-configured')).toBe('ALARM');
    expect(at('2027-11-26T12:00:00Z', { ...given, pcu: 0.6 }, 'black-friday-2027-catalog-pc-configured')).toBe('OK');
  });
});

describe('a table\'s consumption against the cost cap in force', () => {
  // Flash sale: everyday read cap 8,000/s, 36,000/s from prewarm (2027-11-26 12:00Z, settled 12:20Z) to baseline (11-27 08:00Z).
  const name = 'flash-sale-2027-catalog-table-near-cap';
  const perSecond = (n: number) => flat(n * 60);
  test.each([
    ['in October, 7,500 reads/s are 94 % of the everyday cap', '2027-10-01T00:00:00Z', 7500, 'ALARM'],
    ['in October, 4,000 reads/s are fine', '2027-10-01T00:00:00Z', 4000, 'OK'],
    ['while the cap is being raised, the everyday cap still counts', '2027-11-26T12:10:00Z', 7500, 'ALARM'],
    ['at the sale, 7,500 reads/s are a fifth of its cap', '2027-11-26T16:00:00Z', 7500, 'OK'],
    ['at the sale, 33,000 reads/s are 92 % of its cap', '2027-11-26T16:00:00Z', 33000, 'ALARM'],
    ['after the sale, the everyday cap again', '2027-11-28T00:00:00Z', 7500, 'ALARM'],
  ])('%s', (_, iso, reads, expected) => {
    expect(last(run(name, { ConsumedReadCapacityUnits: perSecond(reads) }, new Date(iso)))).toBe(expected);
  });
  test('no traffic, no datapoints: quiet', () => {
    expect(run(name, {}, new Date('2027-11-26T16:00:00Z'))).toEqual(Array(MINUTES).fill('OK'));
  });
});

describe('rates, not counts: error alarms need traffic to count', () => {
  test.each([
    ['lambda-errors', 'Errors', 'Invocations'],
    ['api-5xx', '5xx', 'Count'],
  ])('%s: a few failures in a quiet minute are not an outage; no traffic at all is quiet', (id, failures, requests) => {
    const name = `prime-day-2027-catalog-${id}`;
    // 5 of 20 requests fail, under the 60-a-minute guard.
    expect(run(name, { [failures]: flat(5), [requests]: flat(20) })).toEqual(Array(MINUTES).fill('OK'));
    // Nothing at all (no datapoints): not breaching.
    expect(run(name, {})).toEqual(Array(MINUTES).fill('OK'));
    // 0.5 % of 200 requests is under 1 %; 1.5 % is over.
    expect(last(run(name, { [failures]: flat(1), [requests]: flat(200) }))).toBe('OK');
    expect(last(run(name, { [failures]: flat(3), [requests]: flat(200) }))).toBe('ALARM');
    // A minute without a failures datapoint but with traffic counts as no failures.
    expect(run(name, { [requests]: flat(5000) })).toEqual(Array(MINUTES).fill('OK'));
  });
});

describe('metrics a running database always emits: missing data is never "healthy"', () => {
  test.each([
    'prime-day-2027-orders-cpu', 'prime-day-2027-orders-connections', 'prime-day-2027-orders-freeable-memory',
    'prime-day-2027-orders-free-storage', 'prime-day-2027-orders-read-latency', 'prime-day-2027-orders-write-latency',
    'prime-day-2027-orders-storage-iops',
    'prime-day-2027-profiles-acu-utilization', 'prime-day-2027-profiles-cpu', 'prime-day-2027-profiles-connections',
    'prime-day-2027-profiles-freeable-memory',
  ])('%s: no data (a wrong dimension, a stopped database) is INSUFFICIENT_DATA, which check shows', (name) => {
    expect(run(name, {})).toEqual(Array(MINUTES).fill('INSUFFICIENT_DATA'));
  });

  test.each([
    'prime-day-2027-catalog-lambda-throttles', 'prime-day-2027-catalog-pc-spillover', 'prime-day-2027-orders-replica-lag',
    'mysql-sale-legacy-replica-lag', 'mysql-sale-legacy-replica-stopped', 'prime-day-2027-account-concurrency',
    'prime-day-2027-catalog-api-latency', 'prime-day-2027-scheduler-target-errors', 'prime-day-2027-scheduler-dead-letter-failed',
    'prime-day-2027-scheduler-throttled', 'prime-day-2027-catalog-pc-configured', 'prime-day-2027-profiles-deadlocks',
    // a 16xlarge does not burst: no balance metrics
    'prime-day-2027-orders-ebs-burst-balance',
    'prime-day-2027-profiles-proxy-borrow-latency', 'flash-sale-2027-catalog-table-near-cap',
    'prime-day-2027-scheduled-change-failed',
  ])('%s: a metric emitted only on activity, or of event replicas that exist only in the window: no data is quiet', (name) => {
    expect(run(name, {})).toEqual(Array(MINUTES).fill('OK'));
  });
});

describe('the dead-letter alarm clears once the queue is drained', () => {
  test('1 message: ALARM; purged: OK the next minute', () => {
    expect(run('prime-day-2027-scheduled-change-failed', { ApproximateNumberOfMessagesVisible: [0, 1, 1, 0, 0, 0] }))
      .toEqual(['OK', 'ALARM', 'ALARM', 'OK', 'OK', 'OK']);
  });
});

describe('composites cannot mask a second failure', () => {
  test('each tier composite notifies on ALARM and OK; the event composite above them sends nothing', () => {
    const composites = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm')
      .map((r) => r.Properties).filter((p) => p.AlarmName.startsWith('prime-day-2027-'));
    expect(composites.map((p) => p.AlarmName).sort()).toEqual([
      'prime-day-2027-catalog-health', 'prime-day-2027-health', 'prime-day-2027-orders-health', 'prime-day-2027-profiles-health',
    ]);
    for (const p of composites) {
      const expected = p.AlarmName === 'prime-day-2027-health' ? undefined : 1;
      expect({ name: p.AlarmName, alarm: p.AlarmActions?.length, ok: p.OKActions?.length })
        .toEqual({ name: p.AlarmName, alarm: expected, ok: expected });
    }
  });
});

test('every alarm is evaluated above (the MySQL instance has the PostgreSQL one\'s, plus replica-stopped)', () => {
  const covered = new Set([
    'catalog-lambda-throttles', 'catalog-lambda-errors', 'catalog-pc-spillover', 'catalog-table-throttles', 'catalog-table-system-errors',
    'catalog-api-5xx', 'account-concurrency', 'catalog-pc-configured', 'catalog-api-4xx', 'catalog-api-latency',
    'scheduler-target-errors', 'scheduler-dead-letter-failed', 'scheduler-throttled', 'orders-cpu', 'orders-connections', 'orders-freeable-memory', 'orders-free-storage', 'orders-read-latency',
    'orders-write-latency', 'orders-replica-lag', 'orders-storage-iops', 'orders-ebs-burst-balance', 'profiles-acu-utilization', 'profiles-cpu',
    'profiles-connections', 'profiles-freeable-memory', 'profiles-replica-lag', 'profiles-deadlocks', 'profiles-proxy-borrow-latency', 'scheduled-change-failed',
  ].map((id) => `prime-day-2027-${id}`));
  expect([...alarms.keys()].filter((n) => n.startsWith('prime-day-2027-')).sort()).toEqual([...covered].sort());
  const ids = (prefix: string) => [...alarms.keys()].filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length)).sort();
  expect(ids('mysql-sale-legacy-')).toEqual([...ids('prime-day-2027-orders-'), 'replica-stopped'].sort());
});

describe('alarms that follow the plan over time do not depend on the unit EPOCH() answers in', () => {
  const timed = [...alarms.entries()].filter(([, p]) => (p.Metrics ?? []).some((q: any) => /EPOCH\(/.test(q.Expression ?? '')));
  // Around every instant an alarm's expression compares the time with (a minute before and after
  // each), and long before and after them all.
  const instantsOf = (props: any) => {
    const seconds = props.Metrics.flatMap((q: any) => [...String(q.Expression ?? '').matchAll(/\b\d{10}\b/g)].map((m) => Number(m[0])));
    return [Date.UTC(2020, 0, 1) / 1000, Date.UTC(2035, 0, 1) / 1000, ...seconds.flatMap((t: number) => [t - 120, t + 60])]
      .map((t) => new Date(t * 1000));
  };
  const loads = [0, 50, 2_000, 30_000, 1_000_000];
  /** Every metric of the alarm at `v` each minute. */
  const everywhere = (v: number) => new Proxy({}, { get: () => flat(v) }) as Given;

  test('the alarms with a time query are the limit-in-force ones, and their thresholds do move with time', () => {
    expect(timed.length).toBeGreaterThanOrEqual(5);
    const moving = timed.filter(([name, props]) => loads.some((v) =>
      new Set(instantsOf(props).map((at) => last(run(name, everywhere(v), at)))).size > 1));
    expect(moving.length).toBeGreaterThan(0);
  });

  test.each(timed.map(([name]) => [name]))('%s: the same state at every instant and load, EPOCH in seconds or milliseconds', (name) => {
    const differ: string[] = [];
    for (const at of instantsOf(alarms.get(name))) {
      for (const v of loads) {
        const seconds = run(name, everywhere(v), at, 'seconds');
        const millis = run(name, everywhere(v), at, 'milliseconds');
        if (JSON.stringify(seconds) !== JSON.stringify(millis)) {
          differ.push(`${at.toISOString()} at ${v}: ${last(seconds)} vs ${last(millis)}`);
        }
      }
    }
    expect(differ.slice(0, 3)).toEqual([]);
  });
});

test('no alarm carries a query that nothing it returns reads', () => {
  const unread = [...alarms.entries()].flatMap(([name, p]) => (p.Metrics ?? [])
    .filter((q: any) => q.ReturnData === false
      && !p.Metrics.some((other: any) => other !== q && new RegExp(`\\b${q.Id}\\b(?!\\s*\\()`).test(other.Expression ?? '')))
    .map((q: any) => `${name} ${q.Id}`));
  expect(unread).toEqual([]);
});

test('no alarm names a unit: PutMetricAlarm warns that a Unit the metric does not have leaves the alarm in INSUFFICIENT_DATA', () => {
  const withUnit = [...alarms.entries()]
    .filter(([, p]) => p.Unit !== undefined || (p.Metrics ?? []).some((q: any) => q.MetricStat?.Unit !== undefined))
    .map(([name]) => name);
  expect(withUnit).toEqual([]);
  expect([...alarms.keys()]).toEqual(expect.arrayContaining(['prime-day-2027-profiles-replica-lag']));
});

test('one breach, one message: each alarm reaches the topic through exactly one alarm with actions (itself or a composite above it)', () => {
  const all = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' || r.Type === 'AWS::CloudWatch::CompositeAlarm');
  const parentsOf = (id: string) => all.filter(([, r]) => r.Type === 'AWS::CloudWatch::CompositeAlarm'
    && JSON.stringify(r.Properties.AlarmRule).includes(`"Fn::GetAtt":["${id}","Arn"]`)).map(([pid]) => pid);
  const notifying = (id: string): number => ((resources[id].Properties.AlarmActions ?? []).length > 0 ? 1 : 0)
    + parentsOf(id).reduce((n, parent) => n + notifying(parent), 0);
  const leaves = all.filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
  const counts = leaves.map(([id, r]) => `${r.Properties.AlarmName}: ${notifying(id)}`);
  expect(counts.filter((c) => !c.endsWith(': 1'))).toEqual([]);
  expect(leaves.length).toBeGreaterThan(50);
});

describe('table-system-errors watches every item operation DynamoDB reports SystemErrors for (PartiQL aside)', () => {
  const name = 'prime-day-2027-catalog-table-system-errors';
  const operations: string[] = alarms.get(name).Metrics.filter((q: any) => q.MetricStat)
    .map((q: any) => q.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'Operation').Value);

  test('the ten operations, as many metrics as a math alarm may read', () => {
    expect([...operations].sort()).toEqual(['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'Scan',
      'TransactGetItems', 'TransactWriteItems', 'UpdateItem']);
  });

  test.each(operations.map((op, k) => [op, k]))('errors of %s alone raise it', (_op, k) => {
    expect(last(run(name, { [`SystemErrors@${k}`]: after3(0, 3) }))).toBe('ALARM');
  });
});

test('the account\'s concurrency pages once, whichever event of the app is nearest: each event watches its own stretch of time', () => {
  // Prime Day (July) and Black Friday (November) in one calendar, and the flash sale: the account runs hot all year.
  const events = [...alarms.keys()].filter((name) => name.endsWith('-account-concurrency'));
  expect(events.sort()).toEqual(['black-friday-2027-account-concurrency', 'flash-sale-2027-account-concurrency',
    'prime-day-2027-account-concurrency']);
  const hot = { ClaimedAccountConcurrency: flat(990) };
  const firing = (iso: string) => events.filter((name) => last(run(name, hot, new Date(iso))) === 'ALARM');
  for (const iso of ['2026-01-01T00:00:00Z', '2027-03-01T00:00:00Z', '2027-07-13T12:00:00Z', '2027-09-01T00:00:00Z',
    '2027-11-26T12:00:00Z', '2027-11-30T00:00:00Z', '2028-02-01T00:00:00Z']) {
    expect([iso, firing(iso).length]).toEqual([iso, 1]);
  }
  expect(firing('2027-03-01T00:00:00Z')).toEqual(['prime-day-2027-account-concurrency']);
  expect(firing('2027-07-13T12:00:00Z')).toEqual(['prime-day-2027-account-concurrency']);
});
