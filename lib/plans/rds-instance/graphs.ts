import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { TierDashboardGraph } from '../tier-plan';
import { RdsPlanInputs } from './options';
import { primaryMetric, replicaIds } from './parts';
import { regionReplicas } from './regions';

/** The tier's row of the event's dashboard. */
export function rdsGraphs(p: RdsPlanInputs, eventName: string): TierDashboardGraph[] {
  const tier = p.db;
  const lags = replicaIds(p, eventName).map((id) => tier.metricOfInstance(id, 'ReplicaLag', { statistic: cloudwatch.Stats.MAXIMUM, label: id }));
  const graphs: TierDashboardGraph[] = [
    {
      title: 'RDS CPU and connections',
      left: [primaryMetric(p, 'CPUUtilization', cloudwatch.Stats.MAXIMUM)],
      right: [primaryMetric(p, 'DatabaseConnections', cloudwatch.Stats.MAXIMUM)],
    },
    {
      title: 'RDS latency (s)',
      left: [primaryMetric(p, 'ReadLatency', cloudwatch.Stats.AVERAGE), primaryMetric(p, 'WriteLatency', cloudwatch.Stats.AVERAGE)],
    },
    {
      title: 'RDS IOPS and disk queue depth',
      left: [primaryMetric(p, 'ReadIOPS', cloudwatch.Stats.AVERAGE), primaryMetric(p, 'WriteIOPS', cloudwatch.Stats.AVERAGE)],
      right: [primaryMetric(p, 'DiskQueueDepth', cloudwatch.Stats.AVERAGE)],
    },
    {
      title: 'RDS EBS burst balance (%, classes that burst)',
      left: [primaryMetric(p, 'EBSIOBalance%', cloudwatch.Stats.MINIMUM), primaryMetric(p, 'EBSByteBalance%', cloudwatch.Stats.MINIMUM)],
    },
    {
      title: 'RDS memory and storage (bytes)',
      left: [primaryMetric(p, 'FreeableMemory', cloudwatch.Stats.MINIMUM)],
      right: [primaryMetric(p, 'FreeStorageSpace', cloudwatch.Stats.MINIMUM)],
    },
  ];
  const threshold = (p.options.replicaLagAlarmThreshold ?? Duration.seconds(5)).toMilliseconds() / 1000;
  if (lags.length > 0) {
    graphs.push({ title: 'RDS replica lag (s)', left: lags, leftAnnotations: [{ value: threshold, label: 'alarm threshold' }] });
  }
  // A dashboard shows metrics of any Region.
  const elsewhere = regionReplicas(p, eventName).flatMap((r) => r.names.map((id) => tier.metricOfInstance(id, 'ReplicaLag',
    { statistic: cloudwatch.Stats.MAXIMUM, label: `${id} (${r.region})`, region: r.region })));
  if (elsewhere.length > 0) {
    graphs.push({ title: 'RDS replica lag in other Regions (s)', left: elsewhere, leftAnnotations: [{ value: threshold, label: 'alarm threshold' }] });
  }
  return graphs;
}
