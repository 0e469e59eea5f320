/**
 * ECS services get event plans: the minimum task count raised before the event and stepped down
 * after it, beside the team's own scaling (target tracking registered by the service's stack) or
 * pinned by the event's own target when nobody scales the service; alarms on synthetic series; the
 * lead times from the service's own settings; `check` through DescribeServices; Fargate prices.
 */
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingActivitiesCommand } from '@aws-sdk/client-application-auto-scaling';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { Duration, Fn, Stack, TimeZone, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { mockClient } from 'aws-sdk-client-mock';
import { addExistingShop } from '../examples';
import { EventReadinessStack, EventWindow, ExistingEcsService, ExistingEcsServiceProps, RampDownGate } from '../lib';
import { plansInTemplate } from '../lib/cli/assembly';
import { checkClients } from '../lib/cli/check';
import { eventEconomics } from '../lib/cli/economics';
import { PriceTable } from '../lib/cli/prices';
import { readChanges } from '../lib/cli/reality';
import { SHIPPED_PRICES } from '../lib/cli/shipped-prices';
import { EcsServiceEventOptions } from '../lib/plans/ecs-service/options';
import { AlarmState, evaluateAlarm, MetricRef, Series } from './support/alarm-evaluator';
import { newApp, runSample } from './support/app';
import { BEFORE_EVENTS } from './support/fixtures';
import { requestProblems } from './support/sdk-model';

const window = (prewarmLead = Duration.hours(2)) => new EventWindow({
  name: 'sale', start: '2026-07-15T09:00', end: '2026-07-15T21:00', timeZone: TimeZone.EUROPE_BERLIN, rampDownSteps: 2, prewarmLead,
});

interface ShopOptions {
  /** The team's own target tracking, between these bounds. */
  readonly scaled?: [number, number];
  readonly desiredCount?: number;
  readonly insights?: boolean;
  readonly loadBalanced?: boolean;
  readonly serviceName?: string | null;
}

/** A shop's Fargate service (0.5 vCPU, 1 GB, ARM) in plain aws-cdk-lib, behind an ALB, scaled on CPU unless told otherwise. */
function shopStack(stack: Stack, o: ShopOptions = {}) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const cluster = new ecs.Cluster(stack, 'Cluster', {
    vpc, clusterName: 'shop', containerInsightsV2: o.insights === false ? ecs.ContainerInsights.DISABLED : ecs.ContainerInsights.ENABLED,
  });
  const task = new ecs.FargateTaskDefinition(stack, 'Task', {
    cpu: 512, memoryLimitMiB: 1024, runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64 },
  });
  task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'), portMappings: [{ containerPort: 80 }] });
  const service = new ecs.FargateService(stack, 'Orders', {
    cluster, taskDefinition: task, desiredCount: o.desiredCount,
    serviceName: o.serviceName === null ? undefined : o.serviceName ?? 'orders-api',
    healthCheckGracePeriod: o.loadBalanced === false ? undefined : Duration.seconds(120),
  });
  let targetGroup: elbv2.ApplicationTargetGroup | undefined;
  if (o.loadBalanced !== false) {
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc });
    targetGroup = lb.addListener('Http', { port: 80, open: false }).addTargets('Orders', {
      port: 80, targets: [service], deregistrationDelay: Duration.seconds(60),
      healthCheck: { interval: Duration.seconds(10), healthyThresholdCount: 3 },
    });
  }
  if (o.scaled) {
    service.autoScaleTaskCount({ minCapacity: o.scaled[0], maxCapacity: o.scaled[1] })
      .scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 50 });
  }
  return { service, targetGroup, vpc, task };
}

/** The shop's stack and an event planned for its service with `options`. */
function shopEvent(shop: ShopOptions, options: EcsServiceEventOptions, props: Partial<ExistingEcsServiceProps> = {}, withTargetGroup = false) {
  const app = newApp();
  const stack = new Stack(app, 'Shop');
  const { service, targetGroup } = shopStack(stack, shop);
  const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
  const orders = new ExistingEcsService(readiness, 'Orders', { service, targetGroup: withTargetGroup ? targetGroup : undefined, ...props });
  readiness.addTier(orders.forEvent(options));
  return { app, stack, readiness };
}

/** The schedules' universal-target calls, in firing order. */
function calls(stack: Stack): Array<{ action: string; input: any }> {
  return Object.values<any>(Template.fromStack(stack).findResources('AWS::Scheduler::Schedule'))
    .sort((a, b) => a.Properties.ScheduleExpression.localeCompare(b.Properties.ScheduleExpression))
    .map((r) => ({
      action: JSON.stringify(stack.resolve(r.Properties.Target.Arn)).replace(/^.*aws-sdk:([^"]+)".*$/, '$1'),
      input: JSON.parse(stack.resolve(r.Properties.Target.Input)),
    }));
}

function planOf(readiness: Stack) {
  return plansInTemplate(Template.fromStack(readiness).toJSON(), readiness.stackName)[0].plan;
}

const TARGET = { ServiceNamespace: 'ecs', ResourceId: 'service/shop/orders-api', ScalableDimension: 'ecs:service:DesiredCount' };

describe('a Fargate service whose task count the team scales (target tracking in its own stack)', () => {
  test('the event updates the team\'s target at each step, never registers one, and restores its bounds at baseline', () => {
    const { readiness } = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 60 });
    Template.fromStack(readiness).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    // 60 for the event, a third of the way down twice (41, 23), then 4; the team's ceiling of 400 throughout.
    expect(calls(readiness)).toEqual([[60, 400], [41, 400], [23, 400], [4, 400]].map(([min, max]) => ({
      action: 'applicationautoscaling:registerScalableTarget', input: { ...TARGET, MinCapacity: min, MaxCapacity: max },
    })));
    for (const c of calls(readiness)) {
      expect(requestProblems('applicationautoscaling', 'registerScalableTarget', c.input)).toEqual([]);
    }
  });

  test('maximumTaskCount raises the ceiling of the team\'s scaling at prewarm, and steps it down with the floor', () => {
    const { readiness } = shopEvent({ scaled: [4, 40] }, { minimumTaskCount: 60, maximumTaskCount: 300 });
    // The ceiling a third of the way back to the team's 40 at each step (213.3, 126.7), never in one drop at baseline.
    expect(calls(readiness).map((c) => [c.input.MinCapacity, c.input.MaxCapacity])).toEqual([[60, 300], [41, 213], [23, 127], [4, 40]]);
    expect(planOf(readiness).tiers[0].notes).toContain('maximum tasks: 300 from prewarm (the team\'s scaling may go that high), stepped '
      + 'down with the minimum, 40 again at baseline');
  });

  test('a floor at or above the team\'s ceiling needs maximumTaskCount: the team\'s scaling would have no room above it', () => {
    expect(() => shopEvent({ scaled: [4, 40] }, { minimumTaskCount: 60 })).toThrow(new RegExp('minimumTaskCount \\(60\\) is at or above '
      + 'the maximum \\(40\\) of the service\'s scalable target, which another stack registers: the team\'s scaling would have no room '
      + 'above the event\'s floor\\. Give maximumTaskCount \\(above 60 to let it scale, or 60 to pin the count\\)'));
    // Pinned on purpose.
    const { readiness } = shopEvent({ scaled: [4, 40] }, { minimumTaskCount: 60, maximumTaskCount: 60 });
    expect(calls(readiness)[0].input).toMatchObject({ MinCapacity: 60, MaxCapacity: 60 });
  });

  test('the service\'s stack is the same bytes with or without the event: the event names the service, it references nothing', () => {
    const alone = newApp();
    shopStack(new Stack(alone, 'Shop'), { scaled: [4, 400] });
    const { app } = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 60 });
    const assembly = app.synth();
    expect(JSON.stringify(assembly.getStackByName('Shop').template)).toBe(JSON.stringify(alone.synth().getStackByName('Shop').template));
    expect(JSON.stringify(assembly.getStackByName('Sale').template)).not.toContain('Fn::ImportValue');
  });

  test('the Scheduler role may update only ECS task-count targets, and holds what Application Auto Scaling checks of its caller', () => {
    const { readiness } = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 60 });
    const statements = Object.values<any>(Template.fromStack(readiness).findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const register = statements.filter((st) => [st.Action].flat().includes('application-autoscaling:RegisterScalableTarget'));
    expect(register.map((st) => st.Condition)).toEqual([{ StringEquals: {
      'application-autoscaling:service-namespace': 'ecs', 'application-autoscaling:scalable-dimension': 'ecs:service:DesiredCount',
    } }]);
    // Its user guide's list for ECS services (the Application Auto Scaling user guide, "Permissions required for API actions
    // on target services and CloudWatch").
    expect(statements.find((st) => st.Resource === '*')?.Action).toEqual(['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms',
      'cloudwatch:PutMetricAlarm', 'ecs:DescribeServices', 'ecs:UpdateService']);
    expect(statements.flatMap((st) => [st.Action].flat())).not.toContain('application-autoscaling:DeregisterScalableTarget');
  });

  test('the plan records each change as the call it is, with the target as Application Auto Scaling names it, and a note', () => {
    const { readiness } = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 60 });
    const [tier] = planOf(readiness).tiers;
    expect(tier.changes.map((c) => [c.step, c.setting, c.before, c.after, c.action])).toEqual([
      ['prewarm', 'minimum tasks', '4', '60', 'applicationautoscaling:registerScalableTarget'],
      ['ramp-down-1', 'minimum tasks', '60', '41', 'applicationautoscaling:registerScalableTarget'],
      ['ramp-down-2', 'minimum tasks', '41', '23', 'applicationautoscaling:registerScalableTarget'],
      ['baseline', 'minimum tasks', '23', '4', 'applicationautoscaling:registerScalableTarget'],
    ]);
    expect(new Set(tier.changes.map((c) => c.scalableTargetId))).toEqual(new Set(['service/shop/orders-api|ecs:service:DesiredCount|ecs']));
    expect(tier.notes).toContain('minimum tasks: its scalable target (ecs:service:DesiredCount) is registered by another stack, with 4-400 '
      + 'and its own scaling policies: the event updates its minimum with RegisterScalableTarget (which keeps them), restores 4-400 at '
      + 'baseline, and never deregisters it');
    expect(tier.costBasis).toEqual({
      ecsLaunchType: 'FARGATE', taskCpu: 512, taskMemoryMiB: 1024, taskCpuArchitecture: 'arm64', taskOperatingSystemFamily: 'LINUX',
    });
  });

  test('a CfnScalableTarget elsewhere in the stack, naming the service through its cluster\'s Ref and its Name, is found too', () => {
    const app = newApp();
    const stack = new Stack(app, 'Shop');
    const { service } = shopStack(stack);
    new appscaling.CfnScalableTarget(stack, 'TeamScaling', {
      serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', minCapacity: 2, maxCapacity: 20,
      resourceId: `service/${service.cluster.clusterName}/${service.serviceName}`,
    });
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    readiness.addTier(new ExistingEcsService(readiness, 'Orders', { service }).forEvent({ minimumTaskCount: 15 }));
    expect(calls(readiness).map((c) => [c.input.MinCapacity, c.input.MaxCapacity]).pop()).toEqual([2, 20]);
  });
});

describe('with a ramp-down gate', () => {
  test.each([
    ['beside the team\'s scaling', { scaled: [4, 400] as [number, number] }],
    ['nobody scales it', { desiredCount: 6 }],
  ])('%s: the gate makes the step, and its role holds what Application Auto Scaling checks for ECS', (_name, shop) => {
    const app = newApp();
    const stack = new Stack(app, 'Shop');
    const { service } = shopStack(stack, shop);
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    readiness.addTier(new ExistingEcsService(readiness, 'Orders', { service }).forEvent({ minimumTaskCount: 60 }),
      { rampDownGate: RampDownGate.whileInAlarm({ maximumHold: Duration.hours(1) }) });
    const t = Template.fromStack(readiness);
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const gateActions = Object.values<any>(t.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('Gate'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement).flatMap((st: any) => [st.Action].flat());
    expect(gateActions).toEqual(expect.arrayContaining(['ecs:DescribeServices', 'ecs:UpdateService']));
  });
});

describe('a service nobody scales: the event registers its scalable target and pins the count', () => {
  test('registered with ECS\'s service-linked role at the everyday count, one scheduled action per step, min = max', () => {
    const { readiness } = shopEvent({ desiredCount: 6 }, { minimumTaskCount: 60 });
    const t = Template.fromStack(readiness);
    expect(calls(readiness)).toEqual([]);
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
    const [target] = Object.values<any>(t.findResources('AWS::ApplicationAutoScaling::ScalableTarget'));
    expect(target.Properties).toMatchObject({ ...TARGET, MinCapacity: 6, MaxCapacity: 6 });
    expect(JSON.stringify(target.Properties.RoleARN))
      .toContain('role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService');
    expect(target.Properties.ScheduledActions.map((a: any) => [a.ScalableTargetAction.MinCapacity, a.ScalableTargetAction.MaxCapacity]))
      .toEqual([[60, 60], [42, 42], [24, 24], [6, 6]]);
  });

  test('baselineTaskCount gives the everyday count a template does not', () => {
    const { readiness } = shopEvent({}, { minimumTaskCount: 60, baselineTaskCount: 3 });
    const [target] = Object.values<any>(Template.fromStack(readiness).findResources('AWS::ApplicationAutoScaling::ScalableTarget'));
    expect([target.Properties.MinCapacity, target.Properties.ScheduledActions.pop().ScalableTargetAction.MinCapacity]).toEqual([3, 3]);
  });
});

describe('an ECS service known only by name (an events app in another repository)', () => {
  function byName(props: Partial<ExistingEcsServiceProps>, options: EcsServiceEventOptions) {
    const app = newApp();
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    const orders = new ExistingEcsService(readiness, 'Orders', { clusterName: 'shop', serviceName: 'orders-api', ...props });
    readiness.addTier(orders.forEvent(options));
    return readiness;
  }

  test('with the team\'s target\'s bounds given, the same calls as for a service of the app', () => {
    const readiness = byName({ taskCountTarget: { minCapacity: 4, maxCapacity: 40 } }, { minimumTaskCount: 60, maximumTaskCount: 200 });
    expect(calls(readiness).map((c) => [c.input.ResourceId, c.input.MinCapacity, c.input.MaxCapacity])).toEqual([
      ['service/shop/orders-api', 60, 200], ['service/shop/orders-api', 41, 147], ['service/shop/orders-api', 23, 93],
      ['service/shop/orders-api', 4, 40]]);
  });

  test('a team\'s CfnScalableTarget for the service in another stack of the app, by its literal names, is found', () => {
    const app = newApp();
    const team = new Stack(app, 'TeamScaling');
    new appscaling.CfnScalableTarget(team, 'OrdersApi', {
      serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: 'service/shop/orders-api', minCapacity: 4, maxCapacity: 400,
    });
    // Names are case-sensitive in ECS: another service's target is not this one's.
    new appscaling.CfnScalableTarget(team, 'Other', {
      serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: 'service/SHOP/ORDERS-API', minCapacity: 1, maxCapacity: 2,
    });
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    readiness.addTier(new ExistingEcsService(readiness, 'Orders', { clusterName: 'shop', serviceName: 'orders-api' }).forEvent({ minimumTaskCount: 60 }));
    Template.fromStack(readiness).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    expect(calls(readiness).map((c) => [c.input.MinCapacity, c.input.MaxCapacity])).toEqual([[60, 400], [41, 400], [23, 400], [4, 400]]);
  });

  test('an imported target group (by ARN, with its load balancer\'s) is watched by both names, as CloudWatch keys its metrics', () => {
    const app = newApp();
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    const targetGroup = elbv2.ApplicationTargetGroup.fromTargetGroupAttributes(readiness, 'Targets', {
      targetGroupArn: Fn.importValue('shop-orders-targets'), loadBalancerArns: Fn.importValue('shop-load-balancer'),
    });
    const orders = new ExistingEcsService(readiness, 'Orders', {
      clusterName: 'shop', serviceName: 'orders-api', targetGroup, taskCountTarget: { minCapacity: 4, maxCapacity: 400 },
    });
    readiness.addTier(orders.forEvent({ minimumTaskCount: 60 }));
    const alarm = Object.values<any>(Template.fromStack(readiness).findResources('AWS::CloudWatch::Alarm'))
      .find((a) => a.Properties.AlarmName === 'sale-orders-target-response-time');
    expect(alarm.Properties.Dimensions.map((d: any) => d.Name).sort()).toEqual(['LoadBalancer', 'TargetGroup']);
    // ALB's defaults count in the lead time: 5 minutes' start-up, 1 minute's launching, 30 s × 5 checks: 9 minutes.
    expect(planOf(readiness).tiers[0].changes[0].leadTimeSeconds).toBe(9 * 60);
  });
});

describe('lead times from the service\'s own settings', () => {
  test('a raise: 500 tasks a minute, 5 minutes\' start-up, then the longer of the grace period and the target group\'s checks', () => {
    // 56 tasks: 1 minute; 300 s; the grace period's 120 s beats 10 s × 3 checks: 8 minutes. Down: 60 s draining + 30 s stop: 2 minutes.
    const { readiness } = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 60 }, {}, true);
    const changes = planOf(readiness).tiers[0].changes;
    expect(changes.map((c) => c.leadTimeSeconds)).toEqual([480, 120, 120, 120]);
    // 1,196 more tasks take the scheduler 3 minutes.
    const big = shopEvent({ scaled: [4, 2000] }, { minimumTaskCount: 1200 }, {}, true);
    expect(planOf(big.readiness).tiers[0].changes[0].leadTimeSeconds).toBe(600);
    // The team's own measure wins.
    const measured = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 60, taskStartupTime: Duration.seconds(45) }, {}, true);
    // 1 minute + 45 s + 120 s, in whole minutes.
    expect(planOf(measured.readiness).tiers[0].changes[0].leadTimeSeconds).toBe(4 * 60);
    const given = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 60, taskCountLeadTime: Duration.minutes(25) }, {}, true);
    expect(planOf(given.readiness).tiers[0].changes[0].leadTimeSeconds).toBe(25 * 60);
  });

  test('a raise that cannot be in place by the start is a synth-time error', () => {
    const app = newApp();
    const stack = new Stack(app, 'Shop');
    const { service } = shopStack(stack, { scaled: [4, 400] });
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(Duration.minutes(5)), now: BEFORE_EVENTS });
    const orders = new ExistingEcsService(readiness, 'Orders', { service });
    // 1 minute's launching, 5 minutes' start-up, 2 minutes' grace, and 15 minutes of Scheduler retries: 23 minutes.
    expect(() => readiness.addTier(orders.forEvent({ minimumTaskCount: 60 }))).toThrow(new RegExp('tier \'orders\': change \'minimum '
      + 'tasks 4 -> 60\' at prewarm needs 23 min to take effect \\(worst case, up to 15 min of retries included\\) but has 5 min'));
  });
});

describe('read from a service of the app, as it will be deployed', () => {
  test('a desired count in the service\'s template: a warning that a deploy of its stack during the event sets it again', () => {
    const { readiness } = shopEvent({ desiredCount: 6 }, { minimumTaskCount: 60 });
    Annotations.fromStack(readiness).hasWarning('/Sale/Orders', Match.stringLikeRegexp(
      'The service\'s template sets its desired count \\(6\\): a deploy of its stack that updates the service during the event sets 6 tasks again'));
    const quiet = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 60 });
    expect(Annotations.fromStack(quiet.readiness).findWarning('*', Match.stringLikeRegexp('desired count'))).toEqual([]);
  });

  test('the containers\' longest stop timeout counts in a step down; a Fargate Spot strategy and Windows are read for the price', () => {
    const app = newApp();
    const stack = new Stack(app, 'Shop');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, clusterName: 'shop', enableFargateCapacityProviders: true });
    const task = new ecs.FargateTaskDefinition(stack, 'Task', {
      cpu: 1024, memoryLimitMiB: 2048,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE },
    });
    task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('mcr.microsoft.com/windows/servercore'), stopTimeout: Duration.seconds(110) });
    const service = new ecs.FargateService(stack, 'Worker', {
      cluster, taskDefinition: task, serviceName: 'worker', capacityProviderStrategies: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
    });
    service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 100 });
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    readiness.addTier(new ExistingEcsService(readiness, 'Worker', { service }).forEvent({ minimumTaskCount: 50 }));
    const [tier] = planOf(readiness).tiers;
    // No target group: the 110 s stop timeout alone, in whole minutes.
    expect(tier.changes.map((c) => c.leadTimeSeconds).slice(1)).toEqual([120, 120, 120]);
    expect(tier.costBasis).toMatchObject({ ecsLaunchType: 'FARGATE_SPOT', taskOperatingSystemFamily: 'WINDOWS_SERVER_2022_CORE', taskCpu: 1024 });
  });
});

describe('bad input: a synth-time error naming the construct, the value and what is allowed', () => {
  const cases: Array<[string, ShopOptions | undefined, Partial<ExistingEcsServiceProps>, EcsServiceEventOptions, string]> = [
    ['neither a service nor its names', undefined, {}, {}, 'give the service, or its clusterName and serviceName'],
    ['a service and names', {}, { clusterName: 'shop', serviceName: 'x' }, {}, 'give the service, or its clusterName and serviceName, not both'],
    ['a name ECS refuses', undefined, { clusterName: 'shop', serviceName: 'orders api' }, {},
      'serviceName must be 1-255 letters, digits, hyphens and underscores (ECS\'s name rules), got \'orders api\''],
    ['a service without a name', { serviceName: null, scaled: [4, 40] }, {}, { minimumTaskCount: 60 },
      'the service\'s serviceName is not known at synth time: give the FargateService (Ec2Service) a serviceName, or import it by name'],
    ['no tasks', { scaled: [4, 40] }, {}, { minimumTaskCount: 0 }, 'minimumTaskCount must be a whole number from 1 to 2147483647, got 0'],
    ['half a task', { scaled: [4, 40] }, {}, { minimumTaskCount: 2.5 }, 'minimumTaskCount must be a whole number from 1 to 2147483647, got 2.5'],
    ['a ceiling under the floor', { scaled: [4, 40] }, {}, { minimumTaskCount: 60, maximumTaskCount: 50 },
      'maximumTaskCount (50) must not be below minimumTaskCount (60)'],
    ['a floor at the team\'s', { scaled: [4, 40] }, {}, { minimumTaskCount: 4 },
      'minimumTaskCount (4) is not above the minimum (4) of the service\'s scalable target, which another stack registers'],
    ['a ceiling under the team\'s', { scaled: [4, 400] }, {}, { minimumTaskCount: 60, maximumTaskCount: 100 },
      'maximumTaskCount (100) is below the maximum (400) of the service\'s scalable target, which another stack registers'],
    ['a baseline beside the team\'s scaling', { scaled: [4, 40] }, {}, { minimumTaskCount: 60, baselineTaskCount: 2 },
      'baselineTaskCount (2) is for a service nobody scales'],
    ['a ceiling nobody scales within', { desiredCount: 6 }, {}, { minimumTaskCount: 60, maximumTaskCount: 100 },
      'maximumTaskCount (100) is for a service whose task count another stack scales'],
    ['an everyday count unknown', {}, {}, { minimumTaskCount: 60 }, 'the service\'s everyday task count is not known at synth time: give baselineTaskCount'],
    ['a floor at the everyday count', { desiredCount: 6 }, {}, { minimumTaskCount: 6 }, 'minimumTaskCount (6) must be above the everyday task count (6)'],
    ['a 5xx alarm without a target group', { scaled: [4, 40] }, {}, { targetServerErrorRateAlarmPercent: 2 },
      'targetServerErrorRateAlarmPercent needs a target group'],
    ['a task alarm without Container Insights', { scaled: [4, 40], insights: false }, {}, { tasksNotRunningAlarmMinutes: 5 },
      'tasksNotRunningAlarmMinutes needs Container Insights on the cluster'],
    ['a task alarm over a day', { scaled: [4, 40] }, {}, { tasksNotRunningAlarmMinutes: 1441 },
      'tasksNotRunningAlarmMinutes must be a whole number from 1 to 1440, got 1441'],
    ['a task alarm shorter than the raise', { scaled: [4, 400] }, {}, { minimumTaskCount: 60, tasksNotRunningAlarmMinutes: 5 },
      'tasksNotRunningAlarmMinutes (5) is shorter than the event\'s own raise of the task count takes (8 minutes)'],
    ['a token for a count', { scaled: [4, 400] }, {}, { minimumTaskCount: Token.asNumber({ Ref: 'Tasks' }) },
      'minimumTaskCount must be a number known at synth time, got a token'],
    ['a token for the owner\'s bounds', undefined, { clusterName: 'shop', serviceName: 'orders-api',
      taskCountTarget: { minCapacity: Token.asNumber({ Ref: 'Min' }), maxCapacity: 40 } }, {},
    'taskCountTarget: minCapacity and maxCapacity must be numbers known at synth time'],
    ['a grace period in milliseconds', undefined, { clusterName: 'shop', serviceName: 'orders-api', healthCheckGracePeriod: Duration.millis(1500) },
      {}, 'healthCheckGracePeriod must be whole seconds from 0 to 2,147,483,647, got 1 second 500 millis'],
    ['a health check ELB refuses', undefined, { clusterName: 'shop', serviceName: 'orders-api',
      targetGroupHealthCheck: { interval: Duration.millis(500), healthyThresholdCount: 0 } }, {},
    'targetGroupHealthCheck.healthyThresholdCount must be a whole number from 2 to 10, got 0'],
    ['a CPU alarm over 100 %', { scaled: [4, 40] }, {}, { cpuAlarmPercent: 120 }, 'cpuAlarmPercent must be a number more than 0 and at most 100, got 120'],
    ['owner bounds upside down', undefined, { clusterName: 'shop', serviceName: 'orders-api', taskCountTarget: { minCapacity: 9, maxCapacity: 3 } },
      {}, 'taskCountTarget: minCapacity and maxCapacity must be whole numbers from 0 with minCapacity <= maxCapacity, got 9-3'],
  ];
  test.each(cases)('%s', (_name, shop, props, options, message) => {
    const app = newApp();
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    const service = shop && shopStack(new Stack(app, 'Shop'), shop).service;
    let error: unknown;
    try {
      readiness.addTier(new ExistingEcsService(readiness, 'Orders', { service, ...props }).forEvent(options));
    } catch (e) {
      error = e;
    }
    expect(String(error)).toContain(message);
    expect(String(error)).toContain('Sale/Orders');
    expect((error as Error).name).not.toBe('TypeError');
  });

  test('forEvent(null) is the defaults, not a TypeError', () => {
    const app = newApp();
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    const orders = new ExistingEcsService(readiness, 'Orders', { clusterName: 'shop', serviceName: 'orders-api' });
    readiness.addTier(orders.forEvent(null as unknown as EcsServiceEventOptions));
    expect(planOf(readiness).tiers[0].changes).toEqual([]);
  });

  test('a target group of the app the service does not register its tasks with is refused: its alarms would watch another service', () => {
    const app = newApp();
    const stack = new Stack(app, 'Shop');
    const { service, targetGroup, vpc } = shopStack(stack, { scaled: [4, 400] });
    const other = new elbv2.ApplicationTargetGroup(stack, 'Other', { vpc, port: 80, targetType: elbv2.TargetType.IP });
    const lb = stack.node.findChild('Lb') as elbv2.ApplicationLoadBalancer;
    lb.addListener('Other', { port: 8080, open: false, defaultTargetGroups: [other] });
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    expect(() => new ExistingEcsService(readiness, 'Orders', { service, targetGroup: other }))
      .toThrow(/Sale\/Orders.*targetGroup Shop\/Other is not one the service Shop\/Orders\/Service registers its tasks with/s);
    expect(() => new ExistingEcsService(readiness, 'Orders2', { service, targetGroup })).not.toThrow();
  });

  test('an imported target group without its load balancer\'s ARN is refused: CloudWatch keys its metrics by both', () => {
    const app = newApp();
    const readiness = new EventReadinessStack(app, 'Sale', { window: window(), now: BEFORE_EVENTS });
    const targetGroup = elbv2.ApplicationTargetGroup.fromTargetGroupAttributes(readiness, 'Targets', {
      targetGroupArn: 'arn:aws:elasticloadbalancing:eu-central-1:111111111111:targetgroup/orders/0123456789abcdef',
    });
    expect(() => new ExistingEcsService(readiness, 'Orders', { clusterName: 'shop', serviceName: 'orders-api', targetGroup }))
      .toThrow(/Sale\/Orders.*an imported target group needs its load balancer's ARN too/s);
  });

  test('more tasks than ECS\'s default quota per service: a warning to raise it', () => {
    const { readiness } = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 6000, maximumTaskCount: 6000 });
    Annotations.fromStack(readiness).hasWarning('/Sale/Orders', Match.stringLikeRegexp('6000 tasks is above ECS\'s default quota of 5000'));
  });
});

describe('alarms, run on synthetic one-minute series', () => {
  const { readiness } = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 60 }, {}, true);
  const alarms = new Map<string, any>(Object.values<any>(Template.fromStack(readiness).findResources('AWS::CloudWatch::Alarm'))
    .map((r) => [r.Properties.AlarmName, r.Properties]));
  const run = (name: string, given: Record<string, Series>, minutes = 6): AlarmState[] =>
    evaluateAlarm(alarms.get(name), (m: MetricRef) => given[m.metricName] ?? Array(minutes).fill(undefined), minutes);
  const after3 = (healthy: number, v: number, minutes = 6): Series => [...Array(3).fill(healthy), ...Array(minutes - 3).fill(v)];
  const flat = (v: number, minutes = 6): Series => Array(minutes).fill(v);

  test('the service\'s alarms, named by event and tier', () => {
    expect([...alarms.keys()].filter((n) => n.startsWith('sale-orders-')).sort()).toEqual([
      'sale-orders-cpu', 'sale-orders-memory', 'sale-orders-target-5xx', 'sale-orders-target-response-time',
      'sale-orders-target-unhealthy', 'sale-orders-tasks-not-running']);
    // The service by its names, not a reference to its stack.
    expect(alarms.get('sale-orders-cpu').Dimensions).toEqual([{ Name: 'ClusterName', Value: 'shop' }, { Name: 'ServiceName', Value: 'orders-api' }]);
  });

  test.each([
    ['sale-orders-cpu', { CPUUtilization: after3(45, 92) }, { CPUUtilization: flat(55) }],
    ['sale-orders-memory', { MemoryUtilization: after3(40, 85) }, { MemoryUtilization: flat(60) }],
    // 5 % of 1,000 requests a minute; quiet: 10 of 2.4 million, and 5 failures of 20 requests (below the 60 a minute that count).
    ['sale-orders-target-5xx', { HTTPCode_Target_5XX_Count: after3(0, 50), RequestCount: flat(1000) },
      { HTTPCode_Target_5XX_Count: flat(10), RequestCount: flat(2_400_000) }],
    ['sale-orders-target-5xx', { HTTPCode_Target_5XX_Count: after3(0, 50), RequestCount: flat(1000) },
      { HTTPCode_Target_5XX_Count: flat(5), RequestCount: flat(20) }],
    ['sale-orders-target-response-time', { TargetResponseTime: after3(0.2, 1.5) }, { TargetResponseTime: flat(0.3) }],
    // Unhealthy targets for 3 minutes; a task that fails one check and is replaced within 2 is no page.
    ['sale-orders-target-unhealthy', { UnHealthyHostCount: after3(0, 2) }, { UnHealthyHostCount: [0, 0, 0, 1, 1, 0] }],
  ] as Array<[string, Record<string, Series>, Record<string, Series>]>)('%s catches what it is for and stays quiet otherwise', (name, bad, good) => {
    expect(run(name, bad).pop()).toBe('ALARM');
    expect(run(name, good).pop()).toBe('OK');
  });

  test('tasks-not-running: 20 of 60 tasks missing for 10 minutes pages; a scale-up that catches up in 6 does not', () => {
    const desired = flat(60, 12);
    expect(run('sale-orders-tasks-not-running', { DesiredTaskCount: desired, RunningTaskCount: flat(40, 12) }, 12).slice(8))
      .toEqual(['OK', 'ALARM', 'ALARM', 'ALARM']);
    const catchingUp: Series = [4, 14, 24, 34, 44, 54, 60, 60, 60, 60, 60, 60];
    expect(run('sale-orders-tasks-not-running', { DesiredTaskCount: desired, RunningTaskCount: catchingUp }, 12)).not.toContain('ALARM');
    // A service that wants 60 and reports none running is 60 short.
    expect(run('sale-orders-tasks-not-running', { DesiredTaskCount: desired }, 12).slice(9)).toEqual(['ALARM', 'ALARM', 'ALARM']);
    // A ramp-down (fewer wanted than running) is no shortfall.
    expect(run('sale-orders-tasks-not-running', { DesiredTaskCount: flat(23, 12), RunningTaskCount: flat(41, 12) }, 12)).not.toContain('ALARM');
  });

  test('without Container Insights there is no task-count alarm that could never evaluate, and the plan says why', () => {
    const { readiness: plain } = shopEvent({ scaled: [4, 400], insights: false }, { minimumTaskCount: 60 });
    const names = Object.values<any>(Template.fromStack(plain).findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.AlarmName);
    expect(names).not.toContain('sale-orders-tasks-not-running');
    expect(planOf(plain).tiers[0].notes?.[0]).toMatch(/^running against desired tasks is not watched: Container Insights is not on/);
  });

  test('the dashboard row: tasks against the event\'s floor, utilization, the target group', () => {
    const dashboard = Object.values<any>(Template.fromStack(readiness).findResources('AWS::CloudWatch::Dashboard'))[0];
    const body = JSON.stringify(readiness.resolve(dashboard.Properties.DashboardBody));
    for (const text of ['ECS tasks: running, desired, pending', 'event minimum task count', 'ECS CPU and memory utilization',
      'Target group: requests and target 5xx']) {
      expect(body).toContain(text);
    }
  });
});

describe('check reads the service through DescribeServices', () => {
  const { readiness } = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 60 });
  const template = Template.fromStack(readiness).toJSON();
  const plan = plansInTemplate(template, 'Sale')[0].plan;
  const schedules = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule')
    .map(([name, r]) => ({ Name: name, Description: r.Properties.Description, State: 'ENABLED',
      Target: { Arn: 'arn:aws:scheduler:::aws-sdk:applicationautoscaling:registerScalableTarget', Input: readiness.resolve(r.Properties.Target.Input) } }));
  const scheduler = mockClient(SchedulerClient);
  const aas = mockClient(ApplicationAutoScalingClient);
  const ecsMock = mockClient(ECSClient);
  afterAll(() => [scheduler, aas, ecsMock].forEach((m) => m.restore()));
  async function read(service: any) {
    [scheduler, aas, ecsMock].forEach((m) => m.reset());
    scheduler.on(ListSchedulesCommand).resolves({ Schedules: schedules.map((s) => ({ Name: s.Name })) });
    scheduler.on(GetScheduleCommand).callsFake((input) => schedules.find((s) => s.Name === input.Name));
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [{ ...TARGET, MinCapacity: 60, MaxCapacity: 400, RoleARN: 'r',
      CreationTime: new Date() }] as any });
    aas.on(DescribeScalingActivitiesCommand).resolves({ ScalingActivities: [] });
    // ECS answers a service that is not there with a failure, not an error.
    ecsMock.on(DescribeServicesCommand, { cluster: 'shop', services: ['orders-api'] }).resolves(service ? { services: [service], failures: [] }
      : { services: [], failures: [{ arn: 'arn:aws:ecs:eu-central-1:111111111111:service/shop/orders-api', reason: 'MISSING' }] });
    return (await readChanges(plan, new Date('2026-07-15T08:00:00Z'), checkClients({ region: 'eu-central-1' })))
      .find((c) => c.when === 'prewarm')!;
  }
  const active = { status: 'ACTIVE', desiredCount: 60, pendingCount: 0, deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED', failedTasks: 0 }] };

  test('a cluster that is not there: NOT READY, not a crash', async () => {
    await read({ ...active, runningCount: 60 }); // the schedules and the target, as above
    ecsMock.reset();
    ecsMock.on(DescribeServicesCommand).rejects(Object.assign(new Error('Cluster not found.'), { name: 'ClusterNotFoundException' }));
    const r = (await readChanges(plan, new Date('2026-07-15T08:00:00Z'), checkClients({ region: 'eu-central-1' }))).find((c) => c.when === 'prewarm')!;
    expect(r).toMatchObject({ verdict: 'NOT READY', actual: 'target 60-400, but cluster shop was not found' });
  });

  test.each([
    ['60 running: READY', { ...active, runningCount: 60 }, 'READY', 'target 60-400, 60 running of 60 desired (0 pending)'],
    ['still starting: AT RISK, with the service\'s newest event', { ...active, runningCount: 35, pendingCount: 25,
      events: [{ message: '(service orders-api) has started 25 tasks' }] },
    'AT RISK', 'target 60-400, 35 running of 60 desired (25 pending), 60 planned; latest event: (service orders-api) has started 25 tasks'],
    ['tasks failing to start: NOT READY', { ...active, runningCount: 4, deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED',
      failedTasks: 3, runningCount: 0 }, { status: 'ACTIVE', runningCount: 4 }] }, 'NOT READY',
    'target 60-400, 4 running of 60 desired (0 pending), 60 planned: 3 tasks failed to start'],
    ['a failed deployment: NOT READY', { ...active, runningCount: 60, deployments: [{ status: 'PRIMARY', rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' }] }, 'NOT READY',
    'target 60-400, 60 running of 60 desired (0 pending): a deployment failed: ECS deployment circuit breaker: tasks failed to start.'],
    ['no such service: NOT READY', undefined, 'NOT READY', 'target 60-400, but service orders-api of cluster shop was not found (MISSING)'],
    ['a service being deleted: NOT READY', { ...active, status: 'DRAINING', runningCount: 60 }, 'NOT READY',
      'target 60-400, but service orders-api of cluster shop is DRAINING'],
  ])('%s', async (_name, service, verdict, actual) => {
    expect(await read(service)).toMatchObject({ verdict, actual });
  });
});

describe('plan --cost: the event\'s tasks on Fargate, by vCPU and memory', () => {
  const { readiness } = shopEvent({ scaled: [4, 400] }, { minimumTaskCount: 60 });
  const plan = planOf(readiness);
  const table: PriceTable = { asOf: '2026-12-01', region: 'us-east-1', currency: 'USD', source: 'test', fargateHour: { arm64: { vcpu: 0.04, gb: 0.004 } } };
  const item = (p: typeof plan, prices: PriceTable) => eventEconomics(p, prices).items.find((i) => i.item === 'minimum tasks')!;

  test('each task an hour: 0.5 vCPU × 0.04 + 1 GB × 0.004 = 0.024; the plan\'s extra hours priced above everyday', () => {
    const tasks = item(plan, table);
    expect(tasks.unknown).toBeUndefined();
    const everyday = tasks.everyday!.low;
    // 4 tasks all month: 4 × 0.024 × 720 hours.
    expect(everyday).toBeCloseTo(4 * 0.024 * 720, 6);
    // The plan adds (60 - 4) tasks from prewarm, then 37 and 19 over the ramp-down steps, for the hours each held.
    const extra = tasks.hours.plan.reduce((sum, h) => sum + (Number(h.value.split(' ')[0]) - 4) * h.hours, 0);
    expect(tasks.plan!.low - everyday).toBeCloseTo(extra * 0.024, 6);
    expect(tasks.hours.plan.map((h) => h.value)).toEqual(expect.arrayContaining(['60 tasks', '41 tasks', '23 tasks']));
    expect(tasks.note).toMatch(/a floor: the team's own scaling may run more tasks/);
  });

  test.each([
    ['no Fargate rates in the table', plan, { ...table, fargateHour: undefined }, 'the price table has no Fargate rates for arm64'],
    ['tasks on EC2', { ...plan, tiers: plan.tiers.map((t) => ({ ...t, costBasis: { ...t.costBasis, ecsLaunchType: 'EC2' } })) }, table,
      'tasks on EC2 are billed by the container instances they run on'],
    ['Windows tasks', { ...plan, tiers: plan.tiers.map((t) => ({ ...t, costBasis: { ...t.costBasis, taskOperatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } })) },
      table, 'WINDOWS_SERVER_2022_CORE tasks are billed with an operating system license per vCPU'],
    ['Fargate Spot', { ...plan, tiers: plan.tiers.map((t) => ({ ...t, costBasis: { ...t.costBasis, ecsLaunchType: 'FARGATE_SPOT' } })) }, table,
      'Fargate Spot is billed at its own, changing rates'],
    ['a launch type not known', { ...plan, tiers: plan.tiers.map((t) => ({ ...t, costBasis: { ...t.costBasis, ecsLaunchType: undefined } })) }, table,
      'the service\'s launch type is not known'],
  ])('%s: unknown, with the reason', (_name, p, prices, reason) => {
    expect(item(p, prices).unknown).toContain(reason);
  });

  test('the shipped table prices the existing-shop example\'s orders API: its Arm tasks at AWS\'s published Fargate rates', () => {
    const app = newApp();
    const shop = addExistingShop(app, { now: BEFORE_EVENTS });
    const tasks = item(planOf(shop.readiness!), SHIPPED_PRICES);
    expect(tasks.unknown).toBeUndefined();
    // 0.5 vCPU × 0.03238 + 1 GB × 0.00356 an hour, 4 tasks every day of the month.
    expect(tasks.everyday!.low).toBeCloseTo(4 * (0.5 * 0.03238 + 0.00356) * 720, 6);
  });
});

test('the docs page\'s sample (docs/existing-resources.md, ECS services) runs as pasted: the floor and ceiling raised, the team\'s bounds back', () => {
  const sample = runSample('docs-existing-resources-03');
  const resources = Object.values<any>(sample.getStackByName('LaunchDay').template.Resources);
  expect(resources.filter((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')).toEqual([]);
  const inputs = resources.filter((r) => r.Type === 'AWS::Scheduler::Schedule').map((r) => JSON.parse(r.Properties.Target.Input))
    .filter((i) => i.ScalableDimension === 'ecs:service:DesiredCount');
  expect(inputs.map((i) => [i.ResourceId, i.MinCapacity, i.MaxCapacity])).toEqual(expect.arrayContaining([
    ['service/web/api', 300, 2000], ['service/web/api', 10, 1000]]));
});
