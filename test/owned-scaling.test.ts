/**
 * Beside the scaling a team already has: when another stack registered a scalable target (target
 * tracking on an alias's provisioned concurrency, its own reader scaling on a cluster), the event
 * never registers it a second time (which would take it over, and deregister it, policies and all,
 * when the event's stack goes). Each change updates the target's minimum with RegisterScalableTarget
 * through EventBridge Scheduler, which keeps its policies; the baseline restores the owner's bounds.
 */
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingActivitiesCommand } from '@aws-sdk/client-application-auto-scaling';
import { GetProvisionedConcurrencyConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CfnParameter, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AcuRange, AuroraServerlessTier, EventCalendarStack, EventReadiness, EventReadinessStack, EventRehearsalStack, EventWindow,
  ExistingAuroraServerlessCluster, ExistingStatelessResources, HeldTooLong, RampDownGate, StatelessTier,
} from '../lib';
import { plansInTemplate } from '../lib/cli/assembly';
import { checkClients } from '../lib/cli/check';
import { readChanges } from '../lib/cli/reality';
import { DEFAULT_BAND, plannedSettings, reviewSetting } from '../lib/cli/review';
import { newApp, runSample } from './support/app';
import { BEFORE_EVENTS } from './support/fixtures';
import { requestProblems } from './support/sdk-model';

const CODE = lambda.Code.fromInline('exports.handler = async () => ({})');
const KEYS = { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } };
const window = (name = 'sale', day = '2026-07-15') => new EventWindow({
  name, start: `${day}T09:00`, end: `${day}T21:00`, timeZone: TimeZone.EUROPE_BERLIN, rampDownSteps: 2,
});

/** A resolved JSON text; the references in one built with Fn::Join read as `<ref>`. */
function jsonOf(resolved: any): any {
  return JSON.parse(typeof resolved === 'string' ? resolved
    : resolved['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : '<ref>')).join(''));
}

/** The schedules' universal-target calls: action, and request, in firing order. */
function calls(stack: Stack): Array<{ action: string; description: string; input: any }> {
  return Object.values<any>(Template.fromStack(stack).findResources('AWS::Scheduler::Schedule'))
    .map((r) => ({
      action: JSON.stringify(stack.resolve(r.Properties.Target.Arn)).replace(/^.*aws-sdk:([^"]+)".*$/, '$1'),
      description: r.Properties.Description as string,
      input: jsonOf(stack.resolve(r.Properties.Target.Input)),
      at: r.Properties.ScheduleExpression as string,
    }))
    .sort((a, b) => a.at.localeCompare(b.at))
    .map(({ at: _, ...rest }) => rest);
}

/** An event planned for an imported alias whose provisioned concurrency the team tracks between 5 and 100 itself. */
function shopEvent(props: Partial<ConstructorParameters<typeof ExistingStatelessResources>[2]> = {}) {
  const app = newApp();
  const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
  const catalog = new ExistingStatelessResources(readiness, 'Catalog', {
    function: lambda.Function.fromFunctionName(readiness, 'Fn', 'shop-catalog'),
    aliasName: 'live',
    provisionedConcurrencyTarget: { minCapacity: 5, maxCapacity: 100 },
    ...props,
  });
  return { app, readiness, catalog };
}

describe('an imported alias whose provisioned concurrency a team scales itself', () => {
  test('no scalable target of the event\'s own: a RegisterScalableTarget call at each step, the owner\'s bounds back at baseline', () => {
    const { readiness, catalog } = shopEvent();
    readiness.addTier(catalog.forEvent({ provisionedConcurrency: 400 }));
    Template.fromStack(readiness).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    Template.fromStack(readiness).resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
    const target = { ServiceNamespace: 'lambda', ResourceId: 'function:shop-catalog:live', ScalableDimension: 'lambda:function:ProvisionedConcurrency' };
    expect(calls(readiness)).toEqual([
      // the minimum up; the maximum raised to it (the owner's 100 is lower)
      { action: 'applicationautoscaling:registerScalableTarget', description: 'sale/catalog prewarm: provisioned concurrency 5 -> 400',
        input: { ...target, MinCapacity: 400, MaxCapacity: 400 } },
      // a third of the way down (400 - 395/3), then two thirds: each above the owner's 100
      { action: 'applicationautoscaling:registerScalableTarget', description: 'sale/catalog ramp-down-1: provisioned concurrency 400 -> 268',
        input: { ...target, MinCapacity: 268, MaxCapacity: 268 } },
      { action: 'applicationautoscaling:registerScalableTarget', description: 'sale/catalog ramp-down-2: provisioned concurrency 268 -> 137',
        input: { ...target, MinCapacity: 137, MaxCapacity: 137 } },
      // the owner's own bounds, for its target tracking
      { action: 'applicationautoscaling:registerScalableTarget', description: 'sale/catalog baseline: provisioned concurrency 137 -> 5',
        input: { ...target, MinCapacity: 5, MaxCapacity: 100 } },
    ]);
    // Each request is one the SDK's model of RegisterScalableTarget takes.
    for (const c of calls(readiness)) {
      expect(requestProblems('applicationautoscaling', 'registerScalableTarget', c.input)).toEqual([]);
    }
  });

  test('the role: RegisterScalableTarget on the account\'s targets of that namespace and dimension only, and what the service checks', () => {
    const { readiness, catalog } = shopEvent();
    readiness.addTier(catalog.forEvent({ provisionedConcurrency: 400 }));
    const statements = Object.values<any>(Template.fromStack(readiness).findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const register = statements.filter((st) => [st.Action].flat().includes('application-autoscaling:RegisterScalableTarget'));
    expect(register).toHaveLength(1);
    expect(register[0].Condition).toEqual({ StringEquals: {
      'application-autoscaling:service-namespace': 'lambda', 'application-autoscaling:scalable-dimension': 'lambda:function:ProvisionedConcurrency',
    } });
    expect(JSON.stringify(register[0].Resource)).toContain(':scalable-target/*');
    // Application Auto Scaling calls these with made-up resources to check its caller holds them (its user guide).
    expect(statements.find((st) => st.Resource === '*')?.Action).toEqual(['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms',
      'cloudwatch:PutMetricAlarm', 'lambda:DeleteProvisionedConcurrencyConfig', 'lambda:GetProvisionedConcurrencyConfig',
      'lambda:PutProvisionedConcurrencyConfig']);
    expect(statements.flatMap((st) => [st.Action].flat())).not.toContain('application-autoscaling:DeregisterScalableTarget');
  });

  test('the plan says it: each change a Scheduler call, and a note on the target', () => {
    const { readiness, catalog } = shopEvent();
    readiness.addTier(catalog.forEvent({ provisionedConcurrency: 400 }));
    const [record] = Template.fromStack(readiness).toJSON().Metadata[`${EventReadiness.PLAN_METADATA_PREFIX}sale`].tiers as any[];
    expect(record.changes.map((c: any) => [c.mechanism, c.action, c.scalableTargetLogicalId])).toEqual(Array(4)
      .fill(['SCHEDULER_UNIVERSAL_TARGET', 'applicationautoscaling:registerScalableTarget', undefined]));
    // The target as Application Auto Scaling names it (its resource ID is a literal here): review reads its activities by it.
    expect(new Set(record.changes.map((c: any) => c.scalableTargetId)))
      .toEqual(new Set(['function:shop-catalog:live|lambda:function:ProvisionedConcurrency|lambda']));
    expect(record.notes).toEqual(['provisioned concurrency: its scalable target (lambda:function:ProvisionedConcurrency) is registered by '
      + 'another stack, with 5-100 and its own scaling policies: the event updates its minimum with RegisterScalableTarget (which keeps '
      + 'them), restores 5-100 at baseline, and never deregisters it']);
  });

  test('a baseline provisioned concurrency other than the owner\'s minimum is refused', () => {
    const { readiness, catalog } = shopEvent();
    expect(() => readiness.addTier(catalog.forEvent({ provisionedConcurrency: 400, baselineProvisionedConcurrency: 10 })))
      .toThrow(/baselineProvisionedConcurrency \(10\) differs from the minimum \(5\) of the alias's scalable target, which another stack registers/);
  });

  test('without it, the event registers the target itself, as before', () => {
    const { readiness, catalog } = shopEvent({ provisionedConcurrencyTarget: undefined });
    readiness.addTier(catalog.forEvent({ provisionedConcurrency: 400 }));
    Template.fromStack(readiness).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
    expect(calls(readiness)).toEqual([]);
  });
});

describe('a tier whose stack scales it already (found in the app)', () => {
  function shop(withEvent: boolean, options: { minCapacity?: number | undefined } = {}) {
    const app = newApp();
    const tiers = new Stack(app, 'Tiers');
    const tier = new StatelessTier(tiers, 'Catalog', { code: CODE, tableProps: KEYS });
    // The team's own target tracking on the alias, in the tier's stack.
    tier.alias.addAutoScaling({ minCapacity: options.minCapacity ?? 2, maxCapacity: 50 }).scaleOnUtilization({ utilizationTarget: 0.7 });
    if (withEvent) {
      new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS, tiers: [tier.forEvent({ provisionedConcurrency: 120 })] });
    }
    return { app, tiers };
  }

  test('the alias\'s own target is found: the event updates it, and the tier stack is the same bytes with or without the event', () => {
    const { app, tiers } = shop(true);
    const readiness = app.node.findChild('Sale') as Stack;
    Template.fromStack(readiness).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    // Down in thirds to the owner's minimum of 2; where the step is under its maximum of 50, that stays.
    expect(calls(readiness).map((c) => [c.input.MinCapacity, c.input.MaxCapacity])).toEqual([[120, 120], [81, 81], [41, 50], [2, 50]]);
    // The team's target and policy stay in the tier stack, untouched by the event (which adds only exports of what it names).
    const resources = (stack: Stack) => JSON.stringify(Template.fromStack(stack).toJSON().Resources);
    expect(resources(tiers)).toBe(resources(shop(false).tiers));
    Template.fromStack(tiers).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
  });

  test('an owner\'s bounds not known at synth are refused, naming the target', () => {
    const app = newApp();
    const tiers = new Stack(app, 'Tiers');
    const tier = new StatelessTier(tiers, 'Catalog', { code: CODE, tableProps: KEYS });
    new appscaling.CfnScalableTarget(tiers, 'Mine', {
      serviceNamespace: 'lambda', scalableDimension: 'lambda:function:ProvisionedConcurrency',
      resourceId: `function:${tier.function.functionName}:${tier.alias.aliasName}`,
      minCapacity: 1, maxCapacity: new CfnParameter(tiers, 'Max', { type: 'Number' }).valueAsNumber,
    });
    expect(() => new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS, tiers: [tier.forEvent({ provisionedConcurrency: 120 })] }))
      .toThrow(/Tiers\/Mine registers the scalable target lambda:function:ProvisionedConcurrency of Tiers\/Catalog\/Alias, with a minimum or maximum not known at synth/);
  });
});

describe('an Aurora cluster whose readers a team scales itself', () => {
  test('the readers are raised and stepped down through the team\'s target; its bounds come back at baseline', () => {
    const app = newApp();
    const tiers = new Stack(app, 'Data');
    const sessions = new AuroraServerlessTier(tiers, 'Sessions', { readers: 1 });
    new appscaling.CfnScalableTarget(tiers, 'ReaderScaling', {
      serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount',
      resourceId: `cluster:${sessions.cluster.clusterIdentifier}`, minCapacity: 1, maxCapacity: 4,
    });
    const readiness = new EventReadinessStack(app, 'Sale', {
      window: window(), now: BEFORE_EVENTS, tiers: [sessions.forEvent({ capacity: AcuRange.between(4, 32), extraReaders: 2 })],
    });
    Template.fromStack(readiness).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    const readers = calls(readiness).filter((c) => c.action === 'applicationautoscaling:registerScalableTarget');
    // 1 everyday + 2 for the event, down in thirds (2.3 and 1.7 round to 2), the owner's 1-4 at baseline.
    expect(readers.map((c) => [c.input.ScalableDimension, c.input.MinCapacity, c.input.MaxCapacity])).toEqual([
      ['rds:cluster:ReadReplicaCount', 3, 4], ['rds:cluster:ReadReplicaCount', 2, 4], ['rds:cluster:ReadReplicaCount', 2, 4],
      ['rds:cluster:ReadReplicaCount', 1, 4]]);
    const actions = Object.values<any>(Template.fromStack(readiness).findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement).filter((st) => st.Resource === '*').flatMap((st) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['rds:CreateDBInstance', 'rds:DeleteDBInstance', 'rds:DescribeDBClusters']));
  });
});

describe('with a calendar and a ramp-down gate', () => {
  test('two events of a calendar each update the team\'s target with their own calls; nothing is registered for them', () => {
    const app = newApp();
    const imports = new Stack(app, 'Imports');
    const catalog = new ExistingStatelessResources(imports, 'Catalog', {
      function: lambda.Function.fromFunctionName(imports, 'Fn', 'shop-catalog'), aliasName: 'live',
      provisionedConcurrencyTarget: { minCapacity: 5, maxCapacity: 100 },
    });
    const readiness = new EventCalendarStack(app, 'Calendar', {
      now: BEFORE_EVENTS,
      events: [
        { window: window('spring', '2026-04-15'), tiers: [catalog.forEvent({ provisionedConcurrency: 300 })] },
        { window: window('autumn', '2026-10-15'), tiers: [catalog.forEvent({ provisionedConcurrency: 500 })] },
      ],
    });
    Template.fromStack(readiness).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    expect(calls(readiness).map((c) => `${c.description.split(' ')[0]} ${c.input.MinCapacity}-${c.input.MaxCapacity}`)).toEqual([
      'spring/catalog 300-300', 'spring/catalog 202-202', 'spring/catalog 103-103', 'spring/catalog 5-100',
      'autumn/catalog 500-500', 'autumn/catalog 335-335', 'autumn/catalog 170-170', 'autumn/catalog 5-100']);
  });

  test('a gated ramp-down step makes the same call from the gate, whose role holds what the service checks', () => {
    const { readiness, catalog } = shopEvent();
    readiness.addTier(catalog.forEvent({ provisionedConcurrency: 400 }),
      { rampDownGate: RampDownGate.whileInAlarm({ whenHeldTooLong: HeldTooLong.APPLY, maximumHold: Duration.hours(1) }) });
    const machine = Object.values<any>(Template.fromStack(readiness).findResources('AWS::StepFunctions::StateMachine'))[0];
    const definition = JSON.stringify(readiness.resolve(machine.Properties.DefinitionString));
    expect(definition).toContain('applicationautoscaling:registerScalableTarget');
    const statements = Object.values<any>(Template.fromStack(readiness).findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.filter((st) => [st.Action].flat().includes('lambda:PutProvisionedConcurrencyConfig')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('check reads a target another stack registered through the event\'s call', () => {
  const { readiness, catalog } = shopEvent();
  readiness.addTier(catalog.forEvent({ provisionedConcurrency: 400 }));
  const template = Template.fromStack(readiness).toJSON();
  const plan = plansInTemplate(template, 'Sale')[0].plan;
  const schedules = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule')
    .map(([name, r]) => ({ Name: name, Description: r.Properties.Description, State: 'ENABLED',
      Target: { Arn: 'arn:aws:scheduler:::aws-sdk:applicationautoscaling:registerScalableTarget',
        Input: readiness.resolve(r.Properties.Target.Input) } }));
  const scheduler = mockClient(SchedulerClient);
  const aas = mockClient(ApplicationAutoScalingClient);
  const lambdaMock = mockClient(LambdaClient);
  afterAll(() => {
    scheduler.restore();
    aas.restore();
    lambdaMock.restore();
  });
  const during = new Date('2026-07-15T12:00:00Z');
  async function read(min: number, max: number) {
    scheduler.reset();
    aas.reset();
    lambdaMock.reset();
    scheduler.on(ListSchedulesCommand).resolves({ Schedules: schedules.map((s) => ({ Name: s.Name })) });
    scheduler.on(GetScheduleCommand).callsFake((input) => schedules.find((s) => s.Name === input.Name));
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [{ ServiceNamespace: 'lambda', ResourceId: 'function:shop-catalog:live',
      ScalableDimension: 'lambda:function:ProvisionedConcurrency', MinCapacity: min, MaxCapacity: max, RoleARN: 'r', CreationTime: new Date() }] });
    aas.on(DescribeScalingActivitiesCommand).resolves({ ScalingActivities: [] });
    lambdaMock.on(GetProvisionedConcurrencyConfigCommand).resolves({
      AllocatedProvisionedConcurrentExecutions: min, RequestedProvisionedConcurrentExecutions: min, Status: 'READY',
    });
    const clients = checkClients({ region: 'eu-central-1' });
    return (await readChanges(plan, during, clients)).find((c) => c.when === 'prewarm')!;
  }

  test('in place: the event\'s 400-400 and 400 allocated: READY', async () => {
    expect(await read(400, 400)).toMatchObject({ verdict: 'READY', actual: 'target 400-400, 400 of 400 allocated (READY)' });
  });

  test('the owner\'s bounds back mid-event (its stack deployed with a change to the target): NOT READY, saying why it may be', async () => {
    const r = await read(5, 100);
    expect(r.verdict).toBe('NOT READY');
    expect(r.actual).toBe('target 5-100, not the event\'s 400-400: the call has not applied, or the owner\'s stack was deployed since with a '
      + 'change to the target (CloudFormation then sets its template\'s bounds)');
  });
});

describe('review of a target another stack registered', () => {
  test('shares are of the event\'s floor, judged only while the event held it (the owner\'s policies scale above it, and set it outside)', () => {
    const { readiness, catalog } = shopEvent();
    readiness.addTier(catalog.forEvent({ provisionedConcurrency: 400 }));
    const plan = plansInTemplate(Template.fromStack(readiness).toJSON(), 'Sale')[0].plan;
    const [pc] = plannedSettings(plan.tiers[0]);
    // From the raise in force (prewarm + its 15-minute lead) to the restore at baseline.
    expect([new Date(pc.ownedSpan!.from).toISOString(), new Date(pc.ownedSpan!.to).toISOString()])
      .toEqual(['2026-07-15T05:15:00.000Z', plan.timeline[plan.timeline.length - 1].utc.replace('Z', '.000Z')]);
    const at = (iso: string) => Date.parse(iso);
    const r = reviewSetting(pc, {
      basis: { metric: 'm', dimensions: 'd', periodSeconds: 60 },
      // 10 before prewarm, against the owner's floor of 5, is its own scaling at work: not judged.
      load: { timestamps: [at('2026-07-15T03:00:00Z'), at('2026-07-15T10:00:00Z')], values: [10, 150] },
    }, { from: at('2026-07-15T02:00:00Z'), to: at('2026-07-16T09:00:00Z') }, { start: at('2026-07-15T07:00:00Z'), end: at('2026-07-15T19:00:00Z') },
    DEFAULT_BAND, 60);
    expect([r.highestShare?.value, r.highestShare?.capacity, r.verdict]).toEqual([150, 400, 'UNDER']);
    expect(r.notes).toContain('its scalable target is registered by another stack, whose policies scale it above the event\'s floor: shares '
      + 'are of the floor, judged while the event held it');
  });
});

test('the docs page\'s sample (docs/existing-resources.md) runs as pasted: no scalable target of the event\'s own, the owner\'s bounds back at baseline', () => {
  const sample = runSample('docs-existing-resources-02');
  const resources = Object.values<any>(sample.getStackByName('FlashSale').template.Resources);
  expect(resources.filter((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')).toEqual([]);
  const inputs = resources.filter((r) => r.Type === 'AWS::Scheduler::Schedule').map((r) => JSON.parse(r.Properties.Target.Input));
  expect(inputs.map((i) => [i.MinCapacity, i.MaxCapacity])).toEqual(expect.arrayContaining([[400, 400], [5, 100]]));
});

describe('found however the team built it; refused where the event would undo the team\'s floor', () => {
  test('a function of the app with a literal name, its alias scaled beside it, planned as an existing resource: found', () => {
    const app = newApp();
    const shop = new Stack(app, 'Shop');
    const fn = new lambda.Function(shop, 'Fn', { functionName: 'shop-catalog', runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: CODE });
    const live = new lambda.Alias(shop, 'Live', { aliasName: 'live', version: fn.currentVersion });
    live.addAutoScaling({ minCapacity: 3, maxCapacity: 30 }).scaleOnUtilization({ utilizationTarget: 0.7 });
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    const catalog = new ExistingStatelessResources(readiness, 'Catalog', { function: fn, aliasName: 'live' });
    readiness.addTier(catalog.forEvent({ provisionedConcurrency: 60 }));
    Template.fromStack(readiness).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    expect(calls(readiness).map((c) => [c.input.MinCapacity, c.input.MaxCapacity]).pop()).toEqual([3, 30]);
  });

  test('an Aurora cluster of the app whose readers a CfnScalableTarget scales, planned as an existing cluster: found', () => {
    const app = newApp();
    const data = new Stack(app, 'Data');
    const sessions = new AuroraServerlessTier(data, 'Sessions', { readers: 1, clusterIdentifier: 'shop-sessions' });
    new appscaling.CfnScalableTarget(data, 'ReaderScaling', {
      serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount',
      resourceId: `cluster:${sessions.cluster.clusterIdentifier}`, minCapacity: 1, maxCapacity: 5,
    });
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    const existing = new ExistingAuroraServerlessCluster(readiness, 'Sessions', {
      cluster: sessions.cluster, capacity: AcuRange.between(0.5, 8), readers: 1,
    });
    readiness.addTier(existing.forEvent({ capacity: AcuRange.between(4, 32), extraReaders: 2 }));
    Template.fromStack(readiness).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test.each([
    ['bounds upside down', { provisionedConcurrencyTarget: { minCapacity: 100, maxCapacity: 5 } }, 400,
      /provisionedConcurrencyTarget: minCapacity and maxCapacity must be whole numbers from 0 with minCapacity <= maxCapacity, got 100-5/],
    ['a peak not above the owner\'s floor', { provisionedConcurrencyTarget: { minCapacity: 50, maxCapacity: 100 } }, 20,
      /provisionedConcurrency \(20\) is not above the minimum \(50\) of the alias's scalable target, which another stack registers/],
  ])('%s: refused', (_name, props, pc, message) => {
    expect(() => {
      const { readiness, catalog } = shopEvent(props);
      readiness.addTier(catalog.forEvent({ provisionedConcurrency: pc }));
    }).toThrow(message);
  });

  test('readers not above the owner\'s minimum: refused (the ramp-down would lower the team\'s floor)', () => {
    const app = newApp();
    const data = new Stack(app, 'Data');
    const sessions = new AuroraServerlessTier(data, 'Sessions', { readers: 1 });
    new appscaling.CfnScalableTarget(data, 'ReaderScaling', {
      serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount',
      resourceId: `cluster:${sessions.cluster.clusterIdentifier}`, minCapacity: 3, maxCapacity: 6,
    });
    expect(() => new EventReadinessStack(app, 'Sale', {
      window: window(), now: BEFORE_EVENTS, tiers: [sessions.forEvent({ capacity: AcuRange.between(4, 32), extraReaders: 2 })],
    })).toThrow(/1 everyday readers \+ extraReaders 2 is not above the minimum \(3\) of the cluster's reader scaling/);
  });

  test('an event that registers the target and one that updates it, in overlapping windows: refused', () => {
    const app = newApp();
    const imports = new Stack(app, 'Imports');
    const fn = lambda.Function.fromFunctionName(imports, 'Fn', 'shop-catalog');
    const owned = new ExistingStatelessResources(imports, 'Owned', { function: fn, aliasName: 'live',
      provisionedConcurrencyTarget: { minCapacity: 5, maxCapacity: 100 } });
    const plain = new ExistingStatelessResources(imports, 'Plain', { function: fn, aliasName: 'live' });
    new EventReadinessStack(app, 'A', { window: window('a'), now: BEFORE_EVENTS, tiers: [owned.forEvent({ provisionedConcurrency: 300 })] });
    expect(() => new EventReadinessStack(app, 'B', { window: window('b'), now: BEFORE_EVENTS, tiers: [plain.forEvent({ provisionedConcurrency: 300 })] }))
      .toThrow(/events 'a' and 'b' both change the scalable target lambda:function:ProvisionedConcurrency of tier Imports\/Plain in windows that overlap/);
  });

  test('a rehearsal of a tier beside the team\'s scaling is planned as the event is (Scheduler calls, their lead times)', () => {
    const app = newApp();
    const tiers = new Stack(app, 'Tiers');
    const tier = new StatelessTier(tiers, 'Catalog', { code: CODE, tableProps: KEYS });
    tier.alias.addAutoScaling({ minCapacity: 2, maxCapacity: 50 }).scaleOnUtilization({ utilizationTarget: 0.7 });
    const event = window('sale', '2026-09-15');
    expect(() => new EventRehearsalStack(app, 'Rehearsal', {
      rehearses: event, name: 'sale-rehearsal', start: '2026-09-01T09:00', now: BEFORE_EVENTS,
      tiers: [tier.forEvent({ provisionedConcurrency: 120 })],
    })).not.toThrow();
  });
});

test('a team target with scheduled actions of its own: synth warns that one firing mid-event overrides the event\'s bounds', () => {
  const app = newApp();
  const tiers = new Stack(app, 'Tiers');
  const tier = new StatelessTier(tiers, 'Catalog', { code: CODE, tableProps: KEYS });
  tier.alias.addAutoScaling({ minCapacity: 2, maxCapacity: 50 })
    .scaleOnSchedule('Evening', { schedule: appscaling.Schedule.cron({ hour: '20', minute: '0' }), minCapacity: 1 });
  new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS, tiers: [tier.forEvent({ provisionedConcurrency: 120 })] });
  const warnings = Annotations.fromStack(tiers).findWarning('*', Match.stringLikeRegexp('owner-scheduled-actions'));
  expect(warnings.map((w) => w.entry.data)).toEqual([expect.stringMatching(/^Tiers\/Catalog\/Alias\/AliasScaling\/Target\/Resource has scheduled actions of its own: one that fires during an event sets the target's bounds over the event's until its next step/)]);
});
