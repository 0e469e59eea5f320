/**
 * `check` compares the plan with the resources as AWS reports them. The schedules are the
 * prime-day example's own (descriptions, target actions and requests as synthesized, the
 * requests' intrinsics resolved as deployed); RDS, DynamoDB, Scheduler, SQS and CloudWatch are
 * mocked, one state of the world per test.
 */
import {
  ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingActivitiesCommand, ScalingActivity,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient, DescribeStackResourceCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetProvisionedConcurrencyConfigCommand, GetProvisionedConcurrencyConfigResponse, LambdaClient } from '@aws-sdk/client-lambda';
import { DBInstance, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { addPrimeDay } from '../examples';
import { plansInTemplate } from '../lib/cli/assembly';
import { checkClients, checkCommand, CheckReport } from '../lib/cli/check';
import { CliIo } from '../lib/cli/io';
import { main } from '../lib/cli/main';
import { notFoundAsEmpty, scheduleDescription } from '../lib/cli/reality';
import { newApp } from './support/app';
import { SynthesizedStack, synthesizedStacks, TemplateResolver } from './support/oracle-app';

const app = newApp();
addPrimeDay(app, { now: new Date('2027-01-01T00:00:00Z') });
const stacks: SynthesizedStack[] = synthesizedStacks(app.synth());
const resolver = new TemplateResolver(stacks);
const calendar = stacks.find((s) => s.name === 'PrimeShopCalendar')!;
const plan = plansInTemplate(calendar.template, calendar.name).find((p) => p.plan.eventName === 'prime-day-2027')!.plan;

/** The event's schedules as Scheduler would return them once deployed. */
const schedules = Object.entries<any>(calendar.template.Resources)
  .filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule' && r.Properties.Description.startsWith('prime-day-2027/'))
  .map(([id, r]) => ({
    Name: id,
    Description: r.Properties.Description as string,
    State: 'ENABLED',
    Target: {
      Arn: resolver.resolve(calendar, r.Properties.Target.Arn) as string,
      Input: resolver.resolve(calendar, r.Properties.Target.Input) as string,
    },
  }));
const inputsOf = (action: string) => schedules.filter((s) => s.Target.Arn.endsWith(`:${action}`)).map((s) => JSON.parse(s.Target.Input));
const primary = inputsOf('modifyDBInstance')[0].DbInstanceIdentifier as string;
const replicas = inputsOf('createDBInstanceReadReplica').map((i) => i.DbInstanceIdentifier as string);
const cluster = inputsOf('modifyDBCluster')[0].DbClusterIdentifier as string;
const tableName = inputsOf('updateTable')[0].TableName as string;
/** The scalable targets as CloudFormation names them once deployed: `<resource ID>|<dimension>|<namespace>`. */
const physicalIds = Object.fromEntries(Object.entries<any>(calendar.template.Resources)
  .filter(([, r]) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')
  .map(([id, r]) => [id, [resolver.resolve(calendar, r.Properties.ResourceId), r.Properties.ScalableDimension, r.Properties.ServiceNamespace].join('|')]));
const pcTarget = Object.values(physicalIds).find((p) => p.includes('ProvisionedConcurrency'))!.split('|')[0];

const cw = mockClient(CloudWatchClient);
const scheduler = mockClient(SchedulerClient);
const rds = mockClient(RDSClient);
const dynamodb = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
const autoScaling = mockClient(ApplicationAutoScalingClient);
const lambda = mockClient(LambdaClient);
const cloudFormation = mockClient(CloudFormationClient);
// The mocks replace send() on the client classes: put back for the files the worker runs next.
afterAll(() => [cw, scheduler, rds, dynamodb, sqs, autoScaling, lambda, cloudFormation].forEach((m) => m.restore()));

/** The world one hour before Prime Day starts (07:00Z): every prewarm change due, the event ahead. */
interface World {
  instances: { [id: string]: DBInstance };
  acu: [number, number];
  warm: { read: number; write: number; status: string };
  deadLetters: number;
  /** Provisioned concurrency: the scalable target's bounds, its latest activity, the alias's config. */
  pc: { target: number; activity?: ScalingActivity; config?: GetProvisionedConcurrencyConfigResponse };
  readers: number;
  /** The cluster's readers as they exist (the target's count when not given). */
  readerMembers?: number;
  /** How many of them are available (all when not given). */
  readersAvailable?: number;
}
function prepared(): World {
  return {
    instances: {
      [primary]: { DBInstanceIdentifier: primary, DBInstanceClass: 'db.r7g.16xlarge', DBInstanceStatus: 'available', Iops: 40000, StorageThroughput: 1000 },
      ...Object.fromEntries(replicas.map((id) => [id, {
        DBInstanceIdentifier: id, DBInstanceClass: 'db.r7g.2xlarge', DBInstanceStatus: 'available',
        StatusInfos: [{ StatusType: 'read replication', Status: 'replicating', Normal: true }],
      }])),
    },
    acu: [8, 128],
    warm: { read: 40000, write: 12000, status: 'ACTIVE' },
    deadLetters: 0,
    pc: {
      target: 800,
      activity: { StatusCode: 'Successful' } as ScalingActivity,
      config: { Status: 'READY', RequestedProvisionedConcurrentExecutions: 800, AllocatedProvisionedConcurrentExecutions: 800 },
    },
    readers: 3,
  };
}

function given(world: World) {
  for (const m of [cw, scheduler, rds, dynamodb, sqs, autoScaling, lambda, cloudFormation]) {
    m.reset();
  }
  cloudFormation.on(DescribeStackResourceCommand).callsFake((input) => ({
    StackResourceDetail: { LogicalResourceId: input.LogicalResourceId, PhysicalResourceId: physicalIds[input.LogicalResourceId!] },
  }));
  autoScaling.on(DescribeScalableTargetsCommand).callsFake((input) => {
    const count = input.ResourceIds![0] === pcTarget ? world.pc.target : world.readers;
    return { ScalableTargets: [{ ResourceId: input.ResourceIds![0], MinCapacity: count, MaxCapacity: count }] };
  });
  autoScaling.on(DescribeScalingActivitiesCommand).callsFake((input) => ({
    ScalingActivities: input.ResourceId === pcTarget && world.pc.activity ? [world.pc.activity] : [],
  }));
  lambda.on(GetProvisionedConcurrencyConfigCommand).callsFake(() => {
    if (!world.pc.config) {
      throw Object.assign(new Error('No provisioned concurrency config'), { name: 'ProvisionedConcurrencyConfigNotFoundException' });
    }
    return world.pc.config;
  });
  cw.on(DescribeAlarmsCommand).callsFake((input) => ({
    MetricAlarms: (input.AlarmNames ?? []).includes('prime-day-2027-scheduled-change-failed') ? [{
      AlarmName: 'prime-day-2027-scheduled-change-failed', StateValue: world.deadLetters > 0 ? 'ALARM' : 'OK', Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold', Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: 'prime-dlq' }], Period: 60, Statistic: 'Maximum',
    }] : [],
    CompositeAlarms: (input.AlarmNames ?? []).includes('prime-day-2027-health')
      ? [{ AlarmName: 'prime-day-2027-health', StateValue: 'OK', AlarmRule: 'ALARM("prime-day-2027-scheduled-change-failed")' }] : [],
  }));
  cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
  scheduler.on(ListSchedulesCommand).resolves({ Schedules: schedules.map((s) => ({ Name: s.Name })) });
  scheduler.on(GetScheduleCommand).callsFake((input) => schedules.find((s) => s.Name === input.Name));
  rds.on(DescribeDBInstancesCommand).callsFake((input) => {
    if (input.Filters) {
      // the cluster's instances: its writer, and its readers (the first `readersAvailable` of them available)
      return { DBInstances: [{ DBInstanceIdentifier: 'writer', DBInstanceStatus: 'available' },
        ...Array.from({ length: world.readerMembers ?? world.readers }, (_, k) => ({
          DBInstanceIdentifier: `reader-${k}`, DBInstanceStatus: k < (world.readersAvailable ?? Infinity) ? 'available' : 'creating',
        }))] };
    }
    const db = world.instances[input.DBInstanceIdentifier!];
    if (!db) {
      throw Object.assign(new Error(`DBInstance ${input.DBInstanceIdentifier} not found.`), { name: 'DBInstanceNotFoundFault' });
    }
    return { DBInstances: [db] };
  });
  rds.on(DescribeDBClustersCommand).resolves({
    DBClusters: [{
      DBClusterIdentifier: cluster, Status: 'available',
      ServerlessV2ScalingConfiguration: { MinCapacity: world.acu[0], MaxCapacity: world.acu[1] },
      DBClusterMembers: [{ DBInstanceIdentifier: 'writer', IsClusterWriter: true },
        ...Array.from({ length: world.readerMembers ?? world.readers }, (_, k) => ({ DBInstanceIdentifier: `reader-${k}`, IsClusterWriter: false }))],
    }],
  });
  dynamodb.on(DescribeTableCommand).resolves({
    Table: {
      TableName: tableName,
      WarmThroughput: { ReadUnitsPerSecond: world.warm.read, WriteUnitsPerSecond: world.warm.write, Status: world.warm.status as any },
    },
  });
  sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: 'https://sqs.example/prime-dlq' });
  sqs.on(GetQueueAttributesCommand).resolves({
    Attributes: { ApproximateNumberOfMessages: String(world.deadLetters), ApproximateNumberOfMessagesNotVisible: '0' },
  });
}

/** A CLI's I/O that collects standard output and reads the clock at `now` (an hour before the start). */
function quietIo(out: string[], now = '2027-07-13T06:00:00Z'): CliIo {
  return { out: (t) => out.push(t), err: () => undefined, isTty: false, env: {}, now: () => new Date(now), writeFile: () => undefined };
}

async function check(world: World, now = '2027-07-13T06:00:00Z'): Promise<{ code: number; report: CheckReport; text: string }> {
  given(world);
  const out: string[] = [];
  const io = quietIo(out, now);
  const options = { event: 'prime-day-2027', plan, planSource: 'test', stackName: 'PrimeShopCalendar' };
  const code = await checkCommand({ ...options, json: true }, io, checkClients({ region: 'us-east-1' }));
  const text: string[] = [];
  const textIo: CliIo = { ...io, out: (t) => text.push(t) };
  given(world);
  await checkCommand(options, textIo, checkClients({ region: 'us-east-1' }));
  return { code, report: JSON.parse(out.join('')), text: text.join('') };
}

const row = (report: CheckReport, tier: string, setting: string) => report.changes!.filter((c) => c.tier === tier && c.setting === setting
  && c.verdict !== 'NOT CHECKED' && c.verdict !== 'UPCOMING');

describe('check: the plan against the resources', () => {
  test('every schedule of the event is found by the description the plan gives its change', () => {
    const expected = plan.tiers.flatMap((t) => t.changes.filter((c) => c.mechanism === 'SCHEDULER_UNIVERSAL_TARGET' && c.scheduled)
      .map((c) => scheduleDescription(plan.eventName, t.name, c)));
    expect(expected.sort()).toEqual(schedules.map((s) => s.Description).sort());
  });

  test('an hour before the start, everything in place: READY, each due change read from its resource', async () => {
    const { code, report, text } = await check(prepared());
    expect(report.schemaVersion).toBe(1);
    expect(report.verdict).toBe('READY');
    expect(code).toBe(0);
    expect(row(report, 'orders', 'instance class')).toEqual([expect.objectContaining({ actual: 'db.r7g.16xlarge (available)', verdict: 'READY' })]);
    expect(row(report, 'orders', 'storage')[0]).toMatchObject({ actual: '40000 IOPS; 1000 MiB/s', verdict: 'READY' });
    expect(row(report, 'orders', 'event replica 3')[0]).toMatchObject({ verdict: 'READY' });
    expect(row(report, 'profiles', 'ACU range')[0]).toMatchObject({ actual: '8-128 ACU (available)', verdict: 'READY' });
    expect(row(report, 'catalog', 'warm throughput')[0]).toMatchObject({ verdict: 'READY' });
    // Application Auto Scaling's, through the stack's scalable targets; the ramp-down is ahead
    expect(row(report, 'catalog', 'provisioned concurrency')[0]).toMatchObject({
      actual: 'target 800-800, 800 of 800 allocated (READY)', verdict: 'READY',
    });
    expect(row(report, 'profiles', 'readers')[0]).toMatchObject({ verdict: 'READY' });
    expect(report.changes!.filter((c) => c.when.startsWith('ramp-down')).every((c) => c.verdict === 'UPCOMING')).toBe(true);
    expect(report.deadLetterQueue).toMatchObject({ queueName: 'prime-dlq', messages: 0, verdict: 'READY' });
    expect(text).toMatch(/Capacity against the plan \(test\)/);
    expect(text).toMatch(/orders\s+prewarm\s+instance class\s+db\.r7g\.2xlarge -> db\.r7g\.16xlarge\s+db\.r7g\.16xlarge \(available\)\s+READY/);
  });

  test('the class change did not apply: NOT READY, naming it', async () => {
    const world = prepared();
    world.instances[primary] = { ...world.instances[primary], DBInstanceClass: 'db.r7g.2xlarge' };
    const { code, report } = await check(world);
    expect(code).toBe(2);
    expect(row(report, 'orders', 'instance class')[0]).toMatchObject({
      actual: 'db.r7g.2xlarge: the change to db.r7g.16xlarge is not applied or pending', verdict: 'NOT READY',
    });
  });

  test('the class change is still being applied: AT RISK', async () => {
    const world = prepared();
    world.instances[primary] = { ...world.instances[primary], DBInstanceClass: 'db.r7g.2xlarge', DBInstanceStatus: 'modifying',
      PendingModifiedValues: { DBInstanceClass: 'db.r7g.16xlarge' } };
    const { code, report } = await check(world);
    expect(code).toBe(1);
    expect(row(report, 'orders', 'instance class')[0]).toMatchObject({ verdict: 'AT RISK' });
  });

  test('an event replica was never created, another is still being built, a third stopped replicating', async () => {
    const world = prepared();
    delete world.instances[replicas[0]];
    world.instances[replicas[1]] = { ...world.instances[replicas[1]], DBInstanceStatus: 'creating', StatusInfos: [] };
    world.instances[replicas[2]] = { ...world.instances[replicas[2]],
      StatusInfos: [{ StatusType: 'read replication', Status: 'error', Normal: false, Message: 'replication stopped' }] };
    const { code, report } = await check(world);
    expect(code).toBe(2);
    expect(row(report, 'orders', 'event replica 1')[0]).toMatchObject({ actual: `replica ${replicas[0]} does not exist`, verdict: 'NOT READY' });
    expect(row(report, 'orders', 'event replica 2')[0]).toMatchObject({ actual: `${replicas[1]} creating`, verdict: 'AT RISK' });
    expect(row(report, 'orders', 'event replica 3')[0]).toMatchObject({ verdict: 'NOT READY' });
    expect(row(report, 'orders', 'event replica 3')[0].actual).toContain('replication error (replication stopped)');
  });

  test('the ACU range stayed at the everyday one; warm throughput is still being raised', async () => {
    const world = prepared();
    world.acu = [2, 16];
    world.warm = { read: 12000, write: 4000, status: 'UPDATING' };
    const { report } = await check(world);
    expect(row(report, 'profiles', 'ACU range')[0]).toMatchObject({ verdict: 'NOT READY' });
    expect(row(report, 'profiles', 'ACU range')[0].actual).toContain('the change to 8-128 ACU is not applied');
    expect(row(report, 'catalog', 'warm throughput')[0]).toMatchObject({ verdict: 'AT RISK' });
  });

  test('every Application Auto Scaling change names its scalable target in the readiness stack', () => {
    const scaled = plan.tiers.flatMap((t) => t.changes).filter((c) => c.mechanism === 'APPLICATION_AUTO_SCALING');
    expect(scaled.length).toBeGreaterThan(0);
    for (const c of scaled) {
      expect(calendar.template.Resources[c.scalableTargetLogicalId!]?.Type).toBe('AWS::ApplicationAutoScaling::ScalableTarget');
    }
  });

  test('the scheduled action failed: NOT READY, with Application Auto Scaling\'s message', async () => {
    const world = prepared();
    world.pc = {
      target: 0,
      activity: { StatusCode: 'Failed', StatusMessage: 'Failed to set provisioned concurrency: account concurrency limit' } as ScalingActivity,
    };
    const { code, report } = await check(world);
    expect(code).toBe(2);
    expect(row(report, 'catalog', 'provisioned concurrency')[0]).toMatchObject({
      actual: 'target 0-0: scaling failed: Failed to set provisioned concurrency: account concurrency limit', verdict: 'NOT READY',
    });
  });

  test('provisioned concurrency requested but still allocating: AT RISK; Lambda could not allocate it: NOT READY', async () => {
    const world = prepared();
    world.pc.config = { Status: 'IN_PROGRESS', RequestedProvisionedConcurrentExecutions: 800, AllocatedProvisionedConcurrentExecutions: 300 };
    expect(row((await check(world)).report, 'catalog', 'provisioned concurrency')[0]).toMatchObject({
      actual: 'target 800-800, 300 of 800 allocated (IN_PROGRESS)', verdict: 'AT RISK',
    });
    world.pc.config = { Status: 'FAILED', StatusReason: 'FUNCTION_ERROR_INIT_FAILURE', RequestedProvisionedConcurrentExecutions: 800 };
    expect(row((await check(world)).report, 'catalog', 'provisioned concurrency')[0]).toMatchObject({
      actual: 'target 800-800, 0 of 800 allocated (FAILED): FUNCTION_ERROR_INIT_FAILURE', verdict: 'NOT READY',
    });
    world.pc.config = undefined;
    expect(row((await check(world)).report, 'catalog', 'provisioned concurrency')[0]).toMatchObject({ verdict: 'NOT READY' });
  });

  test('readers: the scheduled count not applied is NOT READY; applied but still being created is AT RISK', async () => {
    const world = prepared();
    world.readers = 1;
    expect(row((await check(world)).report, 'profiles', 'readers')[0]).toMatchObject({ verdict: 'NOT READY' });
    world.readers = 3;
    world.readerMembers = 2;
    expect(row((await check(world)).report, 'profiles', 'readers')[0]).toMatchObject({ actual: 'target 3-3, 2 of 3 readers available so far', verdict: 'AT RISK' });
    // all three exist, one is still being created: not ready to serve yet
    world.readerMembers = 3;
    world.readersAvailable = 2;
    expect(row((await check(world)).report, 'profiles', 'readers')[0]).toMatchObject({ verdict: 'AT RISK' });
  });

  test('a stale failed activity does not count once the capacity is right; a missing function is NOT READY', async () => {
    const world = prepared();
    world.pc.activity = { StatusCode: 'Failed', StatusMessage: 'an old failure' } as ScalingActivity;
    expect(row((await check(world)).report, 'catalog', 'provisioned concurrency')[0]).toMatchObject({ verdict: 'READY' });
    given(world);
    lambda.on(GetProvisionedConcurrencyConfigCommand).rejects(Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException' }));
    const out: string[] = [];
    const io = quietIo(out);
    await checkCommand({ event: 'prime-day-2027', json: true, plan, planSource: 'test', stackName: 'PrimeShopCalendar' }, io, checkClients({ region: 'us-east-1' }));
    expect(row(JSON.parse(out.join('')), 'catalog', 'provisioned concurrency')[0]).toMatchObject({ verdict: 'NOT READY' });
  });

  test('a change Scheduler may still be retrying is AT RISK, not NOT READY', async () => {
    const world = prepared();
    world.instances[primary] = { ...world.instances[primary], DBInstanceClass: 'db.r7g.2xlarge' };
    // prewarm at 01:00Z: the class change may be retried for 15 minutes and takes 45
    const { report } = await check(world, '2027-07-13T01:30:00Z');
    expect(row(report, 'orders', 'instance class')[0]).toMatchObject({ verdict: 'AT RISK' });
    expect(row(report, 'orders', 'instance class')[0].actual).toContain('within its lead time and retries');
  });

  test('no schedule group: the due changes are not scheduled (NOT READY), the check still runs', async () => {
    const world = prepared();
    given(world);
    scheduler.on(ListSchedulesCommand).rejects(Object.assign(new Error('Schedule group not found'), { name: 'ResourceNotFoundException' }));
    const out: string[] = [];
    const io = quietIo(out);
    expect(await checkCommand({ event: 'prime-day-2027', json: true, plan, planSource: 'test', stackName: 'PrimeShopCalendar' }, io,
      checkClients({ region: 'us-east-1' }))).toBe(2);
    expect(row(JSON.parse(out.join('')), 'orders', 'instance class')[0]).toMatchObject({ actual: 'its schedule is not in the group', verdict: 'NOT READY' });
  });

  test('a message in the dead-letter queue is a change that failed for good: NOT READY', async () => {
    const world = prepared();
    world.deadLetters = 1;
    const { code, report } = await check(world);
    expect(code).toBe(2);
    expect(report.deadLetterQueue).toMatchObject({ messages: 1, verdict: 'NOT READY' });
  });

  test('after the event, the ramp-down is compared: the latest due change of each setting, earlier ones superseded', async () => {
    const world = prepared();
    world.instances = { [primary]: { DBInstanceIdentifier: primary, DBInstanceClass: 'db.r7g.2xlarge', DBInstanceStatus: 'available', Iops: 40000 } };
    world.acu = [2, 16];
    const { report } = await check(world, '2027-07-20T00:00:00Z');
    expect(row(report, 'orders', 'instance class')).toEqual([expect.objectContaining({ when: 'baseline', verdict: 'READY' })]);
    expect(report.changes!.filter((c) => c.setting === 'instance class' && c.verdict === 'NOT CHECKED').map((c) => c.actual))
      .toEqual(Array(3).fill('superseded by a later change'));
    // the replicas were deleted at the ramp-down
    expect(row(report, 'orders', 'event replica 1')[0]).toMatchObject({ actual: `${replicas[0]} deleted`, verdict: 'READY' });
  });

  test('--stack: the plan from the deployed stack\'s template, for on-call without the repository', async () => {
    const world = prepared();
    world.instances[primary] = { ...world.instances[primary], DBInstanceClass: 'db.r7g.2xlarge' };
    given(world);
    cloudFormation.on(GetTemplateCommand, { StackName: 'PrimeShopCalendar' }).resolves({ TemplateBody: JSON.stringify(calendar.template) });
    const out: string[] = [];
    const io = quietIo(out);
    expect(await main(['check', '--event', 'prime-day-2027', '--stack', 'PrimeShopCalendar', '--region', 'us-east-1', '--json'], io)).toBe(2);
    const report = JSON.parse(out.join(''));
    expect(report.plan).toBe('stack PrimeShopCalendar');
    expect(row(report, 'orders', 'instance class')[0]).toMatchObject({ verdict: 'NOT READY' });
    // the scalable targets read through the same stack
    expect(row(report, 'catalog', 'provisioned concurrency')[0]).toMatchObject({ verdict: 'READY' });
    expect(cloudFormation.commandCalls(DescribeStackResourceCommand).every((c) => c.args[0].input.StackName === 'PrimeShopCalendar')).toBe(true);
    // --app and --stack together is a usage error
    expect(await main(['check', '--event', 'x', '--app', 'cdk.out', '--stack', 'S'], io)).toBe(64);
  });

  test('each service\'s "not found" is read as absent; other errors are not', async () => {
    const absent = (name: string, message = 'gone') => notFoundAsEmpty(() => Promise.reject(Object.assign(new Error(message), { name })));
    for (const name of ['DBInstanceNotFoundFault', 'DBClusterNotFoundFault', 'ResourceNotFoundException',
      'ProvisionedConcurrencyConfigNotFoundException', 'QueueDoesNotExist']) {
      await expect(absent(name)).resolves.toBeUndefined();
    }
    await expect(absent('ValidationError', 'Resource ScalableTargetX does not exist for stack PrimeShopCalendar')).resolves.toBeUndefined();
    await expect(absent('ValidationError', '1 validation error detected')).rejects.toThrow('1 validation error');
    await expect(absent('AccessDeniedException')).rejects.toThrow('gone');
  });

  test('without a plan, capacity is not compared and the verdict is at best AT RISK', async () => {
    given(prepared());
    const out: string[] = [];
    const io = quietIo(out);
    expect(await checkCommand({ event: 'prime-day-2027' }, io, checkClients({ region: 'us-east-1' }))).toBe(1);
    expect(out.join('')).toContain('Capacity not compared with the plan, nor the event\'s alarms in other Regions read, if it has '
      + 'any: pass --app DIR');
  });
});
