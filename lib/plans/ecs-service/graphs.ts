import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { TierDashboardGraph } from '../tier-plan';
import { EcsServicePlanInputs } from './options';

/** The service's row of the event's dashboard: tasks, utilization, and the target group's answers. */
export function ecsServiceGraphs(p: EcsServicePlanInputs): TierDashboardGraph[] {
  const r = p.resources;
  const floor = p.options.minimumTaskCount;
  const graphs: TierDashboardGraph[] = [];
  if (r.containerInsights) {
    graphs.push({
      title: 'ECS tasks: running, desired, pending',
      left: ['RunningTaskCount', 'DesiredTaskCount', 'PendingTaskCount']
        .map((name) => r.metric('ECS/ContainerInsights', name, cloudwatch.Stats.AVERAGE)),
      leftAnnotations: floor === undefined ? undefined : [{ value: floor, label: 'event minimum task count' }],
    });
  }
  graphs.push({
    title: 'ECS CPU and memory utilization (%)',
    left: [r.metric('AWS/ECS', 'CPUUtilization', cloudwatch.Stats.AVERAGE), r.metric('AWS/ECS', 'MemoryUtilization', cloudwatch.Stats.AVERAGE)],
  });
  const group = r.targetGroup?.targetGroup;
  if (group) {
    const minute = { period: Duration.minutes(1) };
    graphs.push({
      title: 'Target group: requests and target 5xx; p99 response time (s)',
      left: [group.metrics.requestCount({ statistic: cloudwatch.Stats.SUM, ...minute }),
        group.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cloudwatch.Stats.SUM, ...minute })],
      right: [group.metrics.targetResponseTime({ statistic: 'p99', ...minute })],
    });
  }
  return graphs;
}
