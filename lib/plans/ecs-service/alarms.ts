import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { TierAlarm } from '../tier-plan';
import { EcsServicePlanInputs } from './options';

const MINUTE = Duration.minutes(1);
const GTE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const TWO_OF_THREE = { comparisonOperator: GTE, evaluationPeriods: 3, datapointsToAlarm: 2 };

/**
 * Every alarm of the service: CPU, memory, tasks that do not start (for at least `raiseMinutes`,
 * the event's own raise's lead time), and its target group's unhealthy targets, 5xx and response
 * time.
 */
export function ecsServiceAlarms(p: EcsServicePlanInputs, raiseMinutes: number): TierAlarm[] {
  return [...utilizationAlarms(p), ...taskAlarms(p, raiseMinutes), ...targetGroupAlarms(p)];
}

/** The minutes the tasks-not-running alarm waits: given, or 10, and never shorter than the event's own raise. */
export function tasksNotRunningMinutes(p: EcsServicePlanInputs, raiseMinutes: number): number {
  return p.options.tasksNotRunningAlarmMinutes ?? Math.max(10, raiseMinutes);
}

/** The service's average CPU and memory utilization (AWS/ECS, every minute, free). */
function utilizationAlarms(p: EcsServicePlanInputs): TierAlarm[] {
  const o = p.options;
  const r = p.resources;
  const path = r.construct.node.path;
  const cpu = o.cpuAlarmPercent ?? 80;
  const memory = o.memoryAlarmPercent ?? 80;
  return [{
    id: 'cpu',
    description: `ECS service ${r.serviceName} (${path}): average CPU utilization at or above ${cpu} %: its scaling is behind the `
      + 'load, or the event\'s minimum task count is too low.',
    metric: r.metric('AWS/ECS', 'CPUUtilization', cloudwatch.Stats.AVERAGE),
    threshold: cpu,
    ...TWO_OF_THREE,
  }, {
    id: 'memory',
    description: `ECS service ${r.serviceName} (${path}): average memory utilization at or above ${memory} %.`,
    metric: r.metric('AWS/ECS', 'MemoryUtilization', cloudwatch.Stats.AVERAGE),
    threshold: memory,
    ...TWO_OF_THREE,
  }];
}

/**
 * Fewer tasks running than the service wants, minute after minute (Container Insights): tasks
 * that cannot start for want of capacity, an image that cannot be pulled, or no IP address left
 * in the subnets. A scale-up's own start-up is shorter than the alarm's minutes.
 */
function taskAlarms(p: EcsServicePlanInputs, raiseMinutes: number): TierAlarm[] {
  const r = p.resources;
  if (!r.containerInsights) {
    return [];
  }
  const minutes = tasksNotRunningMinutes(p, raiseMinutes);
  return [{
    id: 'tasks-not-running',
    description: `ECS service ${r.serviceName} (${r.construct.node.path}) has run fewer tasks than it wants for ${minutes} minutes: `
      + 'tasks fail to start (capacity, image pull, subnet IP addresses); its events in `aws ecs describe-services` say why.',
    metric: new cloudwatch.MathExpression({
      // The fewest wanted against the most running in each minute: a count in flux is not a shortfall.
      // A minute the service wants tasks and reports none running counts as none.
      expression: 'desired - FILL(running, 0)',
      usingMetrics: {
        desired: r.metric('ECS/ContainerInsights', 'DesiredTaskCount', cloudwatch.Stats.MINIMUM),
        running: r.metric('ECS/ContainerInsights', 'RunningTaskCount', cloudwatch.Stats.MAXIMUM),
      },
      label: 'Tasks wanted but not running',
      period: MINUTE,
    }),
    threshold: 1,
    comparisonOperator: GTE,
    evaluationPeriods: minutes,
  }];
}

/** The target group in front: the share of requests the tasks answer with a 5xx, and the p99 response time. */
function targetGroupAlarms(p: EcsServicePlanInputs): TierAlarm[] {
  const o = p.options;
  const r = p.resources;
  const group = r.targetGroup?.targetGroup;
  if (!group) {
    return [];
  }
  const path = r.construct.node.path;
  const rate = o.targetServerErrorRateAlarmPercent ?? 1;
  const least = o.minimumRequestsPerMinute ?? 60;
  const latency = o.targetResponseTimeAlarmThreshold ?? Duration.seconds(1);
  const sum = { statistic: cloudwatch.Stats.SUM, period: MINUTE };
  return [{
    id: 'target-unhealthy',
    description: `ECS service ${r.serviceName} (${path}): its target group has had unhealthy targets for 3 minutes: tasks that `
      + 'crash or fail their health checks (the load balancer answers their callers with 502/503 itself, which no target 5xx counts).',
    metric: group.metrics.unhealthyHostCount({ statistic: cloudwatch.Stats.MAXIMUM, period: MINUTE }),
    threshold: 1,
    comparisonOperator: GTE,
    evaluationPeriods: 3,
  }, {
    id: 'target-5xx',
    description: `ECS service ${r.serviceName} (${path}): at least ${rate} % of its target group's requests get a 5xx from its tasks `
      + `(minutes with at least ${least} requests).`,
    metric: new cloudwatch.MathExpression({
      expression: `IF(requests >= ${least}, 100 * FILL(failures, 0) / requests, 0)`,
      usingMetrics: {
        failures: group.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, sum),
        requests: group.metrics.requestCount(sum),
      },
      label: 'Target 5xx (% of requests)',
      period: MINUTE,
    }),
    threshold: rate,
    ...TWO_OF_THREE,
  }, {
    id: 'target-response-time',
    description: `ECS service ${r.serviceName} (${path}): its target group's p99 response time is at or above `
      + `${latency.toMilliseconds()} ms.`,
    metric: group.metrics.targetResponseTime({ statistic: 'p99', period: MINUTE }),
    threshold: latency.toMilliseconds() / 1000,
    ...TWO_OF_THREE,
  }];
}
