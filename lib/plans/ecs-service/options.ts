import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { ExistingScalableTarget } from '../scheduled-change';

/**
 * Tasks the ECS service scheduler starts per minute for one service: the quota "Rate of tasks
 * launched by a service on AWS Fargate" (and on EC2 or External instances), 500 (Amazon ECS
 * service quotas).
 */
export const TASKS_LAUNCHED_PER_MINUTE = 500;
/** The quota "Tasks per service" (the desired count), adjustable (Amazon ECS service quotas). */
export const TASKS_PER_SERVICE_QUOTA = 5000;
/** The target group's deregistration delay when it does not set one: 300 s (ELB API, TargetGroupAttribute). */
export const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;
/** An ALB target group's health check when it does not set one: every 30 s, healthy after 5 checks (ALB user guide). */
export const DEFAULT_HEALTH_CHECK = { intervalSeconds: 30, healthyThreshold: 5 };
/** ECS's default stopTimeout for a container (SIGTERM to SIGKILL), 30 s (ECS task definition parameters). */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;

/** An ECS service's peak settings for one event. */
export interface EcsServiceEventOptions {
  /**
   * The service's name in the event (alarm names, dashboard row).
   * @default - the construct's id in kebab-case
   */
  readonly tierName?: string;
  /**
   * The least tasks the service runs from prewarm to the end of the event (the scalable
   * target's minimum): it then steps down linearly (rounded) over the ramp-down, back to the
   * everyday minimum at baseline. Beside the team's own scaling (target tracking) this is a
   * floor: the team's policies may run more.
   * @default - the task count is not managed: the plan adds alarms and a dashboard row only
   */
  readonly minimumTaskCount?: number;
  /**
   * The most tasks the team's own scaling may run during the event: the scalable target's maximum
   * from prewarm, stepped down with the minimum over the ramp-down, the owner's maximum again at
   * baseline. Only for a service whose scalable target another stack registers (the event's own
   * target pins the count); required when `minimumTaskCount` is at or above the owner's maximum,
   * where the team's scaling would otherwise have no room.
   * @default - the owner's maximum
   */
  readonly maximumTaskCount?: number;
  /**
   * The task count before and after the event, for a service whose task count nobody scales (the
   * event registers its scalable target and pins the count).
   * @default - the service's `desiredCount`, when it is known at synth
   */
  readonly baselineTaskCount?: number;
  /**
   * Worst-case time from a task being placed to it running and passing its container health
   * checks: image pull (Fargate caches no image layers: each task pulls the whole image) and
   * the application's start. AWS publishes no figure: measure yours (`event-readiness review`
   * reports the scale-up's recorded time).
   * @default Duration.minutes(5)
   */
  readonly taskStartupTime?: Duration;
  /**
   * Worst-case time for the raise to take effect, in place of the one the plan works out: the
   * task start-up, the minutes the scheduler needs at 500 tasks a minute, and the longer of the
   * service's health-check grace period and the target group's health checks
   * (interval × healthy threshold).
   * @default - worked out as described
   */
  readonly taskCountLeadTime?: Duration;
  /**
   * Alarm when the service's average CPU utilization is at least this percentage (2 of 3
   * minutes): the scaling is behind the load, or the floor is too low.
   * @default 80
   */
  readonly cpuAlarmPercent?: number;
  /**
   * Alarm when the service's average memory utilization is at least this percentage (2 of 3
   * minutes).
   * @default 80
   */
  readonly memoryAlarmPercent?: number;
  /**
   * Alarm when the service runs fewer tasks than it wants for this many minutes in a row
   * (Container Insights' running and desired task counts): tasks that fail to start (capacity,
   * image pull, subnet IP addresses). Needs Container Insights on the cluster.
   * @default 10
   */
  readonly tasksNotRunningAlarmMinutes?: number;
  /**
   * Alarm when at least this percentage of the target group's requests get a 5xx from the
   * service's tasks (2 of 3 minutes), in minutes with at least `minimumRequestsPerMinute`
   * requests. Only with a target group.
   * @default 1
   */
  readonly targetServerErrorRateAlarmPercent?: number;
  /**
   * Alarm when the target group's p99 response time stays at or above this (2 of 3 minutes).
   * Only with a target group.
   * @default Duration.seconds(1)
   */
  readonly targetResponseTimeAlarmThreshold?: Duration;
  /**
   * The least requests a minute must have for the 5xx rate to count.
   * @default 60
   */
  readonly minimumRequestsPerMinute?: number;
}

/** The service as a plan needs it: names, the everyday count, what it runs on. Not exported from the package. */
export interface EcsServiceDescription {
  /** The construct the plan is for: errors name its path, warnings are attached to it. */
  readonly construct: IConstruct;
  /** What built the description, for messages. */
  readonly subject: string;
  readonly clusterName: string;
  readonly serviceName: string;
  /**
   * The service's desired count in its template, if it has one.
   * @default - none
   */
  readonly desiredCount?: number;
  /**
   * `FARGATE`, `FARGATE_SPOT` or `EC2` when known (a strategy of Auto Scaling group capacity
   * providers leaves it unknown).
   * @default - not known
   */
  readonly launchType?: string;
  /**
   * The task's CPU units (1024 = 1 vCPU), when known.
   * @default - not known
   */
  readonly taskCpu?: number;
  /**
   * The task's memory, MiB, when known.
   * @default - not known
   */
  readonly taskMemoryMiB?: number;
  /**
   * `x86_64` or `arm64`, when known.
   * @default - not known
   */
  readonly cpuArchitecture?: string;
  /**
   * ECS's operating system family (`LINUX`, `WINDOWS_SERVER_2022_CORE`, …), when known.
   * @default - not known
   */
  readonly operatingSystemFamily?: string;
  /**
   * The longest stop timeout of the task's containers, seconds.
   * @default 30
   */
  readonly stopTimeoutSeconds?: number;
  /**
   * The service's health-check grace period, seconds.
   * @default 0
   */
  readonly healthCheckGracePeriodSeconds?: number;
  /** Whether Container Insights collects the cluster's task counts. */
  readonly containerInsights: boolean;
  /**
   * The ALB target group in front of the service, with the times its settings give.
   * @default - none
   */
  readonly targetGroup?: EcsTargetGroupDescription;
  /**
   * The service's scalable target, when another stack registered it.
   * @default - looked for in the app (`scalableTargetIn`), else none
   */
  readonly taskCountTarget?: ExistingScalableTarget;
  /** A metric of the service in `AWS/ECS` or `ECS/ContainerInsights` (1-minute period). */
  metric(namespace: string, metricName: string, statistic: string): cloudwatch.Metric;
  /** The scalable target a team registered for the service in the service's own stack. */
  scalableTargetIn?(resourceId: string, scalableDimension: string): ExistingScalableTarget | undefined;
}

/** The target group in front of a service. */
export interface EcsTargetGroupDescription {
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  /** Seconds from registration to healthy: interval × healthy threshold. */
  readonly healthySeconds: number;
  /** The deregistration delay, seconds. */
  readonly deregistrationDelaySeconds: number;
}

/** What an ECS plan is made of. */
export interface EcsServicePlanInputs {
  readonly resources: EcsServiceDescription;
  readonly options: EcsServiceEventOptions;
  readonly tierName: string;
}
