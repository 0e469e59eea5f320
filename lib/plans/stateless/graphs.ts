import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { tableThrottlesByCause, tableConsumedCapacity, tableThrottleEvents } from '../../private/metrics';
import { TierDashboardGraph } from '../tier-plan';
import { StatelessPlanInputs } from './options';

/** The tier's row of the event's dashboard. */
export function statelessGraphs(p: StatelessPlanInputs): TierDashboardGraph[] {
  const { function: fn, table, httpApi } = p.resources;
  const metric = (name: string, statistic: string) => p.resources.functionMetric(name, { statistic });
  const pc = p.options.provisionedConcurrency;
  const graphs: TierDashboardGraph[] = [];
  if (fn) {
    graphs.push({
      title: 'Lambda concurrency',
      left: [metric('ConcurrentExecutions', cloudwatch.Stats.MAXIMUM)],
      right: pc === undefined ? undefined : [metric('ProvisionedConcurrencyUtilization', cloudwatch.Stats.MAXIMUM)],
      leftAnnotations: pc === undefined ? undefined : [{ value: pc, label: 'planned provisioned concurrency' }],
    }, {
      title: 'Lambda throttles, errors, spillover',
      left: [metric('Throttles', cloudwatch.Stats.SUM), metric('Errors', cloudwatch.Stats.SUM),
        metric('ProvisionedConcurrencySpilloverInvocations', cloudwatch.Stats.SUM)],
    });
  }
  if (table) {
    // The lines requests are judged against: the cost cap during the event, and warm throughput.
    const o = p.options;
    const lines: cloudwatch.HorizontalAnnotation[] = [];
    for (const [side, cap, warm] of [
      ['read', o.maxReadRequestUnits ?? table.maxReadRequestUnits, o.warmThroughput?.readUnitsPerSecond ?? table.knownWarmThroughput?.readUnitsPerSecond],
      ['write', o.maxWriteRequestUnits ?? table.maxWriteRequestUnits, o.warmThroughput?.writeUnitsPerSecond ?? table.knownWarmThroughput?.writeUnitsPerSecond],
    ] as const) {
      if (cap !== undefined) {
        lines.push({ value: cap, label: `${side} cap during the event` });
      }
      if (warm !== undefined) {
        lines.push({ value: warm, label: `warm ${side}s per second` });
      }
    }
    graphs.push({
      title: 'DynamoDB consumed units per second, and throttles',
      left: tableConsumedCapacity(table.table),
      right: [tableThrottleEvents(table.table)],
      leftAnnotations: lines.length === 0 ? undefined : lines,
    }, {
      // Why requests throttle: each cause needs a different fix (spread keys, raise the quota, raise the cap).
      title: 'DynamoDB throttled requests by cause',
      left: tableThrottlesByCause(table.table),
    });
  }
  if (httpApi) {
    const minute = { period: Duration.minutes(1) };
    graphs.push({
      title: 'HTTP API 5xx, 4xx and p99 latency (ms; with the integration\'s)',
      left: [httpApi.metricServerError({ statistic: cloudwatch.Stats.SUM, ...minute }),
        httpApi.metricClientError({ statistic: cloudwatch.Stats.SUM, ...minute })],
      right: [httpApi.metricLatency({ statistic: 'p99', ...minute }), httpApi.metricIntegrationLatency({ statistic: 'p99', ...minute })],
    });
  }
  return graphs;
}
