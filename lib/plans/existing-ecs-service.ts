import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { literalOf, numberOf, sameEnvironmentProblems } from '../private/literals';
import { ecsNameProblems } from '../private/names';
import { checkDuration, checkNumber, durationMs } from '../private/validate';
import { ValidationError } from '../private/validation-error';
import { EcsServiceDescription, EcsServiceEventOptions, EcsServicePlan, EcsTargetGroupDescription } from './ecs-service';
import { DEFAULT_DEREGISTRATION_DELAY_SECONDS, DEFAULT_HEALTH_CHECK, DEFAULT_STOP_TIMEOUT_SECONDS } from './ecs-service/options';
import { checkedOwner, teamScalableTarget } from './owned-scalable-target';
import { ExistingScalableTarget } from './scheduled-change';
import { ITierEventPlan } from './tier-plan';

/** The ECS service an `ExistingEcsService` plans for, and what cannot be read from it. */
export interface ExistingEcsServiceProps {
  /**
   * The service: an `ecs.FargateService` or `ecs.Ec2Service` of the app (its settings are read
   * from it), or one imported with names known at synth (`FargateService.fromFargateServiceAttributes`
   * with a cluster imported by name).
   * @default - give clusterName and serviceName instead
   */
  readonly service?: ecs.IBaseService;
  /**
   * The cluster's name, for a service known only by name (no construct needed).
   * @default - read from `service`
   */
  readonly clusterName?: string;
  /**
   * The service's name, for a service known only by name.
   * @default - read from `service`
   */
  readonly serviceName?: string;
  /**
   * The service's task-count scalable target (`ecs:service:DesiredCount`), when another stack
   * registered it with scaling policies of its own (e.g. target tracking on CPU): its everyday
   * bounds. The event then updates its minimum with RegisterScalableTarget, which keeps the
   * policies, restores these bounds at baseline and never deregisters it.
   * @default - looked for in the app (what `service.autoScaleTaskCount(...)` registers, or a
   * `CfnScalableTarget` for the service in any stack); otherwise the event registers the target
   * itself and pins the task count
   */
  readonly taskCountTarget?: ExistingScalableTarget;
  /**
   * The Application Load Balancer target group in front of the service: its 5xx and response time
   * are watched, and its health checks and deregistration delay count in the lead times. A
   * target group of the app is read where it is; import one with
   * `ApplicationTargetGroup.fromTargetGroupAttributes({ targetGroupArn, loadBalancerArns })`
   * (CloudWatch names it by its load balancer too).
   * @default - none: no load balancer alarms
   */
  readonly targetGroup?: elbv2.IApplicationTargetGroup;
  /**
   * The imported target group's health check: how often, and how many checks a new task must
   * pass (read from a target group of the app).
   * @default - ALB's defaults: every 30 seconds, healthy after 5
   */
  readonly targetGroupHealthCheck?: elbv2.HealthCheck;
  /**
   * The imported target group's deregistration delay (read from a target group of the app).
   * @default Duration.seconds(300), ELB's default
   */
  readonly deregistrationDelay?: Duration;
  /**
   * Whether Container Insights collects the cluster's task counts (the cluster's or the account's
   * setting): the running-against-desired alarm and graph need them.
   * @default - read from a cluster of the app; false for an import
   */
  readonly containerInsights?: boolean;
  /**
   * How the imported service's tasks run (`plan --cost` prices Fargate tasks).
   * @default - read from a service of the app; unknown for an import or a capacity provider strategy
   */
  readonly launchType?: ecs.LaunchType;
  /**
   * The imported service's task CPU units (1024 = 1 vCPU).
   * @default - read from the task definition of a service of the app
   */
  readonly taskCpu?: number;
  /**
   * The imported service's task memory, MiB.
   * @default - read from the task definition of a service of the app
   */
  readonly taskMemoryMiB?: number;
  /**
   * The imported service's runtime platform: CPU architecture and operating system (`plan --cost`
   * prices Linux tasks).
   * @default - read from the task definition of a service of the app (Linux on x86_64 when not set)
   */
  readonly runtimePlatform?: ecs.RuntimePlatform;
  /**
   * The imported service's health-check grace period.
   * @default - read from a service of the app; 0 for an import
   */
  readonly healthCheckGracePeriod?: Duration;
}

/**
 * An Amazon ECS service (Fargate or EC2) described for event plans: `forEvent` raises its
 * minimum task count before the event and steps it down after, beside the team's own scaling
 * when another stack registers its scalable target, with alarms (CPU, memory, tasks that do not
 * start, the target group's unhealthy targets, 5xx and response time) and a dashboard row. It adds nothing to the
 * service's stack: the service is named, not referenced.
 */
export class ExistingEcsService extends Construct {
  private readonly description: Omit<EcsServiceDescription, 'construct' | 'subject' | 'metric' | 'scalableTargetIn'>;
  private readonly props: ExistingEcsServiceProps;

  constructor(scope: Construct, id: string, props: ExistingEcsServiceProps) {
    super(scope, id);
    this.props = props;
    const problems: string[] = [];
    const service = props.service;
    const cfnService = service?.node.defaultChild instanceof ecs.CfnService ? service.node.defaultChild : undefined;
    const cfnCluster = service?.cluster?.node.defaultChild instanceof ecs.CfnCluster ? service.cluster.node.defaultChild : undefined;
    if (service && (props.clusterName !== undefined || props.serviceName !== undefined)) {
      problems.push('give the service, or its clusterName and serviceName, not both');
    }
    if (!service && (props.clusterName === undefined || props.serviceName === undefined)) {
      problems.push('give the service, or its clusterName and serviceName');
    }
    const serviceName = props.serviceName ?? literalOf(cfnService?.serviceName, cfnService) ?? literalOf(service?.serviceName);
    const clusterName = props.clusterName ?? literalOf(cfnCluster?.clusterName, cfnCluster) ?? literalOf(service?.cluster?.clusterName);
    for (const [field, name, fix] of [['serviceName', serviceName, 'give the FargateService (Ec2Service) a serviceName'],
      ['clusterName', clusterName, 'give the Cluster a clusterName']] as const) {
      if (name === undefined) {
        if (service) {
          problems.push(`the service's ${field} is not known at synth time: ${fix}, or import it by name`);
        }
      } else {
        problems.push(...ecsNameProblems(field, name));
      }
    }
    if (service) {
      problems.push(...sameEnvironmentProblems(this, service));
    }
    checkNumber(problems, 'taskCpu', props.taskCpu, { whole: true, min: 128 });
    checkNumber(problems, 'taskMemoryMiB', props.taskMemoryMiB, { whole: true, min: 128 });
    checkDuration(problems, 'healthCheckGracePeriod', props.healthCheckGracePeriod,
      { minMs: 0, maxMs: 2_147_483_647_000, stepMs: 1000, allowed: 'whole seconds from 0 to 2,147,483,647' });
    checkDuration(problems, 'deregistrationDelay', props.deregistrationDelay,
      { minMs: 0, maxMs: 3_600_000, stepMs: 1000, allowed: 'whole seconds from 0 to 3600' });
    // ELB's ranges (CreateTargetGroup): every 5 to 300 seconds, healthy after 2 to 10 checks.
    checkDuration(problems, 'targetGroupHealthCheck.interval', props.targetGroupHealthCheck?.interval,
      { minMs: 5000, maxMs: 300_000, stepMs: 1000, allowed: 'whole seconds from 5 to 300' });
    checkNumber(problems, 'targetGroupHealthCheck.healthyThresholdCount', props.targetGroupHealthCheck?.healthyThresholdCount,
      { whole: true, min: 2, max: 10 });
    const targetGroup = props.targetGroup && this.targetGroupOf(props, cfnService, problems);
    ValidationError.throwIfAny('ExistingEcsService', problems, this);

    const taskDefinition = service instanceof ecs.BaseService ? service.taskDefinition : undefined;
    const cfnTask = taskDefinition?.node.defaultChild instanceof ecs.CfnTaskDefinition ? taskDefinition.node.defaultChild : undefined;
    const platform = literalOf(cfnTask?.runtimePlatform, cfnTask) as { cpuArchitecture?: string; operatingSystemFamily?: string } | undefined;
    const settings = literalOf(cfnCluster?.clusterSettings, cfnCluster) as Array<{ name?: string; value?: string }> | undefined;
    const containers = (literalOf(cfnTask?.containerDefinitions, cfnTask) ?? []) as Array<{ stopTimeout?: number }>;
    const launchType = props.launchType ?? literalOf(cfnService?.launchType, cfnService)
      ?? launchTypeOf(literalOf(cfnService?.capacityProviderStrategy, cfnService) as Array<{ capacityProvider?: string }> | undefined);
    this.description = {
      clusterName: clusterName!,
      serviceName: serviceName!,
      desiredCount: numberOf(literalOf(cfnService?.desiredCount, cfnService)),
      launchType: ['FARGATE', 'FARGATE_SPOT', 'EC2'].includes(launchType ?? '') ? launchType : undefined,
      taskCpu: props.taskCpu ?? numberOf(literalOf(cfnTask?.cpu, cfnTask)),
      taskMemoryMiB: props.taskMemoryMiB ?? numberOf(literalOf(cfnTask?.memory, cfnTask)),
      cpuArchitecture: architectureOf(props.runtimePlatform?.cpuArchitecture?._cpuArchitecture ?? platform?.cpuArchitecture
        ?? (cfnTask || props.runtimePlatform ? 'X86_64' : undefined)),
      operatingSystemFamily: props.runtimePlatform?.operatingSystemFamily?._operatingSystemFamily ?? platform?.operatingSystemFamily
        ?? (cfnTask || props.runtimePlatform ? 'LINUX' : undefined),
      stopTimeoutSeconds: Math.max(DEFAULT_STOP_TIMEOUT_SECONDS, ...containers.map((c) => numberOf(c.stopTimeout) ?? 0)),
      healthCheckGracePeriodSeconds: seconds(props.healthCheckGracePeriod)
        ?? numberOf(literalOf(cfnService?.healthCheckGracePeriodSeconds, cfnService)),
      containerInsights: props.containerInsights
        ?? (settings ?? []).some((s) => s.name === 'containerInsights' && (s.value === 'enabled' || s.value === 'enhanced')),
      targetGroup,
      taskCountTarget: props.taskCountTarget && checkedOwner(props.taskCountTarget, 'taskCountTarget', this),
    };
  }

  /**
   * The plan of this service for one event: the minimum task count from prewarm, stepped down
   * after the event. Pass it to `EventReadiness`.
   */
  public forEvent(options: EcsServiceEventOptions = {}): ITierEventPlan {
    const d = this.description;
    const service = this.props.service;
    return new EcsServicePlan({
      ...d,
      construct: this,
      subject: 'ExistingEcsService.forEvent',
      metric: (namespace, metricName, statistic) => new cloudwatch.Metric({
        namespace, metricName, statistic, period: Duration.minutes(1),
        dimensionsMap: { ClusterName: d.clusterName, ServiceName: d.serviceName },
      }),
      scalableTargetIn: (resourceId, dimension) => teamScalableTarget(service ?? this, resourceId, dimension),
    }, options);
  }

  /** The target group, with the seconds a new task takes to count as healthy and a leaving one drains. */
  private targetGroupOf(props: ExistingEcsServiceProps, cfnService: ecs.CfnService | undefined,
    problems: string[]): EcsTargetGroupDescription | undefined {
    const group = props.targetGroup!;
    const cfn = group.node.defaultChild instanceof elbv2.CfnTargetGroup ? group.node.defaultChild : undefined;
    // CloudWatch names a target group's metrics by the target group and its load balancer.
    try {
      void group.metrics;
    } catch {
      problems.push(cfn ? `targetGroup ${group.node.path} is not attached to a load balancer's listener (attach it before `
        + 'ExistingEcsService reads it): CloudWatch names its metrics by both' : 'targetGroup: an imported target group needs its load balancer\'s ARN too (fromTargetGroupAttributes '
        + '{ targetGroupArn, loadBalancerArns }): CloudWatch names its metrics by both');
      return undefined;
    }
    if (cfn) {
      problems.push(...sameEnvironmentProblems(this, group));
    }
    // A target group of the app must be one the service registers its tasks with.
    if (cfn && cfnService) {
      const stack = Stack.of(cfnService);
      const registered = (stack.resolve(cfnService.loadBalancers) ?? []) as Array<{ targetGroupArn?: unknown }>;
      const arn = JSON.stringify(stack.resolve(group.targetGroupArn));
      if (!registered.some((lb) => JSON.stringify(lb.targetGroupArn) === arn)) {
        problems.push(`targetGroup ${group.node.path} is not one the service ${cfnService.node.path} registers its tasks with: its `
          + 'alarms would watch another service\'s targets');
      }
    }
    const attributes = (literalOf(cfn?.targetGroupAttributes, cfn) ?? []) as Array<{ key?: string; value?: string }>;
    const delay = numberOf(attributes.find((a) => a.key === 'deregistration_delay.timeout_seconds')?.value);
    const interval = seconds(props.targetGroupHealthCheck?.interval) ?? numberOf(literalOf(cfn?.healthCheckIntervalSeconds, cfn));
    const threshold = props.targetGroupHealthCheck?.healthyThresholdCount ?? numberOf(literalOf(cfn?.healthyThresholdCount, cfn));
    return {
      targetGroup: group,
      healthySeconds: (interval ?? DEFAULT_HEALTH_CHECK.intervalSeconds) * (threshold ?? DEFAULT_HEALTH_CHECK.healthyThreshold),
      deregistrationDelaySeconds: seconds(props.deregistrationDelay) ?? delay ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS,
    };
  }
}

/**
 * The launch type a capacity provider strategy amounts to: Fargate on demand when it uses only
 * `FARGATE`, `FARGATE_SPOT` when it uses that; otherwise unknown (an Auto Scaling group's).
 */
function launchTypeOf(strategy: Array<{ capacityProvider?: string }> | undefined): string | undefined {
  const providers = new Set((strategy ?? []).map((s) => s.capacityProvider));
  return providers.size === 0 ? undefined : providers.has('FARGATE_SPOT') ? 'FARGATE_SPOT'
    : providers.size === 1 && providers.has('FARGATE') ? 'FARGATE' : undefined;
}

/** A duration in seconds (the props were checked for whole seconds; `durationMs` never throws). */
function seconds(d: Duration | undefined): number | undefined {
  return d === undefined ? undefined : durationMs(d) / 1000;
}

/** ECS's `X86_64` / `ARM64` as the price table names them. */
function architectureOf(value: string | undefined): string | undefined {
  return value === 'ARM64' ? 'arm64' : value === 'X86_64' ? 'x86_64' : undefined;
}
