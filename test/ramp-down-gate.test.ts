import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { addGameDay } from '../examples';
import {
  AcuRange, AuroraServerlessTier, EventCalendarStack, EventPlanDocument, EventReadiness, EventReadinessStack, EventWindow,
  HeldTooLong, ITierEventPlan, RampDownGate, StatelessTier,
} from '../lib';
import { GATE_METRIC_NAMESPACE, GATE_METRICS } from '../lib/readiness/gated-ramp-down';
import { newApp } from './support/app';
import { Execution, runStateMachine, TaskError } from './support/asl-interpreter';
import { synthesizedStacks, TemplateResolver } from './support/oracle-app';
import { TestTier } from './support/test-tier';

const NOW = new Date('2027-01-01T00:00:00Z');
const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const KEYS: dynamodb.TablePropsV2 = { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } };

/** A template's plan document of one event. */
function planOf(stack: Stack, event: string): EventPlanDocument {
  return Template.fromStack(stack).toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}${event}`];
}

// GIVEN the game-day example: its ramp-down gated (every 5 minutes, at most 45 minutes, then apply)
const app = newApp();
const { readiness: gameDay } = addGameDay(app, { now: NOW });
const assembly = app.synth();
const stacks = synthesizedStacks(assembly);
const resolver = new TemplateResolver(stacks);
const gameDayStack = stacks.find((s) => s.name === gameDay.stackName)!;
const resources = Object.entries<any>(gameDayStack.template.Resources);

/** A tier's gate definition (ASL) and the executions its schedules start. */
function gateOf(tier: string): { definition: any; inputs: Map<string, any> } {
  const [id, machine] = resources.find(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine'
    && r.Properties.StateMachineName === `worlds-final-2027-${tier}-ramp-down`)!;
  const definition = JSON.parse(resolver.resolve(gameDayStack, machine.Properties.DefinitionString));
  const inputs = new Map(resources
    .filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule' && r.Properties.Target.Arn.Ref === id)
    .map(([, r]) => [r.Properties.Description, JSON.parse(resolver.resolve(gameDayStack, r.Properties.Target.Input))]));
  return { definition, inputs };
}

const DESCRIBE_ALARMS = 'arn:aws:states:::aws-sdk:cloudwatch:describeAlarms';
const PUT_METRIC_DATA = 'arn:aws:states:::aws-sdk:cloudwatch:putMetricData';
const SEND_MESSAGE = 'arn:aws:states:::sqs:sendMessage';
const MODIFY_CLUSTER = 'arn:aws:states:::aws-sdk:rds:modifyDBCluster';
const REGISTER = 'arn:aws:states:::aws-sdk:applicationautoscaling:registerScalableTarget';

/**
 * CloudWatch's answer to DescribeAlarms with StateValue ALARM: the named alarms in ALARM. `hotUntil`
 * seconds, the tier's composite is in ALARM; `absentWhenEmpty` answers an empty list by leaving
 * the member out (what an SDK may do with an empty XML list).
 */
function cloudWatch(hotUntil: number, options: { absentWhenEmpty?: boolean; failing?: boolean } = {}) {
  return (params: any, now: number) => {
    if (options.failing) {
      throw new TaskError('CloudWatch.InternalServiceFault');
    }
    expect(params.StateValue).toBe('ALARM');
    const inAlarm = now < hotUntil ? params.AlarmNames.map((n: string) => ({ AlarmName: n, StateValue: 'ALARM' })) : [];
    if (inAlarm.length === 0 && options.absentWhenEmpty) {
      return {};
    }
    return { CompositeAlarms: inAlarm, MetricAlarms: [] };
  };
}

function run(tier: string, description: string, tasks: { [resource: string]: (p: any, now: number) => any }): Execution {
  const { definition, inputs } = gateOf(tier);
  const input = inputs.get(`worlds-final-2027/${tier} ${description}`);
  expect(input).toBeDefined();
  return runStateMachine(definition, input, {
    [PUT_METRIC_DATA]: () => ({}),
    [SEND_MESSAGE]: () => ({ MessageId: 'm-1' }),
    ...tasks,
  });
}

/** A template value as a string: Fn::Join joined, a Ref as `<id>` (enough for ASL and inputs). */
function flat(value: any): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value?.['Fn::Join']) {
    return value['Fn::Join'][1].map(flat).join(value['Fn::Join'][0]);
  }
  if (value?.Ref) {
    return `<${value.Ref}>`;
  }
  return `<${JSON.stringify(value).replace(/"/g, '')}>`;
}

const callsTo = (e: Execution, resource: string) => e.calls.filter((c) => c.resource === resource);
const metricNames = (e: Execution) => callsTo(e, PUT_METRIC_DATA).map((c) => c.parameters.MetricData[0].MetricName);

describe('the gate\'s decision (its ASL run on CloudWatch\'s answers)', () => {
  const step = 'ramp-down-1: ACU range 16-96 ACU -> 11-69.5 ACU';
  const ok = () => ({ DBCluster: {} });

  test('a tier that is not hot: the step\'s call at once, as the schedule gives it, no hold', () => {
    // WHEN
    const e = run('leaderboards', step, { [DESCRIBE_ALARMS]: cloudWatch(0), [MODIFY_CLUSTER]: ok });
    // THEN
    expect(e.status).toBe('SUCCEEDED');
    expect(e.output.outcome).toBe('APPLIED');
    const [call] = callsTo(e, MODIFY_CLUSTER);
    expect(call.at).toBe(0);
    expect(call.parameters).toEqual(gateOf('leaderboards').inputs.get(`worlds-final-2027/leaderboards ${step}`).request);
    expect(call.parameters.ServerlessV2ScalingConfiguration).toEqual({ MinCapacity: 11, MaxCapacity: 69.5 });
    expect(metricNames(e)).toEqual([]);
    // the alarm read is the tier's composite, only those in ALARM
    expect(callsTo(e, DESCRIBE_ALARMS)[0].parameters).toEqual({
      AlarmNames: ['worlds-final-2027-leaderboards-health'], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'], StateValue: 'ALARM',
    });
  });

  test('CloudWatch leaving out an empty list reads as not hot', () => {
    const e = run('leaderboards', step, { [DESCRIBE_ALARMS]: cloudWatch(0, { absentWhenEmpty: true }), [MODIFY_CLUSTER]: ok });
    expect(e.output.outcome).toBe('APPLIED');
    expect(callsTo(e, MODIFY_CLUSTER)[0].at).toBe(0);
  });

  test('hot for 12 minutes: held, checked every 5 minutes, applied at the first check it has cooled (15 min)', () => {
    const e = run('leaderboards', step, { [DESCRIBE_ALARMS]: cloudWatch(12 * 60), [MODIFY_CLUSTER]: ok });
    expect(e.output.outcome).toBe('APPLIED');
    expect(callsTo(e, DESCRIBE_ALARMS).map((c) => c.at)).toEqual([0, 300, 600, 900]);
    expect(callsTo(e, MODIFY_CLUSTER).map((c) => c.at)).toEqual([900]);
    expect(metricNames(e)).toEqual([GATE_METRICS.held, GATE_METRICS.held, GATE_METRICS.held]);
    expect(e.output.held.seconds).toBe(900);
    const [metric] = callsTo(e, PUT_METRIC_DATA);
    expect(metric.parameters).toEqual({
      Namespace: GATE_METRIC_NAMESPACE,
      MetricData: [{ MetricName: GATE_METRICS.held, Dimensions: [{ Name: 'Event', Value: 'worlds-final-2027' },
        { Name: 'Tier', Value: 'leaderboards' }], Value: 1, Unit: 'Count' }],
    });
  });

  test('hot all along, HeldTooLong.APPLY (the example): held the maximum 45 minutes, then applied', () => {
    const e = run('leaderboards', step, { [DESCRIBE_ALARMS]: cloudWatch(Infinity), [MODIFY_CLUSTER]: ok });
    expect(e.status).toBe('SUCCEEDED');
    expect(e.output.outcome).toBe('APPLIED');
    expect(callsTo(e, MODIFY_CLUSTER).map((c) => c.at)).toEqual([45 * 60]);
    expect(metricNames(e)).toHaveLength(9);
    // within the state machine's own time limit
    expect(e.seconds).toBeLessThan(gateOf('leaderboards').definition.TimeoutSeconds);
  });

  test('an Application Auto Scaling step updates the scalable target to the step\'s capacity', () => {
    const e = run('match-api', 'ramp-down-2: provisioned concurrency 567 -> 283', {
      [DESCRIBE_ALARMS]: cloudWatch(0), [REGISTER]: () => ({}),
    });
    const [call] = callsTo(e, REGISTER);
    expect(call.parameters).toMatchObject({
      ServiceNamespace: 'lambda', ScalableDimension: 'lambda:function:ProvisionedConcurrency', MinCapacity: 283, MaxCapacity: 283,
    });
    expect(call.parameters.ResourceId).toMatch(/^function:.+:live$/);
  });

  test('a call that keeps failing: 3 retries, then its input to the dead-letter queue, and the execution fails', () => {
    const e = run('leaderboards', step, {
      [DESCRIBE_ALARMS]: cloudWatch(0),
      [MODIFY_CLUSTER]: () => {
        throw new TaskError('Rds.InvalidDBClusterStateFault');
      },
    });
    expect(callsTo(e, MODIFY_CLUSTER)).toHaveLength(4);
    expect(e.status).toBe('FAILED');
    expect(e.error).toBe('RampDownStepFailed');
    const [sent] = callsTo(e, SEND_MESSAGE);
    const body = JSON.parse(sent.parameters.MessageBody);
    expect(body.change).toBe(`worlds-final-2027/leaderboards ${step}`);
    expect(body.error.Error).toBe('Rds.InvalidDBClusterStateFault');
    expect(sent.parameters.QueueUrl).toMatch(/deadletterqueue/i);
  });

  test('alarms that cannot be read: the step is not made blind; it goes to the dead-letter queue', () => {
    const e = run('leaderboards', step, { [DESCRIBE_ALARMS]: cloudWatch(0, { failing: true }), [MODIFY_CLUSTER]: ok });
    expect(callsTo(e, MODIFY_CLUSTER)).toHaveLength(0);
    expect(callsTo(e, SEND_MESSAGE)).toHaveLength(1);
    expect(e.status).toBe('FAILED');
  });

  test('a metric that cannot be written does not hold back the step', () => {
    const e = run('leaderboards', step, {
      [DESCRIBE_ALARMS]: cloudWatch(6 * 60), [MODIFY_CLUSTER]: ok,
      [PUT_METRIC_DATA]: () => {
        throw new TaskError('CloudWatch.ThrottlingException');
      },
    });
    expect(e.output.outcome).toBe('APPLIED');
    // hot at 0; the count is retried 3 times (10 + 20 + 40 s) and given up; 5 minutes' hold; cool at 370 s
    expect(callsTo(e, MODIFY_CLUSTER).map((c) => c.at)).toEqual([370]);
  });
});

describe('visible', () => {
  test('each gated tier\'s dashboard row graphs its held checks and skipped steps', () => {
    const [dashboard] = resources.filter(([, r]) => r.Type === 'AWS::CloudWatch::Dashboard').map(([, r]) => r);
    const body = JSON.parse(flat(dashboard.Properties.DashboardBody));
    const graphs = body.widgets.filter((w: any) => w.properties?.title === 'Ramp-down gate: held checks, skipped steps');
    expect(graphs).toHaveLength(2);
    for (const [graph, tier] of graphs.map((g: any, i: number) => [g, ['match-api', 'leaderboards'][i]])) {
      expect(graph.properties.metrics.map((m: any) => m.slice(0, 6))).toEqual([
        [GATE_METRIC_NAMESPACE, GATE_METRICS.held, 'Event', 'worlds-final-2027', 'Tier', tier],
        [GATE_METRIC_NAMESPACE, GATE_METRICS.skipped, 'Event', 'worlds-final-2027', 'Tier', tier],
      ]);
    }
  });
});

describe('HeldTooLong.SKIP, alarms of one\'s own, per-tier override', () => {
  // GIVEN a stateless tier and an Aurora tier; the event gates with SKIP on a chosen alarm, and
  // the Aurora tier is exempted
  const skipApp = newApp();
  const tiers = new Stack(skipApp, 'Tiers');
  const api = new StatelessTier(tiers, 'Api', { code: CODE, tableProps: KEYS });
  const db = new AuroraServerlessTier(tiers, 'Db', { capacity: AcuRange.between(0.5, 8) });
  const event = new EventReadinessStack(skipApp, 'SkipEvent', {
    window: new EventWindow({
      name: 'skip-sale', start: '2027-03-01T10:00', end: '2027-03-01T18:00', timeZone: TimeZone.EUROPE_PARIS,
      rampDown: Duration.hours(8), rampDownSteps: 2,
    }),
    now: NOW,
  });
  const busy = new cloudwatch.Alarm(event, 'Busy', {
    alarmName: 'skip-sale-orders-queue-deep',
    metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'QueueDepth' }),
    threshold: 1000, evaluationPeriods: 1,
  });
  event.addTier(api.forEvent({ provisionedConcurrency: 100 }), {
    rampDownGate: RampDownGate.whileInAlarm({ alarms: [busy], whenHeldTooLong: HeldTooLong.SKIP, maximumHold: Duration.hours(1) }),
  });
  event.addTier(db.forEvent({ capacity: AcuRange.between(4, 32) }), { rampDownGate: RampDownGate.none() });
  const template = Template.fromStack(event).toJSON();
  const machines = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');

  test('only the gated tier has a state machine; it reads the chosen alarm', () => {
    expect(machines.map((m) => m.Properties.StateMachineName)).toEqual(['skip-sale-api-ramp-down']);
    const definition = JSON.parse(flat(machines[0].Properties.DefinitionString));
    expect(definition.States['Read alarms'].Parameters.AlarmNames).toEqual(['skip-sale-orders-queue-deep']);
  });

  test('hot for longer than the maximum hold: skipped, counted, no call', () => {
    const definition = JSON.parse(flat(machines[0].Properties.DefinitionString));
    const schedule = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::Scheduler::Schedule'
      && r.Properties.Description === 'skip-sale/api ramp-down-1: provisioned concurrency 100 -> 67');
    const input = JSON.parse(flat(schedule.Properties.Target.Input));
    const e = runStateMachine(definition, input, {
      [DESCRIBE_ALARMS]: cloudWatch(Infinity), [PUT_METRIC_DATA]: () => ({}), [REGISTER]: () => ({}),
    });
    expect(e.output.outcome).toBe('SKIPPED');
    expect(callsTo(e, REGISTER)).toHaveLength(0);
    expect(metricNames(e).slice(-1)).toEqual([GATE_METRICS.skipped]);
    expect(e.seconds).toBe(3600);
  });

  test('the plan records the gate on every scale-down of the gated tier, and on nothing else', () => {
    const plan = planOf(event, 'skip-sale');
    const apiTier = plan.tiers.find((t) => t.name === 'api')!;
    for (const c of apiTier.changes) {
      expect([c.direction, c.gate !== undefined]).toEqual([c.direction, c.direction === 'SCALE_DOWN']);
    }
    expect(apiTier.changes.find((c) => c.gate)!.gate).toEqual({
      stateMachineName: 'skip-sale-api-ramp-down', alarmNames: ['skip-sale-orders-queue-deep'],
      checkEverySeconds: 600, maximumHoldSeconds: 3600, whenHeldTooLong: 'SKIP',
    });
    // a held step may apply this late: the schedule's 15 minutes, then the gate's time limit (the
    // hour's hold, one more 10-minute check, 10 minutes for the calls)
    const gated = apiTier.changes.find((c) => c.gate)!;
    expect(gated.retryWindowSeconds).toBe(15 * 60 + 3600 + 600 + 600);
    const machine = JSON.parse(flat(machines[0].Properties.DefinitionString));
    expect(machine.TimeoutSeconds).toBe(3600 + 600 + 600);
    expect(plan.tiers.find((t) => t.name === 'db')!.changes.every((c) => c.gate === undefined)).toBe(true);
  });

  test('SKIP never skips a step no later change of its resource follows: the baseline is applied, late', () => {
    const definition = JSON.parse(flat(machines[0].Properties.DefinitionString));
    const schedule = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::Scheduler::Schedule'
      && r.Properties.Description === 'skip-sale/api baseline: provisioned concurrency 33 -> 0');
    const e = runStateMachine(definition, JSON.parse(flat(schedule.Properties.Target.Input)), {
      [DESCRIBE_ALARMS]: cloudWatch(Infinity), [PUT_METRIC_DATA]: () => ({}), [REGISTER]: () => ({}),
    });
    expect(e.output.outcome).toBe('APPLIED');
    expect(callsTo(e, REGISTER).map((c) => [c.at, c.parameters.MinCapacity])).toEqual([[3600, 0]]);
    expect(metricNames(e)).not.toContain(GATE_METRICS.skipped);
  });

  test('scale-ups are never gated: the prewarm stays a scheduled action, the ramp-down has none', () => {
    const target = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target.Properties.ScheduledActions.map((a: any) => a.ScheduledActionName)).toEqual(['prewarm']);
  });
});

describe('a deploy during the ramp-down', () => {
  // ramp-down-1 fires at 13:00Z; its gate may hold it until 13:00 + 15 min (the schedule's
  // retries, for an Application Auto Scaling step) + 45 + 5 + 10 min = 14:15Z
  const at = (now: string) => {
    const a = newApp();
    const { readiness } = addGameDay(a, { now: new Date(now) });
    return Template.fromStack(readiness).toJSON();
  };
  const pcTarget = (t: any) => Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget'
    && r.Properties.ServiceNamespace === 'lambda').Properties;
  const machineNames = (t: any) => Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine')
    .map((r) => r.Properties.StateMachineName);

  test('mid-hold: the target keeps the capacity before the step (the gate may be holding it), the gate stays', () => {
    const t = at('2027-11-06T13:10:00Z');
    expect([pcTarget(t).MinCapacity, pcTarget(t).MaxCapacity]).toEqual([850, 850]);
    expect(machineNames(t).sort()).toEqual(['worlds-final-2027-leaderboards-ramp-down', 'worlds-final-2027-match-api-ramp-down']);
  });

  test('once the hold is surely over, the step is in force', () => {
    const t = at('2027-11-06T14:20:00Z');
    expect([pcTarget(t).MinCapacity, pcTarget(t).MaxCapacity]).toEqual([567, 567]);
  });

  test('after the baseline\'s hold, no gate is left', () => {
    expect(machineNames(at('2027-11-06T17:10:00Z')).sort()).toHaveLength(2); // the baseline may still be held
    expect(machineNames(at('2027-11-06T18:30:00Z'))).toEqual([]);
  });
});

describe('the interpreter follows the States Language where the gate relies on it', () => {
  test('States.ALL does not catch a runtime error (a path that matches nothing): the execution fails', () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'r', Parameters: { 'x.$': '$.missing' }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }], End: true },
        F: { Type: 'Succeed' },
      },
    };
    expect(runStateMachine(definition, {}, { r: () => ({}) })).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

describe('time bounds: a held step must not collide with the next change of its resource', () => {
  const window = () => new EventWindow({
    name: 'tight-sale', start: '2027-03-01T10:00', end: '2027-03-01T18:00', timeZone: TimeZone.EUROPE_PARIS,
    rampDown: Duration.hours(2), rampDownSteps: 2,
  });
  const build = (gate: RampDownGate) => {
    const a = newApp();
    const tiers = new Stack(a, 'Tiers');
    const db = new AuroraServerlessTier(tiers, 'Db', { capacity: AcuRange.between(0.5, 8) });
    return () => new EventReadinessStack(a, 'Tight', { window: window(), now: NOW, rampDownGate: gate, tiers: [db.forEvent({ capacity: AcuRange.between(4, 32) })] });
  };

  test('steps an hour apart and a 2-hour maximum hold: a synth error naming the hold', () => {
    expect(build(RampDownGate.whileInAlarm())).toThrow(/changes of 'cluster scaling configuration' at ramp-down-1 and ramp-down-2 are 1 h apart, but the first needs 2 h 37 min to complete \(worst case, retries included, and up to 2 h 20 min in its ramp-down gate: the maximum hold, a check and its calls\); lengthen the ramp-down or use fewer steps, or shorten the gate's maximumHold/);
  });

  test('a 20-minute maximum hold, checked every 5 minutes, fits (2 + 15 + 20 + 5 + 10 = 52 minutes)', () => {
    expect(build(RampDownGate.whileInAlarm({ checkEvery: Duration.minutes(5), maximumHold: Duration.minutes(20) }))).not.toThrow();
  });
});

describe('bad gates are synth errors naming the event and tier', () => {
  const build = (gate: RampDownGate, alarms = true) => () => {
    const a = newApp();
    const tiers = new Stack(a, 'Tiers');
    const api = new StatelessTier(tiers, 'Api', { code: CODE, tableProps: KEYS });
    const event = new EventReadinessStack(a, 'Bad', {
      window: new EventWindow({ name: 'bad-sale', start: '2027-03-01T10:00', end: '2027-03-01T18:00', timeZone: TimeZone.ETC_UTC }),
      now: NOW,
    });
    const plan = api.forEvent({ provisionedConcurrency: 10 });
    event.addTier(alarms ? plan : { tierName: plan.tierName, tier: plan.tier, bind: (s, c) => ({ changes: plan.bind(s, c).changes }) },
      { rampDownGate: gate });
  };
  test.each([
    ['checkEvery under a minute', RampDownGate.whileInAlarm({ checkEvery: Duration.seconds(30) }),
      /rampDownGate.checkEvery must be from 1 minute to 1 hour, in whole minutes, got 30 seconds/],
    ['checkEvery not whole minutes', RampDownGate.whileInAlarm({ checkEvery: Duration.seconds(90) }), /rampDownGate.checkEvery must be/],
    ['maximumHold over a day', RampDownGate.whileInAlarm({ maximumHold: Duration.hours(25) }),
      /rampDownGate.maximumHold must be from 1 minute to 24 hours, in whole minutes, got 1 day 1 hour/],
    ['maximumHold under checkEvery', RampDownGate.whileInAlarm({ checkEvery: Duration.minutes(20), maximumHold: Duration.minutes(10) }),
      /rampDownGate.maximumHold \(10 minutes\) must be a whole number of checkEvery \(20 minutes\), at least one/],
    ['maximumHold not a whole number of checks', RampDownGate.whileInAlarm({ checkEvery: Duration.minutes(20), maximumHold: Duration.minutes(30) }),
      /rampDownGate.maximumHold \(30 minutes\) must be a whole number of checkEvery \(20 minutes\)/],
    ['more checks than an execution\'s history holds', RampDownGate.whileInAlarm({ checkEvery: Duration.minutes(1), maximumHold: Duration.hours(24) }),
      /rampDownGate.maximumHold \/ checkEvery is 1440 checks; at most 1000 fit one execution's history \(25,000 events\)/],
    ['maximumHold of Infinity minutes', RampDownGate.whileInAlarm({ maximumHold: Duration.minutes(Infinity) }),
      /rampDownGate.maximumHold must be from 1 minute to 24 hours, in whole minutes, got Infinity/],
    ['maximumHold of NaN minutes', RampDownGate.whileInAlarm({ maximumHold: Duration.minutes(NaN) }),
      /rampDownGate.maximumHold must be from 1 minute to 24 hours, in whole minutes, got NaN/],
    ['checkEvery of half a millisecond', RampDownGate.whileInAlarm({ checkEvery: Duration.millis(0.5) }),
      /rampDownGate.checkEvery must be from 1 minute to 1 hour, in whole minutes, got 0.5 ms/],
    ['an empty alarm list', RampDownGate.whileInAlarm({ alarms: [] }), /rampDownGate.alarms must be a non-empty list of CloudWatch alarms/],
    ['an alarm without a name', RampDownGate.whileInAlarm({ alarms: [new cloudwatch.Alarm(new Stack(new App(), 'X'), 'Unnamed', {
      metric: new cloudwatch.Metric({ namespace: 'A', metricName: 'B' }), threshold: 1, evaluationPeriods: 1,
    })] }), /rampDownGate.alarms: the names of X\/Unnamed are not known at synth time; give each alarm an alarmName/],
  ])('%s', (_case, gate, message) => {
    expect(build(gate)).toThrow(message);
    expect(build(gate)).toThrow(/EventReadiness 'bad-sale'/);
  });

  test('more than 100 alarms, or an alarm of another Region: errors (DescribeAlarms reads 100 by name, in its own Region)', () => {
    const many = (scope: Stack) => Array.from({ length: 101 }, (_, i) => cloudwatch.Alarm.fromAlarmName(scope, `A${i}`, `alarm-${i}`));
    const a = newApp();
    const env = { account: '111111111111', region: 'us-east-1' };
    const tiers = new Stack(a, 'Tiers', { env });
    const api = new StatelessTier(tiers, 'Api', { code: CODE, tableProps: KEYS });
    const event = new EventReadinessStack(a, 'Env', {
      env, now: NOW,
      window: new EventWindow({ name: 'env-sale', start: '2027-03-01T10:00', end: '2027-03-01T18:00', timeZone: TimeZone.ETC_UTC }),
    });
    expect(() => event.addTier(api.forEvent({ provisionedConcurrency: 10 }), {
      rampDownGate: RampDownGate.whileInAlarm({ alarms: many(event) }),
    })).toThrow(/rampDownGate.alarms has 101 alarms; CloudWatch DescribeAlarms reads at most 100 by name/);
    const elsewhere = cloudwatch.Alarm.fromAlarmArn(event, 'Elsewhere', 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:queue-deep');
    expect(() => event.addTier(api.forEvent({ tierName: 'api2', provisionedConcurrency: 10 }), {
      rampDownGate: RampDownGate.whileInAlarm({ alarms: [elsewhere] }),
    })).toThrow(/rampDownGate.alarms: queue-deep \(111111111111, eu-west-1\) is not in the event's account and Region \(111111111111, us-east-1\)/);
  });

  test('a tier without alarms and no alarms given: nothing to hold on', () => {
    expect(build(RampDownGate.whileInAlarm(), false)).toThrow(
      /tier 'api'.*rampDownGate: the tier has no alarms, so no composite alarm to hold its ramp-down steps on; give rampDownGate.alarms/);
  });

  test('a tier whose only alarms are account-wide has no composite either (those alarms are the event\'s)', () => {
    const a = newApp();
    const api = new StatelessTier(new Stack(a, 'Tiers'), 'Api', { code: CODE, tableProps: KEYS });
    const event = new EventReadinessStack(a, 'Bad', {
      window: new EventWindow({ name: 'bad-sale', start: '2027-03-01T10:00', end: '2027-03-01T18:00', timeZone: TimeZone.ETC_UTC }), now: NOW,
    });
    const plan = api.forEvent({ provisionedConcurrency: 10 });
    const accountOnly: ITierEventPlan = {
      tierName: plan.tierName, tier: plan.tier,
      bind: (sc, c) => {
        const b = plan.bind(sc, c);
        return { changes: b.changes, alarms: (b.alarms ?? []).filter((x) => x.accountWide) };
      },
    };
    expect(() => event.addTier(accountOnly, { rampDownGate: RampDownGate.whileInAlarm() })).toThrow(
      /tier 'api'.*rampDownGate: the tier has no alarms, so no composite alarm/);
  });

  test('a gated step on a scalable dimension whose Application Auto Scaling checks are not recorded: an error naming event and tier', () => {
    const a = newApp();
    const tier = new TestTier(new Stack(a, 'Tiers'), 'T');
    expect(() => new EventReadinessStack(a, 'Bad', {
      window: new EventWindow({ name: 'bad-sale', start: '2027-03-01T10:00', end: '2027-03-01T18:00', timeZone: TimeZone.ETC_UTC }),
      now: NOW, rampDownGate: RampDownGate.whileInAlarm({ checkEvery: Duration.minutes(1), maximumHold: Duration.minutes(2) }),
      tiers: [tier.forEvent({ peak: 50 })],
    })).toThrow(/event 'bad-sale', tier 'test': a ramp-down gate cannot hold steps on scalable dimension custom-resource:ResourceType:Property/);
  });
});

describe('in a calendar', () => {
  test('a calendar\'s gate (or an event\'s own) gates its events; the shared scalable target keeps only scheduled scale-ups', () => {
    const a = newApp();
    const tiers = new Stack(a, 'Tiers');
    const api = new StatelessTier(tiers, 'Api', { code: CODE, tableProps: KEYS });
    const calendar = new EventCalendarStack(a, 'Cal', {
      now: NOW,
      rampDownGate: RampDownGate.whileInAlarm({ maximumHold: Duration.minutes(30) }),
      events: [
        { window: new EventWindow({ name: 'spring', start: '2027-03-01T10:00', end: '2027-03-01T18:00', timeZone: TimeZone.ETC_UTC }),
          tiers: [api.forEvent({ provisionedConcurrency: 50 })] },
        { window: new EventWindow({ name: 'autumn', start: '2027-10-01T10:00', end: '2027-10-01T18:00', timeZone: TimeZone.ETC_UTC }),
          tiers: [api.forEvent({ provisionedConcurrency: 80 })], rampDownGate: RampDownGate.none() },
      ],
    });
    const t = Template.fromStack(calendar).toJSON();
    const machines = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    expect(machines.map((m) => m.Properties.StateMachineName)).toEqual(['spring-api-ramp-down']);
    const [target] = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target.Properties.ScheduledActions.map((x: any) => x.ScheduledActionName)).toEqual([
      'spring-prewarm', 'autumn-prewarm', 'autumn-ramp-down-1', 'autumn-ramp-down-2', 'autumn-ramp-down-3', 'autumn-baseline',
    ]);
  });
});

describe('resource budget', () => {
  test('a gated tier stays within 15 resources besides its alarms, plus at most 1 per ramp-down step', () => {
    // GIVEN the game-day example, and the same event ungated
    const byTier = (gated: boolean) => {
      const a = newApp();
      const { readiness } = addGameDay(a, { now: NOW, rampDownGate: gated ? undefined : RampDownGate.none() });
      const all = Object.entries<any>(Template.fromStack(readiness).toJSON().Resources);
      // a tier's resources are in its scope (Readiness/<tier>): their logical ids start with it
      return (tier: string, withAlarms: boolean) => all.filter(([id, r]) => id.startsWith(`Readiness${tier.replace(/-/g, '')}`)
        && (withAlarms || !/^AWS::CloudWatch::(Composite)?Alarm$/.test(r.Type))).length;
    };
    const gated = byTier(true);
    const ungated = byTier(false);
    // THEN the gate adds a state machine, its role and policy, and one schedule per ramp-down step
    // of the tier's Application Auto Scaling setting (ramp-down-1, ramp-down-2, baseline); and an
    // alarm on its failed executions
    const steps = 3;
    for (const tier of ['match-api', 'leaderboards']) {
      expect(gated(tier, false) - ungated(tier, false)).toBe(3 + steps);
      expect(gated(tier, true) - ungated(tier, true)).toBe(3 + steps + 1);
      expect(gated(tier, false)).toBeLessThanOrEqual(15 + steps);
    }
  });
});
