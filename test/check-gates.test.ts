import {
  ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingActivitiesCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { GetProvisionedConcurrencyConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  DescribeExecutionCommand, DescribeExecutionOutput, ListExecutionsCommand, ListStateMachinesCommand, SFNClient,
} from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { addGameDay } from '../examples';
import { plansInTemplate } from '../lib/cli/assembly';
import { ChangeReading, readChanges, RealityClients } from '../lib/cli/reality';
import { newApp } from './support/app';
import { SynthesizedStack, synthesizedStacks, TemplateResolver } from './support/oracle-app';

/**
 * `check` on gated ramp-down steps: the game-day example (every ramp-down step of both tiers held
 * while the tier is hot), read half an hour after ramp-down-1, with the gates' executions as Step
 * Functions would report them.
 */
const app = newApp();
const { readiness } = addGameDay(app, { now: new Date('2027-01-01T00:00:00Z') });
const stacks: SynthesizedStack[] = synthesizedStacks(app.synth());
const resolver = new TemplateResolver(stacks);
const stack = stacks.find((s) => s.name === readiness.stackName)!;
const plan = plansInTemplate(stack.template, stack.name)[0].plan;
const schedules = Object.entries<any>(stack.template.Resources)
  .filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule')
  .map(([id, r]) => ({
    Name: id, Description: r.Properties.Description as string, State: 'ENABLED',
    Target: {
      Arn: `arn:aws:states:us-east-1:111111111111:stateMachine:${id}`,
      Input: resolver.resolve(stack, r.Properties.Target.Input) as string,
    },
  }));
const physicalIds = Object.fromEntries(Object.entries<any>(stack.template.Resources)
  .filter(([, r]) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')
  .map(([id, r]) => [id, [resolver.resolve(stack, r.Properties.ResourceId), r.Properties.ScalableDimension, r.Properties.ServiceNamespace].join('|')]));

const sfn = mockClient(SFNClient);
const scheduler = mockClient(SchedulerClient);
const rds = mockClient(RDSClient);
const autoScaling = mockClient(ApplicationAutoScalingClient);
const lambda = mockClient(LambdaClient);
const cloudFormation = mockClient(CloudFormationClient);
// The mocks replace send() on the client classes: put back for the files the worker runs next.
afterAll(() => [sfn, scheduler, rds, autoScaling, lambda, cloudFormation].forEach((m) => m.restore()));
const clients: RealityClients = {
  scheduler: new SchedulerClient({ region: 'us-east-1' }), rds: new RDSClient({ region: 'us-east-1' }),
  dynamodb: new DynamoDBClient({ region: 'us-east-1' }), sqs: new SQSClient({ region: 'us-east-1' }),
  applicationAutoScaling: new ApplicationAutoScalingClient({ region: 'us-east-1' }), lambda: new LambdaClient({ region: 'us-east-1' }),
  cloudFormation: new CloudFormationClient({ region: 'us-east-1' }), stepFunctions: new SFNClient({ region: 'us-east-1' }),
  ecs: new ECSClient({ region: 'us-east-1' }),
};

/** ramp-down-1 fired at 13:00Z; checked at 13:30Z. */
const NOW = new Date('2027-11-06T13:30:00Z');
const input = (description: string) => schedules.find((s) => s.Description === description)!.Target.Input;

/** The world: the gates' executions by step description, and the resources as they are. */
function given(executions: { [description: string]: Partial<DescribeExecutionOutput> },
  world: { acu: [number, number]; pc: number; readers: number }) {
  for (const m of [sfn, scheduler, rds, autoScaling, lambda, cloudFormation]) {
    m.reset();
  }
  sfn.on(ListStateMachinesCommand).resolves({
    stateMachines: ['match-api', 'leaderboards', 'other'].map((t) => ({
      name: `worlds-final-2027-${t}-ramp-down`, stateMachineArn: `arn:aws:states:us-east-1:111111111111:stateMachine:${t}`,
      type: 'STANDARD', creationDate: new Date('2027-10-01T00:00:00Z'),
    })),
  });
  const entries = Object.entries(executions).map(([description, e], k) => ({
    executionArn: `arn:aws:states:us-east-1:111111111111:execution:gate:${k}`,
    stateMachineArn: `arn:aws:states:us-east-1:111111111111:stateMachine:${description.includes('/match-api ') ? 'match-api' : 'leaderboards'}`,
    name: `e${k}`, status: e.status, startDate: e.startDate ?? new Date('2027-11-06T13:00:05Z'),
    input: input(description), ...e,
  }));
  sfn.on(ListExecutionsCommand).callsFake((i) => ({ executions: entries.filter((e) => e.stateMachineArn === i.stateMachineArn) }));
  sfn.on(DescribeExecutionCommand).callsFake((i) => entries.find((e) => e.executionArn === i.executionArn));
  scheduler.on(ListSchedulesCommand).resolves({ Schedules: schedules.map((s) => ({ Name: s.Name })) });
  scheduler.on(GetScheduleCommand).callsFake((i) => schedules.find((s) => s.Name === i.Name));
  cloudFormation.on(DescribeStackResourceCommand).callsFake((i) => ({
    StackResourceDetail: { LogicalResourceId: i.LogicalResourceId, PhysicalResourceId: physicalIds[i.LogicalResourceId!] },
  }));
  autoScaling.on(DescribeScalableTargetsCommand).callsFake((i) => {
    const n = i.ResourceIds![0].startsWith('function:') ? world.pc : world.readers;
    return { ScalableTargets: [{ ResourceId: i.ResourceIds![0], MinCapacity: n, MaxCapacity: n }] };
  });
  autoScaling.on(DescribeScalingActivitiesCommand).resolves({ ScalingActivities: [] });
  lambda.on(GetProvisionedConcurrencyConfigCommand).callsFake(() => ({
    Status: 'READY', RequestedProvisionedConcurrentExecutions: world.pc, AllocatedProvisionedConcurrentExecutions: world.pc,
  }));
  rds.on(DescribeDBClustersCommand).resolves({
    DBClusters: [{ Status: 'available', ServerlessV2ScalingConfiguration: { MinCapacity: world.acu[0], MaxCapacity: world.acu[1] },
      DBClusterMembers: [{ DBInstanceIdentifier: 'w', IsClusterWriter: true },
        ...Array.from({ length: world.readers }, (_, k) => ({ DBInstanceIdentifier: `r${k}`, IsClusterWriter: false }))] }],
  });
  rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: Array.from({ length: world.readers }, (_, k) => ({ DBInstanceIdentifier: `r${k}`, DBInstanceStatus: 'available' })),
  });
}

const row = (rows: ChangeReading[], tier: string, when: string, setting: string) =>
  rows.find((r) => r.tier === tier && r.when === when && r.setting === setting)!;

describe('check on gated ramp-down steps', () => {
  test('held now: AT RISK, saying since when and for how long at most; applied after a hold: READY, saying so', async () => {
    // GIVEN the leaderboards' ACU step still held (the tier is hot), the match API's applied after 10 minutes
    given({
      'worlds-final-2027/leaderboards ramp-down-1: ACU range 16-96 ACU -> 11-69.5 ACU': { status: 'RUNNING' },
      'worlds-final-2027/match-api ramp-down-1: provisioned concurrency 850 -> 567': {
        status: 'SUCCEEDED', output: JSON.stringify({ outcome: 'APPLIED', held: { seconds: 600 } }),
      },
    }, { acu: [16, 96], pc: 567, readers: 4 });
    // WHEN
    const rows = await readChanges(plan, NOW, clients, stack.name);
    // THEN
    const acu = row(rows, 'leaderboards', 'ramp-down-1', 'ACU range');
    expect(acu.verdict).toBe('AT RISK');
    expect(acu.actual).toBe('held by its gate since 2027-11-06T13:00:05.000Z: the tier is hot (30 min so far, at most 45 min)');
    expect(acu.gate).toMatchObject({ status: 'RUNNING' });
    const pc = row(rows, 'match-api', 'ramp-down-1', 'provisioned concurrency');
    expect(pc.verdict).toBe('READY');
    expect(pc.actual).toMatch(/567 of 567 allocated \(READY\) \(applied after its gate held it 10 min\)$/);
  });

  test('skipped (the tier stayed hot past the maximum hold): AT RISK, saying so', async () => {
    given({
      'worlds-final-2027/leaderboards ramp-down-1: readers 4 -> 3': {
        status: 'SUCCEEDED', output: JSON.stringify({ outcome: 'SKIPPED', held: { seconds: 2700 } }),
      },
    }, { acu: [11, 69.5], pc: 567, readers: 4 });
    const rows = await readChanges(plan, NOW, clients, stack.name);
    const readers = row(rows, 'leaderboards', 'ramp-down-1', 'readers');
    expect(readers).toMatchObject({ verdict: 'AT RISK', actual: 'skipped by its gate: the tier stayed hot for 45 min' });
  });

  test('a failed gate execution: NOT READY, naming it', async () => {
    given({
      'worlds-final-2027/leaderboards ramp-down-1: ACU range 16-96 ACU -> 11-69.5 ACU': { status: 'FAILED' },
    }, { acu: [16, 96], pc: 567, readers: 3 });
    const rows = await readChanges(plan, NOW, clients, stack.name);
    const acu = row(rows, 'leaderboards', 'ramp-down-1', 'ACU range');
    expect(acu.verdict).toBe('NOT READY');
    expect(acu.actual).toMatch(/^its gate's execution FAILED \(arn:aws:states:.*\): apply the step by hand if still needed$/);
  });

  test('no execution yet and not in place, within the schedule\'s retries and the maximum hold: AT RISK; long after: NOT READY', async () => {
    given({}, { acu: [16, 96], pc: 850, readers: 4 });
    const soon = await readChanges(plan, NOW, clients, stack.name);
    expect(row(soon, 'leaderboards', 'ramp-down-1', 'ACU range').verdict).toBe('AT RISK');
    expect(row(soon, 'match-api', 'ramp-down-1', 'provisioned concurrency')).toMatchObject({
      verdict: 'AT RISK', actual: expect.stringMatching(/\(its gate may still be holding it\)$/),
    });
    // 13:00 + 15 min of the schedule's retries + the gate's time limit (45 min of hold, a 5-minute
    // check, 10 min for the calls) + the lead time: past by 14:20
    const late = await readChanges(plan, new Date('2027-11-06T14:20:00Z'), clients, stack.name);
    expect(row(late, 'leaderboards', 'ramp-down-1', 'ACU range').verdict).toBe('NOT READY');
    expect(row(late, 'match-api', 'ramp-down-1', 'provisioned concurrency').verdict).toBe('NOT READY');
  });

  test('a gated Scheduler step is compared through the request its schedule gives the gate', async () => {
    given({
      'worlds-final-2027/leaderboards ramp-down-1: ACU range 16-96 ACU -> 11-69.5 ACU': {
        status: 'SUCCEEDED', output: JSON.stringify({ outcome: 'APPLIED', held: { seconds: 0 } }),
      },
    }, { acu: [11, 69.5], pc: 567, readers: 3 });
    const rows = await readChanges(plan, NOW, clients, stack.name);
    expect(row(rows, 'leaderboards', 'ramp-down-1', 'ACU range')).toMatchObject({ verdict: 'READY', actual: '11-69.5 ACU (available)' });
  });
});
